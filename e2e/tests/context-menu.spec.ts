import { test, expect } from './fixtures/engine';
import { dialog, domainRow, expectAccessible } from './fixtures/pages';

// The seed's scenario: "right click – edit the storage domain". A row's context menu has the
// toolbar's actions with the same enablement and reasons, and works from the keyboard too.

const menu = (page, name: string) => page.getByRole('menu', { name });
const item = (page, menuName: string, label: string) =>
  menu(page, menuName).getByRole('menuitem', { name: label });

test('right-clicking a domain opens its menu; Manage Domain edits it; Esc closes', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  await domainRow(page, 'data-nfs').click({ button: 'right' });
  await expect(domainRow(page, 'data-nfs')).toHaveAttribute('aria-selected', 'true');
  const m = menu(page, 'Storage domain');
  await expect(m.getByRole('menuitem')).toHaveText(['New Domain', 'Manage Domain', 'Remove']);
  // Active and attached: managed yes, removed no, with the toolbar's reason.
  await expect(item(page, 'Storage domain', 'Manage Domain')).toHaveAttribute('aria-disabled', 'false');
  await expect(item(page, 'Storage domain', 'Remove')).toHaveAttribute('aria-disabled', 'true');
  await expect(item(page, 'Storage domain', 'Remove')).toHaveAccessibleDescription(
    'Detach the domain from its data center before removing it.',
  );
  await expectAccessible(page);
  await page.screenshot({ path: 'artifacts/context-menu.png' });
  // A disabled item does nothing.
  await item(page, 'Storage domain', 'Remove').click({ force: true });
  await expect(m).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.keyboard.press('Escape');
  await expect(m).toHaveCount(0);
  await expect(domainRow(page, 'data-nfs')).toBeFocused();

  await domainRow(page, 'data-nfs').click({ button: 'right' });
  await item(page, 'Storage domain', 'Manage Domain').click();
  await expect(menu(page, 'Storage domain')).toHaveCount(0);
  await expect(dialog(page, 'Manage Domain')).toBeVisible();
  await expect(dialog(page, 'Manage Domain').getByLabel('Name', { exact: true })).toHaveValue('data-nfs');
});

test('Shift+F10 and the context-menu key open the menu on the focused row; arrows and Enter choose', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  await domainRow(page, 'scratch-local').click();
  await expect(domainRow(page, 'scratch-local')).toBeFocused();
  await page.keyboard.press('Shift+F10');
  const m = menu(page, 'Storage domain');
  await expect(m).toBeVisible();
  // The focus starts on the first enabled item and the arrows move it.
  await expect(item(page, 'Storage domain', 'New Domain')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(item(page, 'Storage domain', 'Remove')).toBeFocused();
  // Unattached: Remove is allowed.
  await expect(item(page, 'Storage domain', 'Remove')).toHaveAttribute('aria-disabled', 'false');
  await page.keyboard.press('Escape');
  await expect(domainRow(page, 'scratch-local')).toBeFocused();

  await page.keyboard.press('ContextMenu');
  await expect(item(page, 'Storage domain', 'New Domain')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(dialog(page, 'Manage Domain')).toBeVisible();
});

test('a connection row has the same menu as the Storage Connections toolbar', async ({ page, engine }) => {
  await page.goto(`${engine.url}/connections`);
  const grid = page.getByRole('table', { name: 'Storage connections' });
  const row = (text: string) => grid.locator('tbody tr').filter({ hasText: text });
  await row('/exports/data').click({ button: 'right' });
  await expect(item(page, 'Storage connection', 'Edit')).toHaveAttribute('aria-disabled', 'false');
  await expect(item(page, 'Storage connection', 'Remove')).toHaveAttribute('aria-disabled', 'true');
  await expect(item(page, 'Storage connection', 'Remove')).toHaveAccessibleDescription(
    'The connection is in use; remove or detach what uses it first.',
  );
  // A click elsewhere closes it.
  await page.mouse.click(5, 5);
  await expect(menu(page, 'Storage connection')).toHaveCount(0);

  await row('/exports/spare').click({ button: 'right' });
  await expect(item(page, 'Storage connection', 'Remove')).toHaveAttribute('aria-disabled', 'false');
  await item(page, 'Storage connection', 'Edit').click();
  await expect(page.getByRole('dialog')).toBeVisible();
});
