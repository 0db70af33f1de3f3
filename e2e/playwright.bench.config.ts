import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The browser benchmarks (make bench): one worker so nothing else competes for the two cores,
// no retries (a miss is a miss), long timeouts for the 10,000-domain site.
export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '*.bench.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
});
