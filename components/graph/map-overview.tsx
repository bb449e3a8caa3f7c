"use client";

import { count } from "@/lib/dx/format";
import type { GraphGroup } from "@/lib/topology/graph";

import { bandContents, useGoToBand } from "./graph-canvas";

/**
 * The map's bands (one per region and connection owner) as a list: what each holds, how much of it
 * needs attention, and a link that takes the view there. At L the map is thousands of rows tall and
 * fit view can only show its start; this is the overview, and the way down it.
 */
export function MapOverview({ groups, attention }: { groups: GraphGroup[]; attention: number[] }) {
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
          <li key={`${g.region}/${g.account}`}>
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
              {attention[i] ? (
                <span className="shrink-0 rounded-full bg-rose-50 px-1.5 text-xs font-medium text-rose-800 tabular-nums dark:bg-rose-400/15 dark:text-rose-200">
                  {count(attention[i])} need{attention[i] === 1 ? "s" : ""} attention
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
