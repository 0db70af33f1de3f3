// What Chromium transfers before the web admin is interactive, on a first visit (empty cache),
// from a real engine with the demo site: the address opened signed out, the sign-in form filled
// in, until the Storage grid shows its rows. Counted by Chromium itself: each response's bytes as
// received (headers and body, compressed as sent; nothing for what came from its cache), the
// DevTools protocol's encodedDataLength, which is resource timing's transferSize summed over the
// page loads the sign-in makes. The API's answers are data, not the app, and are left out.
// Budget: 250 KB (issue 17). Numbers go to bench-results/payload.json and the console.
import { test, expect, type CDPSession } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, Engine, freePort, root } from '../tests/fixtures/engine';

const BUDGET_BYTES = 250_000;

type Received = { url: string; bytes: number };

/** Every response's transferred bytes, by request, as Chromium counts them. */
async function counting(cdp: CDPSession): Promise<Received[]> {
  const urls = new Map<string, string>();
  const received: Received[] = [];
  await cdp.send('Network.enable');
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    received.push({ url: urls.get(e.requestId) ?? '?', bytes: e.encodedDataLength });
  });
  return received;
}

const isApp = (r: Received) => !new URL(r.url).pathname.startsWith('/ovirt-engine/');
const sum = (rs: Received[]) => rs.reduce((n, r) => n + r.bytes, 0);

test('first visit: bytes transferred until the Storage grid is interactive', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'webadmin-payload-'));
  const engine = new Engine(await freePort(), dataDir);
  await engine.start();
  try {
    const received = await counting(await page.context().newCDPSession(page));

    await page.goto(`${engine.url}/`);
    await expect(page.getByRole('button', { name: 'Log In' })).toBeEnabled();
    const signInForm = sum(received.filter(isApp));

    await page.getByLabel('User Name').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log In' }).click();
    const grid = page.getByRole('table', { name: 'Storage domains' });
    await expect(grid.locator('tbody tr').first()).toBeVisible();
    await expect(grid.getByRole('row').filter({ hasText: 'data-nfs' })).toBeVisible();
    // Whatever the grid's first paint still fetches (a late chunk) is counted too.
    await page.waitForLoadState('networkidle');

    const app = received.filter(isApp);
    const total = sum(app);
    const byFile = new Map<string, number>();
    for (const r of app) {
      const name = new URL(r.url).pathname.replace(/-[0-9a-f]{16}/, '-…');
      byFile.set(name, (byFile.get(name) ?? 0) + r.bytes);
    }
    console.log('| file (requests summed) | transferred bytes |\n|---|---:|');
    for (const [name, bytes] of [...byFile].sort((a, b) => b[1] - a[1])) console.log(`| ${name} | ${bytes} |`);
    console.log(`| **until the sign-in form** | ${signInForm} |`);
    console.log(`| **until the Storage grid (budget ${BUDGET_BYTES})** | **${total}** |`);
    writeFileSync(
      path.join(root, 'bench-results', 'payload.json'),
      JSON.stringify({ signInForm, total, budget: BUDGET_BYTES, files: Object.fromEntries(byFile) }, null, 2),
    );
    // Nothing the first screens do not need: no view's or dialog's own module.
    expect(app.map((r) => r.url).filter((u) => /split_(?!login_page)/.test(u))).toEqual([]);
    expect(total, `transferred before the Storage grid was interactive`).toBeLessThanOrEqual(BUDGET_BYTES);
  } finally {
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
