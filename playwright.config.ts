import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests against the real platform: `src/cli.ts start` serves the built web app (web/dist)
 * and the API on one port, with the demo académie seeded in a fresh embedded database.
 * Chromium is Debian's (CHROMIUM_PATH), never a browser downloaded by Playwright.
 */
// E2E_PORT lets several runs share a machine (each gets its own server and data folder)
const PORT = Number(process.env.E2E_PORT ?? 3199);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const DATA_DIR = join(tmpdir(), `stage-seconde-e2e-var-${PORT}`);

// Playwright evaluates this file in the runner and again in each worker: wipe the data folder
// only in the runner, before it starts the server.
if (process.env.TEST_WORKER_INDEX === undefined) rmSync(DATA_DIR, { recursive: true, force: true });

export default defineConfig({
  testDir: 'test/e2e',
  // not the default test-results/: Playwright empties its outputDir, and CI keeps other reports there
  outputDir: 'test-results/e2e-artifacts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // the CI machine runs the suite about twice as slowly as a quiet one (11 min against 6): a test
  // that takes 15 s here went past a 30 s budget there
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: BASE_URL,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'node --import tsx src/cli.ts start',
    url: `${BASE_URL}/api/health`,
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR,
      DEMO: 'true',
      LOG_LEVEL: 'warn',
    },
    // the first start seeds the demo académie (~30 s); the web app is built beforehand
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
