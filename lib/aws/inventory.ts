import "server-only";

import {
  DescribeConnectionsCommand,
  DescribeVirtualInterfacesCommand,
  type Connection,
  type DirectConnectClient,
  type VirtualInterface,
} from "@aws-sdk/client-direct-connect";

import type { DxConnection, DxInventory, DxReadError, DxVirtualInterface } from "@/lib/dx/types";

import { getDirectConnectClient } from "./clients";
import { getDxConfig, type AccountConfig, type DxConfig } from "./config";
import { mergeVirtualInterfaces, toConnection, toVirtualInterface } from "./to-dto";

// Both operations accept an optional nextToken; follow it, but never forever.
const MAX_PAGES = 50;

async function describeConnections(client: DirectConnectClient): Promise<Connection[]> {
  const all: Connection[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await client.send(new DescribeConnectionsCommand({ nextToken }));
    all.push(...(out.connections ?? []));
    nextToken = out.nextToken || undefined;
    if (!nextToken) break;
  }
  return all;
}

async function describeVirtualInterfaces(client: DirectConnectClient): Promise<VirtualInterface[]> {
  const all: VirtualInterface[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await client.send(new DescribeVirtualInterfacesCommand({ nextToken }));
    all.push(...(out.virtualInterfaces ?? []));
    nextToken = out.nextToken || undefined;
    if (!nextToken) break;
  }
  return all;
}

/** A short, secret-free description of why a call failed (never a stack). */
function describeError(operation: string, err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const detail = err.message || (typeof code === "string" ? code : "") || err.name;
    const name = err.name && err.name !== "Error" ? `${err.name}: ` : "";
    return `${operation} failed: ${name}${detail}`;
  }
  return `${operation} failed: ${String(err)}`;
}

interface ScopeRead {
  connections: DxConnection[];
  virtualInterfaces: DxVirtualInterface[];
  errors: DxReadError[];
}

async function readScope(
  account: AccountConfig,
  region: string,
  aliasOf: (accountId: string) => string | null,
): Promise<ScopeRead> {
  const client = getDirectConnectClient(account, region);
  const scope = { account: account.alias, region };
  const [connections, vifs] = await Promise.allSettled([
    describeConnections(client),
    describeVirtualInterfaces(client),
  ]);
  const read: ScopeRead = { connections: [], virtualInterfaces: [], errors: [] };
  if (connections.status === "fulfilled") {
    read.connections = connections.value.flatMap((c) => toConnection(c, scope) ?? []);
  } else {
    read.errors.push({
      ...scope,
      message: describeError("DescribeConnections", connections.reason),
    });
  }
  if (vifs.status === "fulfilled") {
    read.virtualInterfaces = vifs.value.flatMap((v) => toVirtualInterface(v, scope, aliasOf) ?? []);
  } else {
    read.errors.push({
      ...scope,
      message: describeError("DescribeVirtualInterfaces", vifs.reason),
    });
  }
  for (const error of read.errors) {
    console.warn(`[dxmap] ${error.account}/${error.region}: ${error.message}`);
  }
  return read;
}

/** Sort in the configured order of regions and accounts, then by name and id. */
function byScopeThenName(config: DxConfig) {
  // `>>> 0` turns indexOf's -1 (not configured) into the largest rank: last.
  const regionRank = (r: string) => config.regions.indexOf(r) >>> 0;
  const accountRank = (a: string) => config.accounts.findIndex((c) => c.alias === a) >>> 0;
  return <T extends { region: string; account: string; name: string; id: string }>(a: T, b: T) =>
    regionRank(a.region) - regionRank(b.region) ||
    accountRank(a.account) - accountRank(b.account) ||
    a.name.localeCompare(b.name) ||
    a.id.localeCompare(b.id);
}

/**
 * Every connection and virtual interface of every configured account in every
 * configured region, read in parallel. A failure in one account or region is
 * reported in `errors` beside the data of the others, never instead of it.
 */
export async function describeInventory(): Promise<DxInventory> {
  const config = getDxConfig();
  const readAt = new Date().toISOString();
  const aliases = new Map(config.accounts.map((a) => [a.accountId, a.alias]));
  const aliasOf = (accountId: string) => aliases.get(accountId) ?? null;

  const reads = await Promise.all(
    config.accounts.flatMap((account) =>
      config.regions.map((region) => readScope(account, region, aliasOf)),
    ),
  );

  const order = byScopeThenName(config);
  return {
    readAt,
    backend: config.backend,
    accounts: config.accounts.map(({ alias, accountId }) => ({ alias, accountId })),
    regions: [...config.regions],
    connections: reads.flatMap((r) => r.connections).sort(order),
    virtualInterfaces: mergeVirtualInterfaces(reads.flatMap((r) => r.virtualInterfaces)).sort(
      order,
    ),
    errors: reads.flatMap((r) => r.errors),
  };
}
