import { test, expect } from './fixtures/engine';

const columns = [
  'Status',
  'Domain Name',
  'Domain Type',
  'Storage Type',
  'Cross Data Center Status',
  'Total Space (GB)',
  'Free Space (GB)',
  'Description',
];

test('the Storage tab lists the demo domains with their statuses', async ({ page, engine }) => {
  await page.goto(`${engine.url}/`);
  await expect(page).toHaveURL(/\/storage$/);
  const grid = page.getByRole('table', { name: 'Storage domains' });
  await expect(grid).toBeVisible();

  await expect(grid.getByRole('columnheader')).toHaveText(columns.map((c) => new RegExp(`^${c.replace(/[()]/g, '\\$&')}`)));
  await expect(grid.locator('tbody tr')).toHaveCount(7);

  const row = (name: string) => grid.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expect(row('data-nfs').getByRole('cell')).toHaveText([
    'Active', 'data-nfs', 'Data (Master)', 'NFS', 'Active', '2048', '838', 'Primary VM disks',
  ]);
  await expect(row('data-ceph').getByRole('cell')).toHaveText([
    'Maintenance', 'data-ceph', 'Data', 'POSIX compliant FS', 'Inactive', '4096', '3196', 'CephFS through POSIX',
  ]);
  await expect(row('scratch-local').getByRole('cell').nth(0)).toHaveText('Unattached');
  await expect(row('scratch-local').getByRole('cell').nth(3)).toHaveText('Local on Host');
  await expect(row('data-iscsi').getByRole('cell').nth(3)).toHaveText('iSCSI');
  await expect(row('archive-iscsi').getByRole('cell').nth(0)).toHaveText('Maintenance');
  await expect(row('backup-export').getByRole('cell').nth(2)).toHaveText('Export');
});

test('Storage Connections lists every connection, the orphan too, and survives a reload', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Storage Connections' }).click();
  await expect(page).toHaveURL(/\/connections$/);
  const grid = page.getByRole('table', { name: 'Storage connections' });
  await expect(grid.locator('tbody tr')).toHaveCount(10);
  const orphan = grid.locator('tbody tr').filter({ hasText: 'nfs3.example.com' });
  await expect(orphan.getByRole('cell')).toHaveText(['NFS', 'nfs3.example.com', '/exports/spare', '', '—', 'c0000000-0000-4000-8000-00000000000a']);
  const lunDisk = grid.locator('tbody tr').filter({ hasText: 'storage.db' });
  await expect(lunDisk.getByRole('cell').nth(4)).toHaveText('db01_lun (disk)');

  await page.reload();
  await expect(page.getByRole('table', { name: 'Storage connections' }).locator('tbody tr')).toHaveCount(10);
});

test('an unreachable engine shows an error with a retry that recovers', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  await expect(page.getByRole('table', { name: 'Storage domains' })).toBeVisible();

  await engine.stop();
  await page.getByRole('link', { name: 'Storage Connections' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not load storage connections.');
  await expect(alert).toContainText('could not be reached');

  await engine.start();
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('table', { name: 'Storage connections' }).locator('tbody tr')).toHaveCount(10);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
