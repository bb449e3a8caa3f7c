/** Lookups that every operation shares: id formats, visibility by account and region, paging. */
import type { Context } from "../context";
import { ClientError, invalidFormat, notFound } from "../errors";
import { ID_FORMATS } from "../ids";
import type { ConnectionRecord, LagRecord, VifRecord } from "../state";

export function checkFormat(kind: string, format: RegExp, id: string): void {
  if (!format.test(id)) throw invalidFormat(kind, id);
}

/** Connections of the caller in the caller's region: DescribeConnections lists only these. */
export const ownConnections = (ctx: Context) => [
  ...ctx.index.ownConnections(ctx.account.accountId, ctx.region),
];

export const ownLags = (ctx: Context) => [...ctx.index.ownLags(ctx.account.accountId, ctx.region)];

export type Parent =
  { kind: "connection"; record: ConnectionRecord } | { kind: "lag"; record: LagRecord };

/**
 * A connection or LAG id that the caller owns in its region, as interface operations take either.
 * "Connection ID fake-connection has an invalid format." / "Could not find Connection with ID ...".
 */
export function findParent(ctx: Context, id: string): Parent {
  if (ID_FORMATS.lag.test(id)) {
    const lag = ctx.state.lags[id];
    if (!lag || lag.region !== ctx.region || lag.ownerAccount !== ctx.account.accountId) {
      throw new ClientError(`Could not find Lag with ID ${id}`);
    }
    return { kind: "lag", record: lag };
  }
  checkFormat("Connection", ID_FORMATS.connection, id);
  const connection = ctx.state.connections[id];
  if (
    !connection ||
    connection.region !== ctx.region ||
    connection.ownerAccount !== ctx.account.accountId
  ) {
    throw new ClientError(`Could not find Connection with ID ${id}`);
  }
  return { kind: "connection", record: connection };
}

/** Both the interface's owner and the account that owns its connection (the allocator) see it. */
export const canSee = (ctx: Context, vif: VifRecord) =>
  vif.region === ctx.region &&
  (vif.ownerAccount === ctx.account.accountId || vif.connectionOwner === ctx.account.accountId);

export function findVif(ctx: Context, id: string): VifRecord {
  checkFormat("Virtual interface", ID_FORMATS.virtualInterface, id);
  const vif = ctx.state.virtualInterfaces[id];
  if (!vif || !canSee(ctx, vif)) throw notFound(id);
  return vif;
}

/** An interface the caller owns: only the owner confirms it, changes its peers or its attributes. */
export function findOwnVif(ctx: Context, id: string, action: string): VifRecord {
  const vif = findVif(ctx, id);
  if (vif.ownerAccount !== ctx.account.accountId) {
    // Emulator choice of words; the service refuses any account but the owner.
    throw new ClientError(
      `Only the owner account ${vif.ownerAccount} of virtual interface ${id} can ${action}.`,
    );
  }
  return vif;
}

export const isGone = (vif: VifRecord) => ["deleting", "deleted", "rejected"].includes(vif.state);

/**
 * `maxResults` above 100 is capped at 100; `nextToken` is opaque (here: a base64 offset).
 * Without maxResults every item comes back, as the service does for the older list operations.
 */
export function page<T>(
  items: T[],
  maxResults?: number,
  nextToken?: string,
): { items: T[]; nextToken?: string } {
  let offset = 0;
  if (nextToken !== undefined && nextToken !== "") {
    const decoded = Number(Buffer.from(nextToken, "base64url").toString("utf8"));
    if (!Number.isInteger(decoded) || decoded < 0)
      throw new ClientError("The nextToken is not valid.");
    offset = decoded;
  }
  if (maxResults === undefined && offset === 0) return { items };
  const size = Math.min(Math.max(maxResults ?? 100, 1), 100);
  const slice = items.slice(offset, offset + size);
  const next =
    offset + size < items.length
      ? Buffer.from(String(offset + size)).toString("base64url")
      : undefined;
  return { items: slice, ...(next ? { nextToken: next } : {}) };
}
