import { mkdir } from "node:fs/promises";

import { PGlite } from "@electric-sql/pglite";
import { Kysely, Migrator, PostgresDialect, type ColumnType, type Generated } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";

import { MIGRATIONS } from "./migrations";

// The history store: PostgreSQL, through Kysely. Kysely is a typed SQL query builder (not an ORM)
// whose PostgreSQL dialect drives both stores with the same queries: a PostgreSQL server through
// node-postgres (DATABASE_URL), or PGlite — PostgreSQL compiled to WebAssembly, running in this
// process over files under .data/ — through kysely-pglite-dialect, which hands Kysely's compiled SQL
// to PGlite as it is. Its Migrator runs the versioned migrations (./migrations.ts) at start.
// Drizzle would do too; Kysely was chosen because the queries here are plain SQL (keyset paging,
// ON CONFLICT upserts, a lease's conditional update) that it spells one to one, with no schema DSL
// or generated migration files to keep beside them.

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface Database {
  scopes: {
    scope: string;
    account: string;
    region: string;
    version: ColumnType<string, string | number, string | number>;
    read_at: Timestamp;
    errors: string;
    updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
  resources: { scope: string; kind: string; id: string; ord: number; data: string };
  events: {
    id: Generated<string>;
    time: Timestamp;
    account: string;
    region: string;
    resource_type: string;
    resource_id: string;
    parent_id: string | null;
    field: string;
    from_value: string | null;
    to_value: string | null;
  };
  audit: {
    id: Generated<string>;
    request_id: string;
    phase: string;
    time: Timestamp;
    user_name: string;
    route: string;
    account: string;
    region: string;
    operation: string;
    target_id: string;
    parameters: string;
    outcome: string | null;
    error_code: string | null;
    aws_request_id: string | null;
  };
  leases: {
    scope: string;
    holder: string;
    expires_at: Timestamp;
    requested_at: Timestamp | null;
  };
}

export type StoreKind = "pglite" | "postgres";

export interface StoreHandle {
  db: Kysely<Database>;
  kind: StoreKind;
  /** Where it is: the PGlite directory, or the server's address without its password. */
  location: string;
  close(): Promise<void>;
}

/** "postgres://user:…@host:5432/db": the address with any password hidden, for logs. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "…";
    return u.toString();
  } catch {
    return "(an unreadable DATABASE_URL)";
  }
}

/** PGlite's buffer cache. */
export const PGLITE_SHARED_BUFFERS = "16MB";

/**
 * Opens the store and brings its schema up to date: a PostgreSQL server when `url` is given, else
 * PGlite in `dir` (created if missing; "memory://" keeps it in memory, for tests).
 */
export async function openStore(options: { url?: string; dir: string }): Promise<StoreHandle> {
  let handle: StoreHandle;
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    // An idle client's error (the server restarted) must not end the process; the next query reconnects.
    pool.on("error", (error) => console.warn(`[dxmap] history store: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    handle = { db, kind: "postgres", location: safeUrl(options.url), close: () => db.destroy() };
  } else {
    if (!options.dir.startsWith("memory://")) await mkdir(options.dir, { recursive: true });
    const pglite = await PGlite.create(options.dir, {
      // PostgreSQL's default buffer cache (128 MB) lives in PGlite's WebAssembly memory, in the
      // dashboard's process, and a WebAssembly memory never shrinks: at 200 accounts the store
      // filled it in the first pass. The files are on disk, cached by the OS besides. (A start
      // parameter, beside PGlite's own: its postgresqlconf option would replace the whole file.)
      startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    handle = {
      db,
      kind: "pglite",
      location: options.dir,
      close: async () => {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      },
    };
  }
  try {
    await migrate(handle.db);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  return handle;
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    migrationTableName: "dxmap_migrations",
    migrationLockTableName: "dxmap_migrations_lock",
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(
      `The history store's migration ${failed?.migrationName ?? ""} failed: ${reason}`.trim(),
    );
  }
}
