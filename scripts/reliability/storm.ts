// Throttling storm: the emulator throttles every call (POST /_dxmap/faults {"throttleRate":1}) for a
// minute, then none. The dashboard's collector reads every COLLECT_MS (its pair is started so);
// browsers are answered from its snapshot. First one reader, a read a second, with the emulator's
// call log read after each: every call's attempt number, as the SDK sent it (amz-sdk-request), at
// most DX_MAX_ATTEMPTS. Then browser tabs polling (If-None-Match, every 2 s): the upstream calls per
// second (the call log, read and cleared every second) stay within one collector pass's calls, each
// retried at most DX_MAX_ATTEMPTS times — tabs add none — and the dashboard's open connections to
// the emulator (its sockets in /proc) stay as many as one pass opens: no pile-up. Every answer
// during the storm (once a pass has met it) must be the last good data with the failures named and
// kept from when (errors[].keptFrom); after the storm, the next poll is fresh again.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

import type { DxTopology } from "../../lib/dx/types";
import { poll, pollAsBrowser, topology, type Tab } from "./dashboard";
import { callLog, clearCallLog, control, json, keepAlive, sleep } from "./http";
import { figure, info, type Figure } from "./report";
import { pidListeningOn, type Pair } from "./servers";

/** The dashboard's default DX_MAX_ATTEMPTS, and the collector's interval its pair is started with. */
const MAX_ATTEMPTS = 3;
export const COLLECT_MS = 2_000;
const TABS = 20;
const POLL_MS = 2_000;
/** How long the browser waits between polls when nothing is moving: the storm must be over by the next. */
const SLOW_POLL_MS = 15_000;

/** Sockets of process `pid` connected to `port` on loopback. */
function connectionsTo(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  let n = 0;
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    // rem_address is ADDR:PORT in hex; st 01 is ESTABLISHED.
    if (
      f.length > 9 &&
      f[3] === "01" &&
      parseInt(f[2]!.split(":")[1]!, 16) === port &&
      inodes.has(f[9]!)
    )
      n++;
  }
  return n;
}

/** The data the map draws, without the read time, version and errors. */
const drawn = (t: DxTopology) =>
  JSON.stringify([
    t.connections,
    t.lags,
    t.virtualInterfaces,
    t.directConnectGateways,
    t.virtualGateways,
    t.locations,
  ]);

export async function storm(
  pair: Pair,
  seconds: number,
  log: (m: string) => void,
): Promise<Figure[]> {
  const { url, emulatorUrl } = pair;
  const emulatorPort = Number(new URL(emulatorUrl).port);
  const dashboardPid = pidListeningOn(Number(new URL(url).port));
  const baseline = await topology(url);
  // The calls of one collector pass over every scope (AWS's locations are kept an hour): the mean
  // over three intervals.
  await sleep(COLLECT_MS + 100);
  await clearCallLog(emulatorUrl);
  // As many as the passes open at once, sampled as the storm's are (every 250 ms, the peak): one
  // sample between passes counted only the sockets still kept alive (10 to 24 over the same code),
  // and a storm's pass that opened one more than that sample was a miss.
  const before: number[] = [];
  for (const until = Date.now() + COLLECT_MS * 3; Date.now() < until;) {
    await sleep(250);
    if (dashboardPid) before.push(connectionsTo(dashboardPid, emulatorPort));
  }
  const callsPerRead = Math.round((await callLog(emulatorUrl)).total / 3);
  const connectionsBefore = Math.max(0, ...before);

  const answers = {
    total: 0,
    kept: 0,
    statuses: {} as Record<string, number>,
    wrong: [] as string[],
  };
  /** `body`: what the answer leaves the map showing. */
  const check = (status: number, body: DxTopology | undefined) => {
    answers.total++;
    answers.statuses[status] = (answers.statuses[status] ?? 0) + 1;
    const ok =
      body !== undefined &&
      body.errors.length > 0 &&
      body.errors.every((e) => e.keptFrom) &&
      drawn(body) === drawn(baseline);
    if (ok) answers.kept++;
    else if (answers.wrong.length < 3)
      answers.wrong.push(`${status}: ${JSON.stringify(body?.errors.slice(0, 2) ?? null)}`);
  };

  await control(emulatorUrl, "POST", "/_dxmap/faults", { throttleRate: 1 });
  const stormStart = Date.now();
  const stormEnd = stormStart + seconds * 1000;
  // The snapshot meets the storm at the collector's next pass, and its retries.
  await sleep(COLLECT_MS * 2 + 500);

  // One reader, a read a second: the attempt of every call the collector made meanwhile.
  const attempts: number[] = [];
  let reads = 0;
  while (Date.now() < stormStart + (seconds * 1000) / 4) {
    await clearCallLog(emulatorUrl);
    const res = await poll(url);
    check(res.status, res.status === 200 ? json<DxTopology>(res) : undefined);
    reads++;
    await sleep(1000);
    const calls = await callLog(emulatorUrl);
    if (calls.total > calls.calls.length)
      throw new Error(`${calls.total} calls in a second: more than the log shows`);
    attempts.push(...calls.calls.map((c) => c.attempt ?? 1));
  }

  // Browser tabs, polling as the map does while something is wrong: the upstream calls per second.
  const perSecond: number[] = [];
  const connections: number[] = [];
  let tabReads = 0;
  let sampling = true;
  await clearCallLog(emulatorUrl);
  const sampler = (async () => {
    let last = Date.now();
    while (sampling) {
      await sleep(250);
      if (dashboardPid) connections.push(connectionsTo(dashboardPid, emulatorPort));
      if (Date.now() - last >= 1000) {
        last = Date.now();
        // Read, then cleared: the log keeps at most 10,000 calls.
        perSecond.push((await callLog(emulatorUrl)).total);
        await clearCallLog(emulatorUrl);
      }
    }
  })();
  const agent = keepAlive(TABS);
  const tabs = Array.from({ length: TABS }, async (_, i) => {
    await sleep((POLL_MS / TABS) * i);
    // The tab opened before the storm: it holds the last good estate.
    const tab: Tab = { topology: baseline };
    while (Date.now() < stormEnd) {
      const answer = await pollAsBrowser(url, tab, agent).catch(() => undefined);
      check(answer?.res.status ?? 0, answer?.held ? tab.topology : undefined);
      tabReads++;
      await sleep(POLL_MS);
    }
  });
  await Promise.all(tabs);
  sampling = false;
  await sampler;
  agent.destroy();

  // The storm passes: how long until a poll is fresh again.
  await control(emulatorUrl, "DELETE", "/_dxmap/faults");
  const calmAt = Date.now();
  let freshAfter: number | undefined;
  while (Date.now() - calmAt < SLOW_POLL_MS * 2) {
    const res = await poll(url);
    const body = res.status === 200 ? json<DxTopology>(res) : undefined;
    if (body && body.errors.length === 0) {
      freshAfter = Date.now() - calmAt;
      break;
    }
    await sleep(500);
  }

  const maxAttempts = Math.max(0, ...attempts);
  const mean = attempts.reduce((a, b) => a + b, 0) / Math.max(1, attempts.length);
  const peak = Math.max(0, ...perSecond);
  const tabCalls = perSecond.reduce((a, b) => a + b, 0);
  const offered = (TABS * 1000) / POLL_MS;
  // Tabs add no call: at most one pass's calls, each with its retries, in a second.
  const bound = MAX_ATTEMPTS * callsPerRead;
  const peakConnections = Math.max(0, ...connections);
  const half = Math.floor(perSecond.length / 2);
  const firstHalf = perSecond.slice(0, half).reduce((a, b) => a + b, 0);
  const secondHalf = perSecond.slice(half).reduce((a, b) => a + b, 0);
  log(
    `  ${reads} single reads: attempts per call ${JSON.stringify(attempts.slice(0, 40))}…; tabs: ${tabReads} reads, calls per second ${JSON.stringify(perSecond)}, ` +
      `open upstream connections ${JSON.stringify(connections.filter((_, i) => i % 4 === 0))}; answers ${JSON.stringify(answers.statuses)}; fresh after ${freshAfter} ms`,
  );
  if (answers.wrong.length) log(`    e.g. ${answers.wrong.join("\n    e.g. ")}`);
  return [
    figure(
      "throttling",
      `attempts per upstream call while AWS throttles everything (DX_MAX_ATTEMPTS=${MAX_ATTEMPTS})`,
      `max ${maxAttempts}, mean ${mean.toFixed(2)} [${attempts.length} attempts over ${reads} s, ${callsPerRead} calls per collector pass]`,
      `≤ ${MAX_ATTEMPTS}`,
      attempts.length > 0 && maxAttempts <= MAX_ATTEMPTS,
    ),
    figure(
      "throttling",
      `upstream calls per second, ${TABS} tabs polling every ${POLL_MS / 1000} s during the storm`,
      `peak ${peak}, ${(tabCalls / Math.max(1, tabReads)).toFixed(1)} per tab read [${tabReads} reads at ${offered}/s; first half ${firstHalf}, second half ${secondHalf}]`,
      // No pile-up is the open-connections figure below (in flight, bounded); the halves are shown
      // for a trend.
      `≤ ${bound} (${MAX_ATTEMPTS} attempts × ${callsPerRead} calls of a collector pass)`,
      perSecond.length > 0 && peak <= bound,
    ),
    dashboardPid
      ? figure(
          "throttling",
          "the dashboard's open connections to the emulator during the storm",
          `peak ${peakConnections} [${connections.length} samples]`,
          `≤ ${connectionsBefore}, the peak before the storm (one pass's calls at once)`,
          connections.length > 0 && peakConnections <= connectionsBefore,
        )
      : info(
          "throttling",
          "the dashboard's open connections to the emulator",
          "not seen (no /proc)",
        ),
    figure(
      "throttling",
      "GET /api/topology during the storm: the last good data, errors[] with keptFrom",
      `${answers.kept}/${answers.total} [${Object.entries(answers.statuses)
        .map(([s, n]) => `${n} × ${s}`)
        .join(", ")}]`,
      "all",
      answers.total > 0 && answers.kept === answers.total,
    ),
    figure(
      "throttling",
      "fresh again after the storm (first poll without errors)",
      freshAfter === undefined
        ? `not within ${(SLOW_POLL_MS * 2) / 1000} s`
        : `${(freshAfter / 1000).toFixed(1)} s`,
      `≤ ${SLOW_POLL_MS / 1000} s (one poll)`,
      freshAfter !== undefined && freshAfter <= SLOW_POLL_MS,
    ),
  ];
}
