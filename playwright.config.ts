import { defineConfig, devices } from "@playwright/test";

import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/chromium";
import { E2E_DATABASE_URL, E2E_SERVERS, type E2eServer } from "./e2e/servers";

// Browser tests run against the production build served by scripts/start.ts,
// with its own emulator on its own ports and state file, so a run never
// touches the state of a dashboard you have open. Besides the main dashboard
// (no sign-in, as `npm start` runs it), two more serve the auth modes:
// HTTP basic with a read-only user, and an authenticating reverse proxy; a
// fourth runs without sign-in on every interface, started around npm start's
// rules; a fifth serves the generated L estate; another an organization of 200 accounts; and, with
// a PostgreSQL server at hand, one keeps its history there. e2e/servers.ts lists their ports and settings.
const baseURL = E2E_SERVERS.main.url;

/**
 * One dashboard with its own emulator, state file, audit log and a copy of its
 * output (for the secret scan). The output still reaches Playwright; tee
 * ignores SIGTERM so that start.ts can log its shutdown into it.
 */
function webServer(server: E2eServer) {
  const files = [server.emulatorData, server.auditLog, server.serverLog, server.historyDir].join(
    " ",
  );
  const database = server.env.DATABASE_URL
    ? `node_modules/.bin/tsx scripts/e2e-database.ts ${server.env.DATABASE_URL} && `
    : "";
  const start = server.listen
    ? `node --import tsx scripts/serve.ts --hostname ${server.listen} --port ${server.port}`
    : "node_modules/.bin/tsx scripts/start.ts";
  return {
    command: `mkdir -p .data && rm -rf ${files} && ${database}${start} 2>&1 | (trap '' TERM; exec tee ${server.serverLog})`,
    url: server.url,
    env: {
      PORT: String(server.port),
      DX_EMULATOR_PORT: String(server.emulatorPort),
      DX_EMULATOR_DATA: server.emulatorData,
      DX_AUDIT_LOG: server.auditLog,
      DX_HISTORY_DIR: server.historyDir,
      ...(server.listen
        ? { NODE_ENV: "production", HOST: server.listen, DX_EMULATOR_URL: server.emulatorUrl }
        : {}),
      ...server.env,
    },
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    // Let start.ts stop the emulator and Next.js cleanly instead of SIGKILL.
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 15_000 },
  };
}

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
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: [
    webServer(E2E_SERVERS.main),
    webServer(E2E_SERVERS.basic),
    webServer(E2E_SERVERS.proxy),
    webServer(E2E_SERVERS.exposed),
    webServer(E2E_SERVERS.large),
    webServer(E2E_SERVERS.organization),
    // Only with a PostgreSQL server to put its store on (TEST_DATABASE_URL).
    ...(E2E_DATABASE_URL ? [webServer(E2E_SERVERS.postgres)] : []),
  ],
});
