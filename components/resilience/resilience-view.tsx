"use client";

import { useMemo, type ReactNode } from "react";

import { count } from "@/lib/dx/format";
import { locationKey } from "@/lib/resilience/analysis";
import {
  readResilienceState,
  resilienceRows,
  writeResilienceState,
  type PathInterface,
  type ResiliencePageState,
  type ResiliencePreview,
  type ResilienceTotals,
} from "@/lib/resilience/page";
import {
  MODEL_LABEL,
  MODEL_MEANING,
  MODEL_TONE,
  modelBadge,
  SPOF_KIND_LABEL,
} from "@/lib/resilience/present";
import type { ResiliencePath, ResilienceTarget } from "@/lib/resilience/types";

import { ScopeFilters } from "../graph/filters";
import { LoadError } from "../load-error";
import { OnMap } from "../on-map-link";
import { ReadErrorsNotice } from "../read-errors-notice";
import { StateBadge } from "../state-badge";
import { ariaSort, nextSort, SortButton } from "../table/sort-button";
import { useProgressiveCount } from "../use-progressive";
import { useUrlState } from "../use-url-state";
import { useResilience } from "./use-resilience";

// Which gateways survive a failure: one row per target (a Direct Connect gateway, a virtual private
// gateway, an account's public reach), worst first, with its paths by location and device and what
// alone would cut it off. Filters are the map's (accounts=, regions=, types=) and its own (show=).

const onBackground = "text-slate-600 dark:text-slate-400";
const NOT_COUNTED =
  "Interfaces there are not counted below: a target may be more resilient than shown.";
const HEADING_ID = "resilience-heading";

const COLUMNS = [
  { key: "name", label: "Target" },
  { key: "design", label: "Design" },
  { key: "live", label: "Live" },
] as const;

const KIND_NAME: Record<ResilienceTarget["kind"], string> = {
  "direct-connect-gateway": "Direct Connect gateway",
  "virtual-private-gateway": "Virtual private gateway",
  public: "Public interfaces",
};

function ModelCell({ target, which }: { target: ResilienceTarget; which: "design" | "live" }) {
  const model = which === "design" ? target.designModel : target.liveModel;
  if (which === "live") {
    const badge = modelBadge(target);
    return <StateBadge state={badge.text} tone={badge.tone} label={`Live, ${badge.title}`} />;
  }
  return (
    <StateBadge
      state={MODEL_LABEL[model]}
      tone={target.paths.length === 0 ? "neutral" : MODEL_TONE[model]}
      label={`Design, ${MODEL_MEANING[model]}`}
    />
  );
}

/** The paths by location, then by device: what a failure of each would take. */
function Paths({
  target,
  vifs,
}: {
  target: ResilienceTarget;
  vifs: ReadonlyMap<string, PathInterface>;
}) {
  const byLocation = new Map<string, Map<string, ResiliencePath[]>>();
  for (const p of target.paths) {
    const devices = byLocation.get(locationKey(p)) ?? new Map<string, ResiliencePath[]>();
    devices.set(p.device, [...(devices.get(p.device) ?? []), p]);
    byLocation.set(locationKey(p), devices);
  }
  const down = new Map(target.downPaths.map((d) => [d.virtualInterfaceId, d.reason]));
  if (target.paths.length === 0 && target.notCounted.length === 0)
    return <p className="text-muted">No interface leads here.</p>;
  return (
    <div className="space-y-2">
      {[...byLocation].map(([where, devices]) => (
        <div key={where}>
          <div className="text-xs font-semibold">{where.replace("/", " · ")}</div>
          <ul className="mt-0.5 space-y-1 border-l border-border pl-2">
            {[...devices].map(([device, paths]) => (
              <li key={device}>
                <div className="font-mono text-[11px] text-muted">
                  device {device || "unknown"}
                  {paths[0]!.logicalDevice && paths[0]!.logicalDevice !== device
                    ? ` · logical ${paths[0]!.logicalDevice}`
                    : ""}
                </div>
                <ul>
                  {paths.map((p) => (
                    <li key={p.virtualInterfaceId} className="flex flex-wrap items-center gap-1.5">
                      <OnMap id={p.virtualInterfaceId} className="wrap-anywhere">
                        {vifs.get(p.virtualInterfaceId)?.name || p.virtualInterfaceId}
                      </OnMap>
                      <span className="font-mono text-[11px] text-muted">
                        on <OnMap id={p.lagId ?? p.connectionId}>{p.connectionId}</OnMap>
                      </span>
                      <StateBadge
                        state={p.bgpUp ? "up" : "down"}
                        prefix="BGP"
                        label="BGP"
                        tone={p.bgpUp ? "success" : "danger"}
                      />
                      {down.get(p.virtualInterfaceId) ? (
                        <span className="w-full text-xs text-rose-700 dark:text-rose-300">
                          {down.get(p.virtualInterfaceId)}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {target.notCounted.length > 0 ? (
        <p className="text-xs text-muted">
          Not counted:{" "}
          {target.notCounted.map((n, i) => (
            <span key={n.virtualInterfaceId}>
              {i > 0 ? ", " : ""}
              <OnMap id={n.virtualInterfaceId}>
                {vifs.get(n.virtualInterfaceId)?.name || n.virtualInterfaceId}
              </OnMap>{" "}
              ({n.state})
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}

function SinglePoints({ target }: { target: ResilienceTarget }) {
  if (target.singlePointsOfFailure.length === 0 && target.warnings.length === 0)
    return (
      <p className="text-muted">
        {target.paths.length === 0
          ? "Nothing built to it yet."
          : target.liveModel === "none"
            ? "Cut off already: no live path."
            : "None"}
      </p>
    );
  return (
    <ul className="space-y-1.5">
      {target.singlePointsOfFailure.map((s) => (
        <li key={`${s.kind}:${s.id}`} data-testid={`spof-${s.kind}`}>
          <span className="font-medium">{SPOF_KIND_LABEL[s.kind]}</span>{" "}
          {s.kind === "location" || s.kind === "device" ? (
            <span className="font-mono text-xs">{s.id}</span>
          ) : (
            <OnMap id={s.id} className="font-mono text-xs">
              {s.id}
            </OnMap>
          )}
          <div className="text-xs text-muted">{s.reason}</div>
        </li>
      ))}
      {target.warnings.map((w) => (
        <li key={w} className="text-xs text-amber-800 dark:text-amber-300">
          <span className="font-medium">Also: </span>
          {w}
        </li>
      ))}
    </ul>
  );
}

function TargetRow({
  target,
  vifs,
}: {
  target: ResilienceTarget;
  vifs: ReadonlyMap<string, PathInterface>;
}) {
  return (
    <tr data-testid={`target-${target.id}`} className="align-top">
      <td className="px-3 py-3">
        <div className="leading-tight">
          <div className="font-medium wrap-anywhere">
            {target.kind === "public" ? target.name : <OnMap id={target.id}>{target.name}</OnMap>}
          </div>
          {target.name !== target.id ? (
            <div className="font-mono text-xs wrap-anywhere text-muted">{target.id}</div>
          ) : null}
          <div className="mt-0.5 text-xs text-muted">
            {KIND_NAME[target.kind]} · {target.account}
          </div>
        </div>
      </td>
      <td className="px-3 py-3 whitespace-nowrap">
        <ModelCell target={target} which="design" />
      </td>
      <td className="px-3 py-3 whitespace-nowrap">
        <ModelCell target={target} which="live" />
      </td>
      <td className="px-3 py-3 text-sm">
        <Paths target={target} vifs={vifs} />
      </td>
      <td className="px-3 py-3 text-sm">
        <SinglePoints target={target} />
      </td>
    </tr>
  );
}

function HeaderCell({ children, sorted }: { children: ReactNode; sorted?: string }) {
  return (
    <th
      scope="col"
      aria-sort={sorted as "none" | "ascending" | "descending" | undefined}
      className={`${sorted ? "" : "px-3 py-2.5"} text-left align-bottom text-xs font-semibold tracking-wide text-muted uppercase`}
    >
      {children}
    </th>
  );
}

/**
 * The table of targets, with its counts and filters. `preview`: the server's first rows and counts
 * (resiliencePreview), shown until the browser's own analysis is made; its filters wait for that.
 */
function ResilienceTable({
  accounts,
  regions,
  targets,
  vifs,
  preview,
}: {
  accounts: string[];
  regions: string[];
  targets: ResilienceTarget[];
  vifs: ReadonlyMap<string, PathInterface>;
  preview?: { rows: ResilienceTarget[]; totals: ResilienceTotals };
}) {
  const [state, update] = useUrlState(readResilienceState, writeResilienceState);
  const listed = useMemo(
    () => preview ?? resilienceRows(targets, vifs, state),
    [preview, targets, vifs, state],
  );
  const { rows, totals } = listed;
  // At 200 accounts, some 2,600 targets: the first rows at once, the rest as frames allow.
  const shown = useProgressiveCount(rows.length, JSON.stringify(state));
  const filtered =
    state.accounts.length + state.regions.length + state.types.length > 0 || state.show !== "";
  return (
    <section aria-labelledby={HEADING_ID} className="space-y-3">
      <p role="status" data-testid="resilience-summary" className="text-sm">
        {count(totals.targets)} targets: <strong>{count(totals.degraded)} degraded</strong>,{" "}
        {count(totals.belowHigh)} below high, {count(totals.withSinglePoints)} with a single point
        of failure.
      </p>
      {/* Until the browser's own analysis is made, the rows are the server's: the filters wait. */}
      <fieldset
        disabled={preview !== undefined}
        className="flex flex-wrap items-center gap-x-5 gap-y-2"
      >
        <label className="flex items-center gap-2 text-sm">
          <span className="text-xs font-semibold tracking-wide text-muted uppercase">Show</span>
          <select
            value={state.show}
            onChange={(e) => update({ show: e.target.value as ResiliencePageState["show"] })}
            className="rounded-md border border-border bg-background px-2 py-1 text-sm focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
          >
            <option value="">Every target</option>
            <option value="degraded">Degraded ({totals.degraded})</option>
            <option value="below-high">Below high ({totals.belowHigh})</option>
            <option value="single-points">
              With a single point of failure ({totals.withSinglePoints})
            </option>
          </select>
        </label>
        <ScopeFilters accounts={accounts} regions={regions} chosen={state} update={update} />
        {filtered ? (
          <button
            type="button"
            onClick={() => update({ accounts: [], regions: [], types: [], show: "" })}
            className="rounded-md px-2 py-1 text-sm text-accent underline-offset-2 hover:underline focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
          >
            Clear filters
          </button>
        ) : null}
        <p data-testid="resilience-count" className={`ml-auto text-sm ${onBackground}`}>
          {totals.listed === totals.targets
            ? `${count(totals.listed)} listed`
            : `${count(totals.listed)} of ${count(totals.targets)} listed`}
        </p>
      </fieldset>
      {rows.length === 0 ? (
        <p className="rounded-xl border border-border bg-surface px-4 py-8 text-center text-sm text-muted shadow-sm">
          {totals.targets === 0
            ? "No interface leads to a gateway or to public reach yet."
            : "No target matches these filters."}
        </p>
      ) : (
        <div className="dx-scroll-x relative overflow-x-auto rounded-xl border border-border bg-surface shadow-sm">
          <table className="min-w-full divide-y divide-border text-sm">
            <caption className="sr-only">
              Targets with their resilience models, paths and single points of failure
            </caption>
            <thead className="bg-surface-muted/60">
              <tr>
                {COLUMNS.map((c) => (
                  <HeaderCell key={c.key} sorted={ariaSort(state.sort === c.key, state.dir)}>
                    <SortButton
                      label={c.label}
                      sorted={state.sort === c.key}
                      dir={state.dir}
                      onSort={() => update(nextSort({ sort: state.sort, dir: state.dir }, c.key))}
                      className="px-3 py-2.5"
                    />
                  </HeaderCell>
                ))}
                <HeaderCell>Paths, by location and device</HeaderCell>
                <HeaderCell>Single points of failure</HeaderCell>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {rows.slice(0, shown).map((t) => (
                <TargetRow key={t.id} target={t} vifs={vifs} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The interfaces by id, as the table names them. */
function useInterfaces(vifs: readonly PathInterface[] | undefined) {
  return useMemo(() => new Map((vifs ?? []).map((v) => [v.id, v])), [vifs]);
}

/**
 * Every target of every configured account and region, and what a failure would take from it.
 * `first`: the server's first rows (resiliencePreview), shown until the browser's own analysis of the
 * topology it reads is made; they are in the page's HTML.
 */
export function ResilienceView({ first }: { first?: ResiliencePreview | undefined }) {
  const { data, targets, error, isFetching, refetch } = useResilience();
  const vifs = useInterfaces(data?.virtualInterfaces);
  const firstVifs = useInterfaces(first?.vifs);
  const preview = !error && !(data && targets) ? first : undefined;
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-4 py-8 sm:px-6 xl:px-8">
      <div>
        <h1
          id={HEADING_ID}
          tabIndex={-1}
          className="text-2xl font-semibold tracking-tight focus-visible:outline-none"
        >
          Resilience
        </h1>
        <p className={`mt-1 max-w-3xl text-sm ${onBackground}`}>
          What each gateway survives. The design model counts every built interface to it; the live
          model only those with a BGP session up. Maximum: two locations, each with two devices.
          High: two locations. Development: one location, two devices. Single device: every path
          ends on one AWS device, however many connections. A single point of failure is anything
          whose loss alone leaves no live path. Worst first; click a header to sort.
        </p>
      </div>
      {data && targets ? (
        <>
          <ReadErrorsNotice errors={data.errors} missing={NOT_COUNTED} />
          <ResilienceTable
            accounts={data.accounts.map((a) => a.alias)}
            regions={data.regions}
            targets={targets}
            vifs={vifs}
          />
        </>
      ) : preview ? (
        <>
          <ReadErrorsNotice errors={preview.errors} missing={NOT_COUNTED} />
          <ResilienceTable
            accounts={preview.accounts}
            regions={preview.regions}
            targets={preview.rows}
            vifs={firstVifs}
            preview={preview}
          />
        </>
      ) : data ? (
        <p role="status" className={`text-sm ${onBackground}`}>
          Analysing the estate…
        </p>
      ) : error ? (
        <LoadError
          what="The topology"
          message={error.message}
          retrying={isFetching}
          onRetry={() => void refetch()}
        />
      ) : (
        <p role="status" className={`text-sm ${onBackground}`}>
          Loading the Direct Connect topology…
        </p>
      )}
    </main>
  );
}
