import { test, expect, vanilla } from './fixtures/engine';
import { api, dialog, ids } from './fixtures/pages';

const bar = (page) => page.getByRole('toolbar', { name: 'Connection actions' });
const grid = (page) => page.getByRole('table', { name: 'Storage connections' });
const row = (page, text: string) => grid(page).locator('tbody tr').filter({ hasText: text });

test('add, edit and delete a connection in the Storage Connections view', async ({ page, engine }) => {
  await page.goto(`${engine.url}/connections`);
  await bar(page).getByRole('button', { name: 'New Connection' }).click();
  let d = dialog(page, 'New Connection');
  await d.getByLabel('Storage Type').selectOption({ label: 'iSCSI' });
  await d.getByLabel('Address').fill('192.0.2.77');
  await d.getByLabel('Target Name').fill('iqn.2026-01.com.example:spare');
  await d.getByLabel('CHAP username').fill('chapuser');
  await d.getByLabel('CHAP password').fill('chap-secret-1');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(row(page, '192.0.2.77').getByRole('cell').nth(4)).toHaveText('—');
  await expect(page.getByText('chap-secret-1')).toHaveCount(0);

  await row(page, '192.0.2.77').click();
  await bar(page).getByRole('button', { name: 'Edit' }).click();
  d = dialog(page, 'Edit Connection');
  await expect(d.getByLabel('Storage Type')).toBeDisabled();
  await expect(d.getByLabel('CHAP password')).toHaveValue('');
  await d.getByLabel('Port').fill('3270');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(row(page, '192.0.2.77').getByRole('cell').nth(3)).toHaveText('3270');

  await bar(page).getByRole('button', { name: 'Remove' }).click();
  d = dialog(page, 'Remove Connection');
  await expect(d).toContainText('192.0.2.77:3270 iqn.2026-01.com.example:spare');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(row(page, '192.0.2.77')).toHaveCount(0);
  const all = await api(engine.url, '/storageconnections');
  expect(all.storage_connection.some((c: any) => c.address === '192.0.2.77')).toBe(false);
});

test('a connection in use cannot be removed, and says so', async ({ page, engine }) => {
  await page.goto(`${engine.url}/connections/${ids.connNfsData}`);
  const remove = bar(page).getByRole('button', { name: 'Remove' });
  await expect(remove).toHaveAttribute('aria-disabled', 'true');
  await expect(remove).toHaveAccessibleDescription('The connection is in use; remove or detach what uses it first.');
  await expect(row(page, '/exports/data').getByRole('cell').nth(4)).toHaveText('data-nfs (domain)');
  // The orphan can go.
  await row(page, '/exports/spare').click();
  await expect(remove).toHaveAttribute('aria-disabled', 'false');
});

test('an invalid or duplicate new connection is marked on its field', async ({ page, engine }) => {
  await page.goto(`${engine.url}/connections`);
  await bar(page).getByRole('button', { name: 'New Connection' }).click();
  const d = dialog(page, 'New Connection');
  await d.getByLabel('Export Path').fill('nfs1.example.com:/exports/data');
  await d.getByText('Custom Connection Parameters').click();
  await d.getByLabel('Additional mount options').fill('soft,timeo=5');
  await expect(d.getByText('repeat options the engine sets itself: timeo')).toBeVisible();
  await d.getByLabel('Additional mount options').fill('soft');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(d.getByRole('alert').first()).toContainText('already exists');
  // (oVirt's own engine names no field in its faults: there the reason is shown, not placed.)
  if (!vanilla) await expect(d.getByLabel('Export Path')).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(bar(page).getByRole('button', { name: 'New Connection' })).toBeFocused();
});
