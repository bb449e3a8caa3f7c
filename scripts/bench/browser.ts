// The browser's figures (Chromium, headless, driven by Playwright): navigation to the first painted
// graph node, the first graph's build and layout in the page, heap and DOM after load, the first-load
// JavaScript, a BGP session's badge, clicks during a refresh, and frames while panning and zooming.
import {
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
  type Response,
} from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

import type { DxTopology } from "../../lib/dx/types";
import type { Size } from "../../lib/emulator/seed-generated";
import { FLOW_REQUESTED_MARK, GRAPH_MEASURE } from "../../lib/topology/graph";
import { browserSettled } from "./browser-settled";
import type { Dashboard } from "./dashboards";
import { control } from "./http";
import { log, sleep } from "./log";
import { bench, pageInstrumentation, type BenchState } from "./page-instrumentation";
import type { CpuProfile } from "./profiles";
import { median, percentile } from "./stats";

const PAN_ZOOM_MS = 5_000;
import type { ApprovalsPageResult } from "./approvals";
import type { ResiliencePageResult } from "./resilience";

export const VIEWPORT = { width: 1440, height: 900 };
/**
 * Page loads per size before the one that stays open: the first warms the server up, the others are
 * measured too. Enough that the median paint is not one load's luck on a shared machine.
 */
const LOADS: Record<Size, number> = { S: 5, M: 7, L: 4, XL: 2 };
/** BGP session flips per size, each a sample of the time from the data to the badge. */
const BADGE_FLIPS = 3;
/** Searches per size, alternately to the last region's band and the first's. */
const SEARCHES = 4;
/** How many times slower Chromium runs the page for the throttled searches. */
const SLOW_CPU = 4;

export interface BrowserResult {
  paintedMs: number;
  paints: number[];
  /** Navigation → React Flow's first node painted (its controls, minimap, keyboard), median of the loads. */
  flowMs: number;
  flows: number[];
  /** Median of the first loads' first graph build in the page (GRAPH_MEASURE); null if none was seen. */
  graphBuildMs: number | null;
  /** Of the loads in `paints`, how many recorded a graph build. */
  graphBuildsSeen: number;
  heapMb: number;
  domNodes: number;
  firstLoadJsGzipKb: number;
  firstLoadJsFiles: number;
  badgeMs: number | null;
  badgeSamples: number[];
  nodesMoved: number | null;
  nodesMutated: number | null;
  /** A search's Enter → its match (a gateway in another region's band) drawn whole in view, median. */
  searchMs: number | null;
  searchSamples: number[];
  /** The same with the page's CPU throttled to a quarter (SLOW_CPU). */
  slowSearchMs: number | null;
  slowSearchSamples: number[];
  clickMaxMs: number | null;
  clickP50Ms: number | null;
  clicks: number;
  /** Of the 3 refreshes clicked through, how many brought new data (200 or 226, not 304). */
  clickRefreshesChanged: number;
  frameP50: number;
  frameP95: number;
  frames: number;
  panLongestTask: number;
  longestTaskAfterPaint: number;
  callsPerPoll: number;
  polls: number;
  profile?: string;
  firstView: FirstView;
  /** The Resilience page and the map's single points of failure (resilience.ts). */
  resilience?: ResiliencePageResult;
  /** The Approvals page (approvals.ts). */
  approvals?: ApprovalsPageResult;
}

/** The map as a new visitor first sees it (no mode in the URL): the overview from M up. */
export interface FirstView {
  mode: string;
  /** Navigation → first node painted, median of the loads. */
  paintedMs: number;
  paints: number[];
  /** Regions whose band (the overview's region node, or the detailed map's band label) is wholly on screen, of all. */
  regionsOnScreen: number;
  regions: number;
  /** The overview's locations wholly on screen, of all (0 of 0 on the detailed map). */
  locationsOnScreen: number;
  locations: number;
}

/** First visits to the map with no mode in the URL; every other figure is of the detailed map (?mode=detail). */
const FIRST_VIEW_LOADS = 3;

async function measureFirstView(
  browser: Browser,
  url: string,
  topology: DxTopology,
): Promise<FirstView> {
  const paints: number[] = [];
  let last: Omit<FirstView, "paintedMs" | "paints"> | undefined;
  for (let k = 0; k < FIRST_VIEW_LOADS; k++) {
    const { context, page } = await newPage(browser);
    try {
      paints.push((await firstLoad(page, url)).paintedMs);
      // The first view as it settles (React Flow fits the overview once its nodes are in).
      await sleep(1_000);
      last = await page.evaluate(() => {
        const pane = document.querySelector('[data-testid="graph"]')!.getBoundingClientRect();
        const inside = (el: Element) => {
          const r = el.getBoundingClientRect();
          return (
            r.top >= pane.top &&
            r.bottom <= pane.bottom &&
            r.left >= pane.left &&
            r.right <= pane.right
          );
        };
        const mode =
          document.querySelector('[aria-label="Map view"] [aria-pressed="true"]')?.textContent ??
          "";
        const regions = [...document.querySelectorAll(".react-flow__node-region")];
        const labels = [...document.querySelectorAll('[data-testid="map-group"]')];
        const locations = [...document.querySelectorAll(".react-flow__node-location")];
        const onScreen = regions.length
          ? new Set(regions.filter(inside).map((el) => (el as HTMLElement).dataset.id))
          : new Set(
              labels.filter(inside).map((el) => el.firstElementChild?.textContent?.split(" · ")[0]),
            );
        return {
          mode,
          regionsOnScreen: onScreen.size,
          regions: 0,
          locationsOnScreen: locations.filter(inside).length,
          locations: locations.length,
        };
      });
    } finally {
      await context.close();
    }
  }
  const parents = new Set([
    ...topology.connections.map((c) => c.region),
    ...topology.lags.map((l) => l.region),
  ]);
  return { ...last!, regions: parents.size, paintedMs: median(paints), paints };
}

/** Visible nodes of a kind inside the graph's pane (not under the sidebar or the controls). */
async function visibleNodes(page: Page, kind: string) {
  return page.evaluate((k) => {
    const pane = document.querySelector('[data-testid="graph"]')!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>(`.react-flow__node-${k}`)]
      .map((el) => {
        const box = el.getBoundingClientRect();
        return { el, id: el.dataset.id!, x: box.left + box.width / 2, y: box.top + box.height / 2 };
      })
      .filter(
        ({ el, x, y }) =>
          x > pane.left &&
          x < pane.right &&
          y > pane.top &&
          y < pane.bottom &&
          document.elementFromPoint(x, y)?.closest(".react-flow__node") === el,
      )
      .map(({ id, x, y }) => ({ id, x, y }));
  }, kind);
}

export async function newPage(browser: Browser) {
  const context: BrowserContext = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
  });
  // tsx keeps function names with a helper the page does not have; functions sent to the page may call it.
  await context.addInitScript("globalThis.__name ??= (f) => f;");
  await context.addInitScript(pageInstrumentation, GRAPH_MEASURE);
  const page = await context.newPage();
  const waitedMs = await browserSettled();
  return { context, page, waitedMs };
}

/**
 * A first visit (empty browser cache): when the first graph node is painted, the JavaScript asked for
 * before then, and when React Flow's first node is painted (the same, or later: its code is asked for
 * once the map's first frame is on screen).
 */
export async function firstLoad(page: Page, url: string) {
  // The scripts' bodies are read and compressed after the paint: reading a body is a DevTools call
  // into the browser, and made during the load it measurably delayed the first paint; gzip in this
  // process would take CPU from the browser too.
  const seen: Response[] = [];
  let counting = true;
  page.on("response", (res) => {
    if (counting && res.request().resourceType() === "script") seen.push(res);
  });
  // Long enough for a server busy with an organization's passes (XL) to answer at all.
  await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
  await page.waitForFunction(
    () => (window as unknown as { __bench?: BenchState }).__bench?.flowPainted != null,
    undefined,
    { timeout: 120_000, polling: 50 },
  );
  counting = false;
  const { paintedMs, flowMs, graphBuildMs, timeOrigin } = await bench(page, (b) => ({
    paintedMs: b.painted!,
    flowMs: b.flowPainted!,
    // The first graph: built from the first read, laid out in full.
    graphBuildMs: b.graphBuilds[0] ?? null,
    timeOrigin: performance.timeOrigin,
  }));
  // Asked for on the frame after the first frame's: after this paint or, in that same frame, just before.
  const flowRequestedMs = await page.evaluate(
    (name) => performance.getEntriesByName(name)[0]?.startTime ?? null,
    FLOW_REQUESTED_MARK,
  );
  // What the first paint could have needed: the scripts asked for before it (their answers may come
  // after the bench noticed the paint). Those asked for once it was on screen (React Flow's) are not
  // first-load.
  const paintedAt = timeOrigin + Math.min(paintedMs, flowRequestedMs ?? Infinity);
  const scripts = seen.filter((res) => res.request().timing().startTime < paintedAt);
  const bodies = await Promise.all(scripts.map((res) => res.body().catch(() => null)));
  const lost = bodies.filter((b) => b === null).length;
  // A body the browser no longer has would make the total too small: say so rather than print it.
  if (lost > 0)
    throw new Error(`${lost} of ${scripts.length} script bodies could not be read after the paint`);
  return {
    paintedMs,
    flowMs,
    graphBuildMs,
    jsGzipBytes: bodies.reduce((a, b) => a + (b ? gzipSync(b, { level: 9 }).length : 0), 0),
    jsFiles: scripts.length,
  };
}

export async function measureBrowser(
  size: Size,
  browser: Browser,
  dashboard: Dashboard,
  topology: DxTopology,
  /** Where to write a CPU profile of the page, from its last load to the end of pan and zoom. */
  profileDir?: string,
): Promise<BrowserResult> {
  // One visit to warm the server up (its first render of the page loads code), then first visits in
  // fresh browser contexts; the last one stays open for the rest.
  const paints: number[] = [];
  const flows: number[] = [];
  const graphBuilds: number[] = [];
  const waits: number[] = [];
  const open = async () => {
    const opened = await newPage(browser);
    if (opened.waitedMs !== null) waits.push(opened.waitedMs);
    return opened;
  };
  // The detailed map, which a large estate opens on its overview unless asked.
  const detailUrl = `${dashboard.url}/?mode=detail`;
  for (let k = 0; k < LOADS[size]; k++) {
    const { context, page } = await open();
    const { paintedMs, flowMs, graphBuildMs } = await firstLoad(page, detailUrl);
    if (k > 0) paints.push(paintedMs);
    if (k > 0) flows.push(flowMs);
    if (k > 0 && graphBuildMs !== null) graphBuilds.push(graphBuildMs);
    await context.close();
  }
  const firstView = await measureFirstView(browser, `${dashboard.url}/`, topology);
  const { context, page } = await open();
  if (waits.length > 0)
    log(
      `${size}: each new window's browser went quiet after ${median(waits).toFixed(0)} ms (median of ${waits.length}); then it navigated`,
    );
  const cdp: CDPSession = await context.newCDPSession(page);
  await control(dashboard.emulatorUrl, "DELETE", "/_dxmap/calls");
  if (profileDir) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
    await cdp.send("Profiler.start");
  }
  try {
    const topologyRequests: { start: number; end: number | null; status: number | null }[] = [];
    page.on("request", (req) => {
      if (req.url().includes("/api/topology")) {
        const record = {
          start: Date.now(),
          end: null as number | null,
          status: null as number | null,
        };
        topologyRequests.push(record);
        const done = () => (record.end = Date.now());
        // Settled either way: a request still in flight when the page closes fails, unobserved otherwise.
        req
          .response()
          .then((res) => {
            record.status = res?.status() ?? null;
            // A 304 has no body; Playwright does not always report it finished.
            return record.status === 304 ? undefined : res?.finished();
          })
          .then(done, done);
      }
    });
    const first = await firstLoad(page, detailUrl);
    paints.push(first.paintedMs);
    flows.push(first.flowMs);
    if (first.graphBuildMs !== null) graphBuilds.push(first.graphBuildMs);
    const paintedMs = first.paintedMs;
    const firstLoadJs = first.jsGzipBytes;
    const firstLoadJsFiles = first.jsFiles;
    await sleep(1_000);

    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("Performance.enable");
    const { metrics } = (await cdp.send("Performance.getMetrics")) as {
      metrics: { name: string; value: number }[];
    };
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;

    // A BGP session goes down in the emulator: time from the /api/topology answer that carries it to
    // the badge text changing, and whether anything moved.
    let badgeMs: number | null = null;
    const badgeSamples: number[] = [];
    let nodesMoved: number | null = null;
    let nodesMutated: number | null = null;
    const peers = new Map(
      topology.virtualInterfaces.flatMap((v) =>
        v.bgpPeers.map((p) => [p.id, { vif: v.id, peer: p }] as const),
      ),
    );
    const shown = await visibleNodes(page, "peer");
    const target = shown
      .map((s) => peers.get(s.id))
      .find((p) => p && p.peer.bgpStatus === "up" && p.peer.state === "available");
    if (target) {
      const before = await bench(page, (b) => b.positions());
      // Down, up, down: one flip is one sample of a figure that moves with whatever else the page
      // and the machine are doing at that moment.
      for (let flip = 0; flip < BADGE_FLIPS; flip++) {
        await page.evaluate(
          (id) => (window as unknown as { __bench: BenchState }).__bench.watchBadge(id),
          target.peer.id,
        );
        await control(dashboard.emulatorUrl, "POST", "/_dxmap/bgp", {
          virtualInterfaceId: target.vif,
          bgpPeerId: target.peer.id,
          status: flip % 2 === 0 ? "down" : "up",
        });
        await page.waitForFunction(
          () => (window as unknown as { __bench: BenchState }).__bench.badge?.changed != null,
          undefined,
          { timeout: 30_000, polling: 100 },
        );
        await sleep(1_000);
        const measured = await page.evaluate(() => {
          const b = (window as unknown as { __bench: BenchState }).__bench;
          const changed = b.badge!.changed!;
          const answers = performance
            .getEntriesByType("resource")
            .filter(
              (e) =>
                e.name.includes("/api/topology") &&
                (e as PerformanceResourceTiming).responseEnd <= changed,
            )
            .map((e) => (e as PerformanceResourceTiming).responseEnd);
          return {
            ms: changed - Math.max(...answers),
            after: b.positions(),
            mutated: b.badge!.mutatedNodes,
            text: b.badge!.after,
          };
        });
        badgeSamples.push(measured.ms);
        nodesMoved = Math.max(
          nodesMoved ?? 0,
          Object.entries(measured.after).filter(([id, t]) => id in before && before[id] !== t)
            .length,
        );
        nodesMutated = Math.max(nodesMutated ?? 0, measured.mutated.length);
      }
      badgeMs = median(badgeSamples);
      if (BADGE_FLIPS % 2 === 1) {
        await control(dashboard.emulatorUrl, "POST", "/_dxmap/bgp", {
          virtualInterfaceId: target.vif,
          bgpPeerId: target.peer.id,
          status: "up",
        });
      }
    } else {
      log(`${size}: no BGP peer with its session up is on screen; the badge figure is skipped`);
    }

    // Clicks while the topology refreshes: from the pointer going down to the details panel naming the
    // node, for clicks made from the moment a refetch is sent until 1 s after its answer arrived.
    // Clicks count during refreshes that bring new data: a BGP session far from the screen flips
    // before each, and only a refresh answered with data (200 or 226; not 304, which costs the page
    // nothing) counts.
    const vifs = (await visibleNodes(page, "vif")).slice(0, 2);
    const clickTimes: number[] = [];
    let changedRefreshes = 0;
    const far = topology.virtualInterfaces
      .filter(
        (v) =>
          v.state === "available" &&
          v.bgpPeers.length > 0 &&
          v.bgpPeers.every((p) => p.state === "available" && p.bgpStatus === "up"),
      )
      .at(-1);
    if (vifs.length === 2 && far) {
      let which = 0;
      for (let trial = 0; trial < 3; trial++) {
        await control(dashboard.emulatorUrl, "POST", "/_dxmap/bgp", {
          virtualInterfaceId: far.id,
          status: trial % 2 === 0 ? "down" : "up",
        });
        for (let attempt = 0; attempt < 6; attempt++) {
          const known = topologyRequests.length;
          const waitStarted = Date.now();
          while (topologyRequests.length === known) {
            // The page polls on its own; a visibility change asks React Query for a refetch sooner.
            if (Date.now() - waitStarted > 2_500)
              await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
            await sleep(25);
          }
          const refresh = topologyRequests[topologyRequests.length - 1]!;
          const times: number[] = [];
          const clicksStarted = Date.now();
          while (
            (refresh.end === null || Date.now() - refresh.end < 1_000) &&
            Date.now() - clicksStarted < 20_000
          ) {
            const node = vifs[which++ % 2]!;
            await page.evaluate(
              (id) => (window as unknown as { __bench: BenchState }).__bench.expectClick(id),
              node.id,
            );
            await page.mouse.click(node.x, node.y);
            await page.waitForFunction(
              () => (window as unknown as { __bench: BenchState }).__bench.click?.t1 != null,
              undefined,
              { timeout: 10_000, polling: 10 },
            );
            const c = await bench(page, (b) => b.click!);
            times.push(c.t1! - c.t0!);
          }
          // 200 (the whole topology) or 226 (its changes): either brings new data.
          if (refresh.status === 200 || refresh.status === 226) {
            changedRefreshes++;
            clickTimes.push(...times);
            break;
          }
        }
      }
      await control(dashboard.emulatorUrl, "POST", "/_dxmap/bgp", {
        virtualInterfaceId: far.id,
        status: "up",
      });
    } else {
      log(
        `${size}: fewer than two interfaces on screen, or no BGP session to flip; the click figure is skipped`,
      );
    }

    // Pan and zoom for PAN_ZOOM_MS: frame times from requestAnimationFrame, long tasks.
    const pane = (await page.locator('[data-testid="graph"]').boundingBox())!;
    const cx = pane.x + pane.width / 2;
    const cy = pane.y + pane.height / 2;
    const panStart = await page.evaluate(() => performance.now());
    await bench(page, (b) => b.startFrames());
    const end = Date.now() + PAN_ZOOM_MS;
    for (let i = 0; Date.now() < end; i++) {
      const dir = i % 2 === 0 ? 1 : -1;
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let s = 1; s <= 12 && Date.now() < end; s++)
        await page.mouse.move(cx + dir * s * 25, cy + dir * s * 15);
      await page.mouse.up();
      for (let s = 0; s < 4 && Date.now() < end; s++) {
        await page.mouse.wheel(0, dir * 120);
        await sleep(16);
      }
    }
    const frames = await bench(page, (b) => b.stopFrames());
    const upstreamCalls = (await control(dashboard.emulatorUrl, "GET", "/_dxmap/calls"))
      .total as number;
    const tasks = await bench(page, (b) => b.longtasks);
    const after = (t0: number) =>
      tasks.filter((t) => t.start >= t0).reduce((m, t) => Math.max(m, t.duration), 0);

    // Searches for a gateway in another region's band, far down the map and back: from the Enter to
    // the frame that shows it whole in the pane. Then as many on a CPU a quarter as fast (Chromium's
    // throttling), as on a slower laptop or a busy machine.
    const searchTimes: number[] = [];
    const slowSearchTimes: number[] = [];
    const regions = [...new Set(topology.virtualGateways.map((g) => g.region))];
    const ends = [regions.at(-1), regions[0]].map(
      (r) => topology.virtualGateways.find((g) => g.region === r)?.id,
    );
    if (regions.length > 1 && ends.every(Boolean)) {
      const box = page.getByRole("searchbox", { name: /search/i });
      const search = async (id: string) => {
        await box.fill(id);
        await page.evaluate(
          (id) => (window as unknown as { __bench: BenchState }).__bench.expectSearch(id),
          id,
        );
        await box.press("Enter");
        await page.waitForFunction(
          () => (window as unknown as { __bench: BenchState }).__bench.search?.t1 != null,
          undefined,
          { timeout: 60_000, polling: 50 },
        );
        const found = await bench(page, (b) => b.search!);
        await sleep(500);
        return found.t1! - found.t0!;
      };
      for (let k = 0; k < SEARCHES; k++) searchTimes.push(await search(ends[k % 2]!));
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: SLOW_CPU });
      for (let k = 0; k < SEARCHES; k++) slowSearchTimes.push(await search(ends[k % 2]!));
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    } else {
      log(`${size}: one region's gateways only; the search figure is skipped`);
    }

    let profilePath: string | undefined;
    if (profileDir) {
      const { profile: cpu } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
      mkdirSync(profileDir, { recursive: true });
      profilePath = path.join(profileDir, `${size}-browser.cpuprofile`);
      writeFileSync(profilePath, JSON.stringify(cpu));
    }
    return {
      paintedMs: median(paints),
      paints,
      flowMs: median(flows),
      flows,
      graphBuildMs: graphBuilds.length > 0 ? median(graphBuilds) : null,
      graphBuildsSeen: graphBuilds.length,
      heapMb: metric("JSHeapUsedSize") / 1024 / 1024,
      domNodes: metric("Nodes"),
      firstLoadJsGzipKb: firstLoadJs / 1024,
      firstLoadJsFiles,
      badgeMs,
      badgeSamples,
      nodesMoved,
      nodesMutated,
      searchMs: searchTimes.length ? median(searchTimes) : null,
      searchSamples: searchTimes,
      slowSearchMs: slowSearchTimes.length ? median(slowSearchTimes) : null,
      slowSearchSamples: slowSearchTimes,
      clickMaxMs: clickTimes.length ? Math.max(...clickTimes) : null,
      clickP50Ms: clickTimes.length ? median(clickTimes) : null,
      clicks: clickTimes.length,
      clickRefreshesChanged: changedRefreshes,
      frameP50: median(frames),
      frameP95: percentile(frames, 95),
      frames: frames.length,
      panLongestTask: after(panStart),
      callsPerPoll: upstreamCalls / Math.max(1, topologyRequests.length),
      polls: topologyRequests.length,
      longestTaskAfterPaint: after(paintedMs),
      ...(profilePath ? { profile: profilePath } : {}),
      firstView,
    };
  } finally {
    await context.close();
  }
}
