// The collector's figures (issue 23), on one dashboard at L: how old the snapshot the browsers are
// served is when every AWS call takes 200 ms more; and many browsers polling /api/topology as the
// map does, how fast they are answered and how many AWS calls they add (none: the routes answer from
// the collector's snapshot).
import type http from "node:http";

import { READ_AT_HEADER } from "../../lib/dx/headers";
import type { DxTopology } from "../../lib/dx/types";
import { pollAsBrowser, type Tab } from "../reliability/dashboard";
import { json, keepAlive, send } from "../reliability/http";
import type { Dashboard } from "./dashboards";
import { control } from "./http";
import { log, sleep } from "./log";
import { median, percentile } from "./stats";

/** The collector's interval, given to the dashboard explicitly (DX_COLLECT_INTERVAL_MS). */
export const COLLECT_INTERVAL_MS = 15_000;
/** Added to every AWS call while the snapshot's age is sampled. */
export const AGE_LATENCY_MS = 200;
const AGE_SAMPLING_MS = 120_000;
const AGE_EVERY_MS = 250;
export const BROWSERS = 50;
/** The map's fast pace (components/use-topology.ts, while something is transitional): its most requests. */
const POLL_MS = 2_000;
/** Each window a whole number of intervals, so that each holds the same number of collector passes. */
const ONE_BROWSER_INTERVALS = 2;
const BROWSERS_INTERVALS = 4;

export interface AgeResult {
  samples: number;
  p50: number;
  p95: number;
  max: number;
  /**
   * From a pass's start (its readAt) to its snapshot first being served: how long a pass took (to
   * within a sample's AGE_EVERY_MS).
   */
  passP50: number;
  passMax: number;
  passes: number;
  /** Between consecutive snapshots' readAt: the collector's period. */
  periodP50: number;
}

export interface BrowsersResult {
  /** AWS calls per second (the emulator's call log) with one browser, and with BROWSERS. */
  oneRate: number;
  manyRate: number;
  oneSeconds: number;
  manySeconds: number;
  polls: number;
  p50: number;
  p95: number;
  max: number;
  statuses: Record<string, number>;
}

export interface HistoryResult {
  age: AgeResult;
  browsers: BrowsersResult;
}

const readAtOf = (headers: http.IncomingHttpHeaders) => {
  const v = headers[READ_AT_HEADER.toLowerCase()];
  return typeof v === "string" ? Date.parse(v) : NaN;
};

/** Each account's topology as the collector stores it (GET /api/topology?accounts=…). */
export async function topologyByAccount(d: Dashboard): Promise<Map<string, DxTopology>> {
  const all = await pollAsBrowser(d.url, {});
  const whole = json<DxTopology>(all.res);
  if (!whole) throw new Error(`GET /api/topology: ${all.res.status}`);
  const byAccount = new Map<string, DxTopology>();
  for (const { alias } of whole.accounts) {
    const res = await send(`${d.url}/api/topology?accounts=${encodeURIComponent(alias)}`, {
      headers: { Host: new URL(d.url).host, "Accept-Encoding": "gzip" },
    });
    const topology = json<DxTopology>(res);
    if (res.status !== 200 || !topology)
      throw new Error(`GET /api/topology?accounts=${alias}: ${res.status}`);
    byAccount.set(alias, topology);
  }
  return byAccount;
}

/** Waits for a snapshot read after `after` (ms since the epoch) to be served; its readAt. */
async function nextSnapshot(d: Dashboard, tab: Tab, after: number): Promise<number> {
  const deadline = Date.now() + COLLECT_INTERVAL_MS * 2 + 30_000;
  for (;;) {
    const { res } = await pollAsBrowser(d.url, tab);
    const readAt = readAtOf(res.headers);
    if (readAt > after) return readAt;
    if (Date.now() > deadline) throw new Error("the collector served no new snapshot in time");
    await sleep(AGE_EVERY_MS);
  }
}

/**
 * The served snapshot's age (now − its readAt, the X-Dx-Read-At header) with AGE_LATENCY_MS added to
 * every AWS call, sampled for AGE_SAMPLING_MS once a pass under that latency has been served.
 */
export async function measureSnapshotAge(d: Dashboard): Promise<AgeResult> {
  const tab: Tab = {};
  await nextSnapshot(d, tab, 0);
  const from = Date.now();
  await control(d.emulatorUrl, "POST", "/_dxmap/faults", { latencyMs: AGE_LATENCY_MS });
  try {
    log(`L: snapshot age, +${AGE_LATENCY_MS} ms per AWS call: waiting for a pass under it…`);
    await nextSnapshot(d, tab, from);
    log(`L: snapshot age: sampling for ${AGE_SAMPLING_MS / 1000} s…`);
    const ages: number[] = [];
    const passes: number[] = [];
    const readAts: number[] = [];
    const end = Date.now() + AGE_SAMPLING_MS;
    let last = NaN;
    while (Date.now() < end) {
      const { res } = await pollAsBrowser(d.url, tab);
      const now = Date.now();
      const readAt = readAtOf(res.headers);
      if (!Number.isFinite(readAt))
        throw new Error(`GET /api/topology: ${res.status}, no read time`);
      ages.push(now - readAt);
      // The snapshot's readAt is its oldest scope's: it moves by a few milliseconds as each account's
      // pass ends, and by an interval once the last has.
      if (!Number.isFinite(last) || readAt - last > COLLECT_INTERVAL_MS / 2) {
        if (Number.isFinite(last)) passes.push(now - readAt);
        readAts.push(readAt);
      }
      last = readAt;
      await sleep(AGE_EVERY_MS);
    }
    const periods = readAts.slice(1).map((t, i) => t - readAts[i]!);
    return {
      samples: ages.length,
      p50: median(ages),
      p95: percentile(ages, 95),
      max: Math.max(...ages),
      passP50: median(passes),
      passMax: Math.max(...passes),
      passes: passes.length,
      periodP50: median(periods),
    };
  } finally {
    await control(d.emulatorUrl, "DELETE", "/_dxmap/faults");
  }
}

/**
 * Waits until the middle of the collector's period: a window that starts there and lasts whole
 * intervals holds the same number of passes, whatever their phase.
 */
async function midPeriod(d: Dashboard): Promise<void> {
  const readAt = await nextSnapshot(d, {}, Date.now() - COLLECT_INTERVAL_MS / 4);
  let start = readAt + COLLECT_INTERVAL_MS / 2;
  while (start < Date.now()) start += COLLECT_INTERVAL_MS;
  await sleep(start - Date.now());
}

/**
 * `n` browsers, each with its own connections and the topology it holds, polling as the map does
 * (If-None-Match, A-IM: dxmap-changes) every POLL_MS, started at random moments of the first; for
 * `intervals` collector intervals, starting mid-period. The AWS calls over the window, and each poll.
 */
async function browsersPolling(d: Dashboard, n: number, intervals: number) {
  const tabs = Array.from({ length: n }, () => ({ tab: {} as Tab, agent: keepAlive(2) }));
  // Each loads the page's whole topology first, as a browser does, before the window.
  for (const t of tabs) await pollAsBrowser(d.url, t.tab, t.agent);
  await midPeriod(d);
  await control(d.emulatorUrl, "DELETE", "/_dxmap/calls");
  const end = Date.now() + intervals * COLLECT_INTERVAL_MS;
  const ms: number[] = [];
  const statuses: Record<string, number> = {};
  await Promise.all(
    tabs.map(async ({ tab, agent }) => {
      await sleep(Math.random() * POLL_MS);
      while (Date.now() < end) {
        const at = Date.now();
        const { res } = await pollAsBrowser(d.url, tab, agent);
        ms.push(res.ms);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        await sleep(Math.max(0, at + POLL_MS - Date.now()));
      }
    }),
  );
  const calls = (await control(d.emulatorUrl, "GET", "/_dxmap/calls")).total as number;
  // The window as planned: the last polls may end a moment after it, with no pass in that moment.
  const seconds = (intervals * COLLECT_INTERVAL_MS) / 1000;
  for (const t of tabs) t.agent.destroy();
  return { rate: calls / seconds, seconds, ms, statuses };
}

export async function measureBrowsers(d: Dashboard): Promise<BrowsersResult> {
  log(`L: one browser polling, ${ONE_BROWSER_INTERVALS} collector intervals…`);
  const one = await browsersPolling(d, 1, ONE_BROWSER_INTERVALS);
  log(`L: ${BROWSERS} browsers polling, ${BROWSERS_INTERVALS} collector intervals…`);
  const many = await browsersPolling(d, BROWSERS, BROWSERS_INTERVALS);
  return {
    oneRate: one.rate,
    manyRate: many.rate,
    oneSeconds: one.seconds,
    manySeconds: many.seconds,
    polls: many.ms.length,
    p50: median(many.ms),
    p95: percentile(many.ms, 95),
    max: Math.max(...many.ms),
    statuses: many.statuses,
  };
}
