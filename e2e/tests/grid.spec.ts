import { test, expect } from './fixtures/engine';
import { apiFetch, domainGrid, domainRow, selectDomain, toolbarButton, dcButton, openTab, dialog } from './fixtures/pages';

const names = (page) => domainGrid(page).locator('tbody tr td:nth-child(2)');

test('columns sort both ways and the filter narrows the grid', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  await expect(names(page)).toHaveText(['archive-iscsi', 'backup-export', 'data-ceph', 'data-iscsi', 'data-nfs', 'iso-nfs', 'scratch-local']);
  const total = domainGrid(page).getByRole('button', { name: /Total Space/ });
  await total.click();
  await expect(domainGrid(page).getByRole('columnheader', { name: /Total Space/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(names(page).first()).toHaveText('iso-nfs');
  await total.click();
  await expect(names(page).first()).toHaveText('archive-iscsi');
  await expect(domainGrid(page).getByRole('columnheader', { name: /Total Space/ })).toHaveAttribute('aria-sort', 'descending');

  await page.getByRole('searchbox', { name: 'Filter storage domains' }).fill('iscsi');
  await expect(names(page)).toHaveCount(2);
  await expect(page.getByText('2 of 7 domains')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filter storage domains' }).fill('maintenance data');
  await expect(names(page)).toHaveText(['archive-iscsi', 'data-ceph']);
  await page.getByRole('searchbox', { name: 'Filter storage domains' }).fill('nothing-like-this');
  await expect(page.getByText('No domain matches the filter.')).toBeVisible();
});

test('rows are selected by click and by arrow keys, and the selection is in the URL', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  await selectDomain(page, 'data-ceph');
  await expect(page).toHaveURL(/\/storage\/d0000000-0000-4000-8000-000000000003$/);
  await page.keyboard.press('ArrowDown');
  await expect(domainRow(page, 'data-iscsi')).toHaveAttribute('aria-selected', 'true');
  await expect(domainRow(page, 'data-iscsi')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(domainRow(page, 'backup-export')).toHaveAttribute('aria-selected', 'true');
  await page.goBack();
  await expect(domainRow(page, 'data-ceph')).toHaveAttribute('aria-selected', 'true');
  await page.reload();
  await expect(domainRow(page, 'data-ceph')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'data-ceph' })).toBeVisible();
});

test('toolbar and data center buttons follow the webadmin rules and say why not', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  await expect(toolbarButton(page, 'Manage Domain')).toHaveAttribute('aria-disabled', 'true');
  await expect(toolbarButton(page, 'New Domain')).toHaveAttribute('aria-disabled', 'false');

  // Active: manage yes, remove no; maintenance yes, activate/detach/attach no.
  await selectDomain(page, 'data-nfs');
  await expect(toolbarButton(page, 'Manage Domain')).toHaveAttribute('aria-disabled', 'false');
  await expect(toolbarButton(page, 'Remove')).toHaveAttribute('aria-disabled', 'true');
  await expect(toolbarButton(page, 'Remove')).toHaveAccessibleDescription('Detach the domain from its data center before removing it.');
  await openTab(page, 'Data Center');
  await expect(dcButton(page, 'Maintenance')).toHaveAttribute('aria-disabled', 'false');
  await expect(dcButton(page, 'Activate')).toHaveAttribute('aria-disabled', 'true');
  await expect(dcButton(page, 'Activate')).toHaveAccessibleDescription('The domain is already active.');
  await expect(dcButton(page, 'Detach')).toHaveAttribute('aria-disabled', 'true');
  await expect(dcButton(page, 'Attach')).toHaveAttribute('aria-disabled', 'true');

  // Maintenance: activate and detach yes, maintenance no.
  await selectDomain(page, 'data-ceph');
  await expect(dcButton(page, 'Activate')).toHaveAttribute('aria-disabled', 'false');
  await expect(dcButton(page, 'Detach')).toHaveAttribute('aria-disabled', 'false');
  await expect(dcButton(page, 'Maintenance')).toHaveAttribute('aria-disabled', 'true');
  await expect(toolbarButton(page, 'Manage Domain')).toHaveAttribute('aria-disabled', 'false');

  // Unattached: remove and attach yes; activate no.
  await selectDomain(page, 'scratch-local');
  await expect(toolbarButton(page, 'Remove')).toHaveAttribute('aria-disabled', 'false');
  await expect(dcButton(page, 'Attach')).toHaveAttribute('aria-disabled', 'false');
  await expect(dcButton(page, 'Activate')).toHaveAttribute('aria-disabled', 'true');
  await expect(dcButton(page, 'Activate')).toHaveAccessibleDescription('Attach the domain to a data center first.');

  // Clicking a disabled button does nothing.
  await toolbarButton(page, 'Manage Domain').focus();
  await selectDomain(page, 'data-nfs');
  await toolbarButton(page, 'Remove').click({ force: true });
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('maintenance, detach, attach and activate from the Data Center sub-tab', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage/d0000000-0000-4000-8000-000000000006`);
  await openTab(page, 'Data Center');
  await dcButton(page, 'Maintenance').click();
  await expect(page.getByRole('status').filter({ hasText: 'Moved to maintenance: data-iscsi' })).toBeVisible();
  await expect(domainRow(page, 'data-iscsi').getByRole('cell').first()).toHaveText('Maintenance');
  await dcButton(page, 'Detach').click();
  await expect(domainRow(page, 'data-iscsi').getByRole('cell').first()).toHaveText('Unattached');
  await dcButton(page, 'Attach').click();
  await expect(domainRow(page, 'data-iscsi').getByRole('cell').first()).toHaveText('Active');
  await dcButton(page, 'Maintenance').click();
  await expect(domainRow(page, 'data-iscsi').getByRole('cell').first()).toHaveText('Maintenance');
  await dcButton(page, 'Activate').click();
  await expect(domainRow(page, 'data-iscsi').getByRole('cell').first()).toHaveText('Active');
});

test('a refusal from the engine is shown as an alert with its reason', async ({ page, engine }) => {
  // data-nfs is the master; iso-nfs is active and not a data domain, so once data-iscsi is in
  // maintenance the master cannot follow.
  await page.goto(`${engine.url}/storage/d0000000-0000-4000-8000-000000000006`);
  await openTab(page, 'Data Center');
  await dcButton(page, 'Maintenance').click();
  await expect(domainRow(page, 'data-iscsi').getByRole('cell').first()).toHaveText('Maintenance');
  await selectDomain(page, 'data-nfs');
  await dcButton(page, 'Maintenance').click();
  await expect(page.getByRole('alert')).toContainText('non-data storage domains');
  await expect(domainRow(page, 'data-nfs').getByRole('cell').first()).toHaveText('Active');
});

test('auto-refresh keeps the selection and an open dialog\'s input', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  await page.getByLabel('Auto-refresh').selectOption('5');
  await selectDomain(page, 'data-ceph');
  // Something changes behind the page's back…
  const r = await apiFetch(engine.url, '/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3/storagedomains/d0000000-0000-4000-8000-000000000003/activate', { method: 'POST', body: '{}' });
  expect(r.status).toBe(200);
  await toolbarButton(page, 'New Domain').click();
  await dialog(page, 'New Domain').getByLabel('Name').fill('half-typed');
  // …and the next refresh shows it without losing anything.
  await expect(domainRow(page, 'data-ceph').getByRole('cell').first()).toHaveText('Active', { timeout: 12_000 });
  await expect(dialog(page, 'New Domain').getByLabel('Name')).toHaveValue('half-typed');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(toolbarButton(page, 'New Domain')).toBeFocused();
  await expect(domainRow(page, 'data-ceph')).toHaveAttribute('aria-selected', 'true');
});

// The fill's width is set through the CSSOM: as a `style` attribute the page's policy refused it
// and every bar showed full.
test('each capacity bar fills to its domain\'s used share', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  // data-iscsi: 412 of 1,023 GiB used; archive-iscsi: 5,120 of 8,191.
  for (const [name, pct] of [['data-iscsi', 40], ['archive-iscsi', 63]] as const) {
    const bar = domainRow(page, name).getByRole('img', { name: `${pct}% used` });
    await expect(bar).toBeVisible();
    const outer = await bar.boundingBox();
    const fill = await bar.locator('.capacity-fill').boundingBox();
    expect(outer && fill, name).toBeTruthy();
    expect(Math.abs(fill!.width / outer!.width - pct / 100), `${name}: ${fill!.width} of ${outer!.width}`).toBeLessThan(0.03);
  }
});
