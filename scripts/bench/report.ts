// The bench's table: each figure per size with its target and PASS/MISS, printed and written to
// .data/bench/latest.md (a Markdown table to paste into docs/performance.md) and latest.json (the
// same figures, with the date, the machine and the commit).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { SIZES, type Size } from "../../lib/emulator/seed-generated";
import type { BrowserResult } from "./browser";
import { AGE_LATENCY_MS, BROWSERS, COLLECT_INTERVAL_MS, type HistoryResult } from "./history";
import { EVENTS, type StoreName, type StoreResult } from "./history-store";
import {
  CALLS_PER_SECOND,
  ORG_COLLECT_INTERVAL_MS,
  PASS_LATENCY_MS,
  type OrganizationResult,
} from "./organization";
import { PAGE_TIMEOUT_MS } from "./resilience";
import { INJECTED_LATENCY_MS, type ServerResult } from "./server";
import type { TableResult } from "./table";

export type Part = "server" | "browser" | "table" | "history" | "organization";

type Target = { op: "≤" | "="; limit: number } | undefined;

interface Row {
  label: string;
  /** A row that qualifies the one above it: shown indented under it. */
  sub?: boolean;
  /** The part of the bench that measures it; rows of a part that did not run are left out. */
  part?: Part;
  unit: string;
  digits?: number;
  value: (s: Size) => number | null | undefined;
  target?: (s: Size) => Target;
  note?: (s: Size) => string;
}

export interface Results {
  server: Partial<Record<Size, ServerResult>>;
  client: Partial<Record<Size, BrowserResult>>;
  table: Partial<Record<Size, TableResult>>;
  /** The 1-minute load average as each size ended: other work on the machine slows every figure. */
  loads: Partial<Record<Size, number>>;
  /** The nodes of each size's graph. */
  graphNodes: Partial<Record<Size, number>>;
  /** The collector and the history store (history.ts, history-store.ts), at L only. */
  history: Partial<Record<Size, HistoryFigures>>;
  /** The organization of 200 accounts (organization.ts), at XL only. */
  organization: Partial<Record<Size, OrganizationResult>>;
}

export interface HistoryFigures {
  dashboard: HistoryResult;
  stores: StoreResult[];
  /** Why a store was not measured (no PostgreSQL server). */
  skipped: { store: StoreName; why: string }[];
}

const MB = 1024 * 1024;

/** The history part's rows: its figures exist at L only, so the other sizes' cells stay empty. */
function historyRows(history: Results["history"]): Row[] {
  const at =
    <T>(f: (h: HistoryFigures) => T | null | undefined) =>
    (s: Size) =>
      history[s] ? f(history[s]) : undefined;
  const dash = <T>(f: (h: HistoryResult) => T) => at((h) => f(h.dashboard));
  const limit =
    (op: "≤" | "=", n: number) =>
    (s: Size): Target =>
      history[s] ? { op, limit: n } : undefined;
  const rows: Row[] = [
    {
      label: `history: snapshot age p95, +${AGE_LATENCY_MS} ms per AWS call (interval ${COLLECT_INTERVAL_MS / 1000} s)`,
      part: "history",
      unit: " ms",
      value: dash((d) => d.age.p95),
      target: limit("≤", COLLECT_INTERVAL_MS + 1000),
      note: (s) => {
        const a = history[s]?.dashboard.age;
        return a ? ` [p50 ${a.p50.toFixed(0)}, max ${a.max.toFixed(0)}, ${a.samples} samples]` : "";
      },
    },
    {
      label: "a collector pass: its readAt → first served (p50)",
      sub: true,
      part: "history",
      unit: " ms",
      value: dash((d) => d.age.passP50),
      note: (s) => {
        const a = history[s]?.dashboard.age;
        return a ? ` [max ${a.passMax.toFixed(0)}, ${a.passes} passes]` : "";
      },
    },
    {
      label: "the collector's period, readAt to readAt (p50)",
      sub: true,
      part: "history",
      unit: " ms",
      value: dash((d) => d.age.periodP50),
    },
    {
      label: `history: ${BROWSERS} browsers polling /api/topology, response p95`,
      part: "history",
      unit: " ms",
      digits: 1,
      value: dash((d) => d.browsers.p95),
      target: limit("≤", 20),
      note: (s) => {
        const b = history[s]?.dashboard.browsers;
        return b
          ? ` [p50 ${b.p50.toFixed(1)}, max ${b.max.toFixed(0)}, ${b.polls} polls: ${Object.entries(
              b.statuses,
            )
              .map(([status, n]) => `${n} × ${status}`)
              .join(", ")}]`
          : "";
      },
    },
    {
      label: `history: AWS calls per second, ${BROWSERS} browsers (= with 1)`,
      part: "history",
      unit: "",
      digits: 2,
      value: dash((d) => Math.round(d.browsers.manyRate * 100) / 100),
      target: (s) =>
        history[s]
          ? { op: "=", limit: Math.round(history[s].dashboard.browsers.oneRate * 100) / 100 }
          : undefined,
      note: (s) => {
        const b = history[s]?.dashboard.browsers;
        return b
          ? ` [1 browser: ${b.oneRate.toFixed(2)} over ${b.oneSeconds} s; ${BROWSERS}: over ${b.manySeconds} s]`
          : "";
      },
    },
  ];
  const names: StoreName[] = ["PGlite", "PostgreSQL"];
  for (const name of names) {
    const store = (s: Size) => history[s]?.stores.find((r) => r.store === name);
    const skipped = (s: Size) => history[s]?.skipped.find((r) => r.store === name);
    const st =
      <T>(f: (r: StoreResult) => T) =>
      (s: Size) => {
        const r = store(s);
        return r ? f(r) : history[s] ? null : undefined;
      };
    rows.push(
      {
        label: `history (${name}): store size after a day of flaps (1 % of sessions an hour)`,
        part: "history",
        unit: " MB",
        digits: 1,
        value: st((r) => r.dayBytes / MB),
        target: (s) => (store(s) ? { op: "≤", limit: 50 } : undefined),
        note: (s) => {
          const r = store(s);
          const why = skipped(s)?.why;
          const wal =
            r?.dayDiskBytes != null
              ? `directory on disk ${(r.dayDiskBytes / MB).toFixed(0)} MB with WAL and templates; `
              : "";
          return r
            ? ` [${wal}${r.dayEvents} events, ${r.changes} changes of ${r.sessions} sessions, ${r.saves} slices saved in ${r.daySeconds.toFixed(0)} s; ${r.resources} resources]`
            : why
              ? ` [not measured: ${why}]`
              : "";
        },
      },
      {
        label: `history (${name}): store size with ${EVENTS.toLocaleString("en")} events`,
        part: "history",
        unit: " MB",
        digits: 0,
        value: st((r) => r.fullBytes / MB),
        note: (s) => {
          const r = store(s);
          const wal =
            r?.fullDiskBytes != null
              ? `directory on disk ${(r.fullDiskBytes / MB).toFixed(0)} MB with WAL and templates; `
              : "";
          return r ? ` [${wal}${r.events} events, inserted in ${r.fillSeconds.toFixed(0)} s]` : "";
        },
      },
    );
    const queryNames = [
      ...new Set(
        Object.values(history).flatMap((h) =>
          (h?.stores ?? []).flatMap((r) => r.queries.map((q) => q.name)),
        ),
      ),
    ];
    for (const q of queryNames)
      rows.push({
        label: `${q} (p95)`,
        sub: true,
        part: "history",
        unit: " ms",
        digits: 1,
        value: st((r) => r.queries.find((x) => x.name === q)?.p95 ?? null),
        target: (s) => (store(s) ? { op: "≤", limit: 50 } : undefined),
        note: (s) => {
          const x = store(s)?.queries.find((y) => y.name === q);
          return x ? ` [p50 ${x.p50.toFixed(1)}, max ${x.max.toFixed(0)}]` : "";
        },
      });
    rows.push({
      label: `history (${name}): events query p95, the worst of them`,
      part: "history",
      unit: " ms",
      digits: 1,
      value: st((r) => Math.max(...r.queries.map((x) => x.p95))),
      target: (s) => (store(s) ? { op: "≤", limit: 50 } : undefined),
      note: (s) => {
        const r = store(s);
        if (!r) return "";
        const worst = r.queries.reduce((a, b) => (b.p95 > a.p95 ? b : a));
        return ` [${worst.name}]`;
      },
    });
  }
  return rows;
}

/** A note that the last load showed nothing within the timeout (counted at it, so the figure is a floor). */
const timedOut = (n: number | undefined) =>
  n ? `; the last load showed nothing in ${PAGE_TIMEOUT_MS / 1000} s: counted at it, a floor` : "";

/** The organization part's rows (issue 24): its figures exist at XL only. */
function organizationRows(organization: Results["organization"]): Row[] {
  const og =
    (f: (r: OrganizationResult) => number) =>
    (s: Size): number | undefined =>
      organization[s] ? f(organization[s]) : undefined;
  const limit =
    (n: number) =>
    (s: Size): Target =>
      organization[s] ? { op: "≤", limit: n } : undefined;
  const note = (f: (r: OrganizationResult) => string) => (s: Size) =>
    organization[s] ? f(organization[s]) : "";
  return [
    {
      label: "organization: accounts read (management + members), in regions",
      part: "organization",
      unit: "",
      value: og((r) => r.accounts),
      note: note((r) => ` [${r.regions} regions, ${r.interfaces} interfaces]`),
    },
    {
      label: "organization: dashboard start → first whole topology (no latency)",
      part: "organization",
      unit: " ms",
      value: og((r) => r.firstPassMs),
    },
    {
      label: `organization: full collector pass, +${PASS_LATENCY_MS} ms per AWS call (Refresh → every scope read)`,
      part: "organization",
      unit: " ms",
      value: og((r) => r.passMs),
      target: limit(60_000),
      note: note(
        (r) =>
          ` [DescribeVirtualInterfaces answered in ${r.scopesRead} of ${r.scopesExpected} account × region, ${r.readErrors} read errors; ${r.calls} Direct Connect calls, ${r.throttled} throttled; ${r.assumeRoles} AssumeRole; collector interval ${ORG_COLLECT_INTERVAL_MS / 1000} s]`,
      ),
    },
    {
      label: "the Next.js server's CPU time in that pass (user + system)",
      sub: true,
      part: "organization",
      unit: " ms",
      value: og((r) => r.passCpuMs),
    },
    {
      label: "every account × region read, no read error",
      sub: true,
      part: "organization",
      unit: "",
      value: og((r) => (r.scopesRead === r.scopesExpected && r.readErrors === 0 ? 1 : 0)),
      target: (s) => (organization[s] ? { op: "=", limit: 1 } : undefined),
    },
    {
      label: "organization: Direct Connect calls per second per account, peak (any 1 s)",
      part: "organization",
      unit: "",
      value: og((r) => r.ratePeak),
      target: limit(CALLS_PER_SECOND),
      note: note(
        (r) =>
          ` [${r.overBudget} of ${r.accounts} accounts over ${CALLS_PER_SECOND}; highest ${r.topPeaks}; per clock second at most ${r.ratePeakClockSecond}; budget DX_ACCOUNT_CALLS_PER_SECOND=${CALLS_PER_SECOND}]`,
      ),
    },
    {
      label: "mean per account, first call to last (mean of the accounts)",
      sub: true,
      part: "organization",
      unit: "",
      digits: 2,
      value: og((r) => r.rateMean),
      note: note((r) => ` [highest ${r.rateMeanMax.toFixed(2)}]`),
    },
    {
      label: "server: RSS of the Next.js server after its first pass",
      part: "organization",
      unit: " MB",
      value: og((r) => r.serverRssMb),
      target: limit(1024),
      note: note(
        (r) =>
          ` [after the forced pass ${r.serverRssAfterMb.toFixed(0)} MB; the emulator ${r.emulatorRssMb.toFixed(0)} MB]`,
      ),
    },
  ];
}

function rows({ server, client, table, loads, graphNodes, history, organization }: Results): Row[] {
  const sv = (f: (r: ServerResult) => number) => (s: Size) => (server[s] ? f(server[s]) : null);
  const br = (f: (r: BrowserResult) => number | null) => (s: Size) =>
    client[s] ? f(client[s]) : null;
  const tb = (f: (r: TableResult) => number) => (s: Size) => (table[s] ? f(table[s]) : null);
  const all = (op: "≤" | "=", limit: number) => (): Target => ({ op, limit });
  const bySize =
    (t: Partial<Record<Size, number>>) =>
    (s: Size): Target =>
      t[s] !== undefined ? { op: "≤", limit: t[s] } : undefined;
  return [
    {
      label: "machine: load average (1 min) after the size",
      unit: "",
      digits: 2,
      value: (s) => loads[s] ?? null,
    },
    {
      label: "estate: interfaces / graph nodes",
      unit: "",
      value: (s) => SIZES[s].interfaces,
      note: (s) => ` / ${graphNodes[s] ?? "?"}`,
    },
    {
      label: "topology payload, gzip (raw)",
      part: "server",
      unit: " KB",
      value: sv((r) => r.payloadGzipBytes / 1024),
      note: (s) => ` (${((server[s]?.payloadBytes ?? 0) / 1024).toFixed(0)} KB)`,
    },
    { label: "server: cold read p50", part: "server", unit: " ms", value: sv((r) => r.coldP50) },
    { label: "server: cold read p95", part: "server", unit: " ms", value: sv((r) => r.coldP95) },
    {
      label: "server: warm read (cached) p50",
      part: "server",
      unit: " ms",
      digits: 1,
      value: sv((r) => r.warmP50),
      target: all("≤", 20),
    },
    {
      label: "server: warm read (cached) p95",
      part: "server",
      unit: " ms",
      digits: 1,
      value: sv((r) => r.warmP95),
      target: all("≤", 20),
    },
    {
      label: "server: warm poll (If-None-Match) p50",
      part: "server",
      unit: " ms",
      digits: 1,
      value: sv((r) => r.pollP50),
      target: all("≤", 20),
      note: (s) => (server[s] ? ` [${server[s].pollNotModified}/${server[s].polls} were 304]` : ""),
    },
    {
      label: "server: warm poll (If-None-Match) p95",
      part: "server",
      unit: " ms",
      digits: 1,
      value: sv((r) => r.pollP95),
      target: all("≤", 20),
    },
    {
      label: "server: the same calls serially, p50",
      part: "server",
      unit: " ms",
      value: sv((r) => r.serialP50),
    },
    {
      label: "server: cold read / serial calls (p50)",
      part: "server",
      unit: "",
      digits: 2,
      value: sv((r) => r.coldP50 / r.serialP50),
    },
    {
      label: "server: upstream calls per read",
      part: "server",
      unit: "",
      value: sv((r) => r.calls),
      note: (s) =>
        server[s] && server[s].serialCalls !== server[s].calls
          ? ` (serial: ${server[s].serialCalls})`
          : "",
    },
    {
      label: `server: cold read, +${INJECTED_LATENCY_MS} ms per call, p50`,
      part: "server",
      unit: " ms",
      value: sv((r) => r.latencyP50),
      target: all("≤", INJECTED_LATENCY_MS * 1.5),
    },
    {
      label: `server: cold read, +${INJECTED_LATENCY_MS} ms per call, p95`,
      part: "server",
      unit: " ms",
      value: sv((r) => r.latencyP95),
      note: (s) =>
        server[s]
          ? ` [${server[s].latencyReads} reads, slowest ${server[s].latencyMax.toFixed(0)}]`
          : "",
      target: all("≤", INJECTED_LATENCY_MS * 1.5),
    },
    {
      label: "added by the latency (p50 − cold p50)",
      sub: true,
      part: "server",
      unit: " ms",
      value: sv((r) => r.latencyP50 - r.coldP50),
    },
    {
      label: `serially it would add ≥ calls × ${INJECTED_LATENCY_MS} ms`,
      sub: true,
      part: "server",
      unit: " ms",
      value: sv((r) => r.serialCalls * INJECTED_LATENCY_MS),
    },
    {
      label: "server: cold read, every interface list changed, p50",
      part: "server",
      unit: " ms",
      value: sv((r) => r.changedP50),
    },
    {
      label: `the same, +${INJECTED_LATENCY_MS} ms per call, p50`,
      sub: true,
      part: "server",
      unit: " ms",
      value: sv((r) => r.changedLatencyP50),
    },
    {
      label: "layout: layoutGraph, whole estate (Node, p50)",
      part: "server",
      unit: " ms",
      digits: 1,
      value: sv((r) => r.layoutMs),
    },
    {
      label: "layout: buildGraph after a BGP flip (Node, p50)",
      part: "server",
      unit: " ms",
      digits: 1,
      value: sv((r) => r.relayoutMs),
    },
    {
      label: "resilience: analyzeResilience, whole estate (Node, p95 of 20)",
      part: "server",
      unit: " ms",
      digits: 1,
      value: sv((r) => r.resilienceP95),
      target: bySize({ S: 50, M: 50, L: 50 }),
      note: (s) => (server[s] ? ` [${server[s].resilienceTargets} targets]` : ""),
    },
    {
      label: "resilience: analyzeResilience after a BGP flip, from the last analysis (Node, p50)",
      part: "server",
      unit: " ms",
      digits: 1,
      value: sv((r) => r.reanalysisMs),
    },
    {
      label: "browser: navigation → detailed map painted (median)",
      part: "browser",
      unit: " ms",
      value: br((r) => r.paintedMs),
      target: bySize({ S: 1500, M: 1500, L: 4000, XL: 2500 }),
      note: (s) => (client[s] ? ` [${client[s].paints.map((p) => p.toFixed(0)).join(", ")}]` : ""),
    },
    {
      label: "browser: navigation → React Flow drawn: controls, minimap, keyboard (median)",
      part: "browser",
      unit: " ms",
      value: br((r) => r.flowMs),
      // No target: the first frame pans, zooms and selects from the paint (e2e/first-frame.spec.ts).
      note: (s) => (client[s] ? ` [${client[s].flows.map((p) => p.toFixed(0)).join(", ")}]` : ""),
    },
    {
      label: "browser: navigation → Resilience page's first target (median)",
      part: "browser",
      unit: " ms",
      value: br((r) => r.resilience?.pageMs ?? null),
      target: bySize({ S: 1500, M: 1500, L: 4000, XL: 1000 }),
      note: (s) =>
        client[s]?.resilience
          ? ` [${client[s].resilience.pages.map((p) => p.toFixed(0)).join(", ")}${timedOut(client[s].resilience.pageTimeouts)}]`
          : "",
    },
    {
      label: "browser: navigation → Approvals page's first row (median)",
      part: "browser",
      unit: " ms",
      value: br((r) => r.approvals?.pageMs ?? null),
      target: bySize({ XL: 1000 }),
      note: (s) =>
        client[s]?.approvals
          ? ` [${client[s].approvals.pages.map((p) => p.toFixed(0)).join(", ")}${timedOut(client[s].approvals.timeouts)}; ${client[s].approvals.rows} rows]`
          : "",
    },
    {
      label: "browser: detailed map with single points of failure (spof=1) painted (median)",
      part: "browser",
      unit: " ms",
      value: br((r) => r.resilience?.overlayMs ?? null),
      target: bySize({ S: 1500, M: 1500, L: 4000 }),
      note: (s) =>
        client[s]?.resilience
          ? ` [${client[s].resilience.overlays.map((p) => p.toFixed(0)).join(", ")}${timedOut(client[s].resilience.overlayTimeouts)}]`
          : "",
    },
    {
      label: "browser: first view (no mode in the URL) painted (median)",
      part: "browser",
      unit: " ms",
      value: br((r) => r.firstView.paintedMs),
      target: bySize({ S: 1500, M: 1500, L: 4000 }),
      note: (s) =>
        client[s]
          ? ` [${client[s].firstView.mode}: ${client[s].firstView.paints.map((p) => p.toFixed(0)).join(", ")}]`
          : "",
    },
    {
      label: "browser: regions not wholly on screen in the first view",
      part: "browser",
      unit: "",
      value: br((r) => r.firstView.regions - r.firstView.regionsOnScreen),
      target: bySize({ M: 0, L: 0 }),
      note: (s) =>
        client[s]
          ? ` [${client[s].firstView.regionsOnScreen} of ${client[s].firstView.regions} regions, ${client[s].firstView.locationsOnScreen} of ${client[s].firstView.locations} locations]`
          : "",
    },
    {
      label: "browser: first graph built and laid out (median)",
      part: "browser",
      unit: " ms",
      digits: 1,
      value: br((r) => r.graphBuildMs),
      note: (s) =>
        client[s] ? ` [${client[s].graphBuildsSeen} of ${client[s].paints.length} loads]` : "",
    },
    {
      label: "browser: pan/zoom frame p50",
      part: "browser",
      unit: " ms",
      digits: 1,
      value: br((r) => r.frameP50),
    },
    {
      label: "browser: pan/zoom frame p95",
      part: "browser",
      unit: " ms",
      digits: 1,
      value: br((r) => r.frameP95),
      target: bySize({ S: 33, M: 33, L: 50, XL: 20 }),
    },
    {
      label: "browser: longest task, pan/zoom",
      part: "browser",
      unit: " ms",
      value: br((r) => r.panLongestTask),
    },
    {
      label: "browser: longest task after first paint",
      part: "browser",
      unit: " ms",
      value: br((r) => r.longestTaskAfterPaint),
      target: bySize({ S: 200, M: 200 }),
    },
    {
      label: "browser: click → details, during refresh (max)",
      part: "browser",
      unit: " ms",
      value: br((r) => r.clickMaxMs),
      target: all("≤", 200),
      note: (s) =>
        client[s]
          ? ` [p50 ${client[s].clickP50Ms?.toFixed(0)}, n=${client[s].clicks}, ${client[s].clickRefreshesChanged}/3 refreshes with new data]`
          : "",
    },
    {
      label: "browser: search → its match drawn, from another region's band (median)",
      part: "browser",
      unit: " ms",
      value: br((r) => r.searchMs ?? null),
      note: (s) =>
        client[s]?.searchSamples?.length
          ? ` [${client[s].searchSamples.map((ms) => ms.toFixed(0)).join(", ")}]`
          : "",
    },
    {
      label: "browser: the same, the page's CPU throttled 4× (median)",
      part: "browser",
      unit: " ms",
      value: br((r) => r.slowSearchMs ?? null),
      note: (s) =>
        client[s]?.slowSearchSamples?.length
          ? ` [${client[s].slowSearchSamples.map((ms) => ms.toFixed(0)).join(", ")}]`
          : "",
    },
    {
      label: "browser: BGP data arrived → badge (median)",
      part: "browser",
      unit: " ms",
      value: br((r) => r.badgeMs),
      target: bySize({ S: 50, M: 50, L: 50, XL: 50 }),
      note: (s) =>
        client[s]?.badgeSamples.length
          ? ` [${client[s].badgeSamples.map((ms) => ms.toFixed(0)).join(", ")}]`
          : "",
    },
    {
      label: "browser: nodes moved by the state change",
      part: "browser",
      unit: "",
      value: br((r) => r.nodesMoved),
      target: all("=", 0),
      note: (s) =>
        client[s]?.nodesMutated != null
          ? ` [DOM of ${client[s].nodesMutated} node(s) touched]`
          : "",
    },
    {
      label: "browser: upstream calls per poll (2 s cache)",
      part: "browser",
      unit: "",
      value: br((r) => r.callsPerPoll),
      note: (s) => (client[s] ? ` [${client[s].polls} polls]` : ""),
    },
    {
      label: "browser: JS heap after load (after GC)",
      part: "browser",
      unit: " MB",
      digits: 1,
      value: br((r) => r.heapMb),
      note: (s) => (client[s] ? ` [${client[s].domNodes} DOM nodes]` : ""),
    },
    {
      label: "browser: first-load JS, gzip",
      part: "browser",
      unit: " KB",
      digits: 1,
      value: br((r) => r.firstLoadJsGzipKb),
      target: bySize({ S: 300, M: 300, L: 300, XL: 220 }),
      note: (s) => (client[s] ? ` [${client[s].firstLoadJsFiles} files]` : ""),
    },
    {
      label: "table: scroll frame p50",
      part: "table",
      unit: " ms",
      digits: 1,
      value: tb((r) => r.frameP50),
      note: (s) => (table[s] ? ` [${table[s].rows} rows]` : ""),
    },
    {
      label: "table: scroll frame p95",
      part: "table",
      unit: " ms",
      digits: 1,
      value: tb((r) => r.frameP95),
      target: all("≤", 20),
      note: (s) =>
        table[s]
          ? ` [${table[s].frames} frames, ${(table[s].scrolledPx / 1000).toFixed(0)}k px scrolled, longest task ${table[s].longestTask.toFixed(0)} ms]`
          : "",
    },
    ...historyRows(history),
    ...organizationRows(organization),
  ];
}

export const TARGETS_NOTE =
  "targets (docs/performance.md). For M: painted ≤ 1.5 s, pan/zoom frame p95 ≤ 33 ms, no task over 200 ms after the first paint, badge ≤ 50 ms after " +
  "its data; S is held to them too.\nFor L: painted ≤ 4 s, frame p95 ≤ 50 ms, click ≤ 200 ms during a refresh, a read with 200 ms per " +
  "upstream call ≤ 300 ms, a warm read ≤ 20 ms; the last three hold at every size, as does first-load JS ≤ 300 KB\n" +
  "and the table view's scroll frame p95 ≤ 20 ms.\nHistory, at L: the served snapshot's age p95 ≤ the collector's interval + 1 s with 200 ms per AWS call; 50 polling browsers answered\n" +
  "in ≤ 20 ms (p95) with the AWS calls of one; a day of flaps ≤ 50 MB; each events query p95 ≤ 50 ms over 1,000,000 events, on PGlite and PostgreSQL.\n" +
  "Issue 24: the badge ≤ 50 ms at L too. At XL (200 accounts, 6 regions): a full collector pass with 200 ms per AWS call ≤ 60 s within the budget\n" +
  "(5 Direct Connect calls a second per account), the server's RSS ≤ 1 GB, the map painted ≤ 2.5 s, frame p95 ≤ 20 ms, badge ≤ 50 ms, the Approvals\n" +
  "and Resilience pages ≤ 1 s, first-load JS ≤ 220 KB.";

/** One figure of one size, as the JSON has it and the table shows it. */
interface Cell {
  value: number | null;
  note: string;
  target: string | null;
  result: "PASS" | "MISS" | null;
  text: string;
}

function cellOf(row: Row, size: Size): Cell | undefined {
  const v = row.value(size);
  if (v === undefined) return undefined;
  if (v === null || Number.isNaN(v))
    return { value: null, note: "", target: null, result: null, text: "n/a" };
  const text = `${v.toFixed(row.digits ?? 0)}${row.unit}`;
  const t = row.target?.(size);
  const note = row.note?.(size) ?? "";
  if (!t)
    return { value: v, note: note.trim(), target: null, result: null, text: `${text}${note}` };
  const pass = t.op === "≤" ? v <= t.limit : v === t.limit;
  const target = `${t.op} ${t.limit}${row.unit}`;
  const result = pass ? "PASS" : "MISS";
  return {
    value: v,
    note: note.trim(),
    target,
    result,
    text: `${text}${note} (${target}) ${result}`,
  };
}

/** Where the bench ran: the machine, its load, the software, the commit. */
export interface Provenance {
  date: string;
  command: string;
  commit: string | null;
  /** Whether the work tree had changes to tracked files not yet committed. */
  uncommitted: boolean | null;
  machine: {
    cpuModel: string;
    cores: number;
    memoryGiB: number;
    os: string;
    /** The 1, 5 and 15-minute load averages. */
    loadAtStart: number[];
    loadAtEnd: number[];
  };
  node: string;
  next: string;
  nextBuild: string;
  /** Null when no browser ran (--only server). */
  chromium: string | null;
  viewport: { width: number; height: number };
}

export function provenance(
  root: string,
  args: string[],
  loadAtStart: number[],
  chromium: string | null,
  viewport: { width: number; height: number },
): Provenance {
  const git = (...argv: string[]) => {
    try {
      return execFileSync("git", argv, { cwd: root, encoding: "utf8" }).trim();
    } catch {
      return null;
    }
  };
  const status = git("status", "--porcelain", "--untracked-files=no");
  const buildId = path.join(root, ".next", "BUILD_ID");
  const cpu = os.cpus();
  return {
    date: new Date().toISOString(),
    command: `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`,
    commit: git("rev-parse", "HEAD"),
    uncommitted: status === null ? null : status !== "",
    machine: {
      cpuModel: cpu[0]?.model ?? "?",
      cores: cpu.length,
      memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      os: `${os.type()} ${os.release()}`,
      loadAtStart,
      loadAtEnd: os.loadavg(),
    },
    node: process.version,
    next: (
      JSON.parse(readFileSync(path.join(root, "node_modules", "next", "package.json"), "utf8")) as {
        version: string;
      }
    ).version,
    nextBuild: existsSync(buildId) ? readFileSync(buildId, "utf8").trim() : "",
    chromium,
    viewport,
  };
}

const loads = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");

/** A Markdown table, its columns padded so that it reads as a table in a terminal too. */
function markdownTable(header: string[], body: string[][]): string {
  const escape = (c: string) => c.replace(/\|/g, "\\|");
  const cells = [header, ...body].map((r) => r.map(escape));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    line(cells[0]!),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...cells.slice(1).map(line),
  ].join("\n");
}

/**
 * Prints the table with where it was measured, and writes it to `dir`/latest.md and latest.json.
 * `sizes` are the sizes measured in full, `parts` the parts of the bench that ran.
 */
export function report(
  dir: string,
  results: Results,
  sizes: Size[],
  parts: Part[],
  where: Provenance,
): void {
  const shown = rows(results).filter((r) => !r.part || parts.includes(r.part));
  let above = "";
  const table = shown.map((row) => {
    if (!row.sub) above = row.label;
    return {
      label: row.label,
      ...(row.sub ? { under: above } : {}),
      unit: row.unit.trim(),
      part: row.part ?? null,
      sizes: Object.fromEntries(sizes.map((s) => [s, cellOf(row, s) ?? null])),
    };
  });
  const markdown = markdownTable(
    ["Figure", ...sizes],
    table.map((r) => [
      r.under ? `↳ ${r.label}` : r.label,
      ...sizes.map((s) => r.sizes[s]?.text ?? ""),
    ]),
  );
  const commit = where.commit
    ? `commit ${where.commit.slice(0, 7)}${where.uncommitted ? " (and uncommitted changes)" : ""}`
    : "an unknown commit";
  const m = where.machine;
  const measured =
    `Measured ${where.date} with \`${where.command}\` at ${commit}: ${m.cores} × ${m.cpuModel}, ` +
    `${m.memoryGiB} GiB, ${m.os}, load average ${loads(m.loadAtStart)} at start and ` +
    `${loads(m.loadAtEnd)} at end; Node ${where.node}, Next.js ${where.next}` +
    `${where.chromium ? `, Chromium ${where.chromium} headless at ${where.viewport.width}×${where.viewport.height}` : ""}.`;

  console.log(`\ndxmap scale benchmark: ${where.date}`);
  console.log(`command: ${where.command}   (tsx scripts/bench/main.ts)`);
  console.log(
    `machine: ${m.cores} × ${m.cpuModel}, ${m.memoryGiB.toFixed(1)} GiB, ${m.os}; load average ` +
      `${loads(m.loadAtStart)} at start, ${loads(m.loadAtEnd)} at end`,
  );
  console.log(
    `software: node ${where.node}, next ${where.next} (production build ${where.nextBuild})` +
      (where.chromium
        ? `, Chromium ${where.chromium} headless, viewport ${where.viewport.width}×${where.viewport.height}`
        : "") +
      `; ${commit}`,
  );
  console.log(`${TARGETS_NOTE}\n`);
  console.log(markdown);

  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "latest.md"), `${markdown}\n\n${measured}\n`);
  writeFileSync(
    path.join(dir, "latest.json"),
    `${JSON.stringify({ ...where, sizes, parts, rows: table }, null, 2)}\n`,
  );
}
