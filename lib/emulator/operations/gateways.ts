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
import type { AssociationRecord, GatewayRecord } from "../state";
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

/** Interfaces on the gateway, including one whose attachment is still detaching. */
const attachedVifs = (ctx: Context, gatewayId: string) =>
  Object.values(ctx.state.virtualInterfaces).filter(
    (v) => v.directConnectGatewayId === gatewayId && (!isGone(v) || v.attachment !== undefined),
  );

const liveAssociations = (ctx: Context, gatewayId: string) =>
  Object.values(ctx.state.associations).filter(
    (a) => a.directConnectGatewayId === gatewayId && a.state !== "disassociated",
  );

/** A gateway with attachments or associations cannot be deleted. */
export function deleteDirectConnectGateway(
  input: DeleteDirectConnectGatewayRequest,
  ctx: Context,
): DeleteDirectConnectGatewayResult {
  const gw = findOwnGateway(ctx, input.directConnectGatewayId!);
  if (
    attachedVifs(ctx, gw.directConnectGatewayId).length > 0 ||
    liveAssociations(ctx, gw.directConnectGatewayId).length > 0
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
  const list = Object.values(ctx.state.virtualInterfaces).filter((v) => {
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
  const live = liveAssociations(ctx, gw.directConnectGatewayId);
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
  if (live.some((a) => a.gatewayType !== gatewayType)) {
    throw new ClientError(
      "A Direct Connect gateway can be associated with virtual private gateways or with transit gateways, not both.",
    );
  }
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
