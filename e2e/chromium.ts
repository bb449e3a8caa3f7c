import { existsSync } from "node:fs";

// How dxmap launches Chromium, for the browser tests (playwright.config.ts) and `npm run bench`.
// The machine's Chromium when there is one (Playwright cannot download its own here); elsewhere,
// Playwright's own browser. The flags keep a headless run quiet and free of background work.

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_PATH: string | undefined = existsSync(SYSTEM_CHROMIUM)
  ? SYSTEM_CHROMIUM
  : undefined;

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
