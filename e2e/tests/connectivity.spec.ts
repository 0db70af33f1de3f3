import { test, expect, startTgtd, vanilla } from './fixtures/engine';
import { dialog } from './fixtures/pages';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bar = (page) => page.getByRole('toolbar', { name: 'Connection actions' });

/** In front of oVirt's engine (make e2e-vanilla) the test is off, and says why. */
async function expectNoTest(d) {
  await expect(d.getByRole('button', { name: 'Test Connection' })).toBeDisabled();
  await expect(d.getByRole('button', { name: 'Test Connection' })).toHaveAccessibleDescription(/oVirt's engine has none/);
}

test('Test Connection shows each step, for a good and a bad local path', async ({ page, engine }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sd-'));
  await page.goto(`${engine.url}/connections`);
  await bar(page).getByRole('button', { name: 'New Connection' }).click();
  const d = dialog(page, 'New Connection');
  await d.getByLabel('Storage Type').selectOption({ label: 'Local on Host' });
  await d.getByLabel('Path').fill(dir);
  if (vanilla) {
    await expectNoTest(d);
    await d.getByLabel('Path').fill(path.join(dir, 'missing'));
  } else {
    await d.getByRole('button', { name: 'Test Connection' }).click();
    const result = d.getByRole('status', { name: 'Connection test result' });
    await expect(result).toContainText('The storage can be reached.');
    await expect(result.getByRole('listitem')).toHaveCount(4);
    await expect(result).toContainText('GiB free');

    await d.getByLabel('Path').fill(path.join(dir, 'missing'));
    await d.getByRole('button', { name: 'Test Connection' }).click();
    await expect(result).toContainText('The storage cannot be used.');
    await expect(result).toContainText('does not exist');
  }
  // Saving it with a host is refused by the engine for the same reason, and the dialog stays.
  await d.getByLabel('Host to Use').selectOption({ label: 'host1.example.com' });
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(d.getByRole('alert').first()).toContainText('could not connect to the storage: path failed');
  await d.getByLabel('Path').fill(dir);
  await d.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('iSCSI: discover a portal, log in to a target, test and save', async ({ page, engine }) => {
  const tgtd = await startTgtd();
  try {
    await page.goto(`${engine.url}/connections`);
    await bar(page).getByRole('button', { name: 'New Connection' }).click();
    const d = dialog(page, 'New Connection');
    await d.getByLabel('Storage Type').selectOption({ label: 'iSCSI' });
    await d.getByLabel('Address').fill('127.0.0.1');
    await d.getByLabel('Port').fill(String(tgtd.port));
    await d.getByRole('button', { name: 'Discover' }).click();
    const targets = d.getByRole('table', { name: 'Discovered targets' });
    await expect(targets.locator('tbody tr')).toHaveCount(2);
    const chapRow = targets.locator('tbody tr').filter({ hasText: 'iqn.2026-01.test:chap' });
    await chapRow.getByRole('button', { name: 'Login' }).click();
    await expect(chapRow).toContainText('requires CHAP');
    await d.getByLabel('CHAP username').fill('chapuser');
    await d.getByLabel('CHAP password').fill('chapsecret1234');
    await d.getByRole('button', { name: 'Discover' }).click();
    await targets.getByRole('button', { name: 'Login All' }).click();
    await expect(targets.getByText('Logged in')).toHaveCount(2);
    await expect(d.getByLabel('Target Name')).toHaveValue(/iqn\.2026-01\.test:(open|chap)/);
    await d.getByLabel('Target Name').fill('iqn.2026-01.test:chap');
    if (vanilla) {
      await expectNoTest(d);
    } else {
      await d.getByRole('button', { name: 'Test Connection' }).click();
      const result = d.getByRole('status', { name: 'Connection test result' });
      await expect(result).toContainText('The storage can be reached.');
      await expect(result).toContainText('logged in to iqn.2026-01.test:chap');
      await d.getByLabel('CHAP password').fill('wrong-secret-99');
      await d.getByRole('button', { name: 'Test Connection' }).click();
      await expect(result).toContainText('wrong CHAP user name or secret');
    }
    await d.getByLabel('CHAP password').fill('chapsecret1234');
    await d.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Storage connections' })).toContainText('iqn.2026-01.test:chap');
  } finally {
    tgtd.stop();
  }
});
