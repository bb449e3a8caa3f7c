import { existsSync } from "node:fs";
import path from "node:path";

import { chromium } from "@playwright/test";

// Which Chromium dxmap's browser tests (playwright.config.ts) and `npm run bench` launch, and how.
// scripts/ensure-chromium.ts runs before them and installs one when none is found.

/** Set to a browser's path to use that one and skip the search. */
export const CHROMIUM_ENV = "DX_CHROMIUM";

/** The system's Chromium or Chrome, in the order looked for: a name without a slash is found on PATH. */
export const SYSTEM_CHROMIUMS = [
  "/usr/bin/chromium",
  "chromium",
  "chromium-browser",
  "google-chrome",
  "google-chrome-stable",
];

type Env = Readonly<Record<string, string | undefined>>;

export interface ChromiumFound {
  path: string;
  /** Where it was found, for the log: "DX_CHROMIUM", "system" or "playwright". */
  source: "DX_CHROMIUM" | "system" | "playwright";
}

/** A command's path: itself when it names a path, else its first executable match on PATH. */
function onPath(command: string, env: Env, exists: (p: string) => boolean) {
  if (command.includes("/")) return exists(command) ? command : undefined;
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (exists(candidate)) return candidate;
  }
  return undefined;
}

/** Playwright's own Chromium, where `npx playwright install chromium` put it. */
function playwrightChromium(): string {
  return chromium.executablePath();
}

/**
 * The Chromium to launch, without installing anything: $DX_CHROMIUM, else the system's, else the one
 * Playwright downloaded earlier; undefined when there is none.
 */
export function findChromium(
  env: Env = process.env,
  exists: (p: string) => boolean = existsSync,
  playwrights: () => string = playwrightChromium,
): ChromiumFound | undefined {
  const chosen = env[CHROMIUM_ENV]?.trim();
  if (chosen) return { path: chosen, source: "DX_CHROMIUM" };
  for (const name of SYSTEM_CHROMIUMS) {
    const found = onPath(name, env, exists);
    if (found) return { path: found, source: "system" };
  }
  const own = playwrights();
  if (own && exists(own)) return { path: own, source: "playwright" };
  return undefined;
}

/** The browser for Playwright's launchOptions; undefined lets Playwright look for its own. */
export const CHROMIUM_PATH: string | undefined = findChromium()?.path;

/** Flags that keep a headless run quiet and free of background work (and work as root). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
