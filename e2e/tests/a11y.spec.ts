import { test, expect } from './fixtures/engine';
import { dialog, expectAccessible, ids, openTab, toolbarButton } from './fixtures/pages';

test('every view and dialog has no serious accessibility violations', async ({ page, engine }) => {
  // An axe run per view and dialog: 24–30 s on this 2-core machine, over the default 30 s once
  // on PostgreSQL under CI's load.
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${engine.url}/storage/${ids.sdIscsi}`);
  await expect(page.getByRole('heading', { name: 'data-iscsi' })).toBeVisible();
  await expectAccessible(page);
  for (const tab of ['Data Center', 'Storage Connections', 'Disks']) {
    await openTab(page, tab);
    await expectAccessible(page);
  }
  await toolbarButton(page, 'Manage Domain').click();
  await expect(dialog(page, 'Manage Domain')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'artifacts/dialog-manage-iscsi.png' });
  await page.keyboard.press('Escape');
  await toolbarButton(page, 'New Domain').click();
  await expectAccessible(page);
  await page.screenshot({ path: 'artifacts/dialog-new-domain.png' });
  await page.keyboard.press('Escape');

  await page.goto(`${engine.url}/storage/${ids.sdNfsData}`);
  await toolbarButton(page, 'Manage Domain').click();
  await dialog(page, 'Manage Domain').getByText('Custom Connection Parameters').click();
  await page.screenshot({ path: 'artifacts/dialog-manage-nfs.png' });
  await page.keyboard.press('Escape');

  await page.goto(`${engine.url}/connections`);
  await expect(page.getByRole('table', { name: 'Storage connections' })).toBeVisible();
  await expectAccessible(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${engine.url}/storage/${ids.sdLocal}`);
  await expect(page.getByRole('heading', { name: 'scratch-local' })).toBeVisible();
  await page.screenshot({ path: 'artifacts/storage-1920.png' });
});

test('the dialog traps focus and Tab never leaves it', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  // Actions enable once the user's roles are known.
  await expect(toolbarButton(page, 'New Domain')).toHaveAttribute('aria-disabled', 'false');
  await toolbarButton(page, 'New Domain').focus();
  await page.keyboard.press('Enter');
  const d = dialog(page, 'New Domain');
  await expect(d).toBeVisible();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    expect(await d.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await d.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
});
