import { sql, type Kysely, type Migration } from "kysely";

// The store's schema, one versioned migration after another, run at start by Kysely's Migrator
// (lib/history/db.ts) under PostgreSQL's advisory lock, so replicas starting together run each once.
// A migration is never edited once released: a change to the schema is a new entry at the end.

export const MIGRATIONS: Record<string, Migration> = {
  "0001_history": {
    async up(db: Kysely<unknown>) {
      // The collector's last snapshot of each scope (an account and region, or an account's global
      // resources): its version, read time and read errors; its resources are the rows below.
      await db.schema
        .createTable("scopes")
        .addColumn("scope", "text", (c) => c.primaryKey())
        .addColumn("account", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("version", "bigint", (c) => c.notNull())
        .addColumn("read_at", "timestamptz", (c) => c.notNull())
        .addColumn("errors", "text", (c) => c.notNull())
        .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      // One row per resource of a scope's snapshot: its DTO as JSON (DTOs hold no secret) in the
      // order AWS listed it (the map's layout follows that order).
      await db.schema
        .createTable("resources")
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("ord", "integer", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("resources_pkey", ["scope", "kind", "id"])
        .execute();
      await db.schema
        .createTable("events")
        .addColumn("id", "bigserial", (c) => c.primaryKey())
        .addColumn("time", "timestamptz", (c) => c.notNull())
        .addColumn("account", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("resource_type", "text", (c) => c.notNull())
        .addColumn("resource_id", "text", (c) => c.notNull())
        .addColumn("parent_id", "text")
        .addColumn("field", "text", (c) => c.notNull())
        .addColumn("from_value", "text")
        .addColumn("to_value", "text")
        .execute();
      // Newest first by id, within each filter the feed and the timelines use.
      await db.schema.createIndex("events_time").on("events").column("time").execute();
      await db.schema
        .createIndex("events_resource")
        .on("events")
        .columns(["resource_id", "id"])
        .execute();
      await db.schema
        .createIndex("events_parent")
        .on("events")
        .columns(["parent_id", "id"])
        .where(sql.ref("parent_id"), "is not", null)
        .execute();
      await db.schema
        .createIndex("events_account")
        .on("events")
        .columns(["account", "id"])
        .execute();
      await db.schema
        .createIndex("events_type")
        .on("events")
        .columns(["resource_type", "id"])
        .execute();
      // The audit log's records (intent and outcome), as the file has them.
      await db.schema
        .createTable("audit")
        .addColumn("id", "bigserial", (c) => c.primaryKey())
        .addColumn("request_id", "text", (c) => c.notNull())
        .addColumn("phase", "text", (c) => c.notNull())
        .addColumn("time", "timestamptz", (c) => c.notNull())
        .addColumn("user_name", "text", (c) => c.notNull())
        .addColumn("route", "text", (c) => c.notNull())
        .addColumn("account", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("operation", "text", (c) => c.notNull())
        .addColumn("target_id", "text", (c) => c.notNull())
        .addColumn("parameters", "text", (c) => c.notNull())
        .addColumn("outcome", "text")
        .addColumn("error_code", "text")
        .addColumn("aws_request_id", "text")
        .execute();
      await db.schema
        .createIndex("audit_target")
        .on("audit")
        .columns(["target_id", "id"])
        .execute();
      await db.schema.createIndex("audit_request").on("audit").column("request_id").execute();
      await db.schema.createIndex("audit_time").on("audit").column("time").execute();
      // Which replica collects each scope, until when; and when someone asked for it at once.
      await db.schema
        .createTable("leases")
        .addColumn("scope", "text", (c) => c.primaryKey())
        .addColumn("holder", "text", (c) => c.notNull())
        .addColumn("expires_at", "timestamptz", (c) => c.notNull())
        .addColumn("requested_at", "timestamptz")
        .execute();
    },
  },
  "0002_events_type_field": {
    async up(db: Kysely<unknown>) {
      // The feed's type and field filter together, newest first: with the type's index alone, a
      // rare pair (an interface's peers added or removed) read every event of the type to find a page.
      await db.schema
        .createIndex("events_type_field")
        .on("events")
        .columns(["resource_type", "field", "id"])
        .execute();
    },
  },
};
