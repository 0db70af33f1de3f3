import { test, expect, ADMIN_PASSWORD, signIn } from './fixtures/engine';
import { apiFetch, dcButton, domainRow, dialog, ids, openTab, selectDomain, toolbarButton } from './fixtures/pages';

test.describe('signed out', () => {
  test.use({ signedIn: false });

  test('log in, land where you were going, and log out', async ({ page, engine }) => {
    await page.goto(`${engine.url}/storage/${ids.sdPosix}`);
    await expect(page).toHaveURL(/\/login\?next=/);
    await expect(page.getByLabel('Profile')).toHaveValue('internal');
    await page.getByLabel('User Name').fill('admin');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Log In' }).click();
    await expect(page.getByRole('alert')).toContainText('The user name or password is incorrect.');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log In' }).click();
    await expect(page).toHaveURL(new RegExp(`/storage/${ids.sdPosix}$`));
    await expect(page.getByRole('heading', { name: 'data-ceph' })).toBeVisible();
    await expect(page.getByLabel('Signed in as')).toHaveText('admin@internal');
    await expect(page.getByText('SuperUser')).toBeVisible();

    await page.getByRole('button', { name: 'Sign Out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto(`${engine.url}/storage`);
    await expect(page).toHaveURL(/\/login/);
  });

  test('an expired or revoked session goes back to login and then to the same page', async ({ page, engine }) => {
    await page.goto(`${engine.url}/login`);
    await page.getByLabel('User Name').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log In' }).click();
    await expect(page).toHaveURL(/\/storage$/);
    await page.goto(`${engine.url}/connections`);
    await expect(page.getByRole('table', { name: 'Storage connections' })).toBeVisible();
    // The token is revoked behind the page's back (as an admin would, or as expiry does).
    const token = await page.evaluate(() => sessionStorage.getItem('webadmin.token'));
    const r = await fetch(`${engine.url}/ovirt-engine/services/sso-logout`, { headers: { Authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Fconnections/);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log In' }).click();
    await expect(page).toHaveURL(/\/connections$/);
    await expect(page.getByRole('table', { name: 'Storage connections' })).toBeVisible();
  });
});

test.describe('a read-only user', () => {
  test.use({ signedIn: false });

  test('sees every action disabled with the reason', async ({ page, engine }) => {
    engine.addUser('viewer@internal', 'viewer-Pa55', 'ReadOnlyAdmin');
    await page.goto(`${engine.url}/login`);
    await page.getByLabel('User Name').fill('viewer');
    await page.getByLabel('Password').fill('viewer-Pa55');
    await page.getByRole('button', { name: 'Log In' }).click();
    await expect(page.getByText('ReadOnlyAdmin')).toBeVisible();
    await selectDomain(page, 'data-ceph');
    for (const name of ['New Domain', 'Manage Domain', 'Remove']) {
      await expect(toolbarButton(page, name)).toHaveAttribute('aria-disabled', 'true');
    }
    await expect(toolbarButton(page, 'Manage Domain')).toHaveAccessibleDescription('Your role does not allow this.');
    await openTab(page, 'Data Center');
    await expect(dcButton(page, 'Activate')).toHaveAttribute('aria-disabled', 'true');
    await expect(dcButton(page, 'Activate')).toHaveAccessibleDescription('Your role does not allow this.');
    await page.goto(`${engine.url}/connections`);
    await expect(page.getByRole('toolbar', { name: 'Connection actions' }).getByRole('button', { name: 'New Connection' })).toHaveAttribute('aria-disabled', 'true');
    // The engine agrees, and its 403 is shown as what it is.
    const token = await page.evaluate(() => sessionStorage.getItem('webadmin.token'));
    const r = await fetch(`${engine.url}/ovirt-engine/api/datacenters/${ids.dataCenter}/storagedomains/${ids.sdPosix}/activate`, {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' }, body: '{}',
    });
    expect(r.status).toBe(403);
  });
});

test('an edit appears in the domain\'s Events sub-tab and in the Events view', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage/${ids.sdPosix}`);
  await toolbarButton(page, 'Manage Domain').click();
  const d = dialog(page, 'Manage Domain');
  await d.getByLabel('Mount Options').fill('name=events');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await openTab(page, 'Events');
  const events = page.getByRole('table', { name: 'Events' });
  // Newest first: the domain's own fields were saved after its connection.
  await expect(events.locator('tbody tr').nth(0)).toContainText('admin@internal: Edit Storage Domain data-ceph succeeded.');
  await expect(events.locator('tbody tr').nth(1)).toContainText('admin@internal: Edit Storage Connection ceph-mon1.example.com:/volumes/vmstore succeeded.');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
  await expect(page.getByRole('table', { name: 'Events' }).locator('tbody tr').first()).toContainText('Edit Storage Domain data-ceph succeeded');
});
