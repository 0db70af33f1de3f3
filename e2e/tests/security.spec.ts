// Hostile text stays text, the Content-Security-Policy holds for every view, and an edit survives
// the engine going away and coming back.
import { test, expect } from './fixtures/engine';
import { apiFetch, api, dialog, ids, openTab, toolbarButton } from './fixtures/pages';

const HOSTILE = [
  '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  '<script>window.__xss=(window.__xss||0)+1</script>',
  '"><svg onload="window.__xss=(window.__xss||0)+1">',
];

test.beforeEach(async ({ page }) => {
  // Collect every CSP violation and any dialog a script might open.
  await page.addInitScript(() => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('dialog', (d) => {
    throw new Error(`a script opened a dialog: ${d.message()}`);
  });
});

test('markup and scripts in descriptions, comments and mount options are stored as given and shown as text', async ({ page, engine }) => {
  const description = `Backup ${HOSTILE[0]} ${HOSTILE[1]}`;
  const comment = HOSTILE[2];
  let r = await apiFetch(engine.url, `/storagedomains/${ids.sdPosix}`, {
    method: 'PUT',
    body: JSON.stringify({ description, comment }),
  });
  expect(r.status).toBe(200);
  const mountOptions = 'name=admin,x-note=<b onmouseover=alert(1)>';
  r = await apiFetch(engine.url, `/storageconnections/${ids.connPosix}`, {
    method: 'PUT',
    body: JSON.stringify({ mount_options: mountOptions }),
  });
  expect(r.status).toBe(200);
  // Stored exactly as given.
  expect(await api(engine.url, `/storagedomains/${ids.sdPosix}`)).toMatchObject({ description, comment });
  expect((await api(engine.url, `/storageconnections/${ids.connPosix}`)).mount_options).toBe(mountOptions);

  await page.goto(`${engine.url}/storage/${ids.sdPosix}`);
  const grid = page.getByRole('table', { name: 'Storage domains' });
  await expect(grid.getByRole('cell', { name: description, exact: true })).toBeVisible();
  await openTab(page, 'General');
  await expect(page.getByText(description, { exact: true }).first()).toBeVisible();
  await openTab(page, 'Storage Connections');
  await toolbarButton(page, 'Manage Domain').click();
  const d = dialog(page, 'Manage Domain');
  await expect(d.getByLabel('Description')).toHaveValue(description);
  await expect(d.getByLabel('Comment')).toHaveValue(comment);
  await expect(d.getByLabel('Mount Options')).toHaveValue(mountOptions);
  await d.getByRole('button', { name: 'Cancel' }).click();
  await page.goto(`${engine.url}/events`);
  await expect(page.getByRole('table', { name: 'Events' })).toContainText('data-ceph');

  // Nothing ran, no element was injected, and the policy was never even tested.
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
  expect(await page.evaluate(() => (window as any).__csp)).toEqual([]);
});

test('the engine sends the security headers and the app runs under its policy everywhere', async ({ page, engine }) => {
  const doc = await page.goto(`${engine.url}/storage`);
  const h = doc!.headers();
  expect(h['content-security-policy']).toContain("default-src 'none'");
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['content-security-policy']).not.toContain('unsafe-inline');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('no-referrer');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['set-cookie']).toBeUndefined();
  const apiHeaders = (await apiFetch(engine.url, '/storageconnections')).headers;
  expect(apiHeaders.get('content-security-policy')).toContain("default-src 'none'");
  expect(apiHeaders.get('x-content-type-options')).toBe('nosniff');

  // Every view and the dialogs, under the policy: no violation anywhere.
  await expect(page.getByRole('table', { name: 'Storage domains' })).toBeVisible();
  await page.getByRole('cell', { name: 'data-nfs', exact: true }).click();
  for (const tab of ['General', 'Data Center', 'Storage Connections', 'Disks', 'Events']) await openTab(page, tab);
  await toolbarButton(page, 'New Domain').click();
  await dialog(page, 'New Domain').getByRole('button', { name: 'Cancel' }).click();
  await page.goto(`${engine.url}/connections`);
  await expect(page.getByRole('table', { name: 'Storage connections' })).toBeVisible();
  await page.goto(`${engine.url}/events`);
  // A new site's trail already has the engine's start (oVirt clients read the newest event).
  await expect(page.getByRole('table', { name: 'Events' })).toContainText('The engine started');
  expect(await page.evaluate(() => (window as any).__csp)).toEqual([]);
});

test('an edit survives the engine restarting: the dialog keeps the input, says why, and the retry saves', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage/${ids.sdPosix}`);
  await toolbarButton(page, 'Manage Domain').click();
  const d = dialog(page, 'Manage Domain');
  await d.getByLabel('Path').fill('ceph-mon3.example.com:/volumes/after-restart');
  await d.getByLabel('Mount Options').fill('name=admin,secretfile=/etc/ceph/c.secret');

  await engine.stop();
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(d.getByRole('alert')).toContainText('could not be reached');
  await expect(d.getByLabel('Path')).toHaveValue('ceph-mon3.example.com:/volumes/after-restart');
  await expect(d.getByLabel('Mount Options')).toHaveValue('name=admin,secretfile=/etc/ceph/c.secret');

  await engine.start();
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const c = await api(engine.url, `/storageconnections/${ids.connPosix}`);
  expect(c).toMatchObject({ address: 'ceph-mon3.example.com', path: '/volumes/after-restart', mount_options: 'name=admin,secretfile=/etc/ceph/c.secret' });
});
