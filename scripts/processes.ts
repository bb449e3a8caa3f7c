// Child processes as dxmap's scripts run them: `npm start` (scripts/start.ts) its emulator and
// dashboard, `npm run bench` (scripts/bench/dashboards.ts) whole `npm start`s and, when profiling,
// emulators and servers of its own. Each is started, waited for until it is ready and stopped: SIGTERM
// first, SIGKILL for whatever has not exited after a grace period, and for a child in its own process
// group the whole group once it has exited.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import http from "node:http";

export interface ChildSpec {
  /** How messages name it: "emulator", "cold dashboard". */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Its output is appended to this file (and kept, for waitForOutput) instead of going to this
   * process's terminal.
   */
  logPath?: string;
  /**
   * In a process group of its own, killed whole when the child is stopped: a grandchild whose parent
   * was killed is not left running. The terminal's Ctrl-C then no longer reaches the child, so a
   * child that should stop with its terminal is not grouped.
   */
  group?: boolean;
  /** Called when the process cannot be started (`exited` has settled). */
  onError?: (error: Error) => void;
  /** Called when the process exits (`exited` has settled). */
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  /** Called with each piece of its output (with logPath only). */
  onOutput?: (text: string) => void;
}

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly group: boolean;
  readonly logPath: string | undefined;
  /** Settles once the process has exited or could not be started. */
  readonly exited: Promise<void>;
  readonly hasExited: boolean;
  /** All it has printed so far (with logPath only). */
  readonly output: string;
  /** Closes the log file, once the process has exited. */
  closeLog(): void;
}

export function startChild(spec: ChildSpec): Child {
  const log = spec.logPath ? createWriteStream(spec.logPath, { flags: "a" }) : undefined;
  const proc = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: log ? ["ignore", "pipe", "pipe"] : "inherit",
    detached: spec.group ?? false,
  });
  let hasExited = false;
  let output = "";
  const exited = new Promise<void>((resolve) => {
    proc.on("error", (error) => {
      hasExited = true;
      resolve();
      spec.onError?.(error);
    });
    proc.on("exit", (code, signal) => {
      hasExited = true;
      resolve();
      spec.onExit?.(code, signal);
    });
  });
  if (log) {
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      const text = chunk.toString();
      output += text;
      spec.onOutput?.(text);
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
  }
  return {
    name: spec.name,
    process: proc,
    group: spec.group ?? false,
    logPath: spec.logPath,
    exited,
    get hasExited() {
      return hasExited;
    },
    get output() {
      return output;
    },
    closeLog() {
      if (log && !log.writableEnded) log.end();
    },
  };
}

/**
 * Stops children together: SIGTERM to each one still running, SIGKILL to those still running after
 * `graceMs` (`onKill` is told first). Once they have exited, the process group of each grouped child
 * is killed, for whatever its death left behind, and the log files are closed.
 */
export async function stopChildren(
  children: readonly Child[],
  graceMs: number,
  onKill?: (child: Child) => void,
): Promise<void> {
  const running = children.filter((c) => !c.hasExited);
  for (const child of running) child.process.kill("SIGTERM");
  const killTimer = setTimeout(() => {
    for (const child of running) {
      if (!child.hasExited) {
        onKill?.(child);
        child.process.kill("SIGKILL");
      }
    }
  }, graceMs);
  await Promise.all(running.map((c) => c.exited));
  clearTimeout(killTimer);
  for (const child of children) {
    if (child.group && child.process.pid !== undefined) {
      try {
        process.kill(-child.process.pid, "SIGKILL");
      } catch {
        // The group is gone: nothing was left behind.
      }
    }
    child.closeLog();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every `intervalMs` until it holds ("ready"), `giveUp` holds ("gave up": the child
 * exited, or everything is being stopped) or `timeoutMs` has passed ("timeout").
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  {
    timeoutMs,
    intervalMs = 250,
    giveUp,
  }: { timeoutMs: number; intervalMs?: number; giveUp: () => boolean },
): Promise<"ready" | "gave up" | "timeout"> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (giveUp()) return "gave up";
    if (await check()) return "ready";
    await sleep(intervalMs);
  }
  return "timeout";
}

/** Whether `url` answers within 2 s with a response that `accept` takes; false on any failure. */
export async function answers(
  url: string,
  accept: (res: Response) => Promise<boolean>,
): Promise<boolean> {
  try {
    return await accept(await get(url, 2_000));
  } catch {
    return false;
  }
}

/**
 * GET over node:http, not fetch: fetch refuses the ports the Fetch standard calls bad (5060 and
 * 5061, SIP's, 6000, 6665-6669…) before sending anything, so a dashboard or an emulator on one of
 * them (DX_EMULATOR_PORT=5060) was never seen to answer, and `npm start` gave up after a minute.
 */
function get(url: string, timeoutMs: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        const body = [204, 205, 304].includes(status) ? null : Buffer.concat(chunks);
        resolve(new Response(body, { status }));
      });
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`no answer from ${url} in ${timeoutMs} ms`)),
    );
    req.on("error", reject);
  });
}

/**
 * Resolves once a child started with a log file has printed `text`; rejects, with the end of its
 * output, when it exits first. A child not ready after `timeoutMs` is sent SIGTERM, which ends the
 * wait in the same way.
 */
export function waitForOutput(child: Child, text: string, timeoutMs: number): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (child.output.includes(text)) resolve();
    };
    child.process.stdout?.on("data", onData);
    child.process.stderr?.on("data", onData);
    onData();
    void child.exited.then(() =>
      reject(
        new Error(
          `the ${child.name} exited before it was ready; see ${child.logPath}:\n${child.output.slice(-2000)}`,
        ),
      ),
    );
  });
  ready.catch(() => undefined);
  const timeout = setTimeout(() => child.process.kill("SIGTERM"), timeoutMs);
  void ready.finally(() => clearTimeout(timeout)).catch(() => undefined);
  return ready;
}
