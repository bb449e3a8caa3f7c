// The history store's figures (issue 23), on PGlite and on a PostgreSQL server, with lib/history
// itself (no dashboard): the L estate's slices stored as the collector stores them (saveSlice); a
// simulated day in which 1 % of the BGP sessions flap each hour (down, then up minutes later), each
// change through diffSlices and saveSlice as the collector records it, at its simulated time; the
// store's size after that day. Then the events table brought to EVENTS events (insertEvents, a mix
// of accounts, regions, types, fields and resources over 90 days) and the queries the events feed
// and the timelines make, each timed RUNS times.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { sql } from "kysely";
import pg from "pg";

import type { EventField, ResourceType } from "../../lib/dx/history";
import type { DxTopology, DxVirtualInterface } from "../../lib/dx/types";
import { seededRandom } from "../../lib/emulator/ids";
import { openStore, type StoreHandle } from "../../lib/history/db";
import {
  diffSlices,
  scopeKey,
  slicesOf,
  type NewEvent,
  type Slice,
} from "../../lib/history/slices";
import {
  acquireLeases,
  flappingSessions,
  insertEvents,
  prune,
  queryEvents,
  saveSlice,
  type EventFilter,
} from "../../lib/history/store";
import { log } from "./log";
import { percentile } from "./stats";

/** The share of BGP sessions that flap in each simulated hour. */
const FLAP_SHARE = 0.01;
/** The events table's size for the query figures. */
export const EVENTS = 1_000_000;
/** Timed runs of each query (after WARM_UP untimed ones). */
const RUNS = 30;
const WARM_UP = 3;
const DAY_MS = 24 * 3_600_000;

export type StoreName = "PGlite" | "PostgreSQL";

export interface StoreResult {
  store: StoreName;
  /** Resource rows stored for the estate's slices. */
  resources: number;
  /** BGP sessions, each once. */
  sessions: number;
  /** Sessions that went down or up in the simulated day, and the slices saved for them. */
  changes: number;
  saves: number;
  dayEvents: number;
  daySeconds: number;
  /** After the day: the database's size (pg_database_size), on either store. */
  dayBytes: number;
  /** PGlite's whole directory on disk then (WAL and template databases included); null on a server. */
  dayDiskBytes: number | null;
  events: number;
  fillSeconds: number;
  /** After the fill, measured the same way. */
  fullBytes: number;
  fullDiskBytes: number | null;
  queries: { name: string; p50: number; p95: number; max: number }[];
}

/** The estate as the collector stores it: each account's slices, from its own topology read. */
export function estateSlices(byAccount: Map<string, DxTopology>): Slice[] {
  return [...byAccount].flatMap(([alias, topology]) =>
    slicesOf(topology, alias, topology.regions, true),
  );
}

/** Bytes on disk under `dir` (allocated blocks, as du counts them). */
function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += diskBytes(full);
    else if (entry.isFile()) total += statSync(full).blocks * 512;
  }
  return total;
}

interface OpenedStore {
  handle: StoreHandle;
  size(): Promise<number>;
  /** PGlite's whole directory on disk (WAL and template databases included); null on a server. */
  diskBytes(): number | null;
  cleanUp(): Promise<void>;
}

async function openPglite(): Promise<OpenedStore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dxmap-bench-history-"));
  const handle = await openStore({ dir });
  return {
    handle,
    // The database's size, as on the server (pg_database_size): the directory also holds the
    // write-ahead log PostgreSQL keeps recycled after a checkpoint and the template databases,
    // shown beside it.
    async size() {
      await sql`checkpoint`.execute(handle.db);
      const { rows } = await sql<{
        bytes: string;
      }>`select pg_database_size(current_database()) as bytes`.execute(handle.db);
      return Number(rows[0]!.bytes);
    },
    diskBytes: () => diskBytes(dir),
    async cleanUp() {
      await handle.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(server: string): Promise<OpenedStore> {
  const name = `dxmap_bench_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  const handle = await openStore({ url: url.toString(), dir: "" });
  return {
    handle,
    async size() {
      const { rows } = await sql<{
        bytes: string;
      }>`select pg_database_size(current_database()) as bytes`.execute(handle.db);
      return Number(rows[0]!.bytes);
    },
    diskBytes: () => null,
    async cleanUp() {
      await handle.close().catch(() => undefined);
      const drop = new pg.Client({ connectionString: server });
      await drop.connect();
      try {
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await drop.end();
      }
    },
  };
}

/** A BGP session, and the scopes that read its interface (its owner's, and the account it is allocated to). */
interface Session {
  scopes: string[];
  vifId: string;
  peerId: string;
}

interface Change extends Session {
  at: number;
  status: "up" | "down";
}

/**
 * Each hour of the day ending `end`: `perHour` of the sessions go down at a random minute and come
 * back 1-5 minutes later, in time order.
 */
function dayOfFlaps(sessions: Session[], perHour: number, end: number, seed: string): Change[] {
  const random = seededRandom(hashOf(seed));
  const changes: Change[] = [];
  for (let hour = 0; hour < 24; hour++) {
    const start = end - DAY_MS + hour * 3_600_000;
    const chosen = new Set<number>();
    while (chosen.size < perHour) chosen.add(Math.floor(random.next() * sessions.length));
    for (const i of chosen) {
      const down = start + Math.floor(random.next() * 54 * 60_000);
      const up = down + 60_000 + Math.floor(random.next() * 4 * 60_000);
      changes.push({ ...sessions[i]!, at: down, status: "down" });
      changes.push({ ...sessions[i]!, at: up, status: "up" });
    }
  }
  return changes.sort((a, b) => a.at - b.at);
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The estate's resources an event can be about, with what an event of each carries. */
interface Subject {
  type: ResourceType;
  id: string;
  parentId: string | null;
  account: string;
  region: string;
  fields: { field: EventField; values: string[] }[];
}

function subjectsOf(slices: Slice[]) {
  const peers: Subject[] = [];
  const vifs: Subject[] = [];
  const connections: Subject[] = [];
  const lags: Subject[] = [];
  const gateways: Subject[] = [];
  const associations: Subject[] = [];
  for (const s of slices) {
    const at = { account: s.account, region: s.region };
    for (const v of s.virtualInterfaces) {
      vifs.push({
        type: "virtualInterface",
        id: v.id,
        parentId: v.connectionId,
        ...at,
        fields: [
          { field: "state", values: ["available", "down", "pending", "confirming", "deleting"] },
          { field: "gateway", values: [v.directConnectGatewayId ?? v.virtualGatewayId ?? "none"] },
          { field: "peer", values: v.bgpPeers.map((p) => p.id) },
        ],
      });
      for (const p of v.bgpPeers)
        peers.push({
          type: "bgpPeer",
          id: p.id,
          parentId: v.id,
          ...at,
          fields: [
            { field: "bgpStatus", values: ["up", "down"] },
            { field: "state", values: ["available", "pending", "deleting"] },
          ],
        });
    }
    for (const c of s.connections)
      connections.push({
        type: "connection",
        id: c.id,
        parentId: c.lagId,
        ...at,
        fields: [{ field: "state", values: ["available", "down", "ordering", "pending"] }],
      });
    for (const l of s.lags)
      lags.push({
        type: "lag",
        id: l.id,
        parentId: null,
        ...at,
        fields: [{ field: "state", values: ["available", "down", "pending"] }],
      });
    for (const g of s.directConnectGateways)
      gateways.push({
        type: "directConnectGateway",
        id: g.id,
        parentId: null,
        ...at,
        fields: [
          { field: "association", values: ["vgw-0a1b2c3d", "tgw-0a1b2c3d4e5f"] },
          { field: "state", values: ["available", "pending"] },
        ],
      });
    for (const a of s.directConnectGatewayAssociations)
      associations.push({
        type: "association",
        id: a.id,
        parentId: a.directConnectGatewayId,
        ...at,
        fields: [{ field: "state", values: ["associated", "associating", "updating"] }],
      });
  }
  return { peers, vifs, connections, lags, gateways, associations };
}

/**
 * EVENTS − `already` events over the 90 days before the simulated day, oldest first (ids grow with
 * time, as the collector writes them). Most are BGP sessions going down and up, and most of those on
 * a few sessions that flap again and again; then interfaces' and connections' states, the rest rare.
 */
async function fill(db: StoreHandle["db"], slices: Slice[], already: number, end: number) {
  const all = subjectsOf(slices);
  const random = seededRandom(hashOf("history-fill"));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random.next() * list.length)]!;
  const flappy = all.peers.slice(0, Math.max(1, Math.round(all.peers.length * 0.05)));
  const mix: [number, () => Subject][] = [
    [0.4, () => pick(flappy)],
    [0.2, () => pick(all.peers)],
    [0.2, () => pick(all.vifs)],
    [0.1, () => pick(all.connections)],
    [0.03, () => pick(all.lags.length ? all.lags : all.connections)],
    [0.04, () => pick(all.gateways.length ? all.gateways : all.vifs)],
    [0.03, () => pick(all.associations.length ? all.associations : all.vifs)],
  ];
  const count = EVENTS - already;
  // Within the 90 days kept: the maintenance (prune) deletes none of them.
  const first = end - 90 * DAY_MS + 3_600_000;
  const gap = (89 * DAY_MS - 3_600_000) / count;
  let t = first;
  let batch: NewEvent[] = [];
  const last = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    t += -Math.log(1 - random.next()) * gap;
    let r = random.next();
    let subject = mix[mix.length - 1]![1];
    for (const [share, f] of mix) {
      if (r < share) {
        subject = f;
        break;
      }
      r -= share;
    }
    const s = subject();
    // Mostly each resource's first field (a session's status, a resource's state), the rest rare.
    const rare = s.fields.length > 1 && random.next() >= 0.85;
    const { field, values } =
      s.fields[rare ? 1 + Math.floor(random.next() * (s.fields.length - 1)) : 0]!;
    const key = `${s.id}/${field}`;
    const from = last.get(key) ?? null;
    let to = pick(values);
    if (to === from && values.length > 1) to = values.find((v) => v !== from)!;
    last.set(key, to);
    batch.push({
      time: new Date(Math.min(t, end - DAY_MS - 1)).toISOString(),
      account: s.account,
      region: s.region,
      resourceType: s.type,
      resourceId: s.id,
      parentId: s.parentId,
      field,
      from,
      to,
    });
    if (batch.length === 10_000) {
      await insertEvents(db, batch);
      batch = [];
    }
  }
  if (batch.length) await insertEvents(db, batch);
  return { ...all, flappy };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await run();
  return performance.now() - t;
}

/** The figures of PGlite, and of the PostgreSQL server when one is given: one store after the other. */
export async function measureStores(slices: Slice[], server?: string): Promise<StoreResult[]> {
  // Not at once: PGlite runs in this process's thread, and while it works the server's client here
  // waits for its turns, so the two together take as long and each figure is less clear.
  const names: StoreName[] = server ? ["PGlite", "PostgreSQL"] : ["PGlite"];
  const results: StoreResult[] = [];
  for (const name of names) {
    const store = await prepareStore(name, slices, server);
    try {
      results.push(await store.measure());
    } finally {
      await store.cleanUp();
    }
  }
  return results;
}

/** One store: the day of flaps, its size, the fill; then `measure` times the queries. */
async function prepareStore(store: StoreName, slices: Slice[], server?: string) {
  const opened = store === "PGlite" ? await openPglite() : await openPostgres(server!);
  const { db } = opened.handle;
  try {
    const holder = "bench";
    const keys = slices.map((s) => scopeKey(s.account, s.region));
    // Held for the whole run: the day is simulated, the lease's clock is the database's.
    await acquireLeases(db, holder, keys, 6 * 3_600_000);
    const end = Date.now();
    const state = new Map<string, { slice: Slice; version: number }>();
    for (const s of slices) {
      const at = { ...s, readAt: new Date(end - DAY_MS).toISOString() };
      const version = await saveSlice(db, holder, undefined, at, 0, []);
      if (version === undefined)
        throw new Error(`saveSlice refused ${scopeKey(s.account, s.region)}`);
      state.set(scopeKey(s.account, s.region), { slice: at, version });
    }
    const resources = slices.reduce(
      (n, s) =>
        n +
        s.connections.length +
        s.lags.length +
        s.virtualInterfaces.length +
        s.virtualGateways.length +
        s.locations.length +
        s.directConnectGateways.length +
        s.directConnectGatewayAssociations.length,
      0,
    );
    // The sessions, once each (an interface allocated to another configured account is in both
    // accounts' slices); those that are up flap, FLAP_SHARE of all of them each hour.
    const sessionsById = new Map<string, Session>();
    const allSessions = new Set<string>();
    for (const sl of slices)
      for (const v of sl.virtualInterfaces)
        for (const p of v.bgpPeers) {
          allSessions.add(p.id);
          if (p.bgpStatus !== "up") continue;
          const seen = sessionsById.get(p.id);
          if (seen) seen.scopes.push(scopeKey(sl.account, sl.region));
          else
            sessionsById.set(p.id, {
              scopes: [scopeKey(sl.account, sl.region)],
              vifId: v.id,
              peerId: p.id,
            });
        }
    const sessions = [...sessionsById.values()];
    const accounts = new Set(slices.map((sl) => sl.account));
    const perHour = Math.round(allSessions.size * FLAP_SHARE);
    log(`history (${store}): a day of flaps, ${perHour} of ${allSessions.size} sessions an hour…`);
    const changes = dayOfFlaps(sessions, perHour, end, "history-day");
    const dayStarted = performance.now();
    let dayEvents = 0;
    // As the collector records a change: in every scope that read it, each compared with its last
    // stored slice, the event written by the interface's owner only; the accounts' passes in parallel.
    const record = async (scope: string, c: Change) => {
      const held = state.get(scope)!;
      const prev = held.slice;
      const time = new Date(c.at).toISOString();
      const vifs = prev.virtualInterfaces.map((v): DxVirtualInterface =>
        v.id === c.vifId
          ? {
              ...v,
              bgpPeers: v.bgpPeers.map((p) =>
                p.id === c.peerId ? { ...p, bgpStatus: c.status } : p,
              ),
            }
          : v,
      );
      const next: Slice = { ...prev, readAt: time, virtualInterfaces: vifs };
      const events = diffSlices(prev, next, time, {
        records: (vif) =>
          !(vif.ownerAlias && vif.ownerAlias !== prev.account && accounts.has(vif.ownerAlias)),
      });
      const version = await saveSlice(db, holder, prev, next, held.version, events);
      if (version === undefined) throw new Error(`saveSlice refused ${scope}`);
      state.set(scope, { slice: next, version });
      dayEvents += events.length;
    };
    const byAccount = new Map<string, [string, Change][]>();
    for (const c of changes)
      for (const scope of c.scopes) {
        const account = scope.split("/")[0]!;
        const list = byAccount.get(account) ?? [];
        list.push([scope, c]);
        byAccount.set(account, list);
      }
    await Promise.all(
      [...byAccount.values()].map(async (list) => {
        for (const [scope, c] of list) await record(scope, c);
      }),
    );
    const daySeconds = (performance.now() - dayStarted) / 1000;
    // The collector's hourly maintenance (it vacuums and analyzes; PGlite has no autovacuum).
    await prune(db, 90);
    const dayBytes = await opened.size();
    const dayDiskBytes = opened.diskBytes();

    log(`history (${store}): ${dayEvents} events; bringing the table to ${EVENTS} events…`);
    const fillStarted = performance.now();
    const subjects = await fill(db, slices, dayEvents, end);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    await prune(db, 90);
    const fullBytes = await opened.size();
    const fullDiskBytes = opened.diskBytes();
    const { rows: counted } = await sql<{
      n: string;
      lo: string;
      hi: string;
    }>`select count(*) as n, min(id) as lo, max(id) as hi from events`.execute(db);
    const events = Number(counted[0]!.n);
    const lo = Number(counted[0]!.lo);
    const hi = Number(counted[0]!.hi);

    const measure = async (): Promise<StoreResult> => {
      log(`history (${store}): the events queries, ${RUNS} runs each…`);
      const random = seededRandom(hashOf(`history-queries/${store}`));
      const pick = <T>(list: readonly T[]) => list[Math.floor(random.next() * list.length)]!;
      const typeFields: [ResourceType, EventField][] = [
        ["bgpPeer", "bgpStatus"],
        ["virtualInterface", "state"],
        ["connection", "state"],
        ["virtualInterface", "peer"],
        ["directConnectGateway", "association"],
      ];
      const page = (filter: () => Omit<EventFilter, "limit">) => () =>
        queryEvents(db, { ...filter(), limit: 100 });
      const cases: [string, () => Promise<unknown>][] = [
        ["newest page (limit 100)", page(() => ({}))],
        ["a BGP session's events", page(() => ({ resourceIds: [pick(subjects.flappy).id] }))],
        [
          "an interface's peers' events (parentId)",
          page(() => ({ parentIds: [pick(subjects.vifs).id] })),
        ],
        [
          "an interface's and its peers' events",
          page(() => {
            const id = pick(subjects.vifs).id;
            return { resourceIds: [id], parentIds: [id] };
          }),
        ],
        ["one account", page(() => ({ accounts: [pick([...accounts])] }))],
        [
          "resourceType + field",
          page(() => {
            const [type, field] = pick(typeFields);
            return { resourceTypes: [type], fields: [field] };
          }),
        ],
        [
          "since/until: one day, 2-89 days ago",
          page(() => {
            const until = end - Math.floor(2 + random.next() * 87) * DAY_MS;
            return { since: new Date(until - DAY_MS), until: new Date(until) };
          }),
        ],
        [
          "a deep page (cursor)",
          page(() => ({
            before: String(Math.floor(lo + (hi - lo) * (0.1 + random.next() * 0.8))),
          })),
        ],
        [
          "flapping sessions, last 24 h",
          () => flappingSessions(db, { since: new Date(Date.now() - DAY_MS), min: 3, limit: 200 }),
        ],
      ];
      const queries: StoreResult["queries"] = [];
      for (const [name, run] of cases) {
        for (let i = 0; i < WARM_UP; i++) await run();
        const ms: number[] = [];
        for (let i = 0; i < RUNS; i++) ms.push(await timed(run));
        queries.push({
          name,
          p50: percentile(ms, 50),
          p95: percentile(ms, 95),
          max: Math.max(...ms),
        });
      }
      return {
        store,
        resources,
        sessions: allSessions.size,
        changes: changes.length,
        saves: [...byAccount.values()].reduce((n, l) => n + l.length, 0),
        dayEvents,
        daySeconds,
        dayBytes,
        dayDiskBytes,
        events,
        fillSeconds,
        fullBytes,
        fullDiskBytes,
        queries,
      };
    };
    return { measure, cleanUp: opened.cleanUp };
  } catch (error) {
    await opened.cleanUp();
    throw error;
  }
}
