"use client";

import { createContext, useContext, type ReactNode } from "react";

import type { DxTopology } from "@/lib/dx/types";

import { buttonClass } from "./actions/styles";

/**
 * Selects a resource on the map and brings it into view: what a link to a related resource in the
 * details panel does, and what a form does with what it created. Provided by the map's page.
 */
export const SelectResourceContext = createContext<(id: string) => void>(() => {});

export const useSelectResource = () => useContext(SelectResourceContext);

/**
 * A related resource in the details: a click selects it and brings it into view (and is a step Back
 * undoes); it is a real link, so it also opens in a new tab or can be copied.
 */
export function ResourceLink({ id, children }: { id: string; children?: ReactNode }) {
  const select = useSelectResource();
  return (
    <a
      href={`/?selected=${encodeURIComponent(id)}`}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0)
          return;
        event.preventDefault();
        select(id);
      }}
      className="rounded text-accent hover:underline focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
    >
      {children ?? <span className="font-mono text-xs">{id}</span>}
    </a>
  );
}

/** Whether the estate holds a resource of this id (connection, LAG, interface, peer or gateway). */
export function holdsResource(topology: DxTopology, id: string): boolean {
  return (
    topology.connections.some((c) => c.id === id) ||
    topology.lags.some((l) => l.id === id) ||
    topology.virtualInterfaces.some((v) => v.id === id || v.bgpPeers.some((p) => p.id === id)) ||
    topology.directConnectGateways.some((g) => g.id === id) ||
    topology.virtualGateways.some((g) => g.id === id) ||
    topology.directConnectGatewayAssociations.some((a) => a.associatedGatewayId === id)
  );
}

/**
 * In the details' place when the selection (from a shared link, or one that was deleted since) is not
 * on the map: what it was, why it may be missing, and the way on.
 */
export function MissingSelection({
  id,
  hiddenByFilters,
  onClearFilters,
  onDismiss,
}: {
  id: string;
  /** It is in the estate, but the account or region filter leaves it out. */
  hiddenByFilters: boolean;
  onClearFilters: () => void;
  onDismiss: () => void;
}) {
  return (
    <section
      role="status"
      aria-labelledby="missing-title"
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-400/40 dark:bg-amber-400/10 dark:text-amber-100"
      data-testid="missing-selection"
    >
      <h2 id="missing-title" className="font-semibold">
        {hiddenByFilters ? "Hidden by the filters" : "Not on the map"}
      </h2>
      <p className="mt-1">
        <code className="font-mono text-xs break-all">{id}</code>{" "}
        {hiddenByFilters
          ? "is in the estate, but the account or region filter leaves it out."
          : "is not in any account or region dxmap reads: it may have been deleted, or the link may be for another estate."}
      </p>
      <div className="mt-2 flex gap-2">
        {hiddenByFilters ? (
          <button type="button" className={buttonClass.secondary} onClick={onClearFilters}>
            Clear filters
          </button>
        ) : null}
        <button type="button" className={buttonClass.secondary} onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
