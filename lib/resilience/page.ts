// The Resilience page's view as its URL has it, its rows in order, and its first rows made on the
// server (the page renders them from the collector's snapshot, so they are in its HTML; the browser
// then reads the topology and analyses it itself). No React: the server and the page share it.
import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";
import type { SortDirection } from "@/lib/topology/table";
import { list, readSort, sortParams, type ParamsLike } from "@/lib/topology/url-params";

import { byWorstFirst } from "./analysis";
import { filterTargets, resilienceCounts, type TargetFilter } from "./present";
import { RESILIENCE_MODELS, type ResilienceTarget } from "./types";

export interface ResiliencePageState {
  accounts: string[];
  regions: string[];
  types: string[];
  show: TargetFilter["show"];
  /** "" (worst first), "name", "design" or "live". */
  sort: string;
  dir: SortDirection;
}

const SHOWS = ["degraded", "below-high", "single-points"] as const;

export const readResilienceState = (params: ParamsLike): ResiliencePageState => {
  const show = params.get("show") ?? "";
  return {
    accounts: list(params.get("accounts")),
    regions: list(params.get("regions")),
    types: list(params.get("types")),
    show: (SHOWS as readonly string[]).includes(show) ? (show as TargetFilter["show"]) : "",
    ...readSort(params),
  };
};

export const writeResilienceState = (state: ResiliencePageState) => ({
  ...state,
  ...sortParams(state),
});

const rank = (m: ResilienceTarget["liveModel"]) => RESILIENCE_MODELS.indexOf(m);

/** The targets in the page's order: worst first, or by a column. */
export function sortTargets(targets: ResilienceTarget[], sort: string, dir: SortDirection) {
  const by =
    sort === "name"
      ? (a: ResilienceTarget, b: ResilienceTarget) => a.name.localeCompare(b.name)
      : sort === "design"
        ? (a: ResilienceTarget, b: ResilienceTarget) =>
            rank(a.designModel) - rank(b.designModel) || a.name.localeCompare(b.name)
        : sort === "live"
          ? (a: ResilienceTarget, b: ResilienceTarget) =>
              rank(a.liveModel) - rank(b.liveModel) || a.name.localeCompare(b.name)
          : byWorstFirst;
  const out = [...targets].sort(by);
  return sort && dir === "desc" ? out.reverse() : out;
}

/** What the page's table needs of an interface: its name, and what the filters match it on. */
export type PathInterface = Pick<DxVirtualInterface, "id" | "name" | "type" | "visibleTo">;

/** The page's counts: of every target, and of those the filters list. */
export interface ResilienceTotals {
  targets: number;
  degraded: number;
  belowHigh: number;
  withSinglePoints: number;
  listed: number;
}

/** The rows the page lists, in order, with its counts. */
export function resilienceRows(
  targets: ResilienceTarget[],
  vifs: ReadonlyMap<string, PathInterface>,
  state: ResiliencePageState,
): { rows: ResilienceTarget[]; totals: ResilienceTotals } {
  const rows = sortTargets(filterTargets(targets, vifs, state), state.sort, state.dir);
  return {
    rows,
    totals: {
      targets: targets.length,
      ...resilienceCounts(targets),
      withSinglePoints: targets.filter((t) => t.singlePointsOfFailure.length > 0).length,
      listed: rows.length,
    },
  };
}

/**
 * How many rows the server renders: a screen or two (a target's row lists every path to it: at 200
 * accounts, 12 KB of HTML a row on average); the browser's own analysis lists the rest.
 */
export const PREVIEW_ROWS = 20;

/** The page's first rows, made on the server: what its HTML shows until the browser's own analysis. */
export interface ResiliencePreview {
  accounts: string[];
  regions: string[];
  errors: DxTopology["errors"];
  rows: ResilienceTarget[];
  /** The interfaces those rows name. */
  vifs: PathInterface[];
  totals: ResilienceTotals;
}

/**
 * Each interface's part that a path names, by id: made once per list (a snapshot's list stays the
 * same array while nothing changed in it).
 */
const pathInterfaces = new WeakMap<DxVirtualInterface[], Map<string, PathInterface>>();

function pathInterfacesOf(vifs: DxVirtualInterface[]): Map<string, PathInterface> {
  let byId = pathInterfaces.get(vifs);
  if (!byId) {
    byId = new Map(
      vifs.map((v) => [v.id, { id: v.id, name: v.name, type: v.type, visibleTo: v.visibleTo }]),
    );
    pathInterfaces.set(vifs, byId);
  }
  return byId;
}

/** The first `first` rows of the page as `state` lists them, from the whole estate's analysis. */
export function resiliencePreview(
  topology: DxTopology,
  targets: ResilienceTarget[],
  state: ResiliencePageState,
  first: number,
): ResiliencePreview {
  const byId = pathInterfacesOf(topology.virtualInterfaces);
  const { rows, totals } = resilienceRows(targets, byId, state);
  const shown = rows.slice(0, first);
  const named = new Set(
    shown.flatMap((t) => [
      ...t.paths.map((p) => p.virtualInterfaceId),
      ...t.notCounted.map((n) => n.virtualInterfaceId),
    ]),
  );
  return {
    accounts: topology.accounts.map((a) => a.alias),
    regions: topology.regions,
    errors: topology.errors,
    rows: shown,
    vifs: [...named].flatMap((id) => byId.get(id) ?? []),
    totals,
  };
}
