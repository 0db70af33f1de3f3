// Switch Storage: a site re-pointed to its replicas — a real NFS server (nfs-ganesha) and a
// real iSCSI target (tgtd) on loopback — through the Storage Servers view and the wizard: the
// plan, a failed preflight marked on its row, the run with its progress, and the fail-back.
import { test, expect, startTgtd, startNfs, vanilla } from './fixtures/engine';
import { dialog } from './fixtures/pages';

test('Switch Storage: plan, a failed preflight on its row, run with progress, fail back', async ({ page, engine }) => {
  test.setTimeout(90_000);
  await page.goto(`${engine.url}/servers`);
  const servers = page.getByRole('table', { name: 'Storage servers' });
  const nfs1 = servers.getByRole('row', { name: /nfs1\.example\.com/ });
  await expect(nfs1).toContainText('data-nfs (Active)');
  await expect(nfs1).toContainText('iso-nfs (Active)');
  await expect(servers.getByRole('row', { name: /192\.0\.2\.21:3260/ })).toContainText('db01_lun');
  const button = page.getByRole('toolbar', { name: 'Server actions' }).getByRole('button', { name: 'Switch Storage…' });
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await nfs1.click();
  if (vanilla) {
    // oVirt's engine has no storage switch: the button says so instead of failing.
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(button).toHaveAccessibleDescription(/oVirt's engine has none/);
    return;
  }
  const tgtd = await startTgtd();
  const nfs = await startNfs();
  try {
    await button.click();
    const d = dialog(page, 'Switch Storage');
    await expect(d.getByLabel('Rule 1 from address')).toHaveValue('nfs1.example.com');
    await d.getByLabel('Rule 1 to address').fill('127.0.0.1');
    await d.getByRole('button', { name: 'Add Portal Rule' }).click();
    await d.getByLabel('Rule 2 from address').fill('192.0.2.23');
    await d.getByLabel('Rule 2 to address').fill('127.0.0.1');
    await d.getByLabel('Rule 2 to port').fill(String(tgtd.port));
    await d.getByLabel('Rule 2 from target').fill('iqn.2026-01.com.example:storage.archive');
    await d.getByLabel('Rule 2 to target').fill('iqn.2026-01.test:open');
    await d.getByRole('button', { name: 'Add Server Rule' }).click();
    await d.getByLabel('Rule 3 from address').fill('nfs2.example.com');
    // A half-stated rule is marked before anything is sent.
    await d.getByRole('button', { name: 'Plan' }).click();
    await expect(d.getByLabel('Rule 3 to address')).toHaveAttribute('aria-invalid', 'true');
    // Nothing serves NFS on 127.0.0.2: the host's test of that replica fails.
    await d.getByLabel('Rule 3 to address').fill('127.0.0.2');
    await d.getByLabel('Host to test the replicas from').selectOption({ label: 'host1.example.com' });
    await d.getByRole('button', { name: 'Plan' }).click();

    const problems = d.getByRole('table', { name: 'Preflight problems' });
    await expect(problems).toContainText('nfs2.example.com:/exports/backup');
    await expect(problems).toContainText('cannot reach the new storage');
    const changes = d.getByRole('table', { name: 'Connections that change' });
    await expect(changes.locator('tbody tr')).toHaveCount(4);
    await expect(changes.getByRole('row', { name: /nfs2\.example\.com/ })).toHaveAttribute('aria-invalid', 'true');
    await expect(changes.getByRole('row', { name: /exports\/data/ })).toHaveAttribute('aria-invalid', 'false');
    await expect(d.getByRole('button', { name: 'Start' })).toBeDisabled();

    // Left out, the rest passes: both NFS exports and the iSCSI target answered from the host.
    await d.getByLabel('Leave out nfs2.example.com:/exports/backup').check();
    await d.getByRole('button', { name: 'Plan Again' }).click();
    await expect(d.getByText('Preflight passed')).toBeVisible();
    const steps = d.getByRole('table', { name: 'Steps in order' });
    await expect(steps.locator('tbody tr')).toHaveCount(3);
    await expect(steps.locator('tbody tr').last()).toContainText('data-nfs (Active, master)');
    await d.getByRole('button', { name: 'Start' }).click();

    const status = d.getByRole('status', { name: 'Switch status' });
    await expect(status).toHaveText('Succeeded', { timeout: 30_000 });
    await expect(d.getByRole('progressbar', { name: 'Switch progress' })).toHaveAttribute('value', '3');
    await expect(d.getByRole('table', { name: 'Switch steps' }).locator('tbody tr', { hasText: 'Done' })).toHaveCount(3);
    await expect(d.getByRole('button', { name: 'Cancel Switch' })).toBeDisabled();

    // Fail back: the inverse plan, started from the same dialog, puts the primary back.
    await d.getByRole('button', { name: 'Fail Back' }).click();
    await expect(d.getByText('Preflight passed')).toBeVisible();
    await expect(d.getByRole('table', { name: 'Connections that change' })).toContainText('127.0.0.1:/exports/data');
    await d.getByRole('button', { name: 'Start' }).click();
    await expect(status).toHaveText('Succeeded', { timeout: 30_000 });
    await d.locator('footer').getByRole('button', { name: 'Close' }).click();
    await expect(nfs1).toContainText('data-nfs (Active)');
    await expect(servers.getByRole('row', { name: /^127\.0\.0\.1/ })).toHaveCount(0);
  } finally {
    tgtd.stop();
    await nfs.stop();
  }
});

test('Switch Storage from a multi-selection in the Storage tab moves only the selected domains', async ({ page, engine }) => {
  await page.goto(`${engine.url}/storage`);
  const grid = page.getByRole('table', { name: 'Storage domains' });
  await grid.locator('tbody tr', { hasText: 'iso-nfs' }).click();
  await grid.locator('tbody tr', { hasText: 'data-ceph' }).click({ modifiers: ['ControlOrMeta'] });
  await expect(grid.locator('tbody tr[aria-selected="true"]')).toHaveCount(2);
  const button = page.getByRole('toolbar', { name: 'Storage domain actions' }).getByRole('button', { name: 'Switch Storage…' });
  if (vanilla) {
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(button).toHaveAccessibleDescription(/oVirt's engine has none/);
    return;
  }
  await button.click();
  const d = dialog(page, 'Switch Storage');
  // A rule per server the selection is on; data-nfs shares nfs1 but was not selected.
  await expect(d.getByLabel('Rule 1 from address')).toHaveValue('ceph-mon1.example.com');
  await expect(d.getByLabel('Rule 2 from address')).toHaveValue('nfs1.example.com');
  await expect(d.getByRole('note')).toContainText('1 other connection(s) on these servers are left out');
  await d.getByLabel('Rule 1 to address').fill('ceph-mon9.example.com');
  await d.getByLabel('Rule 2 to address').fill('nfs1-dr.example.com');
  await d.getByRole('button', { name: 'Plan' }).click();
  const changes = d.getByRole('table', { name: 'Connections that change' });
  await expect(changes.locator('tbody tr')).toHaveCount(2);
  await expect(changes).toContainText('nfs1.example.com:/exports/iso');
  await expect(changes).not.toContainText('/exports/data');
  await d.getByRole('button', { name: 'Start' }).click();
  await expect(d.getByRole('status', { name: 'Switch status' })).toHaveText('Succeeded', { timeout: 30_000 });
  await d.locator('footer').getByRole('button', { name: 'Close' }).click();
  await page.goto(`${engine.url}/servers`);
  const servers = page.getByRole('table', { name: 'Storage servers' });
  await expect(servers.getByRole('row', { name: /nfs1-dr\.example\.com/ })).toContainText('iso-nfs (Active)');
  await expect(servers.getByRole('row', { name: /^nfs1\.example\.com/ })).toContainText('data-nfs (Active)');
});

test('the DR mapping file: exported from a plan, imported into a new one, plans the same', async ({ page, engine }) => {
  await page.goto(`${engine.url}/servers`);
  const servers = page.getByRole('table', { name: 'Storage servers' });
  await servers.getByRole('row', { name: /nfs1\.example\.com/ }).click();
  const button = page.getByRole('toolbar', { name: 'Server actions' }).getByRole('button', { name: 'Switch Storage…' });
  if (vanilla) {
    // No switch, so no mapping file either: the one way in says why.
    await expect(button).toHaveAccessibleDescription(/oVirt's engine has none/);
    return;
  }
  await button.click();
  let d = dialog(page, 'Switch Storage');
  await d.getByLabel('Rule 1 to address').fill('nfs1-dr.example.com');
  await d.getByLabel('Rule 1 from path prefix').fill('/exports');
  await d.getByLabel('Rule 1 to path prefix').fill('/replica');
  await d.getByRole('button', { name: 'Plan' }).click();
  const changes = d.getByRole('table', { name: 'Connections that change' });
  await expect(changes.locator('tbody tr')).toHaveCount(2);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    d.getByRole('button', { name: 'Export Mapping File' }).click(),
  ]);
  const file = await download.path();
  await d.locator('footer').getByRole('button', { name: 'Cancel' }).click();

  await button.click();
  d = dialog(page, 'Switch Storage');
  await d.getByLabel('Import Mapping File').setInputFiles(file);
  await expect(d.getByRole('status')).toContainText('dr_import_storages');
  await d.getByRole('button', { name: 'Plan' }).click();
  const again = d.getByRole('table', { name: 'Connections that change' });
  await expect(again.locator('tbody tr')).toHaveCount(2);
  await expect(again.getByLabel('New path or target of nfs1.example.com:/exports/data')).toHaveValue('/replica/data');
  await expect(again.getByLabel('New address of nfs1.example.com:/exports/iso')).toHaveValue('nfs1-dr.example.com');
  await expect(d.getByText('Preflight passed')).toBeVisible();
});
