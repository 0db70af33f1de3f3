import { test, expect, vanilla } from './fixtures/engine';
import { api, apiFetch, dcButton, dcStatus, dialog, domainRow, ids, openTab, selectDomain, toolbarButton } from './fixtures/pages';

test('edit an NFS domain in maintenance (path, version, retransmissions, timeout), then activate it', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  // data-iscsi takes over as master once data-nfs goes to maintenance; iso-nfs must go first.
  await selectDomain(page, 'iso-nfs');
  await openTab(page, 'Data Center');
  await dcButton(page, 'Maintenance').click();
  await expect(domainRow(page, 'iso-nfs').getByRole('cell').first()).toHaveText('Maintenance');
  await selectDomain(page, 'data-nfs');
  await dcButton(page, 'Maintenance').click();
  await expect(domainRow(page, 'data-nfs').getByRole('cell').first()).toHaveText('Maintenance');

  await toolbarButton(page, 'Manage Domain').click();
  const d = dialog(page, 'Manage Domain');
  await expect(d.getByLabel('Name')).toBeDisabled();
  await expect(d.getByLabel('Export Path')).toHaveValue('nfs1.example.com:/exports/data');
  await d.getByLabel('Export Path').fill('nfs2.example.com:/exports/data-replica');
  await d.getByText('Custom Connection Parameters').click();
  await d.getByLabel('NFS Version').selectOption({ label: 'V4.2' });
  await d.getByLabel('Retransmissions (#)').fill('5');
  await d.getByLabel('Timeout (deciseconds)').fill('300');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Saved storage domain data-nfs' })).toBeVisible();

  const c = await api(engine.url, `/storageconnections/${ids.connNfsData}`);
  expect(c).toMatchObject({ address: 'nfs2.example.com', path: '/exports/data-replica', nfs_version: 'v4_2', nfs_retrans: '5', nfs_timeo: '300' });
  await openTab(page, 'General');
  await expect(page.getByRole('region', { name: 'Selected storage domain' })).toContainText('nfs2.example.com:/exports/data-replica');

  await openTab(page, 'Data Center');
  await dcButton(page, 'Activate').click();
  await expect(domainRow(page, 'data-nfs').getByRole('cell').first()).toHaveText('Active');
  expect(await dcStatus(engine.url, ids.sdNfsData)).toBe('active');
});

test('edit a POSIX domain (path, mount options), then activate it', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage/${ids.sdPosix}`);
  await toolbarButton(page, 'Manage Domain').click();
  const d = dialog(page, 'Manage Domain');
  await expect(d.getByLabel('VFS Type')).toHaveValue('ceph');
  await d.getByLabel('Path').fill('ceph-mon2.example.com:/volumes/vmstore2');
  await d.getByLabel('Mount Options').fill('name=admin,secretfile=/etc/ceph/b.secret');
  await d.getByLabel('VFS Type').fill('nfs');
  await expect(d.getByRole('note')).toContainText('use the NFS storage type');
  await d.getByLabel('VFS Type').fill('ceph');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const c = await api(engine.url, `/storageconnections/${ids.connPosix}`);
  expect(c).toMatchObject({ address: 'ceph-mon2.example.com', path: '/volumes/vmstore2', mount_options: 'name=admin,secretfile=/etc/ceph/b.secret' });
  expect(await dcStatus(engine.url, ids.sdPosix)).toBe('maintenance');
  await openTab(page, 'Data Center');
  await dcButton(page, 'Activate').click();
  await expect(domainRow(page, 'data-ceph').getByRole('cell').first()).toHaveText('Active');
});

test('edit a Local domain', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage/${ids.sdLocal}`);
  await toolbarButton(page, 'Manage Domain').click();
  const d = dialog(page, 'Manage Domain');
  await d.getByLabel('Host to Use').selectOption({ label: 'None (only save the details)' });
  await d.getByLabel('Path').fill('relative/path');
  await expect(d.getByText('The local path is not valid')).toBeVisible();
  await d.getByLabel('Path').fill('/srv/ovirt/scratch2');
  await d.getByLabel('Description').fill('Moved to /srv');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const c = await api(engine.url, `/storageconnections/${ids.connLocal}`);
  expect(c.path).toBe('/srv/ovirt/scratch2');
  await expect(domainRow(page, 'scratch-local').getByRole('cell').last()).toHaveText('Moved to /srv');
});

test('an active domain explains that maintenance is needed, and the engine agrees', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage/${ids.sdNfsData}`);
  await toolbarButton(page, 'Manage Domain').click();
  const d = dialog(page, 'Manage Domain');
  await expect(d.getByRole('note')).toContainText('Put the domain in maintenance first');
  await expect(d.getByLabel('Export Path')).toBeDisabled();
  await expect(d.getByLabel('Name')).toBeEnabled();
  await d.getByLabel('Name').fill('data-main');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(domainRow(page, 'data-main')).toBeVisible();

  // The engine refuses a connection edit of an active domain (here through the connection view).
  await page.goto(`${engine.url}/connections/${ids.connNfsData}`);
  await page.getByRole('toolbar', { name: 'Connection actions' }).getByRole('button', { name: 'Edit' }).click();
  const e = dialog(page, 'Edit Connection');
  await e.getByLabel('Export Path').fill('nfs1.example.com:/exports/elsewhere');
  await e.getByRole('button', { name: 'OK' }).click();
  await expect(e.getByRole('alert').first()).toContainText('must be in maintenance or unattached');
  await expect(e.getByLabel('Export Path')).toHaveValue('nfs1.example.com:/exports/elsewhere');
});

test('a duplicate path is refused on the Export Path field, as you type and by the engine', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage/${ids.sdExport}`);
  await toolbarButton(page, 'Manage Domain').click();
  const d = dialog(page, 'Manage Domain');
  const path = d.getByLabel('Export Path');
  await path.fill('not a path');
  await expect(path).toHaveAttribute('aria-invalid', 'true');
  await expect(d.getByText('The mount path is not valid')).toBeVisible();
  await path.fill('nfs1.example.com:/exports/data');
  await expect(path).toHaveAttribute('aria-invalid', 'false');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(d.getByRole('alert').first()).toContainText('already exists');
  // (oVirt's own engine names no field in its faults: there the reason is shown, not placed.)
  if (!vanilla) await expect(path).toHaveAttribute('aria-invalid', 'true');
  await expect(path).toHaveValue('nfs1.example.com:/exports/data');
  // A Retransmissions error inside the collapsed section opens it.
  await path.fill('nfs2.example.com:/exports/backup');
  await d.getByLabel('Retransmissions (#)').evaluate((el: HTMLInputElement) => { el.value = '99999'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(d.getByLabel('Retransmissions (#)')).toBeVisible();
  await expect(d.getByText('NFS retransmissions must be between 0 and 32767.')).toBeVisible();
});

test('edit an iSCSI connection, attach one and detach it', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage/${ids.sdArchive}`);
  await openTab(page, 'Storage Connections');
  const conns = page.getByRole('table', { name: 'Domain connections' });
  await expect(conns.locator('tbody tr')).toHaveCount(1);
  await conns.getByRole('button', { name: 'Edit' }).click();
  const d = dialog(page, 'Edit Connection');
  await expect(d.getByLabel('Target Name')).toHaveValue('iqn.2026-01.com.example:storage.archive');
  await d.getByLabel('Address').fill('192.0.2.99');
  await d.getByLabel('Port').fill('0');
  await expect(d.getByText('The port must be a whole number greater than 0.')).toBeVisible();
  await d.getByLabel('Port').fill('3261');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(conns.locator('tbody tr').first()).toContainText('192.0.2.99');
  const c = await api(engine.url, `/storageconnections/${ids.connArchive}`);
  expect(c).toMatchObject({ address: '192.0.2.99', port: '3261' });

  const choice = page.getByLabel('Connection to attach');
  await choice.selectOption({ label: '192.0.2.22:3260 iqn.2026-01.com.example:storage.data' });
  // Someone else changes the domain meanwhile, and a refresh (the button here, auto-refresh alike)
  // brings the new copy: the choice stays. (It used to be dropped: the tab was mounted again.)
  const changed = await apiFetch(engine.url, `/storagedomains/${ids.sdArchive}`, {
    method: 'PUT',
    body: JSON.stringify({ description: 'changed meanwhile' }),
  });
  expect(changed.status).toBe(200);
  const refreshed = page.waitForResponse((r) => /\/datacenters\/[^/]+\/storagedomains$/.test(new URL(r.url()).pathname));
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await refreshed;
  await page.waitForTimeout(500); // what must not happen would happen within this
  await expect(choice).not.toHaveValue('');
  await page.getByRole('button', { name: 'Attach Connection' }).click();
  await expect(conns.locator('tbody tr')).toHaveCount(2);
  const attached = conns.locator('tbody tr').filter({ hasText: '192.0.2.22' });
  await attached.getByRole('button', { name: 'Detach' }).click();
  await expect(conns.locator('tbody tr')).toHaveCount(1);
  // The last connection cannot go: the engine says why.
  await conns.getByRole('button', { name: 'Detach' }).click();
  await expect(page.getByRole('alert')).toContainText("last connection");
});

test('a control character is marked on its field as it is typed, and nothing is saved', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage/${ids.sdPosix}`);
  await toolbarButton(page, 'Manage Domain').click();
  const d = dialog(page, 'Manage Domain');
  await d.getByLabel('Description').fill('bell\u0007');
  await expect(d.getByLabel('Description')).toHaveAttribute('aria-invalid', 'true');
  await expect(d).toContainText('The description contains the control character U+0007, which no field accepts.');
  await d.getByLabel('Description').fill('fine');
  await expect(d.getByLabel('Description')).toHaveAttribute('aria-invalid', 'false');
  await d.getByLabel('Path').fill('ceph-mon2.example.com:/volumes/a\u0001b');
  await expect(d.getByLabel('Path')).toHaveAttribute('aria-invalid', 'true');
  await expect(d).toContainText('The path contains the control character U+0001');
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(d.getByRole('alert').filter({ hasText: 'Correct the marked fields first.' })).toBeVisible();
  const c = await api(engine.url, `/storageconnections/${ids.connPosix}`);
  expect(c.path).toBe('/volumes/vmstore');
});
