// Before each navigation the bench waits for the browser to go quiet, reading its processes' CPU time
// from /proc.
import { readdirSync, readFileSync } from "node:fs";

import { procStat } from "../reliability/servers";
import { log, sleep } from "./log";

/**
 * CPU time (ms) used so far by each process of the browser Playwright launched: the child of this
 * process started with --remote-debugging-pipe, and its descendants. Null where there is no /proc to
 * read, or no such child.
 */
function browserCpuByPid(): Map<number, number> | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  const stats = new Map<number, { parent: number; ms: number }>();
  for (const pid of entries) {
    try {
      const stat = procStat(Number(pid));
      stats.set(Number(pid), { parent: stat.parent, ms: stat.cpuMs });
    } catch {
      // Gone between the listing and the read.
    }
  }
  const cmdline = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      return "";
    }
  };
  const root = [...stats].find(
    ([pid, st]) => st.parent === process.pid && cmdline(pid).includes("--remote-debugging-pipe"),
  )?.[0];
  if (root === undefined) return null;
  const inBrowser = (pid: number) => {
    for (
      let p: number | undefined = pid;
      p !== undefined && p > 0 && p !== process.pid;
      p = stats.get(p)?.parent
    )
      if (p === root) return true;
    return false;
  };
  const cpu = new Map<number, number>();
  for (const [pid, st] of stats) if (inBrowser(pid)) cpu.set(pid, st.ms);
  return cpu;
}
let settleUnseen = false;

/** Quiet: at most QUIET_CPU_MS of CPU time in each of QUIET_WINDOWS windows of WINDOW_MS in a row. */
const QUIET_CPU_MS = 25;
const WINDOW_MS = 250;
const QUIET_WINDOWS = 2;
/** Navigates anyway after this long. */
const MAX_WAIT_MS = 10_000;
/** Without /proc: a plain wait. */
const BLIND_WAIT_MS = 3_000;

/**
 * Waits until the browser is quiet (a tenth of one core at most, in windows in a row), or until it has
 * waited long enough. Chromium renders a WebUI page for each new window's
 * omnibox popup, seconds of CPU in the window's first seconds. A person's window is open before they
 * navigate; a load started at once shared the machine's cores with that and measured it too, and its
 * first paint came markedly later than one after the browser went quiet. Each process's CPU is
 * compared with its own last sample: a process that exits (the last page's renderer) takes its time
 * with it and must not make the rest look quiet. Without /proc the wait is a plain one. Returns how
 * long it waited (ms), or null for the plain wait.
 */
export async function browserSettled(): Promise<number | null> {
  const start = Date.now();
  let before = browserCpuByPid();
  if (!before) {
    if (!settleUnseen)
      log(
        `cannot see the browser's processes in /proc: waiting ${BLIND_WAIT_MS / 1000} s before each navigation instead`,
      );
    settleUnseen = true;
    await sleep(BLIND_WAIT_MS);
    return null;
  }
  let quiet = 0;
  while (Date.now() - start < MAX_WAIT_MS) {
    await sleep(WINDOW_MS);
    const now = browserCpuByPid() ?? new Map<number, number>();
    let busy = 0;
    for (const [pid, ms] of now) busy += Math.max(0, ms - (before.get(pid) ?? 0));
    before = now;
    quiet = busy <= QUIET_CPU_MS ? quiet + 1 : 0;
    if (quiet === QUIET_WINDOWS) return Date.now() - start;
  }
  log(`the browser did not go quiet within ${MAX_WAIT_MS / 1000} s; navigating anyway`);
  return Date.now() - start;
}
