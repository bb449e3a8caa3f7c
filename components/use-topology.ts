"use client";

import { queryOptions, useQuery } from "@tanstack/react-query";

import { isTransitional } from "@/lib/dx/badges";
import { dxKeys } from "@/lib/dx/query-keys";
import type { DxClientConfig, DxTopology } from "@/lib/dx/types";

import { fetchJson } from "./fetch-json";

/** Poll fast while AWS is moving something on, slowly when all is settled. */
export const FAST_POLL_MS = 2_000;
export const SLOW_POLL_MS = 15_000;

export function hasTransitionalState(topology: DxTopology): boolean {
  return (
    topology.connections.some((c) => isTransitional(c.state)) ||
    topology.lags.some((l) => isTransitional(l.state)) ||
    topology.virtualInterfaces.some((v) => isTransitional(v.state) || v.bgpPeers.some((p) => isTransitional(p.state))) ||
    topology.gatewayAttachments.some((a) => isTransitional(a.state)) ||
    topology.gatewayAssociations.some((a) => isTransitional(a.state))
  );
}

/** The whole topology of every configured account and region; views filter it in the browser. */
export const topologyQueryOptions = queryOptions({
  queryKey: dxKeys.topology(),
  queryFn: ({ signal }) => fetchJson<DxTopology>("/api/topology", { signal }),
});

export function useTopology() {
  return useQuery({
    ...topologyQueryOptions,
    refetchInterval: (query) => {
      const data = query.state.data;
      return data && hasTransitionalState(data) ? FAST_POLL_MS : SLOW_POLL_MS;
    },
  });
}

export const configQueryOptions = queryOptions({
  queryKey: dxKeys.config(),
  queryFn: ({ signal }) => fetchJson<DxClientConfig>("/api/config", { signal }),
  staleTime: 60_000,
});

/** Accounts, regions and the user's rights: read-only users see no mutating controls. */
export function useDxConfig() {
  return useQuery(configQueryOptions);
}
