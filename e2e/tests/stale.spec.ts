import { test, expect } from './fixtures/engine';
import { apiFetch, domainRow, ids } from './fixtures/pages';

// A refresh whose answer arrives after a newer refresh's must not overwrite it. The real
// engine answers both; the page only holds the older answer back until the newer one is shown.
test('an older refresh answering late never replaces what a newer one showed', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  await page.getByLabel('Auto-refresh').selectOption({ label: 'Off' });
  const description = domainRow(page, 'data-nfs').getByRole('cell').nth(7);
  await expect(description).toHaveText('Primary VM disks');

  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  let delivered = () => {};
  const oldDelivered = new Promise<void>((r) => (delivered = r));
  let seen = 0;
  await page.route(
    (url) => url.pathname === '/ovirt-engine/api/storagedomains',
    async (route) => {
      if (seen++ === 0) {
        const older = await route.fetch(); // the engine's answer now, before the change below
        await released;
        await route.fulfill({ response: older });
        delivered();
      } else {
        await route.continue();
      }
    },
  );

  const refresh = page.getByRole('button', { name: 'Refresh' });
  await refresh.click();
  await expect.poll(() => seen).toBe(1);
  const r = await apiFetch(engine.url, `/storagedomains/${ids.sdNfsData}`, {
    method: 'PUT',
    body: JSON.stringify({ description: 'Moved to the replica' }),
  });
  expect(r.status).toBe(200);
  await refresh.click();
  await expect(description).toHaveText('Moved to the replica');

  release();
  await oldDelivered;
  // Give the page time to (wrongly) apply the older answer, then check it did not.
  await page.waitForTimeout(500);
  await expect(description).toHaveText('Moved to the replica');
});
