"use client";

import { queryOptions, useQueries, useQuery } from "@tanstack/react-query";

import { dxKeys } from "@/lib/dx/query-keys";
import { isTransitional } from "@/lib/dx/states";
import type { DxGatewayAssociations, DxGatewayAttachments } from "@/lib/dx/types";
import type { KnownAssociations } from "@/lib/dx/rules/gateways";

import { fetchJson } from "./fetch-json";
import { FAST_POLL_MS, SLOW_POLL_MS } from "./use-topology";

// What the forms and a gateway's details read apart from the map's poll (lib/aws/gateways.ts): a
// gateway's attachments, which AWS answers one gateway per call, and an account's associations as the
// forms ask for them. Read again while shown, sooner while something moves on.

const base = "/api/direct-connect-gateways";
const poll = (states: readonly { state: string }[] | undefined) =>
  states?.some((s) => isTransitional(s.state)) ? FAST_POLL_MS : SLOW_POLL_MS;

/** The interfaces attached to a gateway, read as `account`. */
export function useGatewayAttachments(account: string, gatewayId: string) {
  return useQuery({
    queryKey: dxKeys.gatewayAttachments(account, gatewayId),
    queryFn: ({ signal }) =>
      fetchJson<DxGatewayAttachments>(
        `${base}/${encodeURIComponent(gatewayId)}/attachments?account=${encodeURIComponent(account)}`,
        { signal },
      ),
    refetchInterval: (q) => poll(q.state.data?.attachments),
  });
}

/** The read of the associations of every gateway `account` owns. */
function gatewayAssociationsQuery(account: string) {
  return queryOptions({
    queryKey: dxKeys.gatewayAssociations(account, "*"),
    queryFn: ({ signal }) =>
      fetchJson<DxGatewayAssociations>(
        `${base}/associations?account=${encodeURIComponent(account)}`,
        { signal },
      ),
    refetchInterval: (q) => poll(q.state.data?.associations),
  });
}

/** The associations of every gateway `account` owns. */
export function useGatewayAssociations(account: string) {
  return useQuery(gatewayAssociationsQuery(account));
}

export interface Known {
  associations: KnownAssociations;
  error?: string;
}

/** A form's view of an owner's associations: the list, "reading", or "unread" with AWS's reason. */
function known({ data, error }: { data?: DxGatewayAssociations; error: Error | null }): Known {
  if (data) return { associations: data.associations };
  if (error) return { associations: "unread", error: error.message };
  return { associations: "reading" };
}

/** A form's view of the owner's associations (one read per owner, shared with every form that asks). */
export function useKnownAssociations(account: string): Known {
  return known(useGatewayAssociations(account));
}

/** The same for several owners at once (approving a selection): by account. */
export function useKnownAssociationsOf(accounts: readonly string[]): Record<string, Known> {
  return useQueries({
    queries: accounts.map((a) => gatewayAssociationsQuery(a)),
    combine: (results) => Object.fromEntries(results.map((r, i) => [accounts[i]!, known(r)])),
  });
}
