/**
 * `npm run bench`: how dxmap scales, on the emulator's generated estates S, M and L
 * (lib/emulator/seed-generated.ts), and with `--sizes XL` on an organization of 200 accounts
 * (lib/emulator/seed-xl.ts), as one table with each figure's target and PASS/MISS: printed, and
 * written to .data/bench/latest.md (a Markdown table, for docs/performance.md) and latest.json (the
 * same figures with the date, the machine and the commit).
 *
 * Per size it starts dashboards as `npm start` runs them (scripts/start.ts: the production build,
 * built first when missing or stale, each with its own emulator and a fresh state file, on ports
 * 3400-3402 and 4900-4902: dashboards.ts), the browser's only after the others are stopped:
 *   - "cold" with DX_CACHE_TTL_MS=0, so every topology read makes its upstream calls, and "cached"
 *     with DX_CACHE_TTL_MS=60000, so every read after the first is served from the server's cache
 *     (a large estate's read can outlast the default TTL: with it, no read would be served wholly from
 *     the cache);
 *   - "live" with the default cache, for the browser.
 * Server (server.ts): GET /api/topology over HTTP as the browser asks for it (gzip), p50/p95 cold and
 * warm; the same upstream calls made one after another by a serial reader (serial-reader.ts: the SDK,
 * one client per account and region, as the dashboard has); upstream calls per read (the emulator's
 * call log); cold reads with latency injected into every upstream call; and layoutGraph and
 * buildGraph on the real /api/topology payload, in Node.
 * Browser (browser.ts; Chromium, headless): navigation to the first painted graph node; the first
 * graph's build and layout in the page (the map's User Timing measure, GRAPH_MEASURE); heap after
 * load; the first-load JavaScript (gzip); a BGP session flipped in the emulator a few times, each until
 * its badge changes (the median, and whether any node moved); clicks on nodes while the topology
 * refreshes until the details panel shows them; frame times and long tasks while panning and zooming.
 * Table (table.ts): frame times while the table view (/table) of every interface scrolls.
 * Approvals (approvals.ts): navigation to the Approvals page's first row.
 * Organization, at XL only (organization.ts; issue 24): a dashboard reading 200 accounts through their
 * roles, its collector's interval ORG_COLLECT_INTERVAL_MS: its first pass from its start, a full pass
 * forced by a Refresh with 200 ms added to every AWS call, each account's calls per second during it
 * (the emulator's GET /_dxmap/calls/rates) against the budget, and the Next.js server's RSS. At XL the
 * server part is not run (its cold reads are tens of seconds each there).
 * History, at L only (history.ts, history-store.ts): a dashboard whose collector reads every
 * COLLECT_INTERVAL_MS, named explicitly: the served snapshot's age with 200 ms added to every AWS
 * call; 50 browsers polling as the map does, their answers' times and the AWS calls per second
 * against one browser's. Then, with lib/history alone on PGlite and on the PostgreSQL server of
 * TEST_DATABASE_URL (a database of its own, dropped after; `eval "$(bash scripts/test-postgres.sh)"`):
 * that dashboard's estate stored, a day of BGP flaps recorded, the store's size, and the events
 * queries over 1,000,000 events.
 *
 *   npm run bench                          # S, M and L
 *   npm run bench -- --sizes S,M           # some sizes
 *   npm run bench -- --only server         # only the server reads (and the layout in Node): no
 *                                          # browser, for comparing server-side code, run after run
 *   npm run bench -- --only browser        # only the browser's figures (one dashboard per size)
 *   npm run bench -- --only table          # only the table view's scroll (one dashboard per size)
 *   npm run bench -- --sizes L --only history # only the collector and the history store (at L)
 *   npm run bench -- --sizes XL            # the organization of 200 accounts: not in the default
 *                                          # sizes (it adds about ten minutes)
 *   npm run bench -- --sizes XL --only organization # only the collector's pass, rates and RSS
 *   npm run bench -- --profile             # also CPU profiles (browser, servers, emulators) in
 *                                          # .data/bench/, with the functions of most self time
 * The options combine: `npm run bench -- --sizes L --only server`.
 * Environment: BENCH_PORT (3400) and BENCH_EMULATOR_PORT (4900), the first of three ports each;
 * DX_CHROMIUM, the browser to launch (else the one e2e/chromium.ts finds).
 */
import { chromium, type Browser } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";

import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../e2e/chromium";
import type { DxTopology } from "../../lib/dx/types";
import { SIZES, type Size } from "../../lib/emulator/seed-generated";
import { layoutGraph } from "../../lib/topology/graph";
import { measureApprovals } from "./approvals";
import { measureBrowser, VIEWPORT } from "./browser";
import {
  COLLECT_INTERVAL_MS,
  measureBrowsers,
  measureSnapshotAge,
  topologyByAccount,
} from "./history";
import { estateSlices, measureStores } from "./history-store";
import { browserSettled } from "./browser-settled";
import { root, startDashboard, stopAll, stopAllOnExit } from "./dashboards";
import { readTopology } from "./http";
import { log } from "./log";
import { measureOrganization, ORG_COLLECT_INTERVAL_MS } from "./organization";
import { profileSummary } from "./profiles";
import { provenance, report, type HistoryFigures, type Part, type Results } from "./report";
import { measureResilience } from "./resilience";
import { measureServer } from "./server";
import { measureTable } from "./table";

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const sizes = (option("--sizes") ?? "S,M,L")
  .split(",")
  .map((s) => s.trim().toUpperCase())
  .filter(Boolean) as Size[];
for (const s of sizes) if (!(s in SIZES)) throw new Error(`--sizes takes S, M, L and XL, got ${s}`);
const only = option("--only");
const PARTS = ["server", "browser", "table", "history", "organization"];
if (args.includes("--only") && !PARTS.includes(only ?? ""))
  throw new Error(
    `--only takes server, browser, table, history or organization, got ${only ?? "nothing"}`,
  );
// The table's figure is a browser figure: --only browser measures it too, --only table alone.
const parts: Part[] =
  only === "server"
    ? ["server"]
    : only === "browser"
      ? ["browser", "table"]
      : only === "table"
        ? ["table"]
        : only === "history"
          ? ["history"]
          : only === "organization"
            ? ["organization"]
            : ["server", "browser", "table", "history", "organization"];
const profile = args.includes("--profile");
const PORT = Number(process.env.BENCH_PORT ?? 3400);
const EMULATOR_PORT = Number(process.env.BENCH_EMULATOR_PORT ?? 4900);
const OUT_DIR = path.join(root, ".data", "bench");

stopAllOnExit();

async function main() {
  // The SDK warns once per process that its 2027 releases need Node 22 (as vitest.config.ts silences it).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const loadAtStart = os.loadavg();
  const browser: Browser | undefined =
    parts.includes("browser") || parts.includes("table")
      ? await chromium.launch({
          executablePath: CHROMIUM_PATH,
          headless: true,
          args: CHROMIUM_ARGS,
        })
      : undefined;
  const chromiumVersion = browser?.version() ?? null;
  // The server reads come first: not while the browser is still starting up.
  if (browser) await browserSettled();
  const results: Results = {
    server: {},
    client: {},
    table: {},
    loads: {},
    graphNodes: {},
    history: {},
    organization: {},
  };
  if (parts.includes("history") && !sizes.includes("L"))
    log("the history part runs at L only: add L to --sizes to measure it");
  if (only === "organization" && !sizes.includes("XL"))
    log("the organization part runs at XL only: add XL to --sizes to measure it");
  const profiles: string[] = [];
  try {
    for (const size of sizes) {
      const dir = mkdtempSync(path.join(os.tmpdir(), `dxmap-bench-${size}-`));
      const profDir = (name: "cold" | "cached" | "live") =>
        profile ? path.join(OUT_DIR, `${size}-${name}`) : undefined;
      try {
        if (profile)
          for (const name of ["cold", "cached", "live"] as const)
            rmSync(profDir(name)!, { recursive: true, force: true });
        let topology: DxTopology | undefined;
        if (parts.includes("organization") && size === "XL") {
          log(
            `XL: organization (a dashboard reading 200 accounts, its collector's interval ${ORG_COLLECT_INTERVAL_MS / 1000} s)…`,
          );
          const startedAt = Date.now();
          const org = await startDashboard("organization", PORT, EMULATOR_PORT, size, dir, {
            DX_COLLECT_INTERVAL_MS: String(ORG_COLLECT_INTERVAL_MS),
          });
          results.organization[size] = await measureOrganization(org, startedAt, {
            accounts: SIZES.XL.accounts,
            regions: SIZES.XL.regions.length,
          });
          await org.stop();
        }
        if (parts.includes("server") && size === "XL")
          log("XL: the server part is not run at XL (its cold reads take tens of seconds each)");
        if (parts.includes("server") && size !== "XL") {
          log(`${size}: server reads (two dashboards: DX_CACHE_TTL_MS=0 and 60000)…`);
          const cold = await startDashboard(
            "cold",
            PORT,
            EMULATOR_PORT,
            size,
            dir,
            { DX_CACHE_TTL_MS: "0" },
            profDir("cold"),
          );
          const cached = await startDashboard(
            "cached",
            PORT + 1,
            EMULATOR_PORT + 1,
            size,
            dir,
            { DX_CACHE_TTL_MS: "60000" },
            profDir("cached"),
          );
          const measured = await measureServer(size, cold, cached);
          results.server[size] = measured.result;
          results.graphNodes[size] = measured.result.nodes;
          topology = measured.topology;
          await cold.stop();
          await cached.stop();
        }
        if (browser) {
          log(`${size}: browser (a dashboard as npm start runs it)…`);
          const live = await startDashboard(
            "live",
            PORT + 2,
            EMULATOR_PORT + 2,
            size,
            dir,
            {},
            profDir("live"),
          );
          if (!topology) {
            // Without the server reads: the estate as the browser will be served it.
            const raw = await readTopology(live);
            topology = JSON.parse(
              (raw.encoding === "gzip" ? gunzipSync(raw.body) : raw.body).toString("utf8"),
            ) as DxTopology;
            results.graphNodes[size] = layoutGraph(topology).nodes.length;
          }
          if (parts.includes("browser")) {
            const measured = await measureBrowser(
              size,
              browser,
              live,
              topology,
              profile ? OUT_DIR : undefined,
            );
            log(`${size}: the Resilience page and the map's single points of failure…`);
            const resilience = await measureResilience(browser, live);
            log(`${size}: the Approvals page…`);
            results.client[size] = {
              ...measured,
              resilience,
              approvals: await measureApprovals(browser, live),
            };
          }
          if (parts.includes("table")) {
            log(`${size}: the table view, scrolled…`);
            results.table[size] = await measureTable(
              size,
              browser,
              live,
              profile ? OUT_DIR : undefined,
            );
          }
          results.loads[size] = os.loadavg()[0]!;
          await live.stop();
        } else {
          results.loads[size] = os.loadavg()[0]!;
        }
        if (parts.includes("history") && size === "L") {
          results.history[size] = await measureHistory(dir);
          results.loads[size] = os.loadavg()[0]!;
        }
        if (profile)
          profiles.push(
            ...profileSummary(
              size,
              root,
              (name) => profDir(name)!,
              results.client[size]?.profile,
              results.table[size]?.profile,
            ),
          );
      } finally {
        await stopAll();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser?.close();
  }
  const measured = (s: Size) =>
    (!parts.includes("server") || s === "XL" || results.server[s] !== undefined) &&
    (!parts.includes("organization") || s !== "XL" || results.organization[s] !== undefined) &&
    (!parts.includes("browser") || results.client[s] !== undefined) &&
    (!parts.includes("table") || results.table[s] !== undefined) &&
    (!parts.includes("history") || s !== "L" || results.history[s] !== undefined);
  report(
    OUT_DIR,
    results,
    sizes.filter(measured),
    parts,
    provenance(root, args, loadAtStart, chromiumVersion, VIEWPORT),
  );
  if (profiles.length) console.log(profiles.join("\n"));
}

/**
 * The collector at L on a dashboard of its own (after the others stopped), then the history store on
 * PGlite and on PostgreSQL with that dashboard's estate, the dashboard stopped.
 */
async function measureHistory(dir: string): Promise<HistoryFigures> {
  log(`L: history (a dashboard whose collector reads every ${COLLECT_INTERVAL_MS} ms)…`);
  const dashboard = await startDashboard("history", PORT + 2, EMULATOR_PORT + 2, "L", dir, {
    DX_COLLECT_INTERVAL_MS: String(COLLECT_INTERVAL_MS),
  });
  const byAccount = await topologyByAccount(dashboard);
  const age = await measureSnapshotAge(dashboard);
  const browsers = await measureBrowsers(dashboard);
  await dashboard.stop();
  const slices = estateSlices(byAccount);
  const server = process.env.TEST_DATABASE_URL;
  const figures: HistoryFigures = {
    dashboard: { age, browsers },
    stores: await measureStores(slices, server),
    skipped: [],
  };
  if (!server)
    figures.skipped.push({
      store: "PostgreSQL",
      why: 'TEST_DATABASE_URL is not set (eval "$(bash scripts/test-postgres.sh)")',
    });
  return figures;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    process.exit();
  });
