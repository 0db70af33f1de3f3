import { test, expect, vanilla } from './fixtures/engine';
import { dialog } from './fixtures/pages';

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

test('Cancel Test stops a connection test that hangs: its request is aborted', async ({ page, engine }) => {
  const isTest = (url: URL) => url.pathname === '/ovirt-engine/api/storageconnections/test';
  let held = false;
  await page.route(isTest, async () => {
    held = true; // a storage server that never answers
  });
  await page.goto(`${engine.url}/connections`);
  await page.getByRole('toolbar', { name: 'Connection actions' }).getByRole('button', { name: 'New Connection' }).click();
  const d = dialog(page, 'New Connection');
  await d.getByLabel('Export Path').fill('nfs9.example.com:/exports/hangs');
  if (vanilla) {
    // In front of oVirt's engine there is no test to start, so none can hang: the control is
    // off, says why, and nothing is ever sent.
    await expect(d.getByRole('button', { name: 'Test Connection' })).toBeDisabled();
    await expect(d.getByRole('button', { name: 'Test Connection' })).toHaveAccessibleDescription(/oVirt's engine has none/);
    expect(held).toBe(false);
    return;
  }
  const failed = page.waitForEvent('requestfailed', (r) => isTest(new URL(r.url())));
  await d.getByRole('button', { name: 'Test Connection' }).click();
  await expect(d.getByText('Testing…')).toBeVisible();
  await expect.poll(() => held).toBe(true);
  await d.getByRole('button', { name: 'Cancel Test' }).click();
  expect((await failed).failure()?.errorText).toContain('ERR_ABORTED');
  await expect(d.getByText('Testing…')).toHaveCount(0);
  await expect(d.getByRole('button', { name: 'Test Connection' })).toBeEnabled();
});
