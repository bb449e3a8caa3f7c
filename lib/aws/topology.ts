import "server-only";

import {
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeLagsCommand,
  DescribeLocationsCommand,
  DescribeVirtualGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  type DirectConnectClient,
  type VirtualInterface,
} from "@aws-sdk/client-direct-connect";

import { sameItems } from "@/lib/dx/replaced";
import type { DxReadError, DxTopology } from "@/lib/dx/types";
import { keepSame } from "@/lib/history/slices";
import { getDxConfig, type AccountConfig, type DxConfig } from "@/lib/server/config";
import {
  ApiError,
  fromAwsError,
  scrubForUser,
  unreachableCode,
  upstreamText,
} from "@/lib/server/errors";

import {
  needsTestsInProgress,
  testsInProgressRead,
  TESTS_IN_PROGRESS_CALL,
  withTestsInProgress,
} from "./failover-tests";
import { allPages } from "./pages";
import { cachedRead, lastGoodKey, lastGoodRead, rememberLastGood, type Read } from "./cache";
import { getDirectConnectClient } from "./clients";
import {
  HOURLY_TTL_MS,
  madeEveryRead,
  ACCOUNT_CALLS,
  REGIONAL_CALLS,
  type AccountCall,
  type RegionalCall,
} from "./topology-calls";
import {
  mergeVirtualInterfaces,
  toConnection,
  toDirectConnectGateway,
  toGatewayAssociation,
  toLag,
  toLocation,
  toVirtualGateway,
  toVirtualInterface,
  uniqueBy,
} from "./to-dto";

/**
 * Why a call failed, never a stack: in full for the server log ("DescribeLags failed: AccessDenied:
 * User: arn:aws:sts::…"), and as the user sees it, its reason scrubbed of what identifies the
 * server's environment (lib/server/scrub.ts) but with the error's name.
 */
function describeError(operation: string, err: unknown): { full: string; shown: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const detail = err.message || (typeof code === "string" ? code : "") || err.name;
    const name = err.name && err.name !== "Error" ? `${err.name}: ` : "";
    return {
      full: `${operation} failed: ${upstreamText(err)}`,
      shown: `${operation} failed: ${name}${scrubForUser(detail)}`,
    };
  }
  return {
    full: `${operation} failed: ${String(err)}`,
    shown: `${operation} failed: ${scrubForUser(String(err))}`,
  };
}

/**
 * How each regional call of a read (./topology-calls.ts) is made: every page, the items as AWS gives
 * them. Indexed by every call of the list, so a call added there does not compile until it has one.
 */
const REGIONAL_LOADERS = {
  DescribeConnections: (client: DirectConnectClient) =>
    allPages((nextToken) =>
      client
        .send(new DescribeConnectionsCommand({ nextToken }))
        .then((o) => ({ items: o.connections, nextToken: o.nextToken })),
    ),
  DescribeLags: (client: DirectConnectClient) =>
    allPages((nextToken) =>
      client
        .send(new DescribeLagsCommand({ nextToken }))
        .then((o) => ({ items: o.lags, nextToken: o.nextToken })),
    ),
  DescribeVirtualInterfaces: (client: DirectConnectClient) =>
    allPages((nextToken) =>
      client.send(new DescribeVirtualInterfacesCommand({ nextToken })).then((o) => ({
        items: withoutRouterConfigs(o.virtualInterfaces),
        nextToken: o.nextToken,
      })),
    ),
  DescribeVirtualGateways: (client: DirectConnectClient) =>
    client.send(new DescribeVirtualGatewaysCommand({})).then((o) => o.virtualGateways ?? []),
  DescribeLocations: (client: DirectConnectClient) =>
    client.send(new DescribeLocationsCommand({})).then((o) => o.locations ?? []),
};

/**
 * A listing's interfaces without their router configurations, in place. AWS sends each interface's
 * `customerRouterConfig` (an XML document that embeds its BGP keys) with the list; nothing reads it
 * from there (the router configuration form asks DescribeRouterConfiguration), and the listing is
 * kept while its answer is unchanged (lib/aws/same-answer.ts, the read cache): at XL, 37,000 of
 * them, 24 MB of the server's memory, and every BGP key held for as long. Emptied on the SDK's own
 * objects, which a same answer hands back again (already emptied), so their identity is kept: a
 * listing of the same call on the same client has none either, and whatever needs an interface's
 * router configuration asks DescribeRouterConfiguration for it.
 */
function withoutRouterConfigs(vifs: VirtualInterface[] | undefined) {
  for (const vif of vifs ?? [])
    if (vif.customerRouterConfig !== undefined) vif.customerRouterConfig = undefined;
  return vifs;
}

type RegionalItems<K extends RegionalCall> = Awaited<ReturnType<(typeof REGIONAL_LOADERS)[K]>>;
type RegionalReads = { [K in RegionalCall]: Promise<Read<RegionalItems<K>>> };

/** The interfaces of one (account, region): nearly all of a topology's bytes. */
function interfacesRead(client: DirectConnectClient, account: string, region: string, ttl: number) {
  return cachedRead(account, region, "DescribeVirtualInterfaces", ttl, () =>
    REGIONAL_LOADERS.DescribeVirtualInterfaces(client),
  );
}

/**
 * The regional calls of one (account, region), each coalesced and cached on its own, in the order
 * of REGIONAL_CALLS; the interfaces as already started (interfacesRead).
 */
function regionalReads(
  client: DirectConnectClient,
  account: string,
  region: string,
  ttl: number,
  interfaces: ReturnType<typeof interfacesRead>,
): RegionalReads {
  const read = (call: RegionalCall): Promise<Read<unknown>> =>
    call === "DescribeVirtualInterfaces"
      ? interfaces
      : cachedRead<unknown>(
          account,
          region,
          call,
          madeEveryRead(call) ? ttl : Math.max(ttl, HOURLY_TTL_MS),
          () => REGIONAL_LOADERS[call](client),
        );
  return Object.fromEntries(REGIONAL_CALLS.map((call) => [call, read(call)])) as RegionalReads;
}

/** How each call made once per account is made. */
const ACCOUNT_LOADERS = {
  DescribeDirectConnectGateways: (client: DirectConnectClient) =>
    allPages((nextToken) =>
      client
        .send(new DescribeDirectConnectGatewaysCommand({ nextToken }))
        .then((o) => ({ items: o.directConnectGateways, nextToken: o.nextToken })),
    ),
  // In AWS's largest pages, named: the service decides its page size when none is asked for.
  DescribeDirectConnectGatewayAssociations: (client: DirectConnectClient) =>
    allPages((nextToken) =>
      client
        .send(new DescribeDirectConnectGatewayAssociationsCommand({ maxResults: 100, nextToken }))
        .then((o) => ({ items: o.directConnectGatewayAssociations, nextToken: o.nextToken })),
    ),
} satisfies Record<AccountCall, (client: DirectConnectClient) => Promise<unknown>>;

type AccountItems<K extends AccountCall> = Awaited<ReturnType<(typeof ACCOUNT_LOADERS)[K]>>;

/** One of an account's global reads, cached and coalesced under the region "*". */
function accountRead<K extends AccountCall>(
  call: K,
  client: DirectConnectClient,
  account: string,
  ttl: number,
): Promise<Read<AccountItems<K>>> {
  return cachedRead(account, "*", call, ttl, () =>
    (ACCOUNT_LOADERS[call] as (c: DirectConnectClient) => Promise<AccountItems<K>>)(client),
  );
}

/**
 * An account's Direct Connect gateways (global). Not their attachments: AWS answers those one
 * gateway per call, so on a large estate they would be most of a read's calls, and the map draws an
 * interface's gateway from the interface itself (directConnectGatewayId). They are read when they are
 * shown: a gateway's details (lib/aws/gateways.ts).
 */
export const gatewayListRead = (client: DirectConnectClient, account: string, ttl: number) =>
  accountRead("DescribeDirectConnectGateways", client, account, ttl);

/**
 * Every Direct Connect gateway association the account is party to, in one list (see ACCOUNT_CALLS):
 * the map draws the associated gateways, and the forms ask which kind each gateway serves.
 */
export const associationListRead = (client: DirectConnectClient, account: string, ttl: number) =>
  accountRead("DescribeDirectConnectGatewayAssociations", client, account, ttl);

/** Which accounts and regions to read: all configured ones, or the chosen subset (400 for anything else). */
export function selectScope(config: DxConfig, accounts?: string[], regions?: string[]) {
  const aliases = config.accounts.map((a) => a.alias);
  const badAccounts = (accounts ?? []).filter((a) => !aliases.includes(a));
  const badRegions = (regions ?? []).filter((r) => !config.regions.includes(r));
  if (badAccounts.length > 0 || badRegions.length > 0) {
    throw new ApiError("validation_failed", "Choose configured accounts and regions.", {
      fieldErrors: {
        ...(badAccounts.length
          ? {
              accounts: [
                `Unknown account ${badAccounts.join(", ")}. Allowed: ${aliases.join(", ")}.`,
              ],
            }
          : {}),
        ...(badRegions.length
          ? {
              regions: [
                `Unknown region ${badRegions.join(", ")}. Allowed: ${config.regions.join(", ")}.`,
              ],
            }
          : {}),
      },
    });
  }
  return {
    accounts: config.accounts.filter((a) => !accounts?.length || accounts.includes(a.alias)),
    regions: config.regions.filter((r) => !regions?.length || regions.includes(r)),
  };
}

/** What each failing call (by its last-good key) was last logged failing with. */
const failingAs = new Map<string, string>();

/** Last good reads standing in for a failed one: their data is shown, their time is not the read's. */
const lastGoodStandIns = new WeakSet<object>();

/**
 * Runs a read; a failure becomes an error entry beside the others' data, never instead of it. The
 * call's last successful read, if any, stands in for it (marked in the entry with when it was read).
 */
async function readOrErrorEntry<T>(
  read: Promise<Read<T>>,
  errors: DxReadError[],
  where: { account: string; region: string },
  operation: string,
  raw: unknown[],
  backend: string,
  logAs: string,
) {
  const key = lastGoodKey(where.account, where.region, operation, backend);
  try {
    const value = await read;
    rememberLastGood(key, value);
    failingAs.delete(key);
    return value;
  } catch (err) {
    raw.push(err);
    const { full, shown: message } = describeError(operation, err);
    // A call failing the same way at every read (a region down for hours, an unreachable backend)
    // is logged once, and again when it fails otherwise or after it has worked.
    if (failingAs.get(key) !== full) {
      console.warn(`[dxmap] ${logAs}: ${where.account}/${where.region}: ${full}`);
      failingAs.set(key, full);
    }
    const last = lastGoodRead(key) as Read<T> | undefined;
    errors.push({
      ...where,
      message,
      ...(last ? { keptFrom: new Date(last.readAt).toISOString() } : {}),
    });
    if (!last) return undefined;
    const standIn = { ...last };
    lastGoodStandIns.add(standIn);
    return standIn;
  }
}

/**
 * The last topology built for each scope, with the values it was built from. When every value of the
 * next request is the same (the same cached read, or an answer whose bytes did not change, which the
 * client hands back as the same objects: lib/aws/same-answer.ts) and none failed, the answer is that
 * topology, with the new read time: mapping thousands of interfaces again would only build an equal
 * object (on a large estate, a good part of every read), and its lists stay the same objects, so the
 * response need not encode them again.
 */
const lastBuilt = new Map<string, { values: readonly unknown[]; topology: DxTopology }>();
/**
 * One per scope read: the collector reads each account (its due regions and its global reads) on
 * its own, and the route tests the whole estate. Room for two per configured account (an account
 * read whole, and one of its regions read again after a change), and at least this many; the least
 * recently used go past it. Fewer than the accounts, and an organization's accounts pushed each
 * other out: every pass mapped the whole estate again (at XL, 200 accounts, its 37,000 interfaces),
 * and the collector compared every item with its slice's to find it unchanged.
 */
const LAST_BUILT_SCOPES = 64;
const lastBuiltRoom = (config: DxConfig) => Math.max(LAST_BUILT_SCOPES, 2 * config.accounts.length);
/**
 * A number for each list of configured accounts, part of a scope's key: a read names an
 * interface's owner from all of them (the list is the same array until a listing finds others:
 * relistOrganization keeps it while the organization's accounts are the same).
 */
const accountLists = new WeakMap<readonly AccountConfig[], number>();
let accountListsSeen = 0;
function accountListId(accounts: readonly AccountConfig[]): number {
  let id = accountLists.get(accounts);
  if (id === undefined) accountLists.set(accounts, (id = ++accountListsSeen));
  return id;
}

/**
 * The resources mapped from one account's reads of one region, or of its global resources, with the
 * values they were mapped from: while those are the same, so are the resources, whichever other
 * regions the read took in. The collector reads an account's due regions together, and which are
 * due moves with changes; keyed by the whole read alone, each set of regions mapped its regions again
 * and kept a copy of them (at L under 5 changes a second, up to LAST_BUILT_SCOPES copies, tens of MB
 * filling over minutes). One per account and region (and global), for the configured list of
 * accounts the owners' names come from; the least recently used go past twice their number.
 */
type Piece = Pick<
  DxTopology,
  | "connections"
  | "lags"
  | "virtualInterfaces"
  | "virtualGateways"
  | "locations"
  | "directConnectGateways"
  | "directConnectGatewayAssociations"
  | "errors"
>;
const lastPieces = new Map<string, { values: readonly unknown[]; piece: Piece }>();
const NO_ITEMS = Object.freeze([]) as unknown as never[];
const emptyPiece = (): Piece => ({
  connections: NO_ITEMS,
  lags: NO_ITEMS,
  virtualInterfaces: NO_ITEMS,
  virtualGateways: NO_ITEMS,
  locations: NO_ITEMS,
  directConnectGateways: NO_ITEMS,
  directConnectGatewayAssociations: NO_ITEMS,
  errors: NO_ITEMS,
});

/**
 * The piece mapped from these values, the last one's again while they are the same; a new piece
 * keeps the last one's objects for what is equal (keepSame).
 */
function pieceOf(
  key: string,
  values: readonly unknown[],
  map: () => Partial<Piece>,
  room: number,
): Piece {
  const last = lastPieces.get(key);
  // Each page of a listing is the same objects while its answer is; the list of them is new.
  if (
    last &&
    last.values.length === values.length &&
    last.values.every((v, i) => sameValue(v, values[i]))
  ) {
    lastPieces.delete(key);
    lastPieces.set(key, last);
    return last.piece;
  }
  const mapped = { ...emptyPiece(), ...map() };
  const piece = last ? keepSame(last.piece, mapped) : mapped;
  // A call that failed (with no last good answer to stand in) is no value: mapped without it, not
  // kept, so the region's resources are not mapped anew, as other objects, when it answers again.
  if (values.includes(undefined)) return piece;
  lastPieces.delete(key);
  lastPieces.set(key, { values, piece });
  while (lastPieces.size > room) lastPieces.delete(lastPieces.keys().next().value!);
  return piece;
}

/** The same value: the same object, or lists (or objects of lists) of the same objects. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return sameItems(a, b);
  if (
    a &&
    b &&
    typeof a === "object" &&
    typeof b === "object" &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) =>
        sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return false;
}

/**
 * Everything the graph needs for the chosen accounts and regions: every Describe call fanned out in
 * parallel over (account, region), together with each account's Direct Connect gateways and their
 * associations (global, read once per account), so that a read costs one round trip to AWS; merged into one DTO in which every
 * resource carries its account alias and region.
 */
export async function describeTopology(
  filter: {
    accounts?: string[];
    regions?: string[];
    /** false: only the accounts' global reads (the collector reads each scope on its own). */
    regional?: boolean;
    /** false: not the accounts' global reads. */
    global?: boolean;
    /**
     * The collector reads a few scopes at a time: every call of those failing with AWS's own error
     * (a 5xx) is a region failing, answered with its errors, not the backend gone; only a backend
     * that cannot be reached at all (no AWS error) is a 503.
     */
    unreachableOnly?: boolean;
  } = {},
  /** Names the read in the server log, where a failed call's full text goes: the route's name. */
  logAs = "topology read",
): Promise<DxTopology> {
  const config = getDxConfig();
  const scoped = selectScope(config, filter.accounts, filter.regions);
  const { accounts } = scoped;
  const regions = filter.regional === false ? [] : scoped.regions;
  const globalAccounts = filter.global === false ? [] : accounts;
  const ttl = config.cacheTtlMs;
  const aliases = new Map(config.accounts.map((a) => [a.accountId, a.alias]));
  const aliasOf = (accountId: string) => aliases.get(accountId) ?? null;
  const errors: DxReadError[] = [];
  const failures: unknown[] = [];
  const readTimes: number[] = [];
  const note = <T>(r: Read<T> | undefined) => {
    if (r && !lastGoodStandIns.has(r)) readTimes.push(r.readAt);
    return r?.value;
  };
  // Whose last reads stand in for failed ones: the same backend and account, never another's.
  const backendOf = (account: AccountConfig) =>
    `${config.backend}\u0000${config.endpoint ?? ""}\u0000${account.accountId}`;

  /** The reads of a list of calls, each through readOrErrorEntry, in the list's order and by call. */
  const settle = async <C extends string>(
    calls: readonly C[],
    where: { account: string; region: string },
    account: AccountConfig,
    read: (call: C) => Promise<Read<unknown>>,
  ) => {
    const settled = await Promise.all(
      calls.map((call) =>
        readOrErrorEntry(read(call), errors, where, call, failures, backendOf(account), logAs),
      ),
    );
    const got = Object.fromEntries(calls.map((call, i) => [call, settled[i]]));
    return { settled, got: got as Record<C, Read<unknown> | undefined> };
  };

  // The interface lists go first, and reach the wire before any other call is made: the SDK's work
  // for each call would otherwise hold every request until all of a large estate's were ready. Their
  // answers, nearly all of the bytes, then arrive and are read while the others are in flight.
  const interfaces = new Map(
    accounts.flatMap((account) =>
      regions.map((region) => {
        const read = interfacesRead(
          getDirectConnectClient(account, region),
          account.alias,
          region,
          ttl,
        );
        // Observed from the start; readOrErrorEntry() below awaits it and records a failure.
        read.catch(() => undefined);
        return [`${account.alias}\u0000${region}`, read] as const;
      }),
    ),
  );
  await new Promise((resolve) => setImmediate(resolve));

  const regionalPending = Promise.all(
    accounts.flatMap((account: AccountConfig) =>
      regions.map(async (region) => {
        const scope = { account: account.alias, region };
        const client = getDirectConnectClient(account, region);
        const vifsRead = interfaces.get(`${account.alias}\u0000${region}`)!;
        const reads = regionalReads(client, account.alias, region, ttl, vifsRead);
        // The tests in progress: one more call, only where the account has an interface of its own
        // testing (to say which sessions are down on purpose, and until when), made once its
        // interfaces are in, alongside the other calls.
        const testsPending = vifsRead.then(
          (r) =>
            needsTestsInProgress(r.value, account.accountId)
              ? readOrErrorEntry(
                  testsInProgressRead(client, account.alias, region, ttl),
                  errors,
                  scope,
                  TESTS_IN_PROGRESS_CALL,
                  failures,
                  backendOf(account),
                  logAs,
                )
              : undefined,
          () => undefined,
        );
        const { settled, got } = await settle(
          REGIONAL_CALLS,
          scope,
          account,
          (call) => reads[call] as Promise<Read<unknown>>,
        );
        const typed = got as { [K in RegionalCall]: Read<RegionalItems<K>> | undefined };
        const tests = await testsPending;
        return {
          scope,
          reads: tests ? [...settled, tests] : settled,
          tests: note(tests),
          connections: note(typed.DescribeConnections),
          lags: note(typed.DescribeLags),
          vifs: note(typed.DescribeVirtualInterfaces),
          vgws: note(typed.DescribeVirtualGateways),
          // Not noted: AWS's locations are kept an hour, and readAt is when the estate was read.
          locations: typed.DescribeLocations?.value,
        };
      }),
    ),
  );
  // Started before the regional reads are awaited: the global calls run alongside them.
  const globalPending = Promise.all(
    globalAccounts.map(async (account) => {
      const client = getDirectConnectClient(account, scoped.regions[0] ?? config.regions[0]!);
      const { settled, got } = await settle(
        ACCOUNT_CALLS,
        { account: account.alias, region: "global" },
        account,
        (call) => accountRead(call, client, account.alias, ttl) as Promise<Read<unknown>>,
      );
      const typed = got as { [K in AccountCall]: Read<AccountItems<K>> | undefined };
      return {
        account: account.alias,
        reads: settled,
        gateways: note(typed.DescribeDirectConnectGateways),
        associations: note(typed.DescribeDirectConnectGatewayAssociations),
      };
    }),
  );
  const [regional, global] = await Promise.all([regionalPending, globalPending]);

  // Nothing answered at all because the backend cannot be reached: that is a 503, not a partial read.
  if (readTimes.length === 0 && failures.length > 0) {
    const mapped = fromAwsError(
      failures[0],
      config.endpoint ?? "directconnect.<region>.amazonaws.com",
    );
    if (
      mapped instanceof ApiError &&
      mapped.code === "backend_unavailable" &&
      !(filter.unreachableOnly && unreachableCode(failures[0]) === undefined)
    )
      throw mapped;
  }
  // The configuration too: the same alias may name another account after a reload, and an
  // interface's owner is named from every configured account, which a listing of the organization
  // changes while the read accounts' answers stay the same.
  const scope = `${config.backend}/${config.endpoint ?? ""}/${accounts.map((a) => `${a.alias}=${a.accountId}`).join(",")}/${regions.join(",")}/${globalAccounts.length}/${accountListId(config.accounts)}`;
  const values = [...regional.flatMap((r) => r.reads), ...global.flatMap((g) => g.reads)].map(
    (r) => r?.value,
  );
  const readAt = new Date(readTimes.length > 0 ? Math.min(...readTimes) : Date.now()).toISOString();
  const last = lastBuilt.get(scope);
  if (
    errors.length === 0 &&
    last &&
    last.values.length === values.length &&
    last.values.every((v, i) => sameValue(v, values[i]))
  ) {
    if (last.topology.readAt !== readAt) last.topology = { ...last.topology, readAt };
    // The most recently used last: the scopes read at every pass are not the first to go.
    lastBuilt.delete(scope);
    lastBuilt.set(scope, last);
    return last.topology;
  }
  const accountIds = new Map(accounts.map((a) => [a.alias, a.accountId]));
  const listId = accountListId(config.accounts);
  const pieceKey = (alias: string, region: string) =>
    `${config.backend}/${config.endpoint ?? ""}/${alias}=${accountIds.get(alias)}/${region}/${listId}`;
  const pieceRoom = 2 * config.accounts.length * (config.regions.length + 1);
  const regionalPieces = regional.map((r) =>
    pieceOf(
      pieceKey(r.scope.account, r.scope.region),
      [r.connections, r.lags, r.vifs, r.vgws, r.locations],
      () => ({
        connections: (r.connections ?? []).flatMap((c) => toConnection(c, r.scope) ?? []),
        lags: (r.lags ?? []).flatMap((l) => toLag(l, r.scope) ?? []),
        virtualInterfaces: (r.vifs ?? []).flatMap(
          (v) => toVirtualInterface(v, r.scope, aliasOf) ?? [],
        ),
        virtualGateways: (r.vgws ?? []).flatMap((g) => toVirtualGateway(g, r.scope) ?? []),
        locations: (r.locations ?? []).flatMap((l) => toLocation(l, r.scope.region) ?? []),
      }),
      pieceRoom,
    ),
  );
  const globalPieces = global.map((g) =>
    pieceOf(
      pieceKey(g.account, "global"),
      [g.gateways, g.associations],
      () => ({
        directConnectGateways: (g.gateways ?? []).flatMap(
          (gw) => toDirectConnectGateway(gw, g.account) ?? [],
        ),
        directConnectGatewayAssociations: (g.associations ?? []).flatMap(
          (a) => toGatewayAssociation(a) ?? [],
        ),
      }),
      pieceRoom,
    ),
  );
  const built: DxTopology = {
    readAt,
    backend: config.backend,
    accounts: accounts.map(({ alias, accountId }) => ({ alias, accountId })),
    regions: [...regions],
    connections: regionalPieces.flatMap((p) => p.connections),
    lags: regionalPieces.flatMap((p) => p.lags),
    virtualInterfaces: withTestsInProgress(
      mergeVirtualInterfaces(regionalPieces.flatMap((p) => p.virtualInterfaces)),
      regional.flatMap((r) => r.tests ?? []),
    ),
    virtualGateways: regionalPieces.flatMap((p) => p.virtualGateways),
    locations: uniqueBy(
      regionalPieces.flatMap((p) => p.locations),
      (l) => `${l.region}/${l.code}`,
    ),
    directConnectGateways: uniqueBy(
      globalPieces.flatMap((p) => p.directConnectGateways),
      (g) => g.id,
    ),
    // Seen by both parties when both are configured accounts: once.
    directConnectGatewayAssociations: uniqueBy(
      globalPieces.flatMap((p) => p.directConnectGatewayAssociations),
      (a) => a.id,
    ),
    errors,
  };
  // Every resource of the scope was mapped anew, those of its unchanged answers too: what equals the
  // last read's is that object again. The collector keeps its slices' objects the same way
  // (keepSame), so the two hold one copy of an account's resources, not one each (at XL, tens of
  // megabytes of the server's memory once an account had changed).
  const topology = last ? keepSame(last.topology, built) : built;
  if (errors.length === 0) {
    lastBuilt.delete(scope);
    lastBuilt.set(scope, { values, topology });
    while (lastBuilt.size > lastBuiltRoom(config)) lastBuilt.delete(lastBuilt.keys().next().value!);
  }
  return topology;
}
