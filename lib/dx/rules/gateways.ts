// Which gateways an interface can attach to, from the topology: a private interface to a virtual
// private gateway in its own region or to a Direct Connect gateway (global), a transit interface only
// to a Direct Connect gateway, a public interface to none. Only the interface owner's own gateways, and
// no Direct Connect gateway AWS would refuse for the type: one associated with transit gateways or
// attached to a transit interface takes transit interfaces only, one associated with virtual private
// gateways or attached to a private interface private interfaces only.
import { ID_PATTERNS } from "@/lib/dx/ids";
import type { InterfaceType } from "@/lib/dx/schemas";
import {
  DXGW_ASSOCIATION_STATE,
  DXGW_STATE,
  isGoingOrGone,
  VGW_STATE,
  VIF_STATE,
} from "@/lib/dx/states";
import type { DxGatewayAssociation, DxTopology } from "@/lib/dx/types";

export interface GatewayChoice {
  id: string;
  kind: "virtual" | "directConnect";
  label: string;
}

export function needsGateway(type: string): boolean {
  return type === "private" || type === "transit";
}

/**
 * The owner's gateway associations as far as the form knows them (useKnownAssociations): the list,
 * "reading" while it is read (no Direct Connect gateway is offered yet), or "unread" when it could not
 * be read (every one is offered, and AWS's refusal answers a wrong choice).
 */
export type KnownAssociations = readonly DxGatewayAssociation[] | "reading" | "unread";

/** The kind of gateway each Direct Connect gateway is associated with, while any association is live. */
function associatedKinds(associations: readonly DxGatewayAssociation[]): Map<string, Set<string>> {
  const kinds = new Map<string, Set<string>>();
  for (const a of associations) {
    if (a.state === DXGW_ASSOCIATION_STATE.disassociated || !a.associatedGatewayType) continue;
    let set = kinds.get(a.directConnectGatewayId);
    if (!set) kinds.set(a.directConnectGatewayId, (set = new Set()));
    set.add(a.associatedGatewayType);
  }
  return kinds;
}

/** The kind of interface attached to each Direct Connect gateway, from the interfaces dxmap reads. */
function attachedKinds(
  interfaces: DxTopology["virtualInterfaces"],
  kinds: Map<string, Set<string>>,
): void {
  for (const v of interfaces) {
    if (!v.directConnectGatewayId || v.state === VIF_STATE.deleted) continue;
    const kind =
      v.type === "transit" ? "transitGateway" : v.type === "private" ? "virtualPrivateGateway" : "";
    if (!kind) continue;
    let set = kinds.get(v.directConnectGatewayId);
    if (!set) kinds.set(v.directConnectGatewayId, (set = new Set()));
    set.add(kind);
  }
}

/** The gateways of account (`alias`, `accountId`) that an interface of `type` in `region` may use. */
export function gatewayChoices(
  topology: Pick<DxTopology, "virtualGateways" | "directConnectGateways" | "virtualInterfaces">,
  owner: { alias: string; accountId: string | undefined; region: string },
  type: InterfaceType | string,
  associations: KnownAssociations,
): GatewayChoice[] {
  if (!needsGateway(type)) return [];
  const virtual: GatewayChoice[] =
    type === "private"
      ? topology.virtualGateways
          .filter(
            (g) =>
              g.account === owner.alias && g.region === owner.region && !isGoingOrGone(g.state),
          )
          .map((g) => ({
            id: g.id,
            kind: "virtual",
            label: `${g.id} · ${g.region}${g.state === VGW_STATE.available ? "" : ` (${g.state})`}`,
          }))
      : [];
  if (associations === "reading") return virtual;
  const kinds = associatedKinds(associations === "unread" ? [] : associations);
  attachedKinds(topology.virtualInterfaces, kinds);
  const wanted = type === "transit" ? "transitGateway" : "virtualPrivateGateway";
  // What each Direct Connect gateway leads to (its associated gateways and their regions): the VPC or
  // transit gateway a network engineer picks it for.
  const live = associations === "unread" ? [] : associations;
  const behind = (id: string) => {
    const to = live
      .filter(
        (a) => a.directConnectGatewayId === id && a.state !== DXGW_ASSOCIATION_STATE.disassociated,
      )
      .map(
        (a) =>
          `${a.associatedGatewayId}${a.associatedGatewayRegion ? ` (${a.associatedGatewayRegion})` : ""}`,
      );
    if (to.length === 0) return associations === "unread" ? "" : " · nothing associated yet";
    return ` → ${to.slice(0, 2).join(", ")}${to.length > 2 ? ` and ${to.length - 2} more` : ""}`;
  };
  const directConnect: GatewayChoice[] = topology.directConnectGateways
    .filter(
      (g) =>
        (owner.accountId ? g.ownerAccount === owner.accountId : g.account === owner.alias) &&
        !isGoingOrGone(g.state) &&
        [...(kinds.get(g.id) ?? [])].every((kind) => kind === wanted),
    )
    .map((g) => ({
      id: g.id,
      kind: "directConnect",
      label: `${g.name || g.id}${g.state === DXGW_STATE.available ? "" : ` (${g.state})`}${behind(g.id)}`,
    }));
  return [...virtual, ...directConnect];
}

/** The request field a gateway id goes in: vgw-… or a Direct Connect gateway's UUID. */
export function gatewayField(id: string): {
  virtualGatewayId?: string;
  directConnectGatewayId?: string;
} {
  if (ID_PATTERNS.virtualGateway.test(id)) return { virtualGatewayId: id };
  if (ID_PATTERNS.directConnectGateway.test(id)) return { directConnectGatewayId: id };
  return {};
}

/**
 * Why some of `owner`'s gateways may be missing from the choices for an interface of `type`: the
 * failed reads of its Direct Connect gateways (global) or, for a private interface, of its virtual
 * private gateways in `region`, as the topology reports them. Not a failed read of its associations
 * (global too): that leaves the gateways listed, and the form says so of the associations.
 */
export function unreadGateways(
  topology: Pick<DxTopology, "errors">,
  owner: string,
  region: string,
  type: string,
): string[] {
  if (!needsGateway(type)) return [];
  return topology.errors
    .filter(
      (e) =>
        e.account === owner &&
        ((e.region === "global" && e.message.startsWith("DescribeDirectConnectGateways failed")) ||
          (type === "private" &&
            e.region === region &&
            e.message.startsWith("DescribeVirtualGateways"))),
    )
    .map((e) => e.message);
}
