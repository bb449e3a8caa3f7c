// The server's figures: GET /api/topology over HTTP, cold and warm; the same upstream calls made
// serially; reads with latency injected into every upstream call; reads after every interface list
// changed; and the graph's layout in Node on the real payload.
import { gunzipSync, gzipSync } from "node:zlib";

import type { DxTopology } from "../../lib/dx/types";
import type { Size } from "../../lib/emulator/seed-generated";
import { AnalysisMemo, analyzeResilience } from "../../lib/resilience/analysis";
import { buildGraph, layoutGraph } from "../../lib/topology/graph";
import type { Dashboard } from "./dashboards";
import { control, countedRead, readTopology } from "./http";
import { serialRead } from "./serial-reader";
import { median, percentile } from "./stats";

/** Added to every upstream call by the emulator's fault injection. */
export const INJECTED_LATENCY_MS = 200;

/**
 * Reads per measurement: at least 20 wherever a p95 is reported, so that the p95 is not simply the
 * slowest read (of 8 reads, the p95 is the maximum); fewer serial reads where they are slow.
 */
// `latency`: reads with latency injected per call. Their p95 is a target: three times the 20 reads
// that a p95 needs put it a few reads below the slowest, so that one slow read moves it less.
// `changed`: reads after every interface list changed (no target; slow at L).
const READS: Record<
  Size,
  { cold: number; warm: number; serial: number; latency: number; changed: number }
> = {
  S: { cold: 30, warm: 100, serial: 10, latency: 60, changed: 20 },
  M: { cold: 20, warm: 100, serial: 5, latency: 60, changed: 20 },
  L: { cold: 20, warm: 100, serial: 3, latency: 60, changed: 20 },
  // Not run at XL (main.ts): a cold read there is tens of seconds.
  XL: { cold: 3, warm: 20, serial: 1, latency: 3, changed: 3 },
};

export interface ServerResult {
  coldP50: number;
  coldP95: number;
  warmP50: number;
  warmP95: number;
  pollP50: number;
  pollP95: number;
  pollNotModified: number;
  polls: number;
  serialP50: number;
  serialCalls: number;
  calls: number;
  latencyP50: number;
  latencyP95: number;
  latencyMax: number;
  latencyReads: number;
  changedP50: number;
  changedLatencyP50: number;
  payloadBytes: number;
  payloadGzipBytes: number;
  layoutMs: number;
  relayoutMs: number;
  /** analyzeResilience on the whole payload (what the map, the page and GET /api/resilience run), p95. */
  resilienceP95: number;
  /** The same after a BGP flip, from what the analysis before it kept (AnalysisMemo: the browser's way), p50. */
  reanalysisMs: number;
  resilienceTargets: number;
  nodes: number;
  edges: number;
}

export async function measureServer(
  size: Size,
  cold: Dashboard,
  cached: Dashboard,
): Promise<{ result: ServerResult; topology: DxTopology }> {
  const n = READS[size];
  // Cold: every read makes its upstream calls (DX_CACHE_TTL_MS=0). The first reads warm up the process.
  for (let i = 0; i < 3; i++) await readTopology(cold);
  const coldReads: number[] = [];
  const callCounts: number[] = [];
  for (let i = 0; i < n.cold; i++) {
    const r = await countedRead(cold);
    coldReads.push(r.ms);
    callCounts.push(r.calls);
  }

  // Warm: served from the server's cache, on a dashboard whose cache outlives the run (a large estate's
  // read can outlast the default TTL, and then no read would be served wholly from the cache). A read
  // that made an upstream call all the same is not counted.
  const raw = await readTopology(cached);
  const topology = JSON.parse(
    (raw.encoding === "gzip" ? gunzipSync(raw.body) : raw.body).toString("utf8"),
  ) as DxTopology;
  for (let i = 0; i < 3; i++) await readTopology(cached);
  const warmReads: number[] = [];
  for (let i = 0; i < n.warm; i++) {
    const r = await countedRead(cached);
    if (r.calls === 0) warmReads.push(r.ms);
  }
  // Warm polls as the dashboard makes them: naming the version it has, answered 304 while unchanged.
  const pollReads: number[] = [];
  let notModified = 0;
  for (let i = 0; i < n.warm; i++) {
    const r = await countedRead(cached, topology.version);
    if (r.calls === 0) pollReads.push(r.ms);
    if (r.status === 304) notModified++;
  }

  // Serial: the same upstream calls one after another.
  const serial = serialRead(cold.emulatorUrl, topology);
  await serial.read();
  const serialReads: number[] = [];
  let serialCalls = 0;
  for (let i = 0; i < n.serial; i++) {
    const r = await serial.read();
    serialReads.push(r.ms);
    serialCalls = r.calls;
  }
  serial.destroy();

  // Every upstream call slower by INJECTED_LATENCY_MS.
  await control(cold.emulatorUrl, "POST", "/_dxmap/faults", { latencyMs: INJECTED_LATENCY_MS });
  const latencyReads: number[] = [];
  try {
    await readTopology(cold);
    for (let i = 0; i < n.latency; i++) latencyReads.push((await readTopology(cold)).ms);
  } finally {
    await control(cold.emulatorUrl, "DELETE", "/_dxmap/faults");
  }

  // The same cold reads when every interface list has changed since the last: one BGP session in
  // each account and region flipped before each read, so no answer is the one before (the server
  // deserialises and maps every list again; lib/aws/same-answer.ts cannot help).
  const onePerList = [
    ...new Map(
      topology.virtualInterfaces
        .filter((v) => v.bgpPeers.length > 0)
        .map((v) => [`${v.account}/${v.region}`, v.id]),
    ).values(),
  ];
  let flips = 0;
  const changedRead = async () => {
    flips++;
    for (const id of onePerList)
      await control(cold.emulatorUrl, "POST", "/_dxmap/bgp", {
        virtualInterfaceId: id,
        status: flips % 2 ? "down" : "up",
      });
    return (await readTopology(cold)).ms;
  };
  const changedReads: number[] = [];
  const changedLatencyReads: number[] = [];
  await changedRead();
  for (let i = 0; i < n.changed; i++) changedReads.push(await changedRead());
  await control(cold.emulatorUrl, "POST", "/_dxmap/faults", { latencyMs: INJECTED_LATENCY_MS });
  try {
    for (let i = 0; i < n.changed; i++) changedLatencyReads.push(await changedRead());
  } finally {
    await control(cold.emulatorUrl, "DELETE", "/_dxmap/faults");
  }

  // Layout: the real functions on the real payload. A full layout, and buildGraph after a poll that
  // brought one BGP session down, as React Query hands it over (unchanged resources the same objects).
  for (let i = 0; i < 3; i++) layoutGraph(topology);
  const layout: number[] = [];
  let graph = layoutGraph(topology);
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    graph = layoutGraph(topology);
    layout.push(performance.now() - t);
  }
  const flipped = (k: number): DxTopology => ({
    ...topology,
    virtualInterfaces: topology.virtualInterfaces.map((v, i) =>
      i === k
        ? {
            ...v,
            bgpPeers: v.bgpPeers.map((p, j) =>
              j === 0 ? { ...p, bgpStatus: p.bgpStatus === "up" ? "down" : "up" } : p,
            ),
          }
        : v,
    ),
  });
  const relayout: number[] = [];
  for (let i = 0; i < 10; i++) {
    const next = flipped(i % topology.virtualInterfaces.length);
    buildGraph(topology);
    const t = performance.now();
    buildGraph(next);
    relayout.push(performance.now() - t);
  }
  // The resilience analysis: every target of the estate, from the same payload.
  for (let i = 0; i < 3; i++) analyzeResilience(topology);
  const resilience: number[] = [];
  let targets = 0;
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    targets = analyzeResilience(topology).length;
    resilience.push(performance.now() - t);
  }
  // After a poll that flipped one session, as the browser analyses it: from what the last kept.
  const reanalysis: number[] = [];
  for (let i = 0; i < 10; i++) {
    const memo = new AnalysisMemo();
    analyzeResilience(topology, { memo });
    const next = flipped((i * 7919) % topology.virtualInterfaces.length);
    const t = performance.now();
    analyzeResilience(next, { memo });
    reanalysis.push(performance.now() - t);
  }
  const rawJson = Buffer.from(JSON.stringify(topology));
  return {
    topology,
    result: {
      coldP50: median(coldReads),
      coldP95: percentile(coldReads, 95),
      warmP50: median(warmReads),
      warmP95: percentile(warmReads, 95),
      pollP50: median(pollReads),
      pollP95: percentile(pollReads, 95),
      pollNotModified: notModified,
      polls: n.warm,
      serialP50: median(serialReads),
      serialCalls,
      calls: median(callCounts),
      latencyP50: median(latencyReads),
      latencyP95: percentile(latencyReads, 95),
      latencyMax: Math.max(...latencyReads),
      latencyReads: latencyReads.length,
      changedP50: median(changedReads),
      changedLatencyP50: median(changedLatencyReads),
      payloadBytes: rawJson.length,
      payloadGzipBytes: raw.encoding === "gzip" ? raw.body.length : gzipSync(rawJson).length,
      layoutMs: median(layout),
      relayoutMs: median(relayout),
      resilienceP95: percentile(resilience, 95),
      reanalysisMs: median(reanalysis),
      resilienceTargets: targets,
      nodes: graph.nodes.length,
      edges: graph.edges.length,
    },
  };
}
