// Organization scale (issue 24), at XL: a dashboard reading an organization of 200 accounts in six
// regions through their dxmap-read roles (lib/aws/organization.ts), each account's Direct Connect
// calls within its budget (DX_ACCOUNT_CALLS_PER_SECOND, lib/aws/budget.ts). A full collector pass
// with 200 ms added to every AWS call, forced by a Refresh (Cache-Control: no-cache: the collector
// reads every scope at once, and the answer waits for them); each account's calls per second during
// it, from the emulator's arrival times (GET /_dxmap/calls/rates); and the Next.js server's RSS.
import { gunzipSync } from "node:zlib";

import type { DxTopology } from "../../lib/dx/types";
import { cpuMs, pidListeningOn, rssBytes } from "../reliability/servers";
import type { Dashboard } from "./dashboards";
import { control, request } from "./http";
import { log } from "./log";

/** Added to every AWS call (the emulator's latencyMs) during the forced pass. */
export const PASS_LATENCY_MS = 200;
/** The budget the dashboard runs with: its default, named here so that the table can say it. */
export const CALLS_PER_SECOND = 5;
/**
 * The dashboard's own collector interval, long, so that the forced pass is the only one under way
 * (scopes with something transitional are still read at the fast pace meanwhile).
 */
export const ORG_COLLECT_INTERVAL_MS = 300_000;

export interface OrganizationResult {
  accounts: number;
  regions: number;
  interfaces: number;
  /** From starting the dashboard (and its emulator) to its first whole topology, no latency added. */
  firstPassMs: number;
  /** The forced pass: the Refresh's answer, every scope read, with PASS_LATENCY_MS per call. */
  passMs: number;
  /** The Next.js server's CPU time (user and system) during the forced pass. */
  passCpuMs: number;
  /** Account × region pairs whose DescribeVirtualInterfaces was answered 200 during the pass. */
  scopesRead: number;
  scopesExpected: number;
  /** The answer's read errors (accounts or regions it could not read). */
  readErrors: number;
  /** Direct Connect calls the emulator received during the pass, and how many it throttled. */
  calls: number;
  throttled: number;
  assumeRoles: number;
  /** Each account's Direct Connect calls per second during the pass: the highest peak, and means. */
  ratePeak: number;
  ratePeakClockSecond: number;
  ratePeakAccount: string;
  /** Accounts whose peak is over the budget, and the three highest peaks ("network 11, …"). */
  overBudget: number;
  topPeaks: string;
  rateMean: number;
  rateMeanMax: number;
  /** VmRSS of the Next.js server process: after its first pass, and after the forced one. */
  serverRssMb: number;
  serverRssAfterMb: number;
  emulatorRssMb: number;
}

interface CallsAnswer {
  total: number;
  byOperation: Record<string, number>;
  calls: {
    operation: string;
    account: string;
    region: string;
    status: number;
    errorType?: string;
  }[];
}

interface Rates {
  peak: number;
  mean: number;
  accounts: {
    account: string;
    calls: number;
    peak: number;
    peakClockSecond: number;
    mean: number;
  }[];
}

async function topology(d: Dashboard, refresh: boolean): Promise<DxTopology> {
  const res = await request(
    `${d.url}/api/topology`,
    "GET",
    undefined,
    refresh ? { "Cache-Control": "no-cache" } : {},
  );
  if (res.status !== 200)
    throw new Error(`GET /api/topology: ${res.status} ${res.body.toString().slice(0, 300)}`);
  return JSON.parse(
    (res.encoding === "gzip" ? gunzipSync(res.body) : res.body).toString("utf8"),
  ) as DxTopology;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

function rssOf(port: number, what: string): number {
  const pid = pidListeningOn(port);
  if (pid === undefined) throw new Error(`no process listens on ${port} (${what})`);
  return mb(rssBytes(pid));
}

export async function measureOrganization(
  d: Dashboard,
  startedAt: number,
  expected: { accounts: number; regions: number },
): Promise<OrganizationResult> {
  // The first GET waits for every scope never read yet: the dashboard's first whole pass.
  let first = await topology(d, false);
  while (first.accounts.length < expected.accounts) {
    log(`XL: the topology has ${first.accounts.length} of ${expected.accounts} accounts; again…`);
    first = await topology(d, false);
  }
  const firstPassMs = Date.now() - startedAt;
  const port = Number(new URL(d.url).port);
  const emulatorPort = Number(new URL(d.emulatorUrl).port);
  const serverRssMb = rssOf(port, "the dashboard");
  log(
    `XL: first pass ${(firstPassMs / 1000).toFixed(1)} s after the start; ${first.accounts.length} accounts, ${first.virtualInterfaces.length} interfaces; server RSS ${serverRssMb.toFixed(0)} MB`,
  );

  await control(d.emulatorUrl, "POST", "/_dxmap/faults", { latencyMs: PASS_LATENCY_MS });
  let passMs: number;
  let passCpuMs: number;
  let read: DxTopology;
  const serverPid = pidListeningOn(port)!;
  try {
    await control(d.emulatorUrl, "DELETE", "/_dxmap/calls");
    log(`XL: a forced pass (Refresh), +${PASS_LATENCY_MS} ms per AWS call…`);
    const t = performance.now();
    const cpu = cpuMs(serverPid);
    read = await topology(d, true);
    passMs = performance.now() - t;
    passCpuMs = cpuMs(serverPid) - cpu;
  } finally {
    await control(d.emulatorUrl, "DELETE", "/_dxmap/faults");
  }
  const log_ = (await control(
    d.emulatorUrl,
    "GET",
    "/_dxmap/calls?limit=10000",
  )) as unknown as CallsAnswer;
  if (log_.total > log_.calls.length)
    log(`XL: the call log held ${log_.calls.length} of the pass's ${log_.total} calls`);
  const scopes = new Set(
    log_.calls
      .filter((c) => c.operation === "DescribeVirtualInterfaces" && c.status === 200)
      .map((c) => `${c.account}/${c.region}`),
  );
  const dc = log_.calls.filter((c) => c.operation !== "AssumeRole" && c.operation !== "");
  const rates = (await control(
    d.emulatorUrl,
    "GET",
    "/_dxmap/calls/rates?service=directconnect",
  )) as unknown as Rates;
  const busiest = rates.accounts.reduce((a, b) => (b.peak > a.peak ? b : a), rates.accounts[0]!);
  const serverRssAfterMb = rssOf(port, "the dashboard");
  const emulatorRssMb = rssOf(emulatorPort, "its emulator");
  return {
    accounts: read.accounts.length,
    regions: read.regions.length,
    interfaces: read.virtualInterfaces.length,
    firstPassMs,
    passMs,
    passCpuMs,
    scopesRead: scopes.size,
    scopesExpected: expected.accounts * expected.regions,
    readErrors: read.errors.length,
    calls: rates.accounts.reduce((n, a) => n + a.calls, 0),
    throttled: dc.filter((c) => c.errorType === "ThrottlingException").length,
    assumeRoles: log_.byOperation.AssumeRole ?? 0,
    ratePeak: rates.peak,
    ratePeakClockSecond: Math.max(0, ...rates.accounts.map((a) => a.peakClockSecond)),
    ratePeakAccount: busiest?.account ?? "",
    overBudget: rates.accounts.filter((a) => a.peak > CALLS_PER_SECOND).length,
    topPeaks: [...rates.accounts]
      .sort((a, b) => b.peak - a.peak)
      .slice(0, 3)
      .map((a) => `${a.account} ${a.peak}`)
      .join(", "),
    rateMean: rates.mean,
    rateMeanMax: Math.max(0, ...rates.accounts.map((a) => a.mean)),
    serverRssMb,
    serverRssAfterMb,
    emulatorRssMb,
  };
}
