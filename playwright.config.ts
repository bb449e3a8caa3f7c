import { existsSync } from "node:fs";

import { defineConfig, devices } from "@playwright/test";

// Browser tests run against the production build served by scripts/start.ts,
// with its own emulator on its own ports and state file, so a run never
// touches the state of a dashboard you have open.
const PORT = 3100;
const EMULATOR_PORT = 4699;
const EMULATOR_DATA = ".data/e2e-emulator-state.json";
const baseURL = `http://127.0.0.1:${PORT}`;

// The machine's Chromium when there is one (Playwright cannot download its own
// here); elsewhere, Playwright's own browser.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const executablePath = existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1440, height: 900 },
        colorScheme: "light",
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    // A fresh emulator state on every run: the seeded data the tests expect.
    command: `rm -f ${EMULATOR_DATA} && node_modules/.bin/tsx scripts/start.ts`,
    url: baseURL,
    env: {
      PORT: String(PORT),
      DX_EMULATOR_PORT: String(EMULATOR_PORT),
      DX_EMULATOR_DATA: EMULATOR_DATA,
    },
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    // Let start.ts stop the emulator and Next.js cleanly instead of SIGKILL.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
