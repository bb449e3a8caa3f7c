// The dashboards the bench measures, each with its own emulator, ports, state file and audit log, as
// `npm start` runs them (scripts/start.ts); and that none is left running whatever goes wrong.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { startChild, stopChildren, waitForOutput, type Child } from "../processes";
import { log } from "./log";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface Dashboard {
  url: string;
  emulatorUrl: string;
  stop(): Promise<void>;
}

/** Long enough for start.ts to run `next build` first when the build is missing or stale. */
const READY_TIMEOUT_MS = 300_000;
/** Stopping: SIGTERM, then SIGKILL after this long. */
const STOP_GRACE_MS = 20_000;

const running = new Set<Dashboard>();

/**
 * A child in its own process group (a grandchild whose parent was killed goes with the group) whose
 * output goes to a log file; ready once its output contains `readyText`.
 */
async function startReady(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  readyText: string,
  logPath: string,
  children: Child[],
) {
  let building = false;
  const child = startChild({
    name,
    command: process.execPath,
    args,
    env,
    cwd: root,
    logPath,
    group: true,
    onOutput: () => {
      if (!building && child.output.includes("running next build")) {
        building = true;
        log("the build is missing or stale: scripts/start.ts is running next build…");
      }
    },
  });
  children.push(child);
  await waitForOutput(child, readyText, READY_TIMEOUT_MS);
}

/**
 * A dashboard and its emulator with their own ports, state file and audit log, as scripts/start.ts
 * runs them. With `profileDir` both run under `node --cpu-prof` (which NODE_OPTIONS does not allow),
 * started directly as start.ts would start them, from the existing build.
 */
export async function startDashboard(
  name: string,
  port: number,
  emulatorPort: number,
  seed: string,
  dir: string,
  env: Record<string, string> = {},
  profileDir?: string,
): Promise<Dashboard> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("DX_") && !["HOST", "PORT", "NODE_OPTIONS", "NODE_ENV"].includes(k),
    ),
  );
  const childEnv: NodeJS.ProcessEnv = {
    ...clean,
    NODE_ENV: "production",
    PORT: String(port),
    DX_EMULATOR_PORT: String(emulatorPort),
    DX_EMULATOR_DATA: path.join(dir, `${name}-state.json`),
    DX_EMULATOR_SEED: seed,
    DX_AUDIT_LOG: path.join(dir, `${name}-audit.log`),
    DX_HISTORY_DIR: path.join(dir, `${name}-history`),
    ...env,
  };
  const logPath = path.join(dir, `${name}.log`);
  const children: Child[] = [];
  const dashboard: Dashboard = {
    url: `http://127.0.0.1:${port}`,
    emulatorUrl: `http://127.0.0.1:${emulatorPort}`,
    async stop() {
      running.delete(dashboard);
      // The dashboard first, then its emulator.
      for (const c of [...children].reverse()) await stopChildren([c], STOP_GRACE_MS);
    },
  };
  running.add(dashboard);
  if (!profileDir) {
    // `node --import tsx`, not the tsx command: that one relays SIGTERM and SIGKILLs a child that does
    // not acknowledge it within moments, which would leave start.ts's emulator and dashboard running.
    await startReady(
      `${name} dashboard`,
      ["--import", "tsx", "scripts/start.ts"],
      childEnv,
      "dashboard ready",
      logPath,
      children,
    );
    return dashboard;
  }
  if (!existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("--profile serves the existing build: run `npm run build` first");
  mkdirSync(profileDir, { recursive: true });
  const prof = (what: string) => [
    "--cpu-prof",
    `--cpu-prof-dir=${path.join(profileDir, what)}`,
    "--import",
    "tsx",
  ];
  await startReady(
    `${name} emulator`,
    [...prof("emulator"), "lib/emulator/main.ts"],
    { ...childEnv, DX_EMULATOR_HOST: "127.0.0.1" },
    "listening on",
    logPath,
    children,
  );
  await startReady(
    `${name} dashboard`,
    [...prof("server"), "scripts/serve.ts", "--hostname", "127.0.0.1", "--port", String(port)],
    { ...childEnv, HOST: "127.0.0.1", DX_EMULATOR_URL: dashboard.emulatorUrl },
    "listening on http",
    logPath,
    children,
  );
  return dashboard;
}

export async function stopAll() {
  await Promise.all([...running].map((d) => d.stop()));
}

/** Whatever goes wrong, the dashboards (in their own process groups) are not left running. */
export function stopAllOnExit() {
  process.on("unhandledRejection", (error) => {
    console.error(error);
    void stopAll().finally(() => process.exit(1));
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping the dashboards…`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}
