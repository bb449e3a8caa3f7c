// Load: estate L (5,000 interfaces over 4 accounts and 4 regions), 50 browser tabs polling the
// topology as the map does (If-None-Match with the version they hold, A-IM: dxmap-changes, gzip;
// every 2 s, the map's pace while something is moving on) and 5 changes a second through the
// dashboard (an IPv6 BGP peer added to an interface, then deleted, in turn over many interfaces of
// every account), for two minutes after a warm-up under the same load. Figures: errors (any answer
// a tab or a form could not use), latency, and the growth of what the dashboard's process keeps alive
// (after a full collection, ./inspector.ts) from the end of the warm-up to the end; its resident
// memory as information. Then 500 idle connections (half kept alive after a request,
// half that never sent one) and a client sending its headers a byte a second: a normal request
// meanwhile must still be answered within a second.
import net from "node:net";

import type { DxBgpPeer, DxMutationResult, DxVirtualInterface } from "../../lib/dx/types";
import { percentile } from "../bench/stats";
import { change, pollAsBrowser, topology, type Tab } from "./dashboard";
import { json, keepAlive, send, sleep } from "./http";
import { inspect, type Inspector, type LiveMemory } from "./inspector";
import { figure, info, type Figure } from "./report";
import { pidListeningOn, rssBytes, type Pair } from "./servers";

const TABS = 50;
const POLL_MS = 2_000;
const CHANGES_PER_SECOND = 5;
/**
 * The same load first, until what the dashboard keeps for it (its caches, the topology's recent
 * versions, the store's buffers) is made, and V8 has sized its heap for it (docs/reliability.md):
 * at least this long, then until two samples of its live memory this far apart are within
 * LIVE_STEADY of each other, at most WARM_UP_MAX_MS. On a busy machine the same load fills those
 * caches more slowly: a fixed two minutes measured the end of their filling as growth (+11.5 % on
 * CI at a load average of 7, where heap snapshots taken at 150 s and 450 s of the same load on an
 * idle machine differed by 2.5 MB). A leak never levels: the warm-up ends at its limit, and the
 * two minutes after it measure the leak's growth.
 */
const WARM_UP_MS = 120_000;
const WARM_UP_MAX_MS = 300_000;
const STEADY_EVERY_MS = 30_000;
const LIVE_STEADY = 0.03;
/** RSS swings between collections: each end is the lowest of the samples over this long. */
const RSS_SPAN_MS = 20_000;
const RSS_EVERY_MS = 2_500;
/** What is alive after a full collection still moves with the requests in flight: the lowest of these. */
const LIVE_SAMPLES = 3;
const LIVE_EVERY_MS = 5_000;
const IDLE_CONNECTIONS = 500;
const NORMAL_WITHIN_MS = 1_000;
const LIVE_GROWTH = 0.1;

interface Target {
  id: string;
  account: string;
  region: string;
  /** Its IPv6 peer, while it has a live one. */
  ipv6?: string;
}

const live = (p: DxBgpPeer) => p.state !== "deleting" && p.state !== "deleted";

/** Interfaces whose owner is a configured account, each with its live IPv6 peer if it has one. */
function targets(vifs: DxVirtualInterface[], n: number): Target[] {
  return vifs
    .filter(
      (v) =>
        v.ownerAlias &&
        v.state === "available" &&
        v.bgpPeers.some((p) => p.addressFamily === "ipv4" && live(p)),
    )
    .filter((_, i, all) => i % Math.max(1, Math.floor(all.length / n)) === 0)
    .slice(0, n)
    .map((v) => ({
      id: v.id,
      account: v.ownerAlias!,
      region: v.region,
      ...(v.bgpPeers.find((p) => p.addressFamily === "ipv6" && live(p))
        ? { ipv6: v.bgpPeers.find((p) => p.addressFamily === "ipv6" && live(p))!.id }
        : {}),
    }));
}

interface Window {
  polls: number[];
  pollErrors: string[];
  changes: number[];
  changeErrors: string[];
  statuses: Record<string, number>;
}

const newWindow = (): Window => ({
  polls: [],
  pollErrors: [],
  changes: [],
  changeErrors: [],
  statuses: {},
});

const kept = (m: LiveMemory) => m.heapUsed + m.external;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

/** The lowest of a few samples of what the process keeps alive, heap and external together. */
async function lowestLive(inspector: Inspector): Promise<LiveMemory> {
  const samples: LiveMemory[] = [];
  for (let i = 0; i < LIVE_SAMPLES; i++) {
    if (i > 0) await sleep(LIVE_EVERY_MS);
    samples.push(await inspector.liveMemory());
  }
  return samples.reduce((a, b) => (b.heapUsed + b.external < a.heapUsed + a.external ? b : a));
}

/** The dashboard must have been started with `--inspect-port=127.0.0.1:<inspectPort>`. */
export async function load(
  pair: Pair,
  seconds: number,
  inspectPort: number,
  log: (m: string) => void,
): Promise<Figure[]> {
  const { url } = pair;
  const pid = pidListeningOn(Number(new URL(url).port));
  if (!pid) throw new Error("cannot find the dashboard's process");
  const inspector = await inspect(pid, inspectPort);
  const estate = await topology(url);
  // Enough that an interface's change is answered before its turn comes again, however slow.
  const pool = targets(estate.virtualInterfaces, 400);
  let window = newWindow();
  let running = true;
  const count = (key: string) => (window.statuses[key] = (window.statuses[key] ?? 0) + 1);

  // The tabs: each its own kept-alive connection, as each browser has.
  const tabs = Array.from({ length: TABS }, async (_, i) => {
    const agent = keepAlive(1);
    const tab: Tab = { topology: estate };
    await sleep((POLL_MS / TABS) * i);
    while (running) {
      const w = window;
      try {
        const { res, held } = await pollAsBrowser(url, tab, agent, 30_000);
        count(`poll ${res.status}`);
        if (held) w.polls.push(res.ms);
        else w.pollErrors.push(`${res.status} ${res.body.toString().slice(0, 120)}`);
      } catch (error) {
        w.pollErrors.push((error as Error).message);
      }
      await sleep(POLL_MS);
    }
    agent.destroy();
  });

  // The changes: one every 200 ms, in turn over the interfaces.
  const changeAgent = keepAlive(64);
  let inFlight = 0;
  let next = 0;
  const busy = new Set<string>();
  const changer = (async () => {
    const started = Date.now();
    for (let k = 0; running; k++) {
      await sleep(Math.max(0, started + (k * 1000) / CHANGES_PER_SECOND - Date.now()));
      const w = window;
      // The next interface in turn that has no change of ours in flight.
      let target: Target | undefined;
      for (let j = 0; j < pool.length && !target; j++) {
        const t = pool[(next + j) % pool.length]!;
        if (!busy.has(t.id)) {
          target = t;
          next += j + 1;
        }
      }
      if (!target) {
        w.changeErrors.push("not started: every interface has a change in flight");
        continue;
      }
      const chosen = target;
      busy.add(chosen.id);
      inFlight++;
      const scope = {
        account: chosen.account,
        region: chosen.region,
        virtualInterfaceId: chosen.id,
      };
      const sentAt = performance.now();
      const request = chosen.ipv6
        ? change(url, "DELETE", `/api/bgp-peers/${chosen.ipv6}`, scope, changeAgent)
        : change(
            url,
            "POST",
            "/api/bgp-peers",
            { ...scope, addressFamily: "ipv6", asn: 64_600 },
            changeAgent,
          );
      void request
        .then((res) => {
          count(`change ${res.status}`);
          const vif =
            res.status === 200
              ? json<DxMutationResult<DxVirtualInterface>>(res)?.resource
              : undefined;
          if (!vif) {
            w.changeErrors.push(`${res.status} ${res.body.toString().slice(0, 160)}`);
            return;
          }
          w.changes.push(performance.now() - sentAt);
          const ipv6 = vif.bgpPeers.find((p) => p.addressFamily === "ipv6" && live(p));
          if (ipv6) chosen.ipv6 = ipv6.id;
          else delete chosen.ipv6;
        })
        .catch((error: unknown) =>
          w.changeErrors.push(
            `${(error as Error).message} (${(error as NodeJS.ErrnoException).code ?? ""}, reused ${String((error as { reusedSocket?: boolean }).reusedSocket)})`,
          ),
        )
        .finally(() => {
          inFlight--;
          busy.delete(chosen.id);
        });
    }
  })();

  const warmingFrom = Date.now();
  await sleep(WARM_UP_MS);
  let steady = await lowestLive(inspector);
  const warmUp = [steady];
  while (Date.now() - warmingFrom < WARM_UP_MAX_MS) {
    await sleep(STEADY_EVERY_MS - LIVE_EVERY_MS * (LIVE_SAMPLES - 1));
    const next = await lowestLive(inspector);
    warmUp.push(next);
    const settled = (kept(next) - kept(steady)) / kept(steady) < LIVE_STEADY;
    steady = next;
    if (settled) break;
  }
  const warmedUpS = Math.round((Date.now() - warmingFrom) / 1000);
  log(
    `  warmed up in ${warmedUpS} s (live ${warmUp.map((m) => mb(kept(m))).join(" → ")}): ${JSON.stringify(window.statuses)}`,
  );
  // However the run ends, the tabs and the changes stop and the inspector closes.
  let measured: Window;
  let liveStart: LiveMemory;
  let liveEnd: LiveMemory;
  const rss: { at: number; bytes: number }[] = [];
  try {
    liveStart = steady;
    window = newWindow();
    const measuredFrom = Date.now();
    while (Date.now() - measuredFrom < seconds * 1000) {
      rss.push({ at: Date.now() - measuredFrom, bytes: rssBytes(pid) });
      await sleep(RSS_EVERY_MS);
    }
    rss.push({ at: Date.now() - measuredFrom, bytes: rssBytes(pid) });
    // The window ends here: the end's forced collections are not the run's latency.
    measured = window;
    window = newWindow();
    liveEnd = await lowestLive(inspector);
  } finally {
    inspector.close();
    running = false;
  }
  const end = rss[rss.length - 1]!.at;
  // The lowest of each end: what a collection leaves, which a leak lifts. A median also counts
  // garbage not yet collected, which moves with when V8 collects (5 to 13 % over the same code).
  const rssStart = Math.min(...rss.filter((r) => r.at <= RSS_SPAN_MS).map((r) => r.bytes));
  const rssEnd = Math.min(...rss.filter((r) => r.at >= end - RSS_SPAN_MS).map((r) => r.bytes));
  const rssSamples = rss.map((r) => r.bytes);
  await Promise.all([...tabs, changer]);
  while (inFlight > 0) await sleep(100);
  changeAgent.destroy();

  const errors = measured.pollErrors.length + measured.changeErrors.length;
  const growth = (rssEnd - rssStart) / rssStart;
  const liveGrowth = (kept(liveEnd) - kept(liveStart)) / kept(liveStart);
  const liveText = (m: LiveMemory) =>
    `${mb(kept(m))} (heap ${mb(m.heapUsed)} + external ${mb(m.external)})`;
  log(
    `  ${seconds} s: ${JSON.stringify(measured.statuses)}; poll p50 ${percentile(measured.polls, 50).toFixed(0)} ms; ` +
      `RSS ${rssSamples
        .filter((_, i) => i % 2 === 0)
        .map(mb)
        .join(" → ")}`,
  );
  const examples = [...measured.pollErrors, ...measured.changeErrors].slice(0, 3);
  if (examples.length) log(`    e.g. ${examples.join("\n    e.g. ")}`);

  const figures: Figure[] = [
    figure(
      "load",
      `errors: ${TABS} tabs polling every ${POLL_MS / 1000} s and ${CHANGES_PER_SECOND} changes/s on estate L, ${seconds} s`,
      `${errors} [${measured.polls.length + measured.pollErrors.length} polls: ${measured.pollErrors.length} failed; ` +
        `${measured.changes.length + measured.changeErrors.length} changes: ${measured.changeErrors.length} failed]`,
      "0",
      errors === 0 && measured.polls.length > 0 && measured.changes.length > 0,
    ),
    info(
      "load",
      "poll latency (200 · 226 · 304 as they came) p50 / p95 / max",
      `${percentile(measured.polls, 50).toFixed(0)} / ${percentile(measured.polls, 95).toFixed(0)} / ${Math.max(...measured.polls).toFixed(0)} ms ` +
        `[${["200", "226", "304"].map((s) => `${measured.statuses[`poll ${s}`] ?? 0} × ${s}`).join(", ")}]`,
    ),
    info(
      "load",
      "change latency p50 / p95",
      `${percentile(measured.changes, 50).toFixed(0)} / ${percentile(measured.changes, 95).toFixed(0)} ms [${measured.changes.length} changes]`,
    ),
    figure(
      "load",
      `the dashboard's live memory growth over the run: heap + external after a full collection (after ${warmedUpS} s of warm-up, until steady)`,
      `${(liveGrowth * 100).toFixed(1)} % [${liveText(liveStart)} → ${liveText(liveEnd)}, lowest of ${LIVE_SAMPLES} at each end]`,
      `< ${LIVE_GROWTH * 100} %`,
      liveGrowth < LIVE_GROWTH,
    ),
    info(
      "load",
      "the dashboard's RSS over the run",
      `${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)} % [${mb(rssStart)} → ${mb(rssEnd)}, lowest of the first and last ${RSS_SPAN_MS / 1000} s; peak ${mb(Math.max(...rssSamples))}]`,
    ),
  ];
  figures.push(await idleConnections(url, log));
  return figures;
}

/** A raw connection to the dashboard, resolved once connected. */
function connect(url: string): Promise<net.Socket> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname, () => resolve(socket));
    socket.once("error", reject);
  });
}

/**
 * 500 idle connections (half kept alive after a request, as browsers keep them; half that never sent
 * a byte) and a client sending its headers a byte a second; meanwhile, normal requests, each on a
 * new connection.
 */
async function idleConnections(url: string, log: (m: string) => void): Promise<Figure> {
  const host = new URL(url).host;
  // The load's last reads finish first: this measures the connections, not the load's tail.
  for (let quick = 0, t = Date.now(); quick < 3 && Date.now() - t < 30_000;) {
    const res = await send(`${url}/api/config`, { headers: { Host: host } });
    quick = res.ms < 200 ? quick + 1 : 0;
    await sleep(200);
  }
  const kept = keepAlive(IDLE_CONNECTIONS / 2);
  await Promise.all(
    Array.from({ length: IDLE_CONNECTIONS / 2 }, () =>
      send(`${url}/api/config`, { headers: { Host: host }, agent: kept }),
    ),
  );
  const silent: net.Socket[] = [];
  for (let i = 0; i < IDLE_CONNECTIONS / 2; i++) {
    const s = await connect(url);
    s.on("error", () => undefined);
    silent.push(s);
  }
  const slow = await connect(url);
  slow.on("error", () => undefined);
  slow.write(`GET /api/config HTTP/1.1\r\nHost: ${host}\r\n`);
  const header = `X-Slow: ${"a".repeat(100)}`;
  let sent = 0;
  const drip = setInterval(() => {
    if (!slow.destroyed) slow.write(header[sent++ % header.length]!);
  }, 1_000);
  const openKept = () =>
    Object.values(kept.freeSockets).reduce((n, list) => n + (list?.length ?? 0), 0);
  const keptAtStart = openKept();

  const normal: number[] = [];
  const failures: string[] = [];
  const started = Date.now();
  while (Date.now() - started < 10_000) {
    // A new connection each time: a newcomer, not one of those kept alive.
    const agent = keepAlive(1);
    try {
      const res = await send(`${url}/api/config`, {
        headers: { Host: host, Connection: "close" },
        agent,
        timeoutMs: 10_000,
      });
      if (res.status === 200) normal.push(res.ms);
      else failures.push(`${res.status}`);
    } catch (error) {
      failures.push((error as Error).message);
    } finally {
      agent.destroy();
    }
    await sleep(250);
  }
  clearInterval(drip);
  const keptAtEnd = openKept();
  const silentOpen = silent.filter((s) => !s.destroyed).length;
  const slowOpen = !slow.destroyed;
  kept.destroy();
  for (const s of [...silent, slow]) s.destroy();
  const worst = Math.max(...normal);
  log(
    `  idle connections: ${normal.length} normal requests, p50 ${percentile(normal, 50).toFixed(0)} ms, slowest ${worst.toFixed(0)} ms; ` +
      `kept alive ${keptAtStart} → ${keptAtEnd} after 10 s (the server closes idle ones), silent ${silentOpen} still open, ` +
      `the slow client ${slowOpen ? "still open" : "closed"} after ${sent} bytes`,
  );
  return figure(
    "load",
    `a normal request during ${IDLE_CONNECTIONS} idle connections and a slow-headers client (a byte a second)`,
    `slowest ${worst.toFixed(0)} ms of ${normal.length} (p50 ${percentile(normal, 50).toFixed(0)}), ${failures.length} failed`,
    `≤ ${NORMAL_WITHIN_MS} ms, none failed`,
    normal.length > 0 && failures.length === 0 && worst <= NORMAL_WITHIN_MS,
  );
}
