"use client";

import { memo } from "react";

import { count } from "@/lib/dx/format";
import type { GraphGroup } from "@/lib/topology/graph";

import { bandContents, useGoToBand } from "./graph-canvas";

/**
 * The map's bands (one per region and connection owner) as a list: what each holds, how much of it
 * needs attention, and a link that takes the view there. At L the map is thousands of rows tall and
 * fit view can only show its start; this is the overview, and the way down it.
 */
export const MapOverview = memo(function MapOverview({
  groups,
  attention,
}: {
  groups: GraphGroup[];
  attention: number[];
}) {
  const goTo = useGoToBand();
  if (groups.length < 2) return null;
  return (
    <nav
      aria-labelledby="overview-title"
      className="rounded-lg border border-border bg-surface p-3 text-sm"
      data-testid="map-overview"
    >
      <h2 id="overview-title" className="mb-2 text-xs font-semibold">
        On this map
      </h2>
      <ul className="space-y-0.5">
        {groups.map((g, i) => (
          <Band key={`${g.region}/${g.account}`} group={g} attention={attention[i]} goTo={goTo} />
        ))}
      </ul>
    </nav>
  );
});

/**
 * One band's row. At XL the list has a row for each of 1,200 regions and accounts: a poll that moves a
 * count renders that row again, not the list.
 */
const Band = memo(function Band({
  group: g,
  attention,
  goTo,
}: {
  group: GraphGroup;
  attention: number | undefined;
  goTo: (g: GraphGroup) => void;
}) {
  return (
    <li>
      <button
        type="button"
        onClick={() => goTo(g)}
        className="flex w-full items-baseline justify-between gap-2 rounded px-1.5 py-1 text-left hover:bg-surface-muted focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
      >
        <span className="min-w-0">
          <span className="font-medium">
            {g.region} · {g.account}
          </span>
          <span className="block text-xs text-muted">{bandContents(g)}</span>
        </span>
        {attention ? (
          <span className="shrink-0 rounded-full bg-rose-50 px-1.5 text-xs font-medium text-rose-800 tabular-nums dark:bg-rose-400/15 dark:text-rose-200">
            {count(attention)} need{attention === 1 ? "s" : ""} attention
          </span>
        ) : null}
      </button>
    </li>
  );
});
