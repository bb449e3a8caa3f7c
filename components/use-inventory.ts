"use client";

import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "./fetch-json";
import { isTransitional } from "@/lib/dx/badges";
import { dxKeys } from "@/lib/dx/query-keys";
import type { DxTopology } from "@/lib/dx/types";

/** Poll fast while AWS is moving something on, slowly when all is settled. */
export const FAST_POLL_MS = 5_000;
export const SLOW_POLL_MS = 30_000;

export function hasTransitionalState(inventory: DxTopology): boolean {
  return (
    inventory.connections.some((c) => isTransitional(c.state)) ||
    inventory.virtualInterfaces.some(
      (v) => isTransitional(v.state) || v.bgpPeers.some((p) => isTransitional(p.state)),
    )
  );
}

export const inventoryQueryOptions = queryOptions({
  queryKey: dxKeys.topology(),
  queryFn: ({ signal }) => fetchJson<DxTopology>("/api/topology", { signal }),
});

export function useInventory() {
  return useQuery({
    ...inventoryQueryOptions,
    refetchInterval: (query) => {
      const data = query.state.data;
      return data && hasTransitionalState(data) ? FAST_POLL_MS : SLOW_POLL_MS;
    },
  });
}
