/** Connections, LAGs, locations and virtual private gateways. */
import type {
  ConfirmConnectionRequest,
  ConfirmConnectionResponse,
  Connection,
  Connections,
  CreateConnectionRequest,
  CreateLagRequest,
  DeleteConnectionRequest,
  DeleteLagRequest,
  DescribeConnectionsRequest,
  DescribeHostedConnectionsRequest,
  DescribeLagsRequest,
  Lag,
  Lags,
  Locations,
  UpdateConnectionRequest,
  UpdateLagRequest,
  VirtualGateways,
} from "@aws-sdk/client-direct-connect";
import { schedule } from "../clock";
import type { Context } from "../context";
import { deviceFor, placement } from "../devices";
import { ClientError } from "../errors";
import { ID_FORMATS } from "../ids";
import { findLocation, locationsIn } from "../locations";
import type { ConnectionRecord, LagRecord } from "../state";
import { arn, connectionView, lagView } from "../views";
import { checkFormat, findParent, isGone, ownConnections, ownLags, page } from "./common";
import { applyTags } from "./tags";

/** Quota: 10 LAGs per account per region. */
const MAX_LAGS = 10;

/**
 * "You can have a maximum of four connections when the port speed is 1 Gbps or 10 Gbps, or two when
 * the port speed is 100 Gbps or 400 Gbps." (CreateLag, API Reference)
 */
const maxLagConnections = (bandwidth: string) =>
  bandwidth === "100Gbps" || bandwidth === "400Gbps" ? 2 : 4;

export function describeConnections(input: DescribeConnectionsRequest, ctx: Context): Connections {
  let list = ownConnections(ctx);
  if (input.connectionId !== undefined) {
    const parent = findParent(ctx, input.connectionId);
    if (parent.kind !== "connection")
      throw new ClientError(`Could not find Connection with ID ${input.connectionId}`);
    list = [parent.record];
  }
  const { items, nextToken } = page(list, input.maxResults, input.nextToken);
  return {
    connections: items.map((c) => connectionView(ctx.state, c)),
    ...(nextToken ? { nextToken } : {}),
  };
}

/** Hosted connections provisioned on an interconnect or LAG the caller owns. */
export function describeHostedConnections(
  input: DescribeHostedConnectionsRequest,
  ctx: Context,
): Connections {
  const parent = findParent(ctx, input.connectionId!);
  const parentId = parent.kind === "lag" ? parent.record.lagId : parent.record.connectionId;
  const hosted = Object.values(ctx.state.connections).filter((c) => c.parentId === parentId);
  const { items, nextToken } = page(hosted, input.maxResults, input.nextToken);
  return {
    connections: items.map((c) => connectionView(ctx.state, c)),
    ...(nextToken ? { nextToken } : {}),
  };
}

function requireLocation(ctx: Context, code: string, bandwidth: string) {
  const location = findLocation(ctx.region, code);
  if (!location)
    throw new ClientError(
      `Location ${code} is not a valid Direct Connect location in ${ctx.region}.`,
    );
  if (!location.availablePortSpeeds?.includes(bandwidth)) {
    throw new ClientError(`Bandwidth ${bandwidth} is not available at location ${code}.`);
  }
  return location;
}

/** A new connection lands on one of the location's devices (devices.ts); a LAG's member on the LAG's. */
function newConnection(
  ctx: Context,
  fields: {
    name: string;
    location: string;
    bandwidth: string;
    lag?: LagRecord;
    providerName?: string;
  },
): ConnectionRecord {
  const connectionId = ctx.ids.connection();
  const { lag } = fields;
  const record: ConnectionRecord = {
    connectionId,
    connectionName: fields.name,
    ownerAccount: ctx.account.accountId,
    region: ctx.region,
    location: fields.location,
    bandwidth: fields.bandwidth,
    hosted: false,
    ...(lag
      ? { lagId: lag.lagId, ...placement(lag.awsDevice, lag.awsLogicalDeviceId) }
      : deviceFor(ctx.ids.device(fields.location), fields.location)),
    jumboFrameCapable: true,
    ...(fields.providerName ? { providerName: fields.providerName } : {}),
    state: "requested",
    steps: [],
  };
  // Dedicated: requested -> pending -> available.
  schedule(record, ctx.now, ctx.transitionMs, "pending", "available");
  return record;
}

export function createConnection(input: CreateConnectionRequest, ctx: Context): Connection {
  requireLocation(ctx, input.location!, input.bandwidth!);
  let lag: LagRecord | undefined;
  if (input.lagId !== undefined) {
    const parent = findParent(ctx, input.lagId);
    if (parent.kind !== "lag") throw new ClientError(`Could not find Lag with ID ${input.lagId}`);
    lag = parent.record;
    if (lag.location !== input.location || lag.connectionsBandwidth !== input.bandwidth) {
      throw new ClientError(
        `Connection must match the location and bandwidth of Lag ${lag.lagId}.`,
      );
    }
    const lagId = lag.lagId;
    const members = Object.values(ctx.state.connections).filter(
      (c) => c.lagId === lagId && !["deleting", "deleted", "rejected"].includes(c.state),
    );
    const max = maxLagConnections(lag.connectionsBandwidth);
    if (members.length >= max) throw new ClientError(`A LAG can have at most ${max} connections.`);
  }
  const record = newConnection(ctx, {
    name: input.connectionName!,
    location: input.location!,
    bandwidth: input.bandwidth!,
    ...(lag ? { lag } : {}),
    ...(input.providerName ? { providerName: input.providerName } : {}),
  });
  const tagged = applyTags(
    ctx.state,
    arn(ctx.region, ctx.account.accountId, "dxcon", record.connectionId),
    input.tags ?? [],
    true,
  );
  ctx.state.connections[record.connectionId] = record;
  tagged();
  return connectionView(ctx.state, record);
}

/** A connection's interfaces go before the connection. Deleting an ordering hosted connection rejects it. */
export function deleteConnection(input: DeleteConnectionRequest, ctx: Context): Connection {
  const parent = findParent(ctx, input.connectionId!);
  if (parent.kind !== "connection")
    throw new ClientError(`Could not find Connection with ID ${input.connectionId}`);
  const c = parent.record;
  if (["deleting", "deleted", "rejected"].includes(c.state)) return connectionView(ctx.state, c);
  const live = Object.values(ctx.state.virtualInterfaces).filter(
    (v) => v.connectionId === c.connectionId && !isGone(v),
  );
  if (live.length > 0) {
    throw new ClientError(
      `Connection ${c.connectionId} has ${live.length} virtual interface(s); delete them before deleting the connection.`,
    );
  }
  if (c.state === "ordering") {
    c.state = "rejected";
    c.steps = [];
  } else {
    c.state = "deleting";
    schedule(c, ctx.now, ctx.transitionMs, "deleted");
  }
  return connectionView(ctx.state, c);
}

/** "ConfirmConnection failed. dxcon-ffv0l30a is in state requested" for anything but an ordering hosted connection. */
export function confirmConnection(
  input: ConfirmConnectionRequest,
  ctx: Context,
): ConfirmConnectionResponse {
  const parent = findParent(ctx, input.connectionId!);
  if (parent.kind !== "connection")
    throw new ClientError(`Could not find Connection with ID ${input.connectionId}`);
  const c = parent.record;
  if (c.state !== "ordering")
    throw new ClientError(`ConfirmConnection failed. ${c.connectionId} is in state ${c.state}`);
  c.state = "pending";
  schedule(c, ctx.now, ctx.transitionMs, "available");
  return { connectionState: c.state };
}

export function updateConnection(input: UpdateConnectionRequest, ctx: Context): Connection {
  const parent = findParent(ctx, input.connectionId!);
  if (parent.kind !== "connection")
    throw new ClientError(`Could not find Connection with ID ${input.connectionId}`);
  if (input.encryptionMode !== undefined) {
    throw new ClientError(`Connection ${input.connectionId} is not MAC Security capable.`);
  }
  if (input.connectionName !== undefined) parent.record.connectionName = input.connectionName;
  return connectionView(ctx.state, parent.record);
}

export function describeLags(input: DescribeLagsRequest, ctx: Context): Lags {
  let list = ownLags(ctx);
  if (input.lagId !== undefined) {
    checkFormat("Lag", ID_FORMATS.lag, input.lagId);
    const lag = list.find((l) => l.lagId === input.lagId);
    if (!lag) throw new ClientError(`Could not find Lag with ID ${input.lagId}`);
    list = [lag];
  }
  const { items, nextToken } = page(list, input.maxResults, input.nextToken);
  return { lags: items.map((l) => lagView(ctx.state, l)), ...(nextToken ? { nextToken } : {}) };
}

export function createLag(input: CreateLagRequest, ctx: Context): Lag {
  requireLocation(ctx, input.location!, input.connectionsBandwidth!);
  if (ownLags(ctx).filter((l) => !["deleted", "deleting"].includes(l.state)).length >= MAX_LAGS) {
    throw new ClientError(`You have reached the limit of ${MAX_LAGS} LAGs in ${ctx.region}.`);
  }
  const count = input.numberOfConnections!;
  const max = maxLagConnections(input.connectionsBandwidth!);
  if (count < 0 || count > max) throw new ClientError(`A LAG can have at most ${max} connections.`);
  if (input.connectionId !== undefined && count < 1) {
    throw new ClientError(
      "numberOfConnections must count the existing connection, so it must be at least 1.",
    ); // emulator choice
  }
  let existing: ConnectionRecord | undefined;
  if (input.connectionId !== undefined) {
    const parent = findParent(ctx, input.connectionId);
    if (parent.kind !== "connection")
      throw new ClientError(`Could not find Connection with ID ${input.connectionId}`);
    existing = parent.record;
    if (existing.lagId)
      throw new ClientError(
        `Connection ${existing.connectionId} is already part of Lag ${existing.lagId}.`,
      );
    if (existing.location !== input.location || existing.bandwidth !== input.connectionsBandwidth) {
      throw new ClientError(
        `Connection ${existing.connectionId} does not match the LAG's location and bandwidth.`,
      );
    }
  }
  const lag: LagRecord = {
    lagId: ctx.ids.lag(),
    lagName: input.lagName!,
    ownerAccount: ctx.account.accountId,
    region: ctx.region,
    location: input.location!,
    connectionsBandwidth: input.connectionsBandwidth!,
    minimumLinks: 0,
    // A LAG made from an existing connection is on that connection's device, as its members must be.
    ...(existing
      ? placement(existing.awsDevice, existing.awsLogicalDeviceId)
      : deviceFor(ctx.ids.device(input.location!), input.location!)),
    allowsHostedConnections: false,
    jumboFrameCapable: true,
    ...(input.providerName ? { providerName: input.providerName } : {}),
    state: "requested",
    steps: [],
  };
  schedule(lag, ctx.now, ctx.transitionMs, "pending", "available");
  const tagged = applyTags(
    ctx.state,
    arn(ctx.region, ctx.account.accountId, "dxlag", lag.lagId),
    input.tags ?? [],
    true,
  );
  ctx.state.lags[lag.lagId] = lag;
  tagged();
  // An existing connection counts towards numberOfConnections (the AWS CLI's create-lag example:
  // --number-of-connections 2 with --connection-id gives the existing connection and one new one).
  const requested = existing ? count - 1 : count;
  for (let i = 0; i < requested; i += 1) {
    const member = newConnection(ctx, {
      name: `Requested Connection ${i + 1} for Lag ${lag.lagId}`,
      location: lag.location,
      bandwidth: lag.connectionsBandwidth,
      lag,
    });
    ctx.state.connections[member.connectionId] = member;
  }
  if (existing) existing.lagId = lag.lagId;
  return lagView(ctx.state, lag);
}

/** A LAG with active interfaces or hosted connections cannot be deleted. */
export function deleteLag(input: DeleteLagRequest, ctx: Context): Lag {
  checkFormat("Lag", ID_FORMATS.lag, input.lagId!);
  const parent = findParent(ctx, input.lagId!);
  const lag = parent.record as LagRecord;
  if (["deleting", "deleted"].includes(lag.state)) return lagView(ctx.state, lag);
  const vifs = Object.values(ctx.state.virtualInterfaces).filter(
    (v) => v.connectionId === lag.lagId && !isGone(v),
  );
  const hosted = Object.values(ctx.state.connections).filter(
    (c) => c.parentId === lag.lagId && !["deleted", "rejected"].includes(c.state),
  );
  if (vifs.length > 0 || hosted.length > 0) {
    throw new ClientError(
      `Lag ${lag.lagId} has active virtual interfaces or hosted connections; delete them before deleting the LAG.`,
    );
  }
  lag.state = "deleting";
  schedule(lag, ctx.now, ctx.transitionMs, "deleted");
  for (const member of Object.values(ctx.state.connections).filter((c) => c.lagId === lag.lagId)) {
    member.state = "deleting";
    schedule(member, ctx.now, ctx.transitionMs, "deleted");
  }
  return lagView(ctx.state, lag);
}

export function updateLag(input: UpdateLagRequest, ctx: Context): Lag {
  checkFormat("Lag", ID_FORMATS.lag, input.lagId!);
  const lag = findParent(ctx, input.lagId!).record as LagRecord;
  if (input.encryptionMode !== undefined)
    throw new ClientError(`Lag ${lag.lagId} is not MAC Security capable.`);
  if (input.minimumLinks !== undefined) {
    const members = Object.values(ctx.state.connections).filter(
      (c) => c.lagId === lag.lagId,
    ).length;
    if (input.minimumLinks < 0 || input.minimumLinks > members) {
      throw new ClientError(
        `minimumLinks must be between 0 and the number of connections in the LAG (${members}).`,
      );
    }
    lag.minimumLinks = input.minimumLinks;
  }
  if (input.lagName !== undefined) lag.lagName = input.lagName;
  return lagView(ctx.state, lag);
}

export function describeLocations(_input: unknown, ctx: Context): Locations {
  return { locations: locationsIn(ctx.region) };
}

/** The caller's virtual private gateways in its region (in AWS they come from EC2; here they are seeded). */
export function describeVirtualGateways(_input: unknown, ctx: Context): VirtualGateways {
  return {
    virtualGateways: ctx.index
      .ownVirtualGateways(ctx.account.accountId, ctx.region)
      .map((g) => ({ virtualGatewayId: g.virtualGatewayId, virtualGatewayState: g.state })),
  };
}
