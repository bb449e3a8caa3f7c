// The dashboards and emulators the suite runs, each on its own ports with a fresh state file and audit
// log. Most run as `npm start` runs them (scripts/start.ts, through the bench's startDashboard); the
// crash part starts the emulator and the dashboard as separate processes, because start.ts stops the
// dashboard when its emulator exits, and kills and restarts them one at a time.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

import { root, startDashboard, stopAll as stopDashboards } from "../bench/dashboards";
import { startChild, stopChildren, waitForOutput, type Child } from "../processes";

export { root };

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 20_000;

export interface Pair {
  name: string;
  url: string;
  emulatorUrl: string;
  /** The emulator's state file. */
  stateFile: string;
  auditLog: string;
  stop(): Promise<void>;
}

/** What every child gets: the suite's environment without dxmap's own settings. */
export function cleanEnv(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("DX_") && !["HOST", "PORT", "NODE_OPTIONS", "NODE_ENV"].includes(k),
    ),
  );
}

/** A dashboard and its emulator as `npm start` runs them (building first when the build is stale). */
export async function startPair(
  name: string,
  port: number,
  emulatorPort: number,
  seed: string,
  dir: string,
  env: Record<string, string> = {},
): Promise<Pair> {
  const dashboard = await startDashboard(name, port, emulatorPort, seed, dir, env);
  return {
    name,
    url: dashboard.url,
    emulatorUrl: dashboard.emulatorUrl,
    // The names startDashboard gives them.
    stateFile: path.join(dir, `${name}-state.json`),
    auditLog: path.join(dir, `${name}-audit.log`),
    stop: () => dashboard.stop(),
  };
}

/** One process of the suite's own: an emulator or a dashboard, killed and restarted at will. */
export interface Process {
  readonly child: Child;
  readonly pid: number;
  /** SIGKILL: no handler runs, nothing is flushed. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

const processes = new Set<Process>();

/** Stops whatever the suite started and is still running: on the way out, whatever happened. */
export async function stopEverything(): Promise<void> {
  await Promise.all([stopDashboards(), ...[...processes].map((p) => p.stop())]);
}

async function startProcess(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  readyText: string,
  logPath: string,
): Promise<Process> {
  const child = startChild({
    name,
    command: process.execPath,
    // `node --import tsx`, not the tsx command, which runs the script in a second process: the pid
    // here is the emulator's or the dashboard's own, the one a kill -9 must reach.
    args: ["--import", "tsx", ...args],
    env,
    cwd: root,
    logPath,
    group: true,
  });
  const started: Process = {
    child,
    pid: child.process.pid!,
    async kill9() {
      child.process.kill("SIGKILL");
      await child.exited;
      await stopChildren([child], STOP_GRACE_MS);
      processes.delete(started);
    },
    async stop() {
      await stopChildren([child], STOP_GRACE_MS);
      processes.delete(started);
    },
  };
  processes.add(started);
  await waitForOutput(child, readyText, READY_TIMEOUT_MS);
  return started;
}

/** lib/emulator/main.ts on `port` with this state file (a restart on the same file resumes it). */
export function startEmulatorProcess(
  name: string,
  port: number,
  stateFile: string,
  logPath: string,
  env: Record<string, string> = {},
): Promise<Process> {
  return startProcess(
    name,
    ["lib/emulator/main.ts"],
    {
      ...cleanEnv(),
      NODE_ENV: "production",
      DX_EMULATOR_HOST: "127.0.0.1",
      DX_EMULATOR_PORT: String(port),
      DX_EMULATOR_DATA: stateFile,
      ...env,
    },
    "listening on",
    logPath,
  );
}

/**
 * scripts/serve.ts (the production build, as start.ts starts it) pointed at `emulatorUrl`. The build
 * must be there and current: the suite starts a dashboard through start.ts before this one.
 */
export function startDashboardProcess(
  name: string,
  port: number,
  emulatorUrl: string,
  auditLog: string,
  logPath: string,
  env: Record<string, string> = {},
): Promise<Process> {
  return startProcess(
    name,
    ["scripts/serve.ts", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      ...cleanEnv(),
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DX_EMULATOR_URL: emulatorUrl,
      DX_AUDIT_LOG: auditLog,
      // Each dashboard's own history store (PGlite): a directory is one process's.
      DX_HISTORY_DIR: path.join(path.dirname(auditLog), `${name}-history`),
      ...env,
    },
    "listening on http",
    logPath,
  );
}

/** The process (of this user) that holds the socket listening on `port`. */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let lines: string[];
    try {
      lines = readFileSync(table, "utf8").split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; st 0A is LISTEN.
      if (f.length > 9 && f[3] === "0A" && parseInt(f[1]!.split(":")[1]!, 16) === port)
        inodes.add(f[9]!);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(target);
        if (m && inodes.has(m[1]!)) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

// Linux's USER_HZ: 100 on every architecture it runs on.
const CLOCK_TICKS = 100;

/** A process's parent and the CPU time (user and system, ms) it has used so far, from /proc. */
export function procStat(pid: number): { parent: number; cpuMs: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // pid (comm) state ppid ... utime stime: comm may hold spaces and brackets, so split after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    parent: Number(fields[1]),
    cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS,
  };
}

/** The CPU time (user and system, ms) a process has used so far. */
export const cpuMs = (pid: number) => procStat(pid).cpuMs;

/** VmRSS of a process, in bytes. */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) * 1024;
}
