import "server-only";

import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

import { inTheBackground } from "@/lib/aws/budget";
import { expire, onInvalidate } from "@/lib/aws/cache";
import { madeEveryRead, type AccountCall, type RegionalCall } from "@/lib/aws/topology-calls";
import {
  lastOrganizationListing,
  relistOrganization,
  startOrganizationListing,
  type OrganizationListing,
} from "@/lib/aws/organization";
import { describeTopology, selectScope } from "@/lib/aws/topology";
import { hasTransitionalState } from "@/lib/dx/transitional";
import type { DxTopology } from "@/lib/dx/types";
import { getDxConfig, type AccountConfig, type DxConfig } from "@/lib/server/config";
import { ApiError, isApiError } from "@/lib/server/errors";
import { addAuditSink } from "@/lib/server/audit";
import { onShutdown } from "@/lib/server/shutdown";

import { openStore, type StoreHandle } from "./db";
import {
  assemble,
  diffSlices,
  GLOBAL,
  keepSame,
  sameLists,
  scopeKey,
  slicesOf,
  type Slice,
} from "./slices";
import {
  acquireLeases,
  insertAudit,
  loadSlice,
  prune,
  releaseLeases,
  requestCollection,
  saveSlice,
  saveUnchanged,
  scopeVersions,
} from "./store";

// The collector: the only reader of AWS for the topology. Each scope (an account's region, or its
// global resources) is read on its own schedule — every DX_COLLECT_INTERVAL_MS, every
// DX_COLLECT_FAST_MS while something there is transitional, at once after a change made there — and
// what changed is written to the store as events, with the scope's new snapshot, in one transaction.
// Browsers are answered from the latest snapshots in memory: no AWS call per request.
//
// Several replicas share one PostgreSQL: a lease per scope (the leases table, renewed every quarter
// interval, held for an interval and a quarter) says which replica reads it; the others load its
// snapshot from the store when its version moves. A write is made only while its replica holds the
// lease and the stored version is the one it compared against, so a change is recorded once, by one
// replica, against the last stored state — after a restart or a takeover too.

interface ScopeState {
  key: string;
  account: AccountConfig;
  /** A region, or GLOBAL. */
  region: string;
  /** What browsers are answered with. */
  slice?: Slice;
  /** The last stored slice and its version: the next read is compared with it. */
  stored?: Slice;
  version: number;
  held: boolean;
  /** When this replica last started reading it (Date.now()). */
  lastPassStart: number;
  /** When the last finished read started: what it read is at least as new as that. */
  completedStart: number;
  /** When a read at once was last asked for here (a change made, Refresh). */
  requestedAt: number;
  /** The last request time the store reported for it (another replica's change). */
  lastSeenRequest: number;
  pass?: Promise<void>;
  /** Passes started here. */
  passes: number;
  /**
   * Where in the interval this account's passes fall (ms): the accounts' passes are spread over it,
   * not all at once; every scope is read at once the first time.
   */
  phase: number;
  /** Why the last read failed as a whole (the backend unreachable), until one succeeds. */
  failure?: unknown;
  /** `slice` with the failure as a read error: the same object while the failure lasts. */
  failedSlice?: Slice;
}

function warnNotRecorded(scope: string, error: unknown) {
  console.warn(
    `[dxmap] history store: could not record ${scope}: ${error instanceof Error ? error.message : String(error)}`,
  );
}

export interface CollectorStatus {
  holder: string;
  store: string;
  storeKind: StoreHandle["kind"];
  scopes: { scope: string; held: boolean; version: number; readAt: string | null }[];
}

/** Whether AWS is moving something on in a slice: asked of every scope five times a second. */
const transitional = new WeakMap<Slice, boolean>();
function moving(slice: Slice): boolean {
  let is = transitional.get(slice);
  if (is === undefined) transitional.set(slice, (is = hasTransitionalState(slice)));
  return is;
}

export class Collector {
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly scopes = new Map<string, ScopeState>();
  private readonly memo = new Map<string, { slices: readonly Slice[]; topology: DxTopology }>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private nextLeaseAt = 0;
  private nextSyncAt = 0;
  private nextPruneAt = Date.now() + 60_000;
  private ticking = false;
  private readonly unlisten: () => void;

  /** The account list the scopes were made from: an organization's relisting replaces it. */
  private accounts: DxConfig["accounts"] = [];

  constructor(
    private readonly config: DxConfig,
    readonly store: StoreHandle,
  ) {
    this.syncAccounts();
    const unlisten = onInvalidate((account, region) => this.request(account, region));
    const unsink = addAuditSink((record) =>
      insertAudit(this.store.db, {
        ...record,
        parameters: JSON.stringify(record.parameters ?? {}),
      }),
    );
    this.unlisten = () => {
      unlisten();
      unsink();
    };
  }

  /**
   * A scope for each account and region of the configuration: those of accounts new to it are added
   * (read at once), those of accounts gone from it (an organization's closed account) dropped.
   */
  private syncAccounts(): boolean {
    if (this.accounts === this.config.accounts) return false;
    this.accounts = this.config.accounts;
    const wanted = new Set<string>();
    for (const [i, account] of this.accounts.entries())
      for (const region of [...this.config.regions, GLOBAL]) {
        const key = scopeKey(account.alias, region);
        wanted.add(key);
        const phase = Math.round((i * this.intervalMs) / this.accounts.length);
        const s = this.scopes.get(key);
        if (s) {
          s.account = account;
          s.phase = phase;
          continue;
        }
        this.scopes.set(key, {
          key,
          account,
          region,
          version: 0,
          held: false,
          lastPassStart: 0,
          completedStart: 0,
          requestedAt: 0,
          lastSeenRequest: 0,
          passes: 0,
          phase,
        });
      }
    for (const key of [...this.scopes.keys()]) if (!wanted.has(key)) this.scopes.delete(key);
    this.memo.clear();
    return true;
  }

  private get intervalMs() {
    return this.config.history.intervalMs;
  }

  /** Loads the stored snapshots, takes the leases it can, and starts reading. */
  async start(): Promise<void> {
    await this.leases();
    await this.sync();
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unlisten();
    await Promise.allSettled([...this.scopes.values()].map((s) => s.pass));
    await releaseLeases(this.store.db, this.holder).catch(() => undefined);
    await this.store.close();
  }

  /** Stops reading and writing at once, keeping its leases and its store open: a crash, for tests. */
  halt(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unlisten();
  }

  private tick = (): void => {
    if (this.stopped || this.ticking) return;
    this.ticking = true;
    void this.step()
      .catch((error: unknown) =>
        console.warn(
          `[dxmap] collector: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => {
        this.ticking = false;
        if (!this.stopped) this.timer = setTimeout(this.tick, 200);
      });
  };

  private async step(): Promise<void> {
    const now = Date.now();
    // New scopes are leased (and read) at once.
    if (this.syncAccounts()) this.nextLeaseAt = 0;
    if (now >= this.nextLeaseAt) {
      this.nextLeaseAt = now + Math.max(250, this.intervalMs / 4);
      await this.leases();
    }
    if (now >= this.nextSyncAt) {
      this.nextSyncAt = now + Math.min(1000, this.intervalMs);
      await this.sync();
    }
    if (now >= this.nextPruneAt) {
      this.nextPruneAt = now + 60 * 60_000;
      void prune(this.store.db, this.config.history.days).catch((error: unknown) =>
        console.warn(`[dxmap] history pruning failed: ${String(error)}`),
      );
    }
    const due = [...this.scopes.values()].filter((s) => s.held && !s.pass && this.isDue(s, now));
    if (due.length > 0) this.collect(due);
  }

  private isDue(s: ScopeState, now: number): boolean {
    if (s.requestedAt >= s.lastPassStart) return true;
    // Fast while AWS moves something on there, or while the scope cannot be read (to see it back).
    if (s.failure !== undefined || (s.slice && moving(s.slice)))
      return now - s.lastPassStart >= this.config.history.fastMs;
    // The second pass waits for the account's place in the interval; the later ones follow it.
    return now - s.lastPassStart >= this.intervalMs + (s.passes === 1 ? s.phase : 0);
  }

  /** Takes or renews the leases; a scope newly held is compared from its last stored state. */
  private async leases(): Promise<void> {
    const ttl = Math.round(this.intervalMs * 1.25);
    const held = await acquireLeases(this.store.db, this.holder, [...this.scopes.keys()], ttl);
    for (const s of this.scopes.values()) {
      const holds = held.has(s.key);
      if (holds && !s.held) {
        await this.reload(s);
        s.requestedAt = Date.now();
      }
      s.held = holds;
      const requested = held.get(s.key) ?? 0;
      if (holds && requested > s.lastSeenRequest) {
        if (s.lastSeenRequest !== 0) s.requestedAt = Date.now();
        s.lastSeenRequest = requested;
      }
    }
  }

  /** Loads what other replicas wrote to the scopes this one does not read. */
  private async sync(): Promise<void> {
    if ([...this.scopes.values()].every((s) => s.held)) return;
    const versions = await scopeVersions(this.store.db);
    await Promise.all(
      [...this.scopes.values()]
        .filter((s) => !s.held && (versions.get(s.key) ?? 0) > s.version)
        .map((s) => this.reload(s)),
    );
  }

  private async reload(s: ScopeState): Promise<void> {
    const stored = await loadSlice(this.store.db, s.key);
    if (!stored) return;
    s.slice = keepSame(s.slice, stored.slice);
    s.stored = s.slice;
    s.version = stored.version;
  }

  /** Reads the scopes, an account's at a time (each account's at once), and records what changed. */
  private collect(due: ScopeState[]): Promise<void> {
    const byAccount = new Map<string, ScopeState[]>();
    for (const s of due) {
      const list = byAccount.get(s.account.alias) ?? [];
      list.push(s);
      byAccount.set(s.account.alias, list);
    }
    return Promise.all(
      [...byAccount.values()].map((scopes) => {
        const start = Date.now();
        const pass = this.read(scopes, start);
        for (const s of scopes) {
          s.lastPassStart = start;
          s.passes++;
          s.pass = pass;
        }
        return pass.finally(() => {
          for (const s of scopes) {
            if (s.pass === pass) s.pass = undefined;
            s.completedStart = Math.max(s.completedStart, start);
          }
        });
      }),
    ).then(() => undefined);
  }

  private async read(scopes: ScopeState[], start: number): Promise<void> {
    const account = scopes[0]!.account;
    const regions = scopes.filter((s) => s.region !== GLOBAL).map((s) => s.region);
    const global = scopes.some((s) => s.region === GLOBAL);
    for (const s of scopes)
      expire(
        account.alias,
        s.region === GLOBAL ? "*" : s.region,
        (call) => !madeEveryRead(call as RegionalCall | AccountCall),
      );
    let topology: DxTopology;
    try {
      topology = await inTheBackground(() =>
        describeTopology(
          {
            accounts: [account.alias],
            ...(regions.length > 0 ? { regions } : {}),
            regional: regions.length > 0,
            global,
            unreachableOnly: true,
          },
          "collector",
        ),
      );
    } catch (error) {
      for (const s of scopes) {
        s.failure = error;
        s.failedSlice = undefined;
      }
      return;
    }
    const time = new Date(start).toISOString();
    // What a read found as stored (most scopes, most passes) is recorded in one statement afterwards.
    const unchanged: { s: ScopeState; next: Slice }[] = [];
    for (const read of slicesOf(topology, account.alias, regions, global)) {
      const s = this.scopes.get(scopeKey(read.account, read.region))!;
      const next = await this.record(s, read, time);
      if (next) unchanged.push({ s, next });
    }
    await this.recordUnchanged(unchanged);
  }

  /** Records a read, or returns it (kept as the snapshot) if it found the resources as stored. */
  private async record(s: ScopeState, read: Slice, time: string): Promise<Slice | undefined> {
    s.failure = undefined;
    s.failedSlice = undefined;
    const next = keepSame(s.slice, read);
    s.slice = next;
    const stored = s.stored;
    if (stored && s.version > 0 && sameLists(stored, next)) return next;
    const aliases = new Set(this.config.accounts.map((a) => a.alias));
    const events = diffSlices(s.stored, next, time, {
      records: (vif) =>
        !(vif.ownerAlias && vif.ownerAlias !== s.account.alias && aliases.has(vif.ownerAlias)),
      recordsAssociation: (a) => {
        const owner = this.gatewayOwner(a.directConnectGatewayId);
        return owner === undefined || owner === s.account.alias;
      },
    });
    try {
      const version = await saveSlice(
        this.store.db,
        this.holder,
        s.stored,
        next,
        s.version,
        events,
      );
      if (version === undefined) {
        // Another replica holds it now, or wrote it: what it stored is the truth.
        s.held = false;
        await this.reload(s);
      } else {
        s.version = version;
        s.stored = next;
      }
    } catch (error) {
      // Kept to compare against at the next read: nothing it saw is lost.
      warnNotRecorded(s.key, error);
    }
    return undefined;
  }

  /** Records reads that found their scopes' resources as stored: their read time and errors. */
  private async recordUnchanged(reads: { s: ScopeState; next: Slice }[]): Promise<void> {
    if (reads.length === 0) return;
    let written: Set<string>;
    try {
      written = await saveUnchanged(
        this.store.db,
        this.holder,
        reads.map(({ s, next }) => ({
          scope: s.key,
          expected: s.version,
          readAt: next.readAt,
          errors: next.errors,
        })),
      );
    } catch (error) {
      for (const { s } of reads) warnNotRecorded(s.key, error);
      return;
    }
    for (const { s, next } of reads) {
      if (written.has(s.key)) {
        s.version += 1;
        s.stored = next;
        continue;
      }
      // Another replica holds it now, or wrote it: what it stored is the truth.
      s.held = false;
      await this.reload(s);
    }
  }

  private gatewayOwner(gatewayId: string): string | undefined {
    for (const s of this.scopes.values())
      if (s.region === GLOBAL && s.slice?.directConnectGateways.some((g) => g.id === gatewayId))
        return s.account.alias;
    return undefined;
  }

  /** Asks for the account's region (and its global resources) to be read at once. */
  request(account: string, region: string): void {
    const keys = [scopeKey(account, region), scopeKey(account, GLOBAL)];
    const elsewhere: string[] = [];
    for (const key of keys) {
      const s = this.scopes.get(key);
      if (!s) continue;
      s.requestedAt = Date.now();
      if (!s.held) elsewhere.push(key);
    }
    if (elsewhere.length > 0)
      void requestCollection(this.store.db, elsewhere).catch(() => undefined);
    if (!this.ticking) {
      clearTimeout(this.timer);
      this.tick();
    }
  }

  /** Asks for every scope in the filter to be read at once (Refresh), and waits for the reads here. */
  async refresh(filter: { accounts?: string[]; regions?: string[] } = {}): Promise<void> {
    if (this.syncAccounts()) this.nextLeaseAt = 0;
    const { accounts, regions } = selectScope(this.config, filter.accounts, filter.regions);
    for (const a of accounts) for (const r of regions) this.request(a.alias, r);
  }

  /**
   * The topology of the chosen (or all) accounts and regions, from the latest snapshots. A scope
   * asked to be read at once here (a change was just made there) is read first, so whoever made the
   * change sees it; a scope never read yet is waited for.
   */
  async topology(filter: { accounts?: string[]; regions?: string[] } = {}): Promise<DxTopology> {
    if (this.syncAccounts()) this.nextLeaseAt = 0;
    const { accounts, regions } = selectScope(this.config, filter.accounts, filter.regions);
    const wanted = accounts.flatMap((a) =>
      [...regions, GLOBAL].map((r) => this.scopes.get(scopeKey(a.alias, r))!),
    );
    await this.fresh(wanted);
    const failed = wanted.filter((s) => s.failure !== undefined);
    if (wanted.length > 0 && failed.length === wanted.length) {
      const failure = failed[0]!.failure;
      throw isApiError(failure)
        ? failure
        : new ApiError("backend_unavailable", "Direct Connect could not be read.");
    }
    const slices = wanted.flatMap((s) => {
      if (!s.slice) return [];
      if (s.failure === undefined) return [s.slice];
      s.failedSlice ??= {
        ...s.slice,
        errors: [
          ...s.slice.errors,
          {
            account: s.account.alias,
            region: s.region,
            message:
              s.failure instanceof Error ? s.failure.message : "Direct Connect could not be read.",
            keptFrom: s.slice.readAt,
          },
        ],
      };
      return [s.failedSlice];
    });
    return withListingError(
      assemble(
        slices,
        {
          backend: this.config.backend,
          accounts: accounts.map(({ alias, accountId }) => ({ alias, accountId })),
          regions: [...regions],
        },
        this.memo,
        `${accounts.map((a) => a.alias).join(",")}/${regions.join(",")}`,
      ),
    );
  }

  private async fresh(wanted: ScopeState[]): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (let round = 0; round < 3; round++) {
      // Asked to be read at once; never read; or unreadable at the last pass (a read while the
      // backend is down tries it again, so the first read after it is back is whole).
      const stale = wanted.filter(
        (s) =>
          (s.held &&
            (s.requestedAt >= s.completedStart || (round === 0 && s.failure !== undefined))) ||
          (!s.slice && s.failure === undefined),
      );
      if (stale.length === 0) return;
      const idle = stale.filter((s) => s.held && !s.pass);
      if (idle.length > 0) void this.collect(idle);
      const passes = stale.flatMap((s) => (s.pass ? [s.pass] : []));
      if (passes.length > 0) await Promise.allSettled(passes);
      else {
        // Read by another replica, not stored yet: wait for it to be.
        if (Date.now() > deadline) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
        await this.sync();
        round--;
      }
    }
  }

  status(): CollectorStatus {
    return {
      holder: this.holder,
      store: this.store.location,
      storeKind: this.store.kind,
      scopes: [...this.scopes.values()].map((s) => ({
        scope: s.key,
        held: s.held,
        version: s.version,
        readAt: s.slice?.readAt ?? null,
      })),
    };
  }
}

const withError = new WeakMap<DxTopology, { listing: OrganizationListing; topology: DxTopology }>();

/**
 * The organization could not be listed at its last try: said among the read errors (its accounts of
 * the listing before are still read). The same object while nothing changes.
 */
function withListingError(topology: DxTopology): DxTopology {
  const listing = lastOrganizationListing();
  if (!listing?.error) return topology;
  const made = withError.get(topology);
  if (made?.listing === listing) return made.topology;
  const shown: DxTopology = {
    ...topology,
    errors: [
      ...topology.errors,
      {
        account: "organization",
        region: "global",
        message: `Listing the organization's accounts failed: ${listing.error}`,
      },
    ],
  };
  withError.set(topology, { listing, topology: shown });
  return shown;
}

// One collector per process, on globalThis: instrumentation.ts starts it and the route handlers,
// bundled apart, find the same one.
const KEY = Symbol.for("dxmap.collector");
type Holder = { [KEY]?: Promise<Collector> };

/** Starts the collector (once per process) with the configured store. */
export function startCollector(): Promise<Collector> {
  const g = globalThis as Holder;
  g[KEY] ??= (async () => {
    const config = getDxConfig();
    // An organization's accounts are listed first: the first read includes them.
    await startOrganizationListing();
    const store = await openStore(config.history);
    const collector = new Collector(config, store);
    await collector.start();
    onShutdown(() => collector.stop());
    console.log(
      `[dxmap] collector ${collector.holder}: history in ${store.kind === "pglite" ? `PGlite at ${store.location}` : `PostgreSQL at ${store.location}`}, reading every ${config.history.intervalMs} ms`,
    );
    return collector;
  })();
  return g[KEY];
}

/** Stops this process's collector, releasing its leases and closing its store (tests). */
export async function stopCollector(): Promise<void> {
  const g = globalThis as Holder;
  const running = g[KEY];
  delete g[KEY];
  const collector = await running?.catch(() => undefined);
  await collector?.stop();
}

/** The running collector, if this process started one (the dashboard always does). */
export function runningCollector(): Promise<Collector> | undefined {
  return (globalThis as Holder)[KEY];
}

/**
 * The topology the routes answer with: the collector's snapshot. Read directly (as before there was
 * a collector) only where none was started — the route tests, which call handlers in-process — or
 * when it could not start (its store failed to open: said in the server log at start).
 */
export async function snapshotTopology(
  filter: { accounts?: string[]; regions?: string[] },
  logAs: string,
): Promise<DxTopology> {
  const running = runningCollector();
  const collector = running ? await running.catch(() => undefined) : undefined;
  if (collector) return collector.topology(filter);
  await startOrganizationListing();
  return describeTopology(filter, logAs);
}

/**
 * Asks the collector to read these accounts and regions at once (the next topology waits for it).
 * The whole estate asked for (no account named): an organization is listed again first, so that an
 * account it has just gained is read too.
 */
export async function refreshSnapshot(filter: {
  accounts?: string[];
  regions?: string[];
}): Promise<void> {
  if (!filter.accounts?.length && getDxConfig().organization) await relistOrganization();
  const running = runningCollector();
  const collector = running ? await running.catch(() => undefined) : undefined;
  await collector?.refresh(filter);
}

/** The running collector's store, or a 503 that says why there is none. */
export async function historyStore(): Promise<StoreHandle> {
  const running = runningCollector();
  if (!running)
    throw new ApiError("history_unavailable", "The history store is not running on this server.");
  try {
    return (await running).store;
  } catch (error) {
    throw new ApiError(
      "history_unavailable",
      `The history store could not be opened: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
