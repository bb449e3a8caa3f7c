/**
 * Virtual interfaces and their BGP peers: create, allocate, confirm, update, delete, describe,
 * failover tests. Every check runs before anything is written, so a refused request changes nothing.
 */
import type {
  AddressFamily,
  AllocatePrivateVirtualInterfaceRequest,
  AllocatePublicVirtualInterfaceRequest,
  AllocateTransitVirtualInterfaceRequest,
  AllocateTransitVirtualInterfaceResult,
  BGPPeerState,
  ConfirmPrivateVirtualInterfaceRequest,
  ConfirmPrivateVirtualInterfaceResponse,
  ConfirmPublicVirtualInterfaceRequest,
  ConfirmPublicVirtualInterfaceResponse,
  ConfirmTransitVirtualInterfaceRequest,
  ConfirmTransitVirtualInterfaceResponse,
  CreateBGPPeerRequest,
  CreateBGPPeerResponse,
  CreatePrivateVirtualInterfaceRequest,
  CreatePublicVirtualInterfaceRequest,
  CreateTransitVirtualInterfaceRequest,
  CreateTransitVirtualInterfaceResult,
  DeleteBGPPeerRequest,
  DeleteBGPPeerResponse,
  DeleteVirtualInterfaceRequest,
  DeleteVirtualInterfaceResponse,
  DescribeRouterConfigurationRequest,
  DescribeRouterConfigurationResponse,
  DescribeVirtualInterfacesRequest,
  ListVirtualInterfaceTestHistoryRequest,
  ListVirtualInterfaceTestHistoryResponse,
  NewBGPPeer,
  StartBgpFailoverTestRequest,
  StartBgpFailoverTestResponse,
  StopBgpFailoverTestRequest,
  StopBgpFailoverTestResponse,
  Tag,
  UpdateVirtualInterfaceAttributesRequest,
  VirtualInterface,
  VirtualInterfaces,
  VirtualInterfaceTestHistory,
} from "@aws-sdk/client-direct-connect";
import { schedule } from "../clock";
import type { Context } from "../context";
import { ClientError, notFound } from "../errors";
import { ID_FORMATS } from "../ids";
import { regionIndex } from "../locations";
import {
  allocateIpv6,
  allocateLinkLocal30,
  checkAuthKey,
  checkIpv4Pair,
  checkMtu,
  checkPrefixes,
  checkVlan,
  ipv4Network,
  isPrivateAsn,
  resolveAsn,
} from "../rules";
import type { PeerRecord, TestRecord, VifRecord, VifType } from "../state";
import { routerConfiguration, routerType } from "../router-configs";
import { arn, vifState, vifView } from "../views";
import {
  canSee,
  checkFormat,
  findOwnVif,
  findParent,
  findVif,
  isGone,
  page,
  type Parent,
} from "./common";
import { checkGatewayKind } from "./gateways";
import { applyTags } from "./tags";

/** Interfaces per dedicated connection or LAG: 51, at most 4 of them transit; 1 on a hosted connection. */
const MAX_VIFS = 51;
const MAX_TRANSIT_VIFS = 4;
/** Quota: 30 interfaces attached to one Direct Connect gateway. */
const MAX_VIFS_PER_GATEWAY = 30;
/** The Amazon-side ASN of public interfaces. */
const PUBLIC_AMAZON_ASN = (region: string) => (region === "us-east-1" ? 7224 : 16509);

interface VifSpec {
  virtualInterfaceName?: string;
  vlan?: number;
  asn?: number;
  asnLong?: number;
  mtu?: number;
  authKey?: string;
  amazonAddress?: string;
  customerAddress?: string;
  addressFamily?: AddressFamily;
  virtualGatewayId?: string;
  directConnectGatewayId?: string;
  routeFilterPrefixes?: { cidr?: string }[];
  tags?: Tag[];
  enableSiteLink?: boolean;
}

const parentId = (p: Parent) => (p.kind === "lag" ? p.record.lagId : p.record.connectionId);

/** Interfaces that occupy a connection or LAG (and its member connections share the LAG's VLAN space). */
function vifsOn(ctx: Context, parent: Parent): VifRecord[] {
  const ids = new Set([parentId(parent)]);
  if (parent.kind === "connection" && parent.record.lagId) ids.add(parent.record.lagId);
  if (parent.kind === "lag") {
    for (const c of Object.values(ctx.state.connections))
      if (c.lagId === parent.record.lagId) ids.add(c.connectionId);
  }
  return Object.values(ctx.state.virtualInterfaces).filter(
    (v) => ids.has(v.connectionId) && !isGone(v),
  );
}

function usedAddresses(ctx: Context) {
  const v4 = new Set<string>();
  const v6 = new Set<string>();
  for (const vif of Object.values(ctx.state.virtualInterfaces)) {
    if (vif.region !== ctx.region || vif.state === "deleted") continue;
    for (const p of vif.peers) {
      if (p.addressFamily === "ipv6") v6.add(p.amazonAddress);
      else if (p.amazonAddress.startsWith("169.254.")) v4.add(ipv4Network(p.amazonAddress));
    }
  }
  return { v4, v6 };
}

/** Validates a peer's addressing and fills in what AWS assigns. Writes nothing. */
function planPeer(
  ctx: Context,
  type: VifType,
  spec: NewBGPPeer & { routeFilterPrefixes?: unknown },
  reserved: { v4: Set<string>; v6: Set<string> },
): Omit<PeerRecord, "state" | "steps"> {
  const family: AddressFamily = spec.addressFamily ?? "ipv4";
  if (family !== "ipv4" && family !== "ipv6")
    throw new ClientError(`Address family ${String(family)} is not valid.`);
  const asn = resolveAsn(spec);
  checkAuthKey(spec.authKey);
  let amazonAddress: string;
  let customerAddress: string;
  if (family === "ipv6") {
    // IPv6: "Amazon assigns the addresses"; supplying them is refused.
    if (spec.amazonAddress || spec.customerAddress) {
      throw new ClientError(
        "Amazon Address and Customer Address cannot be specified for an IPv6 BGP peer; AWS assigns them.",
      );
    }
    ({ amazonAddress, customerAddress } = allocateIpv6(regionIndex(ctx.region), reserved.v6));
    reserved.v6.add(amazonAddress);
  } else if (spec.amazonAddress || spec.customerAddress) {
    if (!spec.amazonAddress || !spec.customerAddress) {
      throw new ClientError(
        "Amazon Address and Customer Address must both be specified, or both omitted.",
      ); // emulator choice
    }
    checkIpv4Pair(spec.amazonAddress, spec.customerAddress, type);
    amazonAddress = spec.amazonAddress;
    customerAddress = spec.customerAddress;
  } else {
    if (type === "public") {
      throw new ClientError(
        "Amazon Address and Customer Address are required for an IPv4 peer on a public virtual interface.",
      );
    }
    ({ amazonAddress, customerAddress } = allocateLinkLocal30(reserved.v4));
    reserved.v4.add(ipv4Network(amazonAddress));
  }
  if (type === "public" && !isPrivateAsn(asn) && !(ctx.account.publicAsns ?? []).includes(asn)) {
    throw new ClientError(
      `ASN ${asn} is a public ASN that is not allow-listed for account ${ctx.account.accountId}. Use a private ASN or ask AWS to allow-list it.`,
    );
  }
  return {
    bgpPeerId: ctx.ids.bgpPeer(),
    asn,
    addressFamily: family,
    amazonAddress,
    customerAddress,
    authKey: spec.authKey ?? ctx.ids.authKey(),
    sessionDown: false,
  };
}

interface Gateways {
  virtualGatewayId: string;
  directConnectGatewayId: string;
  amazonSideAsn: number;
}

/** The gateway an interface attaches to: a private one needs a VGW or a DX gateway (one of them), a transit one a DX gateway. */
function resolveGateways(
  ctx: Context,
  type: VifType,
  ownerAccount: string,
  vgwId?: string,
  dxgwId?: string,
  required = true,
): Gateways {
  if (type === "public")
    return {
      virtualGatewayId: "",
      directConnectGatewayId: "",
      amazonSideAsn: PUBLIC_AMAZON_ASN(ctx.region),
    };
  if (type === "private" && vgwId && dxgwId) {
    throw new ClientError(
      "Specify either a virtual private gateway or a Direct Connect gateway, not both.",
    );
  }
  if (type === "transit" && vgwId)
    throw new ClientError(
      "A transit virtual interface attaches to a Direct Connect gateway, not a virtual private gateway.",
    );
  if (vgwId) {
    checkFormat("Virtual gateway", ID_FORMATS.virtualGateway, vgwId);
    const vgw = ctx.state.virtualGateways[vgwId];
    if (!vgw || vgw.ownerAccount !== ownerAccount || vgw.region !== ctx.region)
      throw notFound(vgwId);
    if (vgw.state !== "available")
      throw new ClientError(`Virtual gateway ${vgwId} is in state ${vgw.state}`);
    return {
      virtualGatewayId: vgwId,
      directConnectGatewayId: "",
      amazonSideAsn: vgw.amazonSideAsn,
    };
  }
  if (dxgwId) {
    checkFormat("Direct Connect gateway", ID_FORMATS.uuid, dxgwId);
    const gw = ctx.state.gateways[dxgwId];
    if (!gw || gw.ownerAccount !== ownerAccount) throw notFound(dxgwId);
    if (gw.state !== "available")
      throw new ClientError(`Direct Connect gateway ${dxgwId} is in state ${gw.state}`);
    checkGatewayKind(
      ctx.state,
      dxgwId,
      type === "transit" ? "transitInterface" : "privateInterface",
    );
    const attached = Object.values(ctx.state.virtualInterfaces).filter(
      (v) => v.directConnectGatewayId === dxgwId && !isGone(v),
    );
    if (attached.length >= MAX_VIFS_PER_GATEWAY) {
      throw new ClientError(
        `Direct Connect gateway ${dxgwId} already has ${MAX_VIFS_PER_GATEWAY} virtual interfaces attached.`,
      );
    }
    return {
      virtualGatewayId: "",
      directConnectGatewayId: dxgwId,
      amazonSideAsn: gw.amazonSideAsn,
    };
  }
  if (!required) return { virtualGatewayId: "", directConnectGatewayId: "", amazonSideAsn: 64512 };
  throw new ClientError(
    type === "transit"
      ? "A Direct Connect gateway ID (directConnectGatewayId) is required for a transit virtual interface."
      : "Either a virtual private gateway ID or a Direct Connect gateway ID is required for a private virtual interface.",
  );
}

/**
 * The shared path of Create* and Allocate*. `ownerAccount` differs from the caller for an allocation.
 * Created interfaces provision at once (private/transit: pending -> available; public: verifying ->
 * pending -> available); allocated ones wait in "confirming" with no gateway ("" until Confirm).
 */
function provisionVif(
  ctx: Context,
  type: VifType,
  connectionId: string,
  spec: VifSpec | undefined,
  ownerAccount: string,
): VifRecord {
  if (!spec) throw new ClientError("The new virtual interface's details are required.");
  const parent = findParent(ctx, connectionId);
  const allocated = ownerAccount !== ctx.account.accountId;
  const conn = parent.record;
  if (["deleting", "deleted", "rejected", "ordering"].includes(conn.state)) {
    throw new ClientError(`${parentId(parent)} is in state ${conn.state}`);
  }
  checkVlan(spec.vlan!);
  const hosted = parent.kind === "connection" && parent.record.hosted;
  if (hosted && parent.record.vlan !== undefined && parent.record.vlan !== spec.vlan) {
    throw new ClientError(
      `VLAN ${spec.vlan} does not match VLAN ${parent.record.vlan}, which the partner assigned to hosted connection ${connectionId}.`,
    );
  }
  const existing = vifsOn(ctx, parent);
  const limit = hosted ? 1 : MAX_VIFS;
  if (existing.length >= limit) {
    throw new ClientError(
      `${parentId(parent)} already has the maximum of ${limit} virtual interface${limit > 1 ? "s" : ""}.`,
    );
  }
  if (existing.some((v) => v.vlan === spec.vlan)) {
    throw new ClientError(
      `VLAN ${spec.vlan} is already in use on ${parentId(parent)}. Choose a different VLAN.`,
    );
  }
  if (
    type === "transit" &&
    existing.filter((v) => v.virtualInterfaceType === "transit").length >= MAX_TRANSIT_VIFS
  ) {
    throw new ClientError(
      `${parentId(parent)} already has the maximum of ${MAX_TRANSIT_VIFS} transit virtual interfaces.`,
    );
  }
  const mtu = spec.mtu ?? 1500;
  checkMtu(type, mtu, conn.jumboFrameCapable, parentId(parent));
  const prefixes = (spec.routeFilterPrefixes ?? []).map((p) => p.cidr ?? "");
  if (type === "public") {
    if ((spec.addressFamily ?? "ipv4") === "ipv4" && prefixes.length === 0) {
      throw new ClientError(
        "At least one route filter prefix is required for a public virtual interface.",
      );
    }
    checkPrefixes(prefixes);
  }
  const gateways = allocated
    ? {
        virtualGatewayId: "",
        directConnectGatewayId: "",
        amazonSideAsn: type === "public" ? PUBLIC_AMAZON_ASN(ctx.region) : 64512,
      }
    : resolveGateways(ctx, type, ownerAccount, spec.virtualGatewayId, spec.directConnectGatewayId);
  const peer = planPeer(ctx, type, spec, usedAddresses(ctx));
  const id = ctx.ids.virtualInterface();
  const commitTags = applyTags(
    ctx.state,
    arn(ctx.region, ownerAccount, "dxvif", id),
    spec.tags ?? [],
    true,
  );

  const vif: VifRecord = {
    virtualInterfaceId: id,
    virtualInterfaceName: spec.virtualInterfaceName ?? "",
    virtualInterfaceType: type,
    ownerAccount,
    connectionOwner: ctx.account.accountId,
    connectionId: parentId(parent),
    region: ctx.region,
    location: conn.location,
    vlan: spec.vlan!,
    amazonSideAsn: gateways.amazonSideAsn,
    mtu,
    virtualGatewayId: gateways.virtualGatewayId,
    directConnectGatewayId: gateways.directConnectGatewayId,
    routeFilterPrefixes: prefixes,
    peers: [{ ...peer, state: "pending", steps: [] }],
    awsDevice: conn.awsDevice,
    siteLinkEnabled: spec.enableSiteLink ?? false,
    createdAt: ctx.now,
    state: allocated ? "confirming" : type === "public" ? "verifying" : "pending",
    steps: [],
  };
  if (!allocated) startProvisioning(ctx, vif);
  ctx.state.virtualInterfaces[id] = vif;
  commitTags();
  return vif;
}

/** Moves a new or just-confirmed interface, its peers and its gateway attachment towards available. */
function startProvisioning(ctx: Context, vif: VifRecord): void {
  const public_ = vif.virtualInterfaceType === "public";
  vif.state = public_ ? "verifying" : "pending";
  if (public_) schedule(vif, ctx.now, ctx.transitionMs, "pending", "available");
  else schedule(vif, ctx.now, ctx.transitionMs, "available");
  const peerStates: BGPPeerState[] = public_ ? ["pending", "available"] : ["available"];
  for (const peer of vif.peers) {
    peer.state = public_ ? "verifying" : "pending";
    schedule(peer, ctx.now, ctx.transitionMs, ...peerStates);
  }
  if (vif.directConnectGatewayId) {
    vif.attachment = { state: "attaching", steps: [] };
    schedule(vif.attachment, ctx.now, ctx.transitionMs, "attached");
  }
}

export const createPrivateVirtualInterface = (
  input: CreatePrivateVirtualInterfaceRequest,
  ctx: Context,
): VirtualInterface =>
  vifView(
    ctx.state,
    provisionVif(
      ctx,
      "private",
      input.connectionId!,
      input.newPrivateVirtualInterface,
      ctx.account.accountId,
    ),
  );

export const createPublicVirtualInterface = (
  input: CreatePublicVirtualInterfaceRequest,
  ctx: Context,
): VirtualInterface =>
  vifView(
    ctx.state,
    provisionVif(
      ctx,
      "public",
      input.connectionId!,
      input.newPublicVirtualInterface,
      ctx.account.accountId,
    ),
  );

export const createTransitVirtualInterface = (
  input: CreateTransitVirtualInterfaceRequest,
  ctx: Context,
): CreateTransitVirtualInterfaceResult => ({
  virtualInterface: vifView(
    ctx.state,
    provisionVif(
      ctx,
      "transit",
      input.connectionId!,
      input.newTransitVirtualInterface,
      ctx.account.accountId,
    ),
  ),
});

/** "Cannot allocate VirtualInterface for the connection owner." */
function allocationOwner(ctx: Context, ownerAccount: string | undefined): string {
  if (!ownerAccount || !/^\d{12}$/.test(ownerAccount)) {
    throw new ClientError(`Owner account ${ownerAccount ?? ""} is not a valid AWS account ID.`);
  }
  if (ownerAccount === ctx.account.accountId)
    throw new ClientError("Cannot allocate VirtualInterface for the connection owner.");
  return ownerAccount;
}

export const allocatePrivateVirtualInterface = (
  input: AllocatePrivateVirtualInterfaceRequest,
  ctx: Context,
): VirtualInterface =>
  vifView(
    ctx.state,
    provisionVif(
      ctx,
      "private",
      input.connectionId!,
      input.newPrivateVirtualInterfaceAllocation,
      allocationOwner(ctx, input.ownerAccount),
    ),
  );

export const allocatePublicVirtualInterface = (
  input: AllocatePublicVirtualInterfaceRequest,
  ctx: Context,
): VirtualInterface =>
  vifView(
    ctx.state,
    provisionVif(
      ctx,
      "public",
      input.connectionId!,
      input.newPublicVirtualInterfaceAllocation,
      allocationOwner(ctx, input.ownerAccount),
    ),
  );

export const allocateTransitVirtualInterface = (
  input: AllocateTransitVirtualInterfaceRequest,
  ctx: Context,
): AllocateTransitVirtualInterfaceResult => ({
  virtualInterface: vifView(
    ctx.state,
    provisionVif(
      ctx,
      "transit",
      input.connectionId!,
      input.newTransitVirtualInterfaceAllocation,
      allocationOwner(ctx, input.ownerAccount),
    ),
  ),
});

/**
 * Only the owner confirms, only a confirming interface, with the gateway its type needs. A confirming
 * interface is attached to nothing yet: it attaches here, so a Direct Connect gateway that serves the
 * other kind refuses it as Create* would, and the interface stays confirming (emulator choice: AWS
 * documents the rule, not when an allocated interface meets it).
 */
function confirm(ctx: Context, type: VifType, id: string, vgwId?: string, dxgwId?: string) {
  const vif = findOwnVif(ctx, id, "confirm it");
  if (vif.virtualInterfaceType !== type)
    throw new ClientError(`Virtual interface ${id} is not a ${type} virtual interface.`);
  if (vif.state !== "confirming")
    throw new ClientError(
      `Virtual interface ${id} is in state ${vif.state}; only a confirming interface can be confirmed.`,
    );
  const gateways = resolveGateways(ctx, type, vif.ownerAccount, vgwId, dxgwId);
  vif.virtualGatewayId = gateways.virtualGatewayId;
  vif.directConnectGatewayId = gateways.directConnectGatewayId;
  vif.amazonSideAsn = gateways.amazonSideAsn;
  startProvisioning(ctx, vif);
  return { virtualInterfaceState: vif.state };
}

export const confirmPrivateVirtualInterface = (
  input: ConfirmPrivateVirtualInterfaceRequest,
  ctx: Context,
): ConfirmPrivateVirtualInterfaceResponse =>
  confirm(
    ctx,
    "private",
    input.virtualInterfaceId!,
    input.virtualGatewayId,
    input.directConnectGatewayId,
  );

export const confirmPublicVirtualInterface = (
  input: ConfirmPublicVirtualInterfaceRequest,
  ctx: Context,
): ConfirmPublicVirtualInterfaceResponse => confirm(ctx, "public", input.virtualInterfaceId!);

export const confirmTransitVirtualInterface = (
  input: ConfirmTransitVirtualInterfaceRequest,
  ctx: Context,
): ConfirmTransitVirtualInterfaceResponse =>
  confirm(ctx, "transit", input.virtualInterfaceId!, undefined, input.directConnectGatewayId);

/** The owner or the allocating connection owner may delete; a confirming interface becomes rejected. */
export function deleteVirtualInterface(
  input: DeleteVirtualInterfaceRequest,
  ctx: Context,
): DeleteVirtualInterfaceResponse {
  const vif = findVif(ctx, input.virtualInterfaceId!);
  if (isGone(vif)) return { virtualInterfaceState: vif.state };
  endTest(ctx, vif);
  if (vif.state === "confirming") {
    vif.state = "rejected";
    vif.steps = [];
    vif.deletedAt = ctx.now;
    return { virtualInterfaceState: vif.state };
  }
  vif.state = "deleting";
  schedule(vif, ctx.now, ctx.transitionMs, "deleted");
  for (const peer of vif.peers) {
    peer.state = "deleting";
    schedule(peer, ctx.now, ctx.transitionMs, "deleted");
  }
  if (vif.attachment) {
    vif.attachment.state = "detaching";
    schedule(vif.attachment, ctx.now, ctx.transitionMs, "detached");
  }
  return { virtualInterfaceState: vif.state };
}

export function describeVirtualInterfaces(
  input: DescribeVirtualInterfacesRequest,
  ctx: Context,
): VirtualInterfaces {
  let list: VifRecord[];
  if (input.virtualInterfaceId !== undefined) {
    // An unknown but well-formed id is an empty list, not an error.
    checkFormat("Virtual interface", ID_FORMATS.virtualInterface, input.virtualInterfaceId);
    const vif = ctx.state.virtualInterfaces[input.virtualInterfaceId];
    list = vif && canSee(ctx, vif) ? [vif] : [];
  } else {
    // canSee's interfaces, from the index.
    list = [...ctx.index.visibleVifs(ctx.account.accountId, ctx.region)];
  }
  if (input.connectionId !== undefined) {
    if (!ID_FORMATS.lag.test(input.connectionId))
      checkFormat("Connection", ID_FORMATS.connection, input.connectionId);
    list = list.filter((v) => v.connectionId === input.connectionId);
  }
  const { items, nextToken } = page(list, input.maxResults, input.nextToken);
  return {
    virtualInterfaces: items.map((v) => vifView(ctx.state, v)),
    ...(nextToken ? { nextToken } : {}),
  };
}

export function updateVirtualInterfaceAttributes(
  input: UpdateVirtualInterfaceAttributesRequest,
  ctx: Context,
): VirtualInterface {
  const vif = findOwnVif(ctx, input.virtualInterfaceId!, "update it");
  if (isGone(vif) || vif.state === "confirming") {
    throw new ClientError(`Virtual interface ${vif.virtualInterfaceId} is in state ${vif.state}`);
  }
  if (input.mtu !== undefined && input.mtu !== vif.mtu) {
    const conn = ctx.state.connections[vif.connectionId] ?? ctx.state.lags[vif.connectionId];
    checkMtu(
      vif.virtualInterfaceType,
      input.mtu,
      conn?.jumboFrameCapable ?? false,
      vif.connectionId,
    );
    vif.mtu = input.mtu;
    // An MTU change keeps the interface pending until it is applied.
    vif.state = "pending";
    schedule(vif, ctx.now, ctx.transitionMs, "available");
  }
  if (input.virtualInterfaceName !== undefined)
    vif.virtualInterfaceName = input.virtualInterfaceName;
  if (input.enableSiteLink !== undefined) {
    if (vif.virtualInterfaceType === "public")
      throw new ClientError("SiteLink is not supported on public virtual interfaces.");
    vif.siteLinkEnabled = input.enableSiteLink;
  }
  return vifView(ctx.state, vif);
}

const livePeers = (vif: VifRecord) =>
  vif.peers.filter((p) => p.state !== "deleting" && p.state !== "deleted");

/**
 * One peer per address family (two with logical redundancy): "The BGP peer cannot be in the same
 * address family (IPv4/IPv6) of an existing BGP peer on the virtual interface."
 */
export function createBgpPeer(input: CreateBGPPeerRequest, ctx: Context): CreateBGPPeerResponse {
  const vif = findOwnVif(ctx, input.virtualInterfaceId ?? "", "add BGP peers to it");
  if (!input.newBGPPeer)
    throw new ClientError("The new BGP peer's details (newBGPPeer) are required.");
  if (vif.state === "confirming" || isGone(vif)) {
    throw new ClientError(`Virtual interface ${vif.virtualInterfaceId} is in state ${vif.state}`);
  }
  const family = input.newBGPPeer.addressFamily;
  if (!family)
    throw new ClientError("The address family (addressFamily) of the new BGP peer is required.");
  const conn = ctx.state.connections[vif.connectionId] ?? ctx.state.lags[vif.connectionId];
  const perFamily = conn?.hasLogicalRedundancy === "yes" ? 2 : 1;
  if (livePeers(vif).filter((p) => p.addressFamily === family).length >= perFamily) {
    throw new ClientError(
      "The BGP peer cannot be in the same address family (IPv4/IPv6) of an existing BGP peer on the virtual interface.",
    );
  }
  const planned = planPeer(ctx, vif.virtualInterfaceType, input.newBGPPeer, usedAddresses(ctx));
  const peer: PeerRecord = { ...planned, state: "pending", steps: [] };
  schedule(peer, ctx.now, ctx.transitionMs, "available");
  vif.peers.push(peer);
  return { virtualInterface: vifView(ctx.state, vif) };
}

/** "The last BGP Peer on a Virtual Interface cannot be deleted". Names the peer by id, or by asn + customerAddress. */
export function deleteBgpPeer(input: DeleteBGPPeerRequest, ctx: Context): DeleteBGPPeerResponse {
  let vif: VifRecord | undefined;
  let peer: PeerRecord | undefined;
  if (input.bgpPeerId !== undefined) {
    checkFormat("BGP peer", ID_FORMATS.bgpPeer, input.bgpPeerId);
    if (input.virtualInterfaceId !== undefined) vif = findVif(ctx, input.virtualInterfaceId);
    const candidates = vif
      ? [vif]
      : Object.values(ctx.state.virtualInterfaces).filter((v) => canSee(ctx, v));
    for (const v of candidates) {
      const found = v.peers.find((p) => p.bgpPeerId === input.bgpPeerId);
      if (found) [vif, peer] = [v, found];
    }
    if (!vif || !peer) throw notFound(input.bgpPeerId);
  } else {
    if (
      input.virtualInterfaceId === undefined ||
      input.customerAddress === undefined ||
      (input.asn === undefined && input.asnLong === undefined)
    ) {
      throw new ClientError(
        "Specify bgpPeerId, or virtualInterfaceId with asn (or asnLong) and customerAddress.",
      );
    }
    vif = findVif(ctx, input.virtualInterfaceId);
    const asn = input.asnLong ?? input.asn;
    peer = livePeers(vif).find((p) => p.asn === asn && p.customerAddress === input.customerAddress);
    if (!peer)
      throw new ClientError(
        `No BGP peer with ASN ${asn} and customer address ${input.customerAddress} exists on ${vif.virtualInterfaceId}.`,
      );
  }
  if (vif.ownerAccount !== ctx.account.accountId) {
    throw new ClientError(
      `Only the owner account ${vif.ownerAccount} of virtual interface ${vif.virtualInterfaceId} can delete its BGP peers.`,
    );
  }
  if (peer.state === "deleting" || peer.state === "deleted")
    return { virtualInterface: vifView(ctx.state, vif) };
  if (livePeers(vif).length <= 1)
    throw new ClientError("The last BGP Peer on a Virtual Interface cannot be deleted");
  peer.state = "deleting";
  // deleting -> deleted, listed as deleted for one more transition, then gone (emulator choice).
  schedule(peer, ctx.now, ctx.transitionMs, "deleted", "deleted");
  return { virtualInterface: vifView(ctx.state, vif) };
}

/** The customer router's configuration for the router type asked for (router-configs.ts). */
export function describeRouterConfiguration(
  input: DescribeRouterConfigurationRequest,
  ctx: Context,
): DescribeRouterConfigurationResponse {
  const vif = findVif(ctx, input.virtualInterfaceId!);
  const router = routerType(input.routerTypeIdentifier);
  return {
    customerRouterConfig: routerConfiguration(vif, router),
    router,
    virtualInterfaceId: vif.virtualInterfaceId,
    virtualInterfaceName: vif.virtualInterfaceName,
  };
}

const testView = (t: TestRecord): VirtualInterfaceTestHistory => ({
  testId: t.testId,
  virtualInterfaceId: t.virtualInterfaceId,
  bgpPeers: t.bgpPeers,
  status: t.status,
  ownerAccount: t.ownerAccount,
  testDurationInMinutes: t.testDurationInMinutes,
  startTime: new Date(t.startTime * 1000),
  ...(t.endTime !== undefined ? { endTime: new Date(t.endTime * 1000) } : {}),
});

/** "Maximum value: 4,320 minutes (72 hours). Default: 180 minutes (3 hours)." */
const MAX_TEST_MINUTES = 4320;
const DEFAULT_TEST_MINUTES = 180;

/**
 * "Starts the virtual interface failover test ... by placing the BGP peering session in the DOWN
 * state", the named peers' (every peer's when none is named) for the test's duration; the interface
 * reads "testing", its other sessions stay up. "You can run the test on public, private, transit, and
 * hosted virtual interfaces"; only the owner can (for an allocated interface, not the allocator).
 * Emulator choice (no public source says which states AWS refuses): only an interface that reads
 * "available" can be tested, one test at a time, so confirming, verifying, pending, down (every
 * session already down) and deleting interfaces are refused.
 */
export function startBgpFailoverTest(
  input: StartBgpFailoverTestRequest,
  ctx: Context,
): StartBgpFailoverTestResponse {
  const vif = findOwnVif(ctx, input.virtualInterfaceId!, "test it");
  const id = vif.virtualInterfaceId;
  const minutes = input.testDurationInMinutes ?? DEFAULT_TEST_MINUTES;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_TEST_MINUTES)
    throw new ClientError(`testDurationInMinutes must be between 1 and ${MAX_TEST_MINUTES}.`);
  if (vif.testing) {
    throw new ClientError(
      `A failover test (${vif.testing.testId}) is already running on virtual interface ${id}; stop it with StopBgpFailoverTest first.`,
    );
  }
  const state = vifState(ctx.state, vif);
  if (state !== "available") {
    throw new ClientError(`Virtual interface ${id} is in state ${state}`);
  }
  const live = livePeers(vif);
  const named = [...new Set(input.bgpPeers ?? [])];
  for (const peerId of named) {
    checkFormat("BGP peer", ID_FORMATS.bgpPeer, peerId);
    if (!live.some((p) => p.bgpPeerId === peerId)) throw notFound(peerId);
  }
  const test: TestRecord = {
    testId: ctx.ids.uuid(),
    virtualInterfaceId: id,
    region: vif.region,
    ownerAccount: vif.ownerAccount,
    bgpPeers: named.length > 0 ? named : live.map((p) => p.bgpPeerId),
    status: "in-progress",
    testDurationInMinutes: minutes,
    startTime: Math.floor(ctx.now / 1000),
  };
  ctx.state.tests[test.testId] = test;
  vif.testing = { testId: test.testId, until: ctx.now + minutes * 60_000 };
  return { virtualInterfaceTest: testView(test) };
}

/** Ends a test early: "Cancelled - The test was cancelled before the specified time." (User Guide). */
export function stopBgpFailoverTest(
  input: StopBgpFailoverTestRequest,
  ctx: Context,
): StopBgpFailoverTestResponse {
  const vif = findOwnVif(ctx, input.virtualInterfaceId!, "test it");
  const test = vif.testing ? ctx.state.tests[vif.testing.testId] : undefined;
  if (!test)
    throw new ClientError(`There is no failover test in progress on ${vif.virtualInterfaceId}.`);
  endTest(ctx, vif);
  return { virtualInterfaceTest: testView(test) };
}

/** A test stopped, or whose interface is deleted, before its time is cancelled; its sessions come back. */
function endTest(ctx: Context, vif: VifRecord): void {
  const test = vif.testing ? ctx.state.tests[vif.testing.testId] : undefined;
  if (test) {
    test.status = "cancelled";
    test.endTime = Math.floor(ctx.now / 1000);
  }
  delete vif.testing;
}

export function listVirtualInterfaceTestHistory(
  input: ListVirtualInterfaceTestHistoryRequest,
  ctx: Context,
): ListVirtualInterfaceTestHistoryResponse {
  // The history outlives the interface: an id is checked for its format only.
  if (input.virtualInterfaceId !== undefined)
    checkFormat("Virtual interface", ID_FORMATS.virtualInterface, input.virtualInterfaceId);
  const tests = Object.values(ctx.state.tests)
    .filter((t) => t.ownerAccount === ctx.account.accountId && t.region === ctx.region)
    .filter((t) => input.testId === undefined || t.testId === input.testId)
    .filter(
      (t) =>
        input.virtualInterfaceId === undefined || t.virtualInterfaceId === input.virtualInterfaceId,
    )
    .filter((t) => input.status === undefined || t.status === input.status)
    .filter((t) => !input.bgpPeers?.length || input.bgpPeers.some((p) => t.bgpPeers.includes(p)));
  const { items, nextToken } = page(tests, input.maxResults, input.nextToken);
  return { virtualInterfaceTestHistory: items.map(testView), ...(nextToken ? { nextToken } : {}) };
}
