// Interfaces another account allocated, waiting for their owner to approve them (confirming), and
// what approving one takes: the owner confirms it, with a gateway for a private or transit one. And
// hosted connections a partner ordered, waiting for their owner to accept them (ordering).
import { CONNECTION_STATE, VIF_STATE } from "@/lib/dx/states";
import type { DxConnection, DxLag, DxTopology, DxVirtualInterface } from "@/lib/dx/types";

import {
  gatewayChoices,
  gatewayField,
  type GatewayChoice,
  type KnownAssociations,
} from "./gateways";

/** The order of the approvals list: by name, then region, then id; stable while states change. */
export function byNameAndRegion(a: DxVirtualInterface, b: DxVirtualInterface): number {
  return (
    a.name.localeCompare(b.name) || a.region.localeCompare(b.region) || a.id.localeCompare(b.id)
  );
}

/** Allocated to a configured account and not yet approved by it. */
export const waitsForApproval = (v: DxVirtualInterface) =>
  v.state === VIF_STATE.confirming && v.ownerAlias !== null;

/** Waiting for a configured account: only those can be approved from here. */
export function awaitingApproval(
  topology: Pick<DxTopology, "virtualInterfaces">,
): DxVirtualInterface[] {
  return topology.virtualInterfaces.filter(waitsForApproval).sort(byNameAndRegion);
}

/**
 * A partner's hosted connection its owner has yet to accept. dxmap reads connections as their owner,
 * so every one it has is an owner's to accept or decline.
 */
export const awaitsAcceptance = (c: Pick<DxConnection, "state">) =>
  c.state === CONNECTION_STATE.ordering;

/** Hosted connections waiting for a configured account to accept them, by name, region and id. */
export function awaitingAcceptance(topology: Pick<DxTopology, "connections">): DxConnection[] {
  return topology.connections
    .filter(awaitsAcceptance)
    .sort(
      (a, b) =>
        a.name.localeCompare(b.name) ||
        a.region.localeCompare(b.region) ||
        a.id.localeCompare(b.id),
    );
}

/** How many wait, interfaces and hosted connections (the header's count): no list to sort on every read of the map. */
export function countAwaitingApproval(
  topology: Pick<DxTopology, "virtualInterfaces" | "connections">,
): number {
  let n = 0;
  for (const v of topology.virtualInterfaces) if (waitsForApproval(v)) n++;
  for (const c of topology.connections) if (awaitsAcceptance(c)) n++;
  return n;
}

export function connectionOf(
  topology: Pick<DxTopology, "connections" | "lags">,
  vif: Pick<DxVirtualInterface, "connectionId">,
): DxConnection | DxLag | undefined {
  if (!vif.connectionId) return undefined;
  return (
    topology.connections.find((c) => c.id === vif.connectionId) ??
    topology.lags.find((l) => l.id === vif.connectionId)
  );
}

/** Who allocated the interface: the owner of its connection, by alias when configured. */
export function allocatingAccount(
  topology: Pick<DxTopology, "connections" | "lags" | "accounts">,
  vif: Pick<DxVirtualInterface, "connectionId" | "ownerAlias" | "visibleTo">,
): string {
  const connection = connectionOf(topology, vif);
  if (connection) {
    return (
      topology.accounts.find((a) => a.accountId === connection.ownerAccount)?.alias ??
      `account ${connection.ownerAccount}`
    );
  }
  // The connection was not read (its account or region failed): any other configured account that sees it.
  return vif.visibleTo.find((alias) => alias !== vif.ownerAlias) ?? "another account";
}

/** The owner's gateways the interface may attach to when approved. */
export function approvalGatewayChoices(
  topology: Pick<DxTopology, "virtualGateways" | "directConnectGateways" | "virtualInterfaces">,
  vif: Pick<DxVirtualInterface, "type" | "ownerAlias" | "ownerAccount" | "account" | "region">,
  associations: KnownAssociations,
): GatewayChoice[] {
  return gatewayChoices(
    topology,
    { alias: vif.ownerAlias ?? vif.account, accountId: vif.ownerAccount, region: vif.region },
    vif.type,
    associations,
  );
}

/** Confirmed as the owner, the only account AWS lets confirm it. */
export function confirmRequest(
  vif: Pick<DxVirtualInterface, "id" | "ownerAlias" | "account" | "region">,
  gatewayId: string,
) {
  return {
    id: vif.id,
    account: vif.ownerAlias ?? vif.account,
    region: vif.region,
    ...gatewayField(gatewayId),
  };
}
