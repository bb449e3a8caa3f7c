/**
 * Direct Connect gateways (global: visible from every region), their attachments (interfaces) and
 * their associations (virtual private gateways and transit gateways).
 */
import type {
  CreateDirectConnectGatewayAssociationRequest,
  CreateDirectConnectGatewayAssociationResult,
  CreateDirectConnectGatewayRequest,
  CreateDirectConnectGatewayResult,
  DeleteDirectConnectGatewayAssociationRequest,
  DeleteDirectConnectGatewayAssociationResult,
  DeleteDirectConnectGatewayRequest,
  DeleteDirectConnectGatewayResult,
  DescribeDirectConnectGatewayAssociationsRequest,
  DescribeDirectConnectGatewayAssociationsResult,
  DescribeDirectConnectGatewayAttachmentsRequest,
  DescribeDirectConnectGatewayAttachmentsResult,
  DescribeDirectConnectGatewaysRequest,
  DescribeDirectConnectGatewaysResult,
} from "@aws-sdk/client-direct-connect";
import { schedule } from "../clock";
import type { Context } from "../context";
import { ClientError, notFound } from "../errors";
import { ID_FORMATS } from "../ids";
import { checkPrefixes, isPrivateAsn } from "../rules";
import type { AssociationRecord, EmulatorState, GatewayRecord } from "../state";
import { associationView, attachmentView, gatewayArn, gatewayView } from "../views";
import { checkFormat, isGone, page } from "./common";
import { applyTags } from "./tags";

/** Quota: 200 Direct Connect gateways per account. */
const MAX_GATEWAYS = 200;

function findOwnGateway(ctx: Context, id: string): GatewayRecord {
  checkFormat("Direct Connect gateway", ID_FORMATS.uuid, id);
  const gw = ctx.state.gateways[id];
  if (!gw || gw.ownerAccount !== ctx.account.accountId) throw notFound(id);
  return gw;
}

/** An unknown but well-formed id is an empty list. */
export function describeDirectConnectGateways(
  input: DescribeDirectConnectGatewaysRequest,
  ctx: Context,
): DescribeDirectConnectGatewaysResult {
  if (input.directConnectGatewayId !== undefined)
    checkFormat("Direct Connect gateway", ID_FORMATS.uuid, input.directConnectGatewayId);
  const list = Object.values(ctx.state.gateways).filter(
    (g) =>
      g.ownerAccount === ctx.account.accountId &&
      (input.directConnectGatewayId === undefined ||
        g.directConnectGatewayId === input.directConnectGatewayId),
  );
  const { items, nextToken } = page(list, input.maxResults, input.nextToken);
  return {
    directConnectGateways: items.map((g) => gatewayView(ctx.state, g)),
    ...(nextToken ? { nextToken } : {}),
  };
}

/** A gateway's Amazon-side ASN must be private (default 64512). Create returns it available. */
export function createDirectConnectGateway(
  input: CreateDirectConnectGatewayRequest,
  ctx: Context,
): CreateDirectConnectGatewayResult {
  const asn = input.amazonSideAsn ?? 64512;
  if (!isPrivateAsn(asn)) {
    throw new ClientError(
      `The Amazon side ASN ${asn} is not valid. It must be a private ASN in the 64512-65534 or 4200000000-4294967294 range.`,
    );
  }
  const own = Object.values(ctx.state.gateways).filter(
    (g) => g.ownerAccount === ctx.account.accountId,
  );
  if (own.length >= MAX_GATEWAYS)
    throw new ClientError(`You have reached the limit of ${MAX_GATEWAYS} Direct Connect gateways.`);
  const gw: GatewayRecord = {
    directConnectGatewayId: ctx.ids.uuid(),
    directConnectGatewayName: input.directConnectGatewayName!,
    amazonSideAsn: asn,
    ownerAccount: ctx.account.accountId,
    state: "available",
    steps: [],
  };
  const commitTags = applyTags(
    ctx.state,
    gatewayArn(gw.ownerAccount, gw.directConnectGatewayId),
    input.tags ?? [],
    true,
  );
  ctx.state.gateways[gw.directConnectGatewayId] = gw;
  commitTags();
  return { directConnectGateway: gatewayView(ctx.state, gw) };
}

/**
 * Interfaces on the gateway, including one whose attachment is still detaching. A confirming
 * interface is on none: its gateway is chosen when it is confirmed.
 */
const attachedVifs = (state: EmulatorState, gatewayId: string) =>
  Object.values(state.virtualInterfaces).filter(
    (v) => v.directConnectGatewayId === gatewayId && (!isGone(v) || v.attachment !== undefined),
  );

const liveAssociations = (state: EmulatorState, gatewayId: string) =>
  Object.values(state.associations).filter(
    (a) => a.directConnectGatewayId === gatewayId && a.state !== "disassociated",
  );

/**
 * What a Direct Connect gateway serves: private interfaces with virtual private gateways, or transit
 * interfaces with transit gateways.
 */
export type GatewayKind = "private" | "transit";

/** What is being put on a Direct Connect gateway: an interface attached, or a gateway associated. */
export type GatewayUse =
  "privateInterface" | "transitInterface" | "virtualPrivateGateway" | "transitGateway";

const KIND_OF_USE: Record<GatewayUse, GatewayKind> = {
  privateInterface: "private",
  virtualPrivateGateway: "private",
  transitInterface: "transit",
  transitGateway: "transit",
};

/**
 * The refusals, in the User Guide's words where it has them. AWS's, from "Transit gateway
 * associations": "You cannot attach a Direct Connect gateway to a transit gateway when the Direct
 * Connect gateway is already associated with a virtual private gateway or is attached to a private
 * virtual interface." From "Virtual private gateway associations": "You cannot attach a Direct Connect
 * gateway to a virtual private gateway when the Direct Connect gateway is already associated with a
 * transit gateway." The clause about a transit interface there, and both interface sentences, are
 * emulator choices in the same words: no public source quotes the service's messages for them.
 */
const KIND_REFUSALS: Record<GatewayUse, string> = {
  transitGateway:
    "You cannot attach a Direct Connect gateway to a transit gateway when the Direct Connect gateway is already associated with a virtual private gateway or is attached to a private virtual interface.",
  virtualPrivateGateway:
    "You cannot attach a Direct Connect gateway to a virtual private gateway when the Direct Connect gateway is already associated with a transit gateway or is attached to a transit virtual interface.",
  transitInterface:
    "You cannot attach a transit virtual interface to a Direct Connect gateway when the Direct Connect gateway is already associated with a virtual private gateway or is attached to a private virtual interface.",
  privateInterface:
    "You cannot attach a private virtual interface to a Direct Connect gateway when the Direct Connect gateway is already associated with a transit gateway or is attached to a transit virtual interface.",
};

/**
 * The kinds a Direct Connect gateway serves now, from its live attachments (until detached) and
 * associations (until disassociated): empty while it has neither, so that either kind may come.
 * More than one only in a state written before the rule was kept.
 */
export function gatewayKinds(state: EmulatorState, gatewayId: string): Set<GatewayKind> {
  const kinds = new Set<GatewayKind>();
  for (const v of attachedVifs(state, gatewayId))
    kinds.add(v.virtualInterfaceType === "transit" ? "transit" : "private");
  for (const a of liveAssociations(state, gatewayId))
    kinds.add(a.gatewayType === "transitGateway" ? "transit" : "private");
  return kinds;
}

/**
 * A Direct Connect gateway serves one kind: refuses `use` on a gateway that serves the other. Every
 * operation that attaches an interface or associates a gateway asks this before it writes anything.
 */
export function checkGatewayKind(state: EmulatorState, gatewayId: string, use: GatewayUse): void {
  const wanted = KIND_OF_USE[use];
  for (const kind of gatewayKinds(state, gatewayId))
    if (kind !== wanted) throw new ClientError(KIND_REFUSALS[use]);
}

/** A gateway with attachments or associations cannot be deleted. */
export function deleteDirectConnectGateway(
  input: DeleteDirectConnectGatewayRequest,
  ctx: Context,
): DeleteDirectConnectGatewayResult {
  const gw = findOwnGateway(ctx, input.directConnectGatewayId!);
  if (
    attachedVifs(ctx.state, gw.directConnectGatewayId).length > 0 ||
    liveAssociations(ctx.state, gw.directConnectGatewayId).length > 0
  ) {
    throw new ClientError(
      `Direct Connect gateway ${gw.directConnectGatewayId} has virtual interfaces attached or gateways associated; remove them first.`,
    );
  }
  gw.state = "deleting";
  schedule(gw, ctx.now, ctx.transitionMs, "deleted");
  return { directConnectGateway: gatewayView(ctx.state, gw) };
}

export function describeDirectConnectGatewayAttachments(
  input: DescribeDirectConnectGatewayAttachmentsRequest,
  ctx: Context,
): DescribeDirectConnectGatewayAttachmentsResult {
  if (input.directConnectGatewayId === undefined && input.virtualInterfaceId === undefined) {
    throw new ClientError("Specify a Direct Connect gateway ID or a virtual interface ID.");
  }
  if (input.directConnectGatewayId !== undefined)
    checkFormat("Direct Connect gateway", ID_FORMATS.uuid, input.directConnectGatewayId);
  if (input.virtualInterfaceId !== undefined)
    checkFormat("Virtual interface", ID_FORMATS.virtualInterface, input.virtualInterfaceId);
  const me = ctx.account.accountId;
  // Every interface the filters below could keep: a gateway's, or the one named.
  const named =
    input.virtualInterfaceId !== undefined
      ? ctx.state.virtualInterfaces[input.virtualInterfaceId]
      : undefined;
  const candidates =
    input.directConnectGatewayId !== undefined
      ? ctx.index.onGateway(input.directConnectGatewayId)
      : named
        ? [named]
        : [];
  const list = candidates.filter((v) => {
    if (!v.directConnectGatewayId || !v.attachment) return false;
    if (
      input.directConnectGatewayId !== undefined &&
      v.directConnectGatewayId !== input.directConnectGatewayId
    )
      return false;
    if (input.virtualInterfaceId !== undefined && v.virtualInterfaceId !== input.virtualInterfaceId)
      return false;
    return (
      v.ownerAccount === me || ctx.state.gateways[v.directConnectGatewayId]?.ownerAccount === me
    );
  });
  const { items, nextToken } = page(list, input.maxResults, input.nextToken);
  return {
    directConnectGatewayAttachments: items.map(attachmentView),
    ...(nextToken ? { nextToken } : {}),
  };
}

export function describeDirectConnectGatewayAssociations(
  input: DescribeDirectConnectGatewayAssociationsRequest,
  ctx: Context,
): DescribeDirectConnectGatewayAssociationsResult {
  if (input.directConnectGatewayId !== undefined)
    checkFormat("Direct Connect gateway", ID_FORMATS.uuid, input.directConnectGatewayId);
  if (input.associationId !== undefined)
    checkFormat("Association", ID_FORMATS.uuid, input.associationId);
  const me = ctx.account.accountId;
  const gatewayFilter = input.associatedGatewayId ?? input.virtualGatewayId;
  const list = Object.values(ctx.state.associations).filter(
    (a) =>
      (a.directConnectGatewayOwnerAccount === me || a.gatewayOwnerAccount === me) &&
      (input.directConnectGatewayId === undefined ||
        a.directConnectGatewayId === input.directConnectGatewayId) &&
      (input.associationId === undefined || a.associationId === input.associationId) &&
      (gatewayFilter === undefined || a.gatewayId === gatewayFilter),
  );
  const { items, nextToken } = page(list, input.maxResults, input.nextToken);
  return {
    directConnectGatewayAssociations: items.map(associationView),
    ...(nextToken ? { nextToken } : {}),
  };
}

/** Associates a virtual private gateway of the caller (in its region) or a transit gateway: associating -> associated. */
export function createDirectConnectGatewayAssociation(
  input: CreateDirectConnectGatewayAssociationRequest,
  ctx: Context,
): CreateDirectConnectGatewayAssociationResult {
  const gw = findOwnGateway(ctx, input.directConnectGatewayId!);
  // A gateway on its way out takes no new association: it would outlive the gateway, pointing at nothing.
  if (gw.state !== "available")
    throw new ClientError(
      `Direct Connect gateway ${gw.directConnectGatewayId} is in state ${gw.state}`,
    );
  const gatewayId = input.gatewayId ?? input.virtualGatewayId;
  if (!gatewayId) throw new ClientError("Specify the gateway to associate (gatewayId).");
  let gatewayType: AssociationRecord["gatewayType"];
  if (ID_FORMATS.virtualGateway.test(gatewayId)) {
    const vgw = ctx.state.virtualGateways[gatewayId];
    if (!vgw || vgw.ownerAccount !== ctx.account.accountId || vgw.region !== ctx.region)
      throw notFound(gatewayId);
    gatewayType = "virtualPrivateGateway";
  } else if (ID_FORMATS.transitGateway.test(gatewayId)) {
    gatewayType = "transitGateway";
  } else {
    throw new ClientError(`Gateway ID ${gatewayId} has an invalid format.`);
  }
  const live = liveAssociations(ctx.state, gw.directConnectGatewayId);
  if (live.some((a) => a.gatewayId === gatewayId)) {
    throw new ClientError(
      `Gateway ${gatewayId} is already associated with Direct Connect gateway ${gw.directConnectGatewayId}.`,
    );
  }
  // A virtual private gateway belongs to at most one Direct Connect gateway.
  const elsewhere = Object.values(ctx.state.associations).find(
    (a) =>
      a.gatewayId === gatewayId &&
      a.gatewayType === "virtualPrivateGateway" &&
      a.state !== "disassociated",
  );
  if (elsewhere) {
    throw new ClientError(
      `Gateway ${gatewayId} is already associated with Direct Connect gateway ${elsewhere.directConnectGatewayId}.`,
    );
  }
  checkGatewayKind(ctx.state, gw.directConnectGatewayId, gatewayType);
  const prefixes = (input.addAllowedPrefixesToDirectConnectGateway ?? []).map((p) => p.cidr ?? "");
  checkPrefixes(prefixes);
  const association: AssociationRecord = {
    associationId: ctx.ids.uuid(),
    directConnectGatewayId: gw.directConnectGatewayId,
    directConnectGatewayOwnerAccount: gw.ownerAccount,
    gatewayId,
    gatewayType,
    gatewayOwnerAccount: ctx.account.accountId,
    gatewayRegion: ctx.region,
    allowedPrefixes: prefixes,
    state: "associating",
    steps: [],
  };
  schedule(association, ctx.now, ctx.transitionMs, "associated");
  ctx.state.associations[association.associationId] = association;
  return { directConnectGatewayAssociation: associationView(association) };
}

/** By association id, or by Direct Connect gateway + virtual gateway: disassociating -> disassociated. */
export function deleteDirectConnectGatewayAssociation(
  input: DeleteDirectConnectGatewayAssociationRequest,
  ctx: Context,
): DeleteDirectConnectGatewayAssociationResult {
  let association: AssociationRecord | undefined;
  if (input.associationId !== undefined) {
    checkFormat("Association", ID_FORMATS.uuid, input.associationId);
    association = ctx.state.associations[input.associationId];
  } else if (input.directConnectGatewayId !== undefined && input.virtualGatewayId !== undefined) {
    findOwnGateway(ctx, input.directConnectGatewayId);
    association = Object.values(ctx.state.associations).find(
      (a) =>
        a.directConnectGatewayId === input.directConnectGatewayId &&
        a.gatewayId === input.virtualGatewayId,
    );
  } else {
    throw new ClientError(
      "Specify associationId, or directConnectGatewayId with virtualGatewayId.",
    );
  }
  const me = ctx.account.accountId;
  if (
    !association ||
    (association.directConnectGatewayOwnerAccount !== me && association.gatewayOwnerAccount !== me)
  ) {
    throw notFound(
      input.associationId ?? `${input.directConnectGatewayId}/${input.virtualGatewayId}`,
    );
  }
  if (
    association.state === "associating" ||
    association.state === "associated" ||
    association.state === "updating"
  ) {
    association.state = "disassociating";
    schedule(association, ctx.now, ctx.transitionMs, "disassociated");
  }
  return { directConnectGatewayAssociation: associationView(association) };
}
