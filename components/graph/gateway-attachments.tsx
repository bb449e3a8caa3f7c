"use client";

import { useQuery } from "@tanstack/react-query";

import { isTransitional } from "@/lib/dx/badges";
import { dxKeys } from "@/lib/dx/query-keys";
import type { DxGatewayAttachments, DxTopology } from "@/lib/dx/types";

import { fetchJson } from "../fetch-json";
import { StateBadge } from "../state-badge";
import { FAST_POLL_MS, SLOW_POLL_MS } from "../use-topology";

/**
 * The interfaces attached to a Direct Connect gateway, with each attachment's state. AWS answers
 * these one gateway per call, so the map does not read them with every poll: they are read when a
 * gateway's details are open, as its owner, and again while they stay open (sooner while one moves).
 */
export function GatewayAttachments({
  gatewayId,
  account,
  topology,
}: {
  gatewayId: string;
  account: string;
  topology: DxTopology;
}) {
  const { data, error, isPending } = useQuery({
    queryKey: dxKeys.gatewayAttachments(account, gatewayId),
    queryFn: ({ signal }) =>
      fetchJson<DxGatewayAttachments>(
        `/api/direct-connect-gateways/${encodeURIComponent(gatewayId)}/attachments?account=${encodeURIComponent(account)}`,
        { signal },
      ),
    refetchInterval: (q) =>
      q.state.data?.attachments.some((a) => isTransitional(a.state)) ? FAST_POLL_MS : SLOW_POLL_MS,
  });
  if (isPending) return <p className="text-muted">Reading them from AWS…</p>;
  if (error && !data)
    return <p className="text-rose-700 dark:text-rose-300">Could not read them: {error.message}</p>;
  if (!data || data.attachments.length === 0) return <p>None</p>;
  const aliases = new Map(topology.accounts.map((a) => [a.accountId, a.alias]));
  return (
    <ul className="space-y-1" aria-label="Attached interfaces">
      {data.attachments.map((a) => {
        const vif = topology.virtualInterfaces.find((v) => v.id === a.virtualInterfaceId);
        const owner = aliases.get(a.virtualInterfaceOwnerAccount) ?? a.virtualInterfaceOwnerAccount;
        return (
          <li key={a.virtualInterfaceId} className="flex flex-wrap items-center gap-x-2">
            <span className="min-w-0 break-words">
              {vif?.name || <span className="font-mono text-xs">{a.virtualInterfaceId}</span>}
            </span>
            <span className="text-xs text-muted">
              {a.virtualInterfaceRegion}
              {owner ? ` · ${owner}` : ""}
            </span>
            <StateBadge state={a.state} label="Attachment" />
          </li>
        );
      })}
    </ul>
  );
}
