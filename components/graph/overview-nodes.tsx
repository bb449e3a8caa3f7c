"use client";

import type { Node, NodeProps } from "@xyflow/react";
import { memo, type ReactNode } from "react";

import { count } from "@/lib/dx/format";
import { UNKNOWN_STATE } from "@/lib/dx/states";
import type { Counts, Health, OverviewNodeData } from "@/lib/topology/overview";

import { StateBadge } from "../state-badge";
import { NodeHandle, nodeTypes } from "./nodes";

// The overview's aggregated nodes: a region, a location, a connection or LAG not yet opened, each with
// what it holds and how much of that is not well. Interfaces and peers, once opened, are the map's own
// nodes (components/graph/nodes.tsx).

type OverviewFlowNode = Node<OverviewNodeData & Record<string, unknown>>;

const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;

/** "2 locations · 52 connections · 1 LAG · 520 interfaces · 1,040 peers" (locations only for a region). */
function countsLine(c: Counts, withLocations: boolean): string {
  return [
    withLocations ? plural(c.locations, "location") : null,
    c.connections || !c.lags ? plural(c.connections, "connection") : null,
    c.lags ? plural(c.lags, "LAG") : null,
    plural(c.interfaces, "interface"),
    plural(c.peers, "peer"),
  ]
    .filter(Boolean)
    .join(" · ");
}

const CHIP = "rounded-full px-2 py-0.5 text-xs font-medium tabular-nums whitespace-nowrap";
const DANGER = `${CHIP} bg-rose-50 text-rose-800 dark:bg-rose-400/15 dark:text-rose-200`;
const WAITING = `${CHIP} bg-amber-50 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200`;
const WELL = `${CHIP} bg-emerald-50 text-emerald-800 dark:bg-emerald-400/10 dark:text-emerald-300`;

/** The roll-ups, as words (colour is never the only signal): what needs attention, BGP down, confirming. */
function HealthChips({ health }: { health: Health }) {
  const none = health.attention + health.bgpDown + health.confirming === 0;
  return (
    <span className="flex flex-wrap gap-1" data-testid="health">
      {none ? <span className={WELL}>Nothing needs attention</span> : null}
      {health.attention ? (
        <span className={DANGER}>
          {count(health.attention)} need{health.attention === 1 ? "s" : ""} attention
        </span>
      ) : null}
      {health.bgpDown ? <span className={DANGER}>{count(health.bgpDown)} BGP down</span> : null}
      {health.confirming ? (
        <span className={WAITING}>{count(health.confirming)} confirming</span>
      ) : null}
    </span>
  );
}

function Aggregate({
  kind,
  title,
  subtitle,
  open,
  label,
  selected,
  badge,
  children,
}: {
  kind: string;
  title: string;
  subtitle?: string | null;
  /** Whether it is open (undefined: it cannot be opened or closed, a region). */
  open?: boolean;
  /** What its open/close button says to a screen reader. */
  label: string;
  selected?: boolean;
  badge?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div
      className={`flex h-full w-full flex-col gap-1 overflow-hidden rounded-lg border px-3 py-1.5 text-left shadow-sm *:shrink-0 ${
        selected ? "border-accent ring-2 ring-accent" : "border-border"
      } ${kind === "Region" ? "bg-surface-muted" : "bg-surface"}`}
    >
      <NodeHandle type="target" />
      {/* One line for what it is, its name and its controls: three lines in all, so that an estate's
          regions and locations fit one screen. */}
      <div className="flex items-center justify-between gap-2">
        <span className="min-w-0 truncate" title={subtitle ? `${title} · ${subtitle}` : title}>
          <span className="mr-1.5 text-[10px] font-semibold tracking-wide text-muted uppercase">
            {kind}
          </span>
          <span className="text-base font-semibold">{title}</span>
          {subtitle ? <span className="ml-2 text-xs text-muted">{subtitle}</span> : null}
        </span>
        <span className="flex shrink-0 items-center gap-1">
          {badge}
          {open !== undefined ? (
            // The node's own click opens or closes it; this is its keyboard way, and says which it is.
            <button
              type="button"
              aria-expanded={open}
              aria-label={`${open ? "Close" : "Open"} ${label}`}
              title={open ? "Close" : "Open"}
              className="flex size-5 items-center justify-center rounded border border-border text-sm leading-none hover:bg-surface-muted focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
            >
              {open ? "−" : "+"}
            </button>
          ) : null}
        </span>
      </div>
      {children}
      <NodeHandle type="source" />
    </div>
  );
}

const RegionNode = memo(function RegionNode({ data }: NodeProps<OverviewFlowNode>) {
  if (data.kind !== "region") return null;
  return (
    <Aggregate kind="Region" title={data.region} label={data.region}>
      <p className="text-xs text-muted">{countsLine(data.counts, true)}</p>
      <HealthChips health={data.health} />
    </Aggregate>
  );
});

const LocationNode = memo(function LocationNode({ data }: NodeProps<OverviewFlowNode>) {
  if (data.kind !== "location") return null;
  const code = data.code || "Location unknown";
  return (
    <Aggregate
      kind="Location"
      title={code}
      subtitle={data.code ? data.name : "connections no configured account reads"}
      open={data.open}
      label={`${code} (${data.region})`}
    >
      <p className="truncate text-xs text-muted">{countsLine(data.counts, false)}</p>
      <HealthChips health={data.health} />
    </Aggregate>
  );
});

const ParentNode = memo(function ParentNode({ data, selected }: NodeProps<OverviewFlowNode>) {
  if (data.kind !== "parent") return null;
  const n = data.node;
  const resource = n.data.kind === "connection" || n.data.kind === "lag" ? n.data.resource : null;
  const name = resource?.name || n.id;
  return (
    <Aggregate
      kind={n.data.kind === "lag" ? "LAG" : "Connection"}
      title={name}
      subtitle={name === n.id ? null : n.id}
      open={data.open}
      label={name}
      selected={selected}
      badge={<StateBadge state={resource?.state ?? UNKNOWN_STATE} label="State" />}
    >
      <p className="truncate text-xs text-muted">
        {[
          resource?.bandwidth,
          n.account,
          countsLine(data.counts, false).replace(/^1 (connection|LAG) · /, ""),
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <HealthChips health={data.health} />
    </Aggregate>
  );
});

/** At module scope, so React Flow never sees a new object: the aggregated nodes, and the map's own. */
export const overviewNodeTypes = {
  ...nodeTypes,
  region: RegionNode,
  location: LocationNode,
  parent: ParentNode,
};

/** What a screen reader hears for an aggregated node. */
export function overviewNodeLabel(data: OverviewNodeData): string {
  const health = (h: Health) =>
    [
      h.attention && `${h.attention} need attention`,
      h.bgpDown && `${h.bgpDown} BGP down`,
      h.confirming && `${h.confirming} confirming`,
    ]
      .filter(Boolean)
      .join(", ") || "nothing needs attention";
  switch (data.kind) {
    case "region":
      return `Region ${data.region}: ${countsLine(data.counts, true)}; ${health(data.health)}`;
    case "location":
      return `Location ${data.code || "unknown"} in ${data.region}, ${data.open ? "open" : "closed"}: ${countsLine(data.counts, false)}; ${health(data.health)}`;
    case "parent":
      return `${data.node.data.kind === "lag" ? "LAG" : "Connection"} ${
        (data.node.data.kind === "connection" || data.node.data.kind === "lag"
          ? data.node.data.resource?.name
          : null) || data.node.id
      }, state ${data.node.state}, ${data.open ? "open" : "closed"}: ${countsLine(data.counts, false)}; ${health(data.health)}`;
  }
}
