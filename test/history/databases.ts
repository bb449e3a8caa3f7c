/**
 * The stores the history tests run on: PGlite (in memory) always, and a PostgreSQL server when
 * TEST_DATABASE_URL names one (`eval "$(bash scripts/test-postgres.sh)"`; .ci/run does it). On the
 * server each store is a database of its own, made for the test and dropped after it, so test files
 * running at once never meet.
 */
import { randomUUID } from "node:crypto";

import { sql } from "kysely";
import pg from "pg";

import { openStore, type StoreHandle } from "@/lib/history/db";

export interface StoreUnderTest {
  name: "PGlite" | "PostgreSQL";
  /** A new, empty store (its schema migrated), and its address for a second connection. */
  open(): Promise<StoreHandle & { url?: string }>;
  /** Closes the store and drops what open() made: after the file's last test. */
  cleanUp(): Promise<void>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export const WHY_NO_SERVER =
  'TEST_DATABASE_URL is not set: run eval "$(bash scripts/test-postgres.sh)" first (.ci/run does)';

/** A fresh database on the test server; its address. */
export async function freshDatabase(made: string[]): Promise<string> {
  const name = `dxmap_t_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  made.push(name);
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabases(made: string[]): Promise<void> {
  if (made.length === 0) return;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    for (const name of made.splice(0))
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * One store of each kind per test file, opened on first use (PGlite takes seconds to start) and
 * emptied by `open()` for each test.
 */
export function storesUnderTest(): StoreUnderTest[] {
  const made: string[] = [];
  const reuse = (make: () => Promise<StoreHandle & { url?: string }>) => {
    let handle: Promise<StoreHandle & { url?: string }> | undefined;
    return {
      async open() {
        handle ??= make();
        const h = await handle;
        await sql`truncate scopes, resources, events, audit, leases restart identity`.execute(h.db);
        return h;
      },
      async close() {
        const h = await handle?.catch(() => undefined);
        handle = undefined;
        await h?.close();
      },
    };
  };
  const lite = reuse(() => openStore({ dir: "memory://" }));
  const stores: StoreUnderTest[] = [{ name: "PGlite", open: lite.open, cleanUp: lite.close }];
  if (TEST_DATABASE_URL) {
    const server = reuse(async () => {
      const url = await freshDatabase(made);
      return { ...(await openStore({ url, dir: "" })), url };
    });
    stores.push({
      name: "PostgreSQL",
      open: server.open,
      async cleanUp() {
        await server.close();
        await dropDatabases(made);
      },
    });
  }
  return stores;
}
