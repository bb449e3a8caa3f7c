// Interfaces another account allocated, waiting for their owner to approve them (confirming), and
// what approving one takes: the owner confirms it, with a gateway for a private or transit one. And
// hosted connections a partner ordered, waiting for their owner to accept them (ordering).
import { RunningCount } from "@/lib/dx/replaced";
import { CONNECTION_STATE, VIF_STATE } from "@/lib/dx/states";
import type { DxConnection, DxLag, DxTopology, DxVirtualInterface } from "@/lib/dx/types";

import {
  gatewayChoices,
  gatewayField,
  needsGateway,
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

/**
 * How many wait, interfaces and hosted connections (the header's count, rendered at every poll that
 * changed something): no list to sort, and a read counted from the last one where it differs
 * (lib/dx/replaced.ts) rather than over the estate again.
 */
export class AwaitingCount {
  private readonly interfaces = new RunningCount(waitsForApproval);
  private readonly connections = new RunningCount(awaitsAcceptance);

  of(topology: Pick<DxTopology, "virtualInterfaces" | "connections">): number {
    return (
      this.interfaces.of(topology.virtualInterfaces) + this.connections.of(topology.connections)
    );
  }
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

// Approving several at once. Each interface is still its own Confirm call, with the gateway chosen for
// its group: the interfaces of one owner and one type, since only the owner confirms them and the type
// decides which gateways AWS takes. Everything below is checked before any call.

export interface ApprovalGroup {
  /** `owner type`: one gateway choice per group. */
  key: string;
  owner: string;
  type: string;
  /** The regions its interfaces are in, sorted. */
  regions: string[];
  vifs: DxVirtualInterface[];
}

/** The selection by owner and type, in the order first met. */
export function approvalGroups(vifs: readonly DxVirtualInterface[]): ApprovalGroup[] {
  const groups = new Map<string, ApprovalGroup>();
  for (const v of vifs) {
    const owner = v.ownerAlias ?? v.account;
    const key = `${owner} ${v.type}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, owner, type: v.type, regions: [], vifs: [] }));
    group.vifs.push(v);
    if (!group.regions.includes(v.region)) group.regions.push(v.region);
  }
  for (const g of groups.values()) g.regions.sort();
  return [...groups.values()];
}

/**
 * The gateways every interface of the group may attach to: the single dialog's choices
 * (approvalGatewayChoices) of each, kept where all agree. Private interfaces in several regions thus
 * share only Direct Connect gateways (global); a virtual private gateway is in one region.
 */
export function groupGatewayChoices(
  topology: Pick<DxTopology, "virtualGateways" | "directConnectGateways" | "virtualInterfaces">,
  group: Pick<ApprovalGroup, "vifs">,
  associations: KnownAssociations,
): GatewayChoice[] {
  const [first, ...rest] = group.vifs;
  if (!first) return [];
  let choices = approvalGatewayChoices(topology, first, associations);
  // One region's choices stand for all of its interfaces: the choices depend on the owner, the type
  // and the region only.
  const seen = new Set([first.region]);
  for (const v of rest) {
    if (seen.has(v.region)) continue;
    seen.add(v.region);
    const ids = new Set(approvalGatewayChoices(topology, v, associations).map((c) => c.id));
    choices = choices.filter((c) => ids.has(c.id));
  }
  return choices;
}

export type ConfirmRequest = ReturnType<typeof confirmRequest>;

export interface ApprovalPlan {
  /** Why a group cannot be approved as chosen, by its key: while there is one, nothing is sent. */
  groupErrors: Record<string, string>;
  /** One request per interface, group by group, each in the selection's order. */
  send: { vif: DxVirtualInterface; request: ConfirmRequest }[];
  /** Interfaces that are not sent, and why. */
  refused: { vif: DxVirtualInterface; reason: string }[];
}

/**
 * What approving `vifs` with the gateway chosen per group (`chosen`, by group key, among `choices`)
 * sends, and what it refuses first: a group that needs a gateway and has none or one no longer
 * offered; one Direct Connect gateway chosen for private and for transit interfaces (AWS attaches one
 * kind to a gateway, and would refuse the other kind once the first is attached); and an interface
 * the latest read no longer shows waiting (approved or deleted meanwhile), which AWS would refuse.
 */
export function planApprovals(
  topology: Pick<DxTopology, "virtualInterfaces">,
  groups: readonly ApprovalGroup[],
  chosen: Readonly<Record<string, string>>,
  choices: Readonly<Record<string, readonly GatewayChoice[]>>,
): ApprovalPlan {
  const groupErrors: Record<string, string> = {};
  const kindOf = new Map<string, Set<string>>();
  for (const g of groups) {
    if (!needsGateway(g.type)) continue;
    const gateway = chosen[g.key] ?? "";
    if (!gateway) {
      groupErrors[g.key] =
        g.vifs.length === 1
          ? "Choose the gateway this interface attaches to."
          : `Choose the gateway these ${g.vifs.length} interfaces attach to.`;
    } else if (!(choices[g.key] ?? []).some((c) => c.id === gateway)) {
      groupErrors[g.key] =
        `${gateway} is not offered for ${g.owner}'s ${g.type} interfaces: choose another.`;
    } else if (gatewayField(gateway).directConnectGatewayId) {
      const kinds = kindOf.get(gateway) ?? new Set<string>();
      kinds.add(g.type);
      kindOf.set(gateway, kinds);
    }
  }
  for (const g of groups) {
    const gateway = chosen[g.key] ?? "";
    if (!groupErrors[g.key] && (kindOf.get(gateway)?.size ?? 0) > 1)
      groupErrors[g.key] =
        "A Direct Connect gateway takes private or transit interfaces, not both: AWS would refuse the second kind. Choose another gateway for one of them.";
  }
  const latest = new Map(topology.virtualInterfaces.map((v) => [v.id, v]));
  const send: ApprovalPlan["send"] = [];
  const refused: ApprovalPlan["refused"] = [];
  for (const g of groups) {
    for (const vif of g.vifs) {
      const now = latest.get(vif.id);
      if (!now) refused.push({ vif, reason: "No longer listed by AWS: it was deleted." });
      else if (!waitsForApproval(now))
        refused.push({ vif, reason: `No longer waiting for approval: it is ${now.state}.` });
      else send.push({ vif: now, request: confirmRequest(now, chosen[g.key] ?? "") });
    }
  }
  return { groupErrors, send, refused };
}
