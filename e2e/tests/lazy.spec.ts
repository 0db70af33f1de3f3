// The web admin's views and dialogs arrive in modules of their own, fetched the first time they
// are needed (crates/spa-build splits the build; ui/deferred.rs shows them).
import { test, expect } from './fixtures/engine';
import { dialog, selectDomain, toolbarButton } from './fixtures/pages';

test('a view and a dialog fetch their modules once, when first opened', async ({ page, engine }) => {
  const modules: string[] = [];
  page.on('request', (r) => {
    const m = new URL(r.url()).pathname.match(/\/split_([a-z_]+)\.wasm$/);
    if (m) modules.push(m[1]);
  });
  await page.goto(`${engine.url}/storage`);
  await expect(page.getByRole('table', { name: 'Storage domains' }).locator('tbody tr').first()).toBeVisible();
  expect(modules).toEqual([]);

  await page.getByRole('link', { name: 'Storage Connections' }).click();
  await expect(page.getByRole('table', { name: 'Storage connections' }).locator('tbody tr')).toHaveCount(10);
  expect(modules).toEqual(['connections_page']);

  await page.getByRole('link', { name: 'Storage', exact: true }).click();
  await selectDomain(page, 'data-nfs');
  await toolbarButton(page, 'Manage Domain').click();
  await expect(dialog(page, 'Manage Domain').getByLabel('Name', { exact: true })).toHaveValue('data-nfs');
  await dialog(page, 'Manage Domain').getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('link', { name: 'Storage Connections' }).click();
  await expect(page.getByRole('table', { name: 'Storage connections' }).locator('tbody tr')).toHaveCount(10);
  // Opened again: nothing fetched again.
  expect(modules.sort()).toEqual(['connections_page', 'domain_detail', 'storage_dialogs']);
});
