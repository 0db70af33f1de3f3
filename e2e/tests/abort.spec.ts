import { test, expect } from './fixtures/engine';

// A view's loads belong to it: leaving the view cancels them, and the browser aborts their
// requests (no answer is waited for, or applied, for a page nobody looks at any more).
test('leaving a view aborts the requests it was still waiting for', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  await page.getByLabel('Auto-refresh').selectOption({ label: 'Off' });
  await expect(page.getByRole('table', { name: 'Storage domains' })).toBeVisible();

  const isList = (url: URL) => url.pathname === '/ovirt-engine/api/storageconnections';
  let held = false;
  // The engine's answer to the Storage Connections view's list is held back, never sent.
  await page.route(isList, async () => {
    held = true;
  });
  const failed = page.waitForEvent('requestfailed', (r) => isList(new URL(r.url())));
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Storage Connections' }).click();
  await expect(page.getByText('Loading storage connections…')).toBeVisible();
  await expect.poll(() => held).toBe(true);

  await nav.getByRole('link', { name: 'Events' }).click();
  const aborted = await failed;
  expect(aborted.failure()?.errorText).toContain('ERR_ABORTED');
  await expect(page.getByRole('table', { name: 'Events' })).toBeVisible();
});
