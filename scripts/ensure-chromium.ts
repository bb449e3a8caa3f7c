// Before the browser tests (`npm test`, `npm run screenshots`, `npm run bench`): make sure there is a
// Chromium to launch, installing one when there is none, so that the README's two commands are all the
// setup a new machine needs. In order: $DX_CHROMIUM, the system's Chromium or Chrome, the one
// Playwright downloaded earlier; then `playwright install chromium` (a download: an ordinary machine
// with internet); then, as root on Debian or Ubuntu, `apt-get install -y chromium`. When all fail it
// stops with one message saying what to install.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { CHROMIUM_ENV, findChromium, type ChromiumFound } from "../e2e/chromium";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A command run with its output shown; true when it exited 0. */
export type Run = (command: string, args: string[], env?: NodeJS.ProcessEnv) => boolean;

export interface EnsureDeps {
  find: () => ChromiumFound | undefined;
  run: Run;
  /** Whether this process may install system packages: root on a machine with apt-get. */
  canApt: boolean;
  log: (message: string) => void;
}

export const NO_CHROMIUM = [
  "dxmap's browser tests need Chromium, and none was found or could be installed.",
  "Install one of these, then run the command again:",
  "  - Debian/Ubuntu:  sudo apt-get install -y chromium",
  "  - any machine with internet:  npx playwright install chromium",
  `  - or point ${CHROMIUM_ENV} at a Chromium or Chrome you have:  ${CHROMIUM_ENV}=/path/to/chrome npm test`,
].join("\n");

/** The Chromium found or installed; throws an Error with NO_CHROMIUM when there is none. */
export function ensureChromium(deps: EnsureDeps): ChromiumFound {
  const found = deps.find();
  if (found) return found;
  deps.log("no Chromium found: trying `playwright install chromium` (a download)…");
  if (deps.run(path.join(root, "node_modules", ".bin", "playwright"), ["install", "chromium"])) {
    const installed = deps.find();
    if (installed) return installed;
  }
  if (deps.canApt) {
    deps.log("trying Debian's package: apt-get install -y chromium…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    if (
      deps.run("apt-get", ["update"], env) &&
      deps.run("apt-get", ["install", "-y", "chromium"], env)
    ) {
      const installed = deps.find();
      if (installed) return installed;
    }
  }
  throw new Error(NO_CHROMIUM);
}

const run: Run = (command, args, env) =>
  spawnSync(command, args, { stdio: "inherit", env: env ?? process.env, timeout: 15 * 60_000 })
    .status === 0;

const log = (message: string) => console.log(`[dxmap] ${message}`);

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const chromium = ensureChromium({
      find: () => findChromium(),
      run,
      canApt: process.getuid?.() === 0 && existsSync("/usr/bin/apt-get"),
      log,
    });
    log(`browser tests use ${chromium.path} (${chromium.source})`);
  } catch (error) {
    console.error(`[dxmap] ${(error as Error).message}`);
    process.exit(1);
  }
}
