"use client";

import type { ReactNode } from "react";

import type { DxApiError } from "@/lib/dx/api-error";
import { associatedGatewayKind } from "@/lib/dx/format";
import type { DxTopology } from "@/lib/dx/types";

import { StateBadge } from "../state-badge";
import { useGatewayAttachments } from "../use-gateway-reads";
import { ResourceLink } from "../selection";

// A Direct Connect gateway's attachments and associations in the details. AWS answers attachments one
// gateway per call, so they are read while the details are open (components/use-gateway-reads.ts);
// associations come with the topology.

/** A list read while the details are open: reading, failed, or its items (kept, and said so, when a read again fails). */
export function Read<T extends { readAt: string }, I>({
  query,
  items,
  label,
  item,
}: {
  query: { data?: T; error: DxApiError | null };
  items: (data: T) => readonly I[];
  label: string;
  item: (item: I) => ReactNode;
}) {
  const { data, error } = query;
  if (!data) {
    if (error)
      return (
        <p className="text-rose-700 dark:text-rose-300">Could not read them: {error.message}</p>
      );
    return <p className="text-muted">Reading them from AWS…</p>;
  }
  const list = items(data);
  return (
    <>
      {error ? (
        <p className="mb-1 text-amber-800 dark:text-amber-300">
          Could not read them again ({error.message.replace(/[.\s]+$/, "")}): showing what was read
          at {new Date(data.readAt).toLocaleTimeString([], { hour12: false })}.
        </p>
      ) : null}
      {list.length === 0 ? (
        <p>None</p>
      ) : (
        <ul className="space-y-1" aria-label={label}>
          {list.map(item)}
        </ul>
      )}
    </>
  );
}

/** The interfaces attached to the gateway, each with its region, owner and the attachment's state. */
export function GatewayAttachments({
  gatewayId,
  account,
  topology,
}: {
  gatewayId: string;
  account: string;
  topology: DxTopology;
}) {
  const query = useGatewayAttachments(account, gatewayId);
  const aliases = new Map(topology.accounts.map((a) => [a.accountId, a.alias]));
  return (
    <Read
      query={query}
      label="Attached interfaces"
      items={(d) => d.attachments}
      item={(a) => {
        const vif = topology.virtualInterfaces.find((v) => v.id === a.virtualInterfaceId);
        const owner = aliases.get(a.virtualInterfaceOwnerAccount) ?? a.virtualInterfaceOwnerAccount;
        return (
          <li key={a.virtualInterfaceId} className="flex flex-wrap items-center gap-x-2">
            <span className="min-w-0 break-words">
              {vif ? (
                <ResourceLink id={vif.id}>
                  {vif.name ? `${vif.name} ` : null}
                  <span className="font-mono text-xs">{a.virtualInterfaceId}</span>
                </ResourceLink>
              ) : (
                <span className="font-mono text-xs">{a.virtualInterfaceId}</span>
              )}
            </span>
            <span className="text-xs text-muted">
              {a.virtualInterfaceRegion}
              {owner ? ` · ${owner}` : ""}
            </span>
            <StateBadge state={a.state} label="Attachment" />
          </li>
        );
      }}
    />
  );
}

/**
 * The associations of a Direct Connect gateway, or of a gateway associated with Direct Connect
 * gateways, as the topology has them (read with every poll, lib/aws/topology.ts): each a link to the
 * resource on its other side, with the association's state and the prefixes it allows.
 */
export function AssociationList({
  topology,
  of,
}: {
  topology: DxTopology;
  of: { directConnectGatewayId: string } | { associatedGatewayId: string };
}) {
  const fromDxgw = "directConnectGatewayId" in of;
  const associations = topology.directConnectGatewayAssociations.filter((a) =>
    fromDxgw
      ? a.directConnectGatewayId === of.directConnectGatewayId
      : a.associatedGatewayId === of.associatedGatewayId,
  );
  if (associations.length === 0) return <p>None</p>;
  const names = new Map(topology.directConnectGateways.map((g) => [g.id, g.name]));
  return (
    <ul
      className="space-y-1"
      aria-label={fromDxgw ? "Associated gateways" : "Direct Connect gateways"}
    >
      {associations.map((a) => (
        <li key={a.id} className="flex flex-wrap items-center gap-x-2">
          {fromDxgw ? (
            <>
              <ResourceLink id={a.associatedGatewayId} />
              <span className="text-xs text-muted">
                {associatedGatewayKind(a.associatedGatewayType).toLowerCase()}
                {a.associatedGatewayRegion ? ` · ${a.associatedGatewayRegion}` : ""}
              </span>
            </>
          ) : (
            <ResourceLink id={a.directConnectGatewayId}>
              {names.get(a.directConnectGatewayId)
                ? `${names.get(a.directConnectGatewayId)} `
                : null}
              <span className="font-mono text-xs">{a.directConnectGatewayId}</span>
            </ResourceLink>
          )}
          <StateBadge state={a.state} label="Association" />
          {a.allowedPrefixes.length > 0 ? (
            <span className="basis-full text-xs text-muted">
              Allowed prefixes: {a.allowedPrefixes.join(", ")}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
