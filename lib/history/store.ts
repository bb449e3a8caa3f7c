import { sql, type Kysely, type Selectable, type Transaction } from "kysely";

import type {
  DxAuditEntry,
  DxEvent,
  DxEventsPage,
  DxFlappingSession,
  EventField,
  ResourceType,
} from "@/lib/dx/history";

import type { AuditRecord } from "@/lib/server/audit";

import type { Database } from "./db";
import { itemId, LIST_KINDS, scopeKey, type ListKind, type NewEvent, type Slice } from "./slices";

// Every query of the history store, the same SQL on PGlite and on a PostgreSQL server.

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredSlice {
  slice: Slice;
  version: number;
}

/** Every scope's version: a replica that does not collect a scope reloads it when this moves. */
export async function scopeVersions(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom("scopes").select(["scope", "version"]).execute();
  return new Map(rows.map((r) => [r.scope, Number(r.version)]));
}

/** A scope's stored slice, its resources in the order they were read. */
export async function loadSlice(db: Db, scope: string): Promise<StoredSlice | undefined> {
  const head = await db
    .selectFrom("scopes")
    .selectAll()
    .where("scope", "=", scope)
    .executeTakeFirst();
  if (!head) return undefined;
  const rows = await db
    .selectFrom("resources")
    .select(["kind", "data"])
    .where("scope", "=", scope)
    .orderBy("kind")
    .orderBy("ord")
    .execute();
  const lists = Object.fromEntries(LIST_KINDS.map((k) => [k, [] as unknown[]])) as Record<
    ListKind,
    unknown[]
  >;
  for (const row of rows) lists[row.kind as ListKind]?.push(JSON.parse(row.data));
  return {
    version: Number(head.version),
    slice: {
      ...(lists as unknown as Omit<Slice, "account" | "region" | "readAt" | "errors">),
      account: head.account,
      region: head.region,
      readAt: new Date(head.read_at).toISOString(),
      errors: JSON.parse(head.errors) as Slice["errors"],
    },
  };
}

/**
 * Writes a scope's new slice and its events in one transaction, if `holder` still holds the scope's
 * lease and the stored version is still `expected` (nothing else wrote it since it was read): so two
 * replicas never both record a change. Only the rows of resources that changed are written. Returns
 * the new version, or undefined when the write was refused.
 */
export async function saveSlice(
  db: Kysely<Database>,
  holder: string,
  previous: Slice | undefined,
  next: Slice,
  expected: number,
  events: NewEvent[],
): Promise<number | undefined> {
  const scope = scopeKey(next.account, next.region);
  return db.transaction().execute(async (trx) => {
    const lease = await trx
      .selectFrom("leases")
      .select("holder")
      .where("scope", "=", scope)
      .where("holder", "=", holder)
      .where("expires_at", ">", sql<Date>`now()`)
      .forUpdate()
      .executeTakeFirst();
    if (!lease) return undefined;
    const version = expected + 1;
    if (expected === 0) {
      const inserted = await trx
        .insertInto("scopes")
        .values({
          scope,
          account: next.account,
          region: next.region,
          version,
          read_at: next.readAt,
          errors: JSON.stringify(next.errors),
        })
        .onConflict((oc) => oc.column("scope").doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return undefined;
    } else {
      const updated = await trx
        .updateTable("scopes")
        .set({
          version,
          read_at: next.readAt,
          errors: JSON.stringify(next.errors),
          updated_at: sql<Date>`now()`,
        })
        .where("scope", "=", scope)
        .where("version", "=", String(expected))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return undefined;
    }
    for (const kind of LIST_KINDS) {
      const before = (previous?.[kind] ?? []) as unknown[];
      const now = next[kind] as unknown[];
      if (before === now) continue;
      const old = new Map(before.map((item, i) => [itemId(kind, item), { item, i }]));
      const rows = now.flatMap((item, ord) => {
        const id = itemId(kind, item);
        const was = old.get(id);
        old.delete(id);
        return was && was.item === item && was.i === ord
          ? []
          : [{ scope, kind, id, ord, data: JSON.stringify(item) }];
      });
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto("resources")
          .values(rows.slice(i, i + 500))
          .onConflict((oc) =>
            oc.columns(["scope", "kind", "id"]).doUpdateSet((eb) => ({
              ord: eb.ref("excluded.ord"),
              data: eb.ref("excluded.data"),
            })),
          )
          .execute();
      const gone = [...old.keys()];
      for (let i = 0; i < gone.length; i += 500)
        await trx
          .deleteFrom("resources")
          .where("scope", "=", scope)
          .where("kind", "=", kind)
          .where("id", "in", gone.slice(i, i + 500))
          .execute();
    }
    for (let i = 0; i < events.length; i += 500)
      await trx
        .insertInto("events")
        .values(events.slice(i, i + 500).map(eventRow))
        .execute();
    return version;
  });
}

/** A read that found a scope's resources as stored: only its time and read errors are new. */
export interface UnchangedRead {
  scope: string;
  /** The version the holder last stored or loaded. */
  expected: number;
  readAt: string;
  errors: Slice["errors"];
}

/**
 * Records reads that found their scopes' resources as stored (most of a pass), in one statement for
 * them all instead of saveSlice's transaction each: each scope's version moves on, so that replicas
 * take its new read time, on saveSlice's terms (the holder still holds its lease, and the stored
 * version is still the one it read). Nothing else is written, and no event. Returns the scopes
 * written; one missing was refused, as saveSlice refuses.
 */
export async function saveUnchanged(
  db: Kysely<Database>,
  holder: string,
  reads: readonly UnchangedRead[],
): Promise<Set<string>> {
  if (reads.length === 0) return new Set();
  const values = sql.join(
    reads.map(
      (r) =>
        sql`(${r.scope}::text, ${String(r.expected)}::bigint, ${r.readAt}::timestamptz, ${JSON.stringify(r.errors)}::text)`,
    ),
  );
  const { rows } = await sql<{ scope: string }>`
    UPDATE scopes AS s
    SET version = s.version + 1, read_at = v.read_at, errors = v.errors, updated_at = now()
    FROM (VALUES ${values}) AS v (scope, expected, read_at, errors)
    WHERE s.scope = v.scope
      AND s.version = v.expected
      AND EXISTS (
        SELECT 1 FROM leases AS l
        WHERE l.scope = s.scope AND l.holder = ${holder} AND l.expires_at > now()
      )
    RETURNING s.scope`.execute(db);
  return new Set(rows.map((r) => r.scope));
}

function eventRow(e: NewEvent) {
  return {
    time: e.time,
    account: e.account,
    region: e.region,
    resource_type: e.resourceType,
    resource_id: e.resourceId,
    parent_id: e.parentId,
    field: e.field,
    from_value: e.from,
    to_value: e.to,
  };
}

/** Events as they are (the bench's simulated churn writes them directly). */
export async function insertEvents(db: Db, events: NewEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000)
    await db
      .insertInto("events")
      .values(events.slice(i, i + 1000).map(eventRow))
      .execute();
}

// Leases ---------------------------------------------------------------------------------------

/**
 * Takes or renews the lease of each scope for `ttlMs`: a scope nobody holds, one whose lease ran out,
 * or one `holder` already holds. Returns the scopes held afterwards, with when someone last asked
 * for each to be read at once. The database's clock decides, never the replicas'.
 */
export async function acquireLeases(
  db: Db,
  holder: string,
  scopes: readonly string[],
  ttlMs: number,
): Promise<Map<string, number>> {
  if (scopes.length === 0) return new Map();
  const rows = await db
    .insertInto("leases")
    .values(
      scopes.map((scope) => ({
        scope,
        holder,
        expires_at: sql<Date>`now() + ${`${ttlMs} milliseconds`}::interval`,
      })),
    )
    .onConflict((oc) =>
      oc
        .column("scope")
        .doUpdateSet({
          holder,
          expires_at: sql<Date>`now() + ${`${ttlMs} milliseconds`}::interval`,
        })
        .where((eb) =>
          eb.or([
            eb("leases.holder", "=", holder),
            eb("leases.expires_at", "<=", sql<Date>`now()`),
          ]),
        ),
    )
    .returning(["scope", "requested_at"])
    .execute();
  return new Map(
    rows.map((r) => [r.scope, r.requested_at ? new Date(r.requested_at).getTime() : 0]),
  );
}

/** Gives the scopes' leases up (a replica stopping): another replica takes them at once. */
export async function releaseLeases(db: Db, holder: string): Promise<void> {
  await db.deleteFrom("leases").where("holder", "=", holder).execute();
}

/** Asks whoever collects these scopes to read them at once. */
export async function requestCollection(db: Db, scopes: readonly string[]): Promise<void> {
  if (scopes.length === 0) return;
  await db
    .updateTable("leases")
    .set({ requested_at: sql<Date>`now()` })
    .where("scope", "in", scopes)
    .execute();
}

// Events ---------------------------------------------------------------------------------------

export interface EventFilter {
  resourceIds?: string[];
  parentIds?: string[];
  accounts?: string[];
  regions?: string[];
  resourceTypes?: ResourceType[];
  fields?: EventField[];
  since?: Date;
  until?: Date;
  /** The id of the last event of the previous page: older ones follow. */
  before?: string;
  limit: number;
}

function toEvent(r: Database["events"] & { id: string; time: Date }): DxEvent {
  return {
    id: String(r.id),
    time: new Date(r.time).toISOString(),
    account: r.account,
    region: r.region,
    resourceType: r.resource_type as ResourceType,
    resourceId: r.resource_id,
    parentId: r.parent_id,
    field: r.field as EventField,
    from: r.from_value,
    to: r.to_value,
  };
}

/**
 * A window of time that ends in the past (`until`) and holds fewer events than this is read whole
 * and sorted by id; a larger one is read newest id first, as the rest are.
 */
const SORTED_WINDOW_MAX = 20_000;

type EventsQuery = ReturnType<typeof eventsFrom>;

function eventsFrom(db: Db) {
  return db.selectFrom("events").selectAll();
}

/** Every filter but the resource and parent ids. */
function filtered(q: EventsQuery, filter: EventFilter): EventsQuery {
  if (filter.accounts?.length) q = q.where("account", "in", filter.accounts);
  if (filter.regions?.length) q = q.where("region", "in", filter.regions);
  if (filter.resourceTypes?.length) q = q.where("resource_type", "in", filter.resourceTypes);
  if (filter.fields?.length) q = q.where("field", "in", filter.fields);
  if (filter.since) q = q.where("time", ">=", filter.since);
  if (filter.until) q = q.where("time", "<", filter.until);
  if (filter.before) q = q.where("id", "<", filter.before);
  return q;
}

/** Whether the window from `since` to `until` holds fewer than SORTED_WINDOW_MAX events. */
async function smallWindow(db: Db, filter: EventFilter): Promise<boolean> {
  let w = db.selectFrom("events").select(sql<number>`1`.as("one"));
  if (filter.since) w = w.where("time", ">=", filter.since);
  if (filter.until) w = w.where("time", "<", filter.until);
  const row = await db
    .selectFrom(w.limit(SORTED_WINDOW_MAX).as("w"))
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n) < SORTED_WINDOW_MAX;
}

/** A page of events, newest first: keyset paging on the id, so a deep page costs what the first does. */
export async function queryEvents(db: Db, filter: EventFilter): Promise<DxEventsPage> {
  const { resourceIds, parentIds } = filter;
  const limit = filter.limit + 1;
  let rows: Selectable<Database["events"]>[];
  if (resourceIds?.length && parentIds?.length) {
    // An interface's own events or its peers': each side read newest first from its own index, at
    // most a page of each, then merged. As one OR, PostgreSQL reads every event of both and sorts
    // them, or walks the whole table newest first.
    const side = (q: EventsQuery) =>
      db.selectFrom(filtered(q, filter).orderBy("id", "desc").limit(limit).as("side")).selectAll();
    rows = await db
      .selectFrom(
        side(eventsFrom(db).where("resource_id", "in", resourceIds))
          .union(side(eventsFrom(db).where("parent_id", "in", parentIds)))
          .as("either"),
      )
      .selectAll()
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
  } else {
    let q = eventsFrom(db);
    if (resourceIds?.length) q = q.where("resource_id", "in", resourceIds);
    else if (parentIds?.length) q = q.where("parent_id", "in", parentIds);
    q = filtered(q, filter);
    if (filter.until && (await smallWindow(db, filter))) {
      // A window in the past, newest id first, would walk every later event before reaching it
      // (the planner expects the window's events spread over the ids, but they are one run of
      // them): its events are read from the time index and sorted instead. OFFSET 0 keeps
      // PostgreSQL from merging the two queries back into that walk.
      rows = await db
        .selectFrom(q.offset(0).as("window"))
        .selectAll()
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
    } else rows = await q.orderBy("id", "desc").limit(limit).execute();
  }
  const events = rows.slice(0, filter.limit).map((r) => toEvent(r as never));
  return {
    events,
    nextCursor: rows.length > filter.limit ? events[events.length - 1]!.id : null,
  };
}

/** BGP sessions whose status changed at least `min` times since `since`, most changes first. */
export async function flappingSessions(
  db: Db,
  options: { since: Date; min: number; accounts?: string[]; regions?: string[]; limit: number },
): Promise<DxFlappingSession[]> {
  let q = db
    .selectFrom("events")
    .select((eb) => [
      "resource_id",
      "parent_id",
      "account",
      "region",
      eb.fn.countAll<string>().as("changes"),
      eb.fn.max("time").as("last_time"),
    ])
    .where("field", "=", "bgpStatus")
    .where("time", ">=", options.since);
  if (options.accounts?.length) q = q.where("account", "in", options.accounts);
  if (options.regions?.length) q = q.where("region", "in", options.regions);
  const rows = await q
    .groupBy(["resource_id", "parent_id", "account", "region"])
    .having((eb) => eb.fn.countAll(), ">=", options.min)
    .orderBy("changes", "desc")
    .orderBy("last_time", "desc")
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    resourceId: r.resource_id,
    parentId: r.parent_id,
    account: r.account,
    region: r.region,
    changes: Number(r.changes),
    lastTime: new Date(r.last_time as Date).toISOString(),
  }));
}

// Audit ----------------------------------------------------------------------------------------

/** An audit record as the log file has it, its (already redacted) parameters as JSON. */
export type AuditRow = Omit<AuditRecord, "parameters"> & { parameters: string };

export async function insertAudit(db: Db, r: AuditRow): Promise<void> {
  await db
    .insertInto("audit")
    .values({
      request_id: r.requestId,
      phase: r.phase,
      time: r.time,
      user_name: r.user,
      route: r.route,
      account: r.account,
      region: r.region,
      operation: r.operation,
      target_id: r.targetId,
      parameters: r.parameters,
      outcome: r.outcome ?? null,
      error_code: r.errorCode ?? null,
      aws_request_id: r.awsRequestId ?? null,
    })
    .execute();
}

/**
 * The changes people asked for, newest first, each as one entry (its intent and its outcome joined
 * by request id), for the targets named or all.
 */
export async function queryAudit(
  db: Db,
  options: { targetIds?: string[]; since?: Date; limit: number },
): Promise<DxAuditEntry[]> {
  let q = db.selectFrom("audit").selectAll();
  if (options.targetIds?.length) q = q.where("target_id", "in", options.targetIds);
  if (options.since) q = q.where("time", ">=", options.since);
  // Two records per change at most: twice the limit covers `limit` changes.
  const rows = await q
    .orderBy("id", "desc")
    .limit(options.limit * 2)
    .execute();
  const entries = new Map<string, DxAuditEntry>();
  for (const r of [...rows].reverse()) {
    const seen = entries.get(r.request_id);
    const entry: DxAuditEntry = seen ?? {
      requestId: r.request_id,
      time: new Date(r.time).toISOString(),
      user: r.user_name,
      route: r.route,
      account: r.account,
      region: r.region,
      operation: r.operation,
      targetId: r.target_id,
      outcome: null,
      errorCode: null,
      awsRequestId: null,
    };
    if (r.phase === "outcome") {
      entry.outcome = r.outcome === "success" || r.outcome === "failure" ? r.outcome : null;
      entry.errorCode = r.error_code;
      entry.awsRequestId = r.aws_request_id;
    }
    entries.set(r.request_id, entry);
  }
  return [...entries.values()].reverse().slice(0, options.limit);
}

// Retention ------------------------------------------------------------------------------------

/**
 * Deletes events and audit records older than `days`, in batches, then vacuums and analyzes both
 * tables; returns how many went. PGlite runs no autovacuum: without this, the space of what was
 * deleted is never reused, and the planner has no statistics and guesses (reading a whole type's
 * events to sort them, or the whole table for a window).
 */
export async function prune(db: Kysely<Database>, days: number): Promise<number> {
  const cutoff = sql<Date>`now() - ${`${days} days`}::interval`;
  let total = 0;
  for (const table of ["events", "audit"] as const) {
    for (;;) {
      const result = await db
        .deleteFrom(table)
        .where("id", "in", db.selectFrom(table).select("id").where("time", "<", cutoff).limit(5000))
        .executeTakeFirst();
      const n = Number(result.numDeletedRows);
      total += n;
      if (n < 5000) break;
    }
  }
  await sql`vacuum analyze events, audit`.execute(db);
  return total;
}
