import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";

import { openStore, type StoreHandle } from "@/lib/history/db";
import type { DxEvent } from "@/lib/dx/history";
import type { DxReadError } from "@/lib/dx/types";
import { MIGRATIONS } from "@/lib/history/migrations";
import { slicesOf, type NewEvent, type Slice } from "@/lib/history/slices";
import {
  acquireLeases,
  flappingSessions,
  insertAudit,
  insertEvents,
  loadSlice,
  prune,
  queryAudit,
  queryEvents,
  requestCollection,
  saveSlice,
  saveUnchanged,
  type EventFilter,
} from "@/lib/history/store";
import { connection, peer, topology, vif } from "@/lib/topology/fixtures";

import { storesUnderTest, TEST_DATABASE_URL, WHY_NO_SERVER } from "./databases";

if (!TEST_DATABASE_URL) console.warn(`[store tests] on PGlite only: ${WHY_NO_SERVER}`);
it.skipIf(Boolean(TEST_DATABASE_URL))(
  `on a PostgreSQL server too (skipped: ${WHY_NO_SERVER})`,
  () => {},
);

function slice(vifs = 3): Slice {
  const c = connection(1);
  const t = topology({
    connections: [c],
    virtualInterfaces: Array.from({ length: vifs }, (_, i) =>
      vif(i, c.id, { bgpPeers: [peer(i * 2), peer(i * 2 + 1, { addressFamily: "ipv6" })] }),
    ),
  });
  return slicesOf(t, "network", ["us-east-1"], false)[0]!;
}

const event = (i: number, over: Partial<NewEvent> = {}): NewEvent => ({
  time: new Date(Date.UTC(2026, 11, 6, 9, 0, i)).toISOString(),
  account: i % 2 ? "network" : "workload",
  region: "us-east-1",
  resourceType: "bgpPeer",
  resourceId: `dxpeer-${i % 10}`,
  parentId: `dxvif-${i % 5}`,
  field: "bgpStatus",
  from: i % 2 ? "up" : "down",
  to: i % 2 ? "down" : "up",
  ...over,
});

for (const store of storesUnderTest()) {
  describe(`the history store on ${store.name}`, () => {
    afterAll(() => store.cleanUp());

    it("runs its migrations once: opening it again finds the schema in place", async () => {
      const h = await store.open();
      const again =
        h.kind === "postgres" ? await openStore({ url: (h as { url?: string }).url, dir: "" }) : h;
      const rows = await sql<{ name: string }>`select name from dxmap_migrations`.execute(again.db);
      expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
      if (again !== h) await again.close();
    });

    it("stores a slice and loads it back in the order it was read, only by its lease holder", async () => {
      const { db } = await store.open();
      const s = slice();
      expect(await saveSlice(db, "a", undefined, s, 0, [])).toBeUndefined();
      await acquireLeases(db, "a", ["network/us-east-1"], 10_000);
      expect(await saveSlice(db, "a", undefined, s, 0, [])).toBe(1);
      const loaded = await loadSlice(db, "network/us-east-1");
      expect(loaded?.version).toBe(1);
      expect(loaded?.slice).toEqual(s);

      // A changed slice writes its changed rows; the events go in the same transaction.
      const next: Slice = {
        ...s,
        virtualInterfaces: [s.virtualInterfaces[2]!, { ...s.virtualInterfaces[0]!, state: "down" }],
      };
      expect(await saveSlice(db, "a", s, next, 1, [event(1)])).toBe(2);
      expect((await loadSlice(db, "network/us-east-1"))?.slice).toEqual(next);
      expect((await queryEvents(db, { limit: 10 })).events).toHaveLength(1);

      // A write against a version that is no longer stored is refused, events and all.
      expect(await saveSlice(db, "a", s, next, 1, [event(2)])).toBeUndefined();
      expect((await queryEvents(db, { limit: 10 })).events).toHaveLength(1);
    });

    it("records reads that found nothing new in one statement, on the terms a slice is saved on", async () => {
      const { db } = await store.open();
      const east = slice();
      const west: Slice = { ...slice(), region: "eu-west-1" };
      const scopes = ["network/us-east-1", "network/eu-west-1"];
      await acquireLeases(db, "a", scopes, 10_000);
      expect(await saveSlice(db, "a", undefined, east, 0, [])).toBe(1);
      expect(await saveSlice(db, "a", undefined, west, 0, [])).toBe(1);
      const later = new Date(Date.parse(east.readAt) + 15_000).toISOString();
      const error: DxReadError = {
        account: "network",
        region: "eu-west-1",
        message: "DescribeLags: ThrottlingException: Rate exceeded",
      };
      const read = (scope: string, expected: number, errors: Slice["errors"] = []) => ({
        scope,
        expected,
        readAt: later,
        errors,
      });

      // Both move on a version with the new read time (and read errors); the resources stay.
      expect(
        await saveUnchanged(db, "a", [
          read("network/us-east-1", 1),
          read("network/eu-west-1", 1, [error]),
        ]),
      ).toEqual(new Set(scopes));
      const loaded = await loadSlice(db, "network/eu-west-1");
      expect(loaded?.version).toBe(2);
      expect(loaded?.slice).toEqual({ ...west, readAt: later, errors: [error] });
      expect((await loadSlice(db, "network/us-east-1"))?.slice.readAt).toBe(later);

      // One whose stored version moved since it was read is refused, and the other still written.
      const again = new Date(Date.parse(later) + 15_000).toISOString();
      expect(
        await saveUnchanged(db, "a", [
          { ...read("network/us-east-1", 1), readAt: again },
          { ...read("network/eu-west-1", 2), readAt: again },
        ]),
      ).toEqual(new Set(["network/eu-west-1"]));
      expect(await loadSlice(db, "network/us-east-1")).toMatchObject({
        version: 2,
        slice: { readAt: later },
      });
      // And so is every one by a replica that does not hold the lease.
      expect(await saveUnchanged(db, "b", [read("network/us-east-1", 2)])).toEqual(new Set());
      expect((await loadSlice(db, "network/us-east-1"))?.version).toBe(2);
      expect(await saveUnchanged(db, "a", [])).toEqual(new Set());
      expect((await queryEvents(db, { limit: 10 })).events).toEqual([]);
    });

    it("gives a scope to one holder at a time, and to another once the lease runs out", async () => {
      const { db } = await store.open();
      const scopes = ["network/us-east-1", "network/global"];
      expect([...(await acquireLeases(db, "a", scopes, 300)).keys()].sort()).toEqual(scopes.sort());
      expect((await acquireLeases(db, "b", scopes, 300)).size).toBe(0);
      // Renewing keeps them.
      expect((await acquireLeases(db, "a", scopes, 300)).size).toBe(2);
      await new Promise((r) => setTimeout(r, 400));
      expect((await acquireLeases(db, "b", scopes, 10_000)).size).toBe(2);
      expect((await acquireLeases(db, "a", scopes, 10_000)).size).toBe(0);
      // The old holder's write is refused.
      expect(await saveSlice(db, "a", undefined, slice(), 0, [event(1)])).toBeUndefined();
      expect((await queryEvents(db, { limit: 10 })).events).toEqual([]);
      // A request to read at once reaches the holder with its renewal.
      await requestCollection(db, ["network/global"]);
      const held = await acquireLeases(db, "b", scopes, 10_000);
      expect(held.get("network/global")).toBeGreaterThan(0);
      expect(held.get("network/us-east-1")).toBe(0);
    });

    it("pages events newest first without gaps or repeats, and filters them", async () => {
      const { db } = await store.open();
      await insertEvents(
        db,
        Array.from({ length: 250 }, (_, i) => event(i)),
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryEvents(db, { limit: 100, before: cursor });
        seen.push(...page.events.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(250);
      expect(new Set(seen).size).toBe(250);
      expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));

      const peer3 = await queryEvents(db, { limit: 1000, resourceIds: ["dxpeer-3"] });
      expect(peer3.events).toHaveLength(25);
      expect(peer3.events.every((e) => e.resourceId === "dxpeer-3")).toBe(true);
      const either = await queryEvents(db, {
        limit: 1000,
        resourceIds: ["dxpeer-3"],
        parentIds: ["dxvif-1"],
      });
      expect(
        either.events.every((e) => e.resourceId === "dxpeer-3" || e.parentId === "dxvif-1"),
      ).toBe(true);
      // dxpeer-3's 25 (i % 10 = 3) and dxvif-1's 50 (i % 5 = 1): none is both.
      expect(either.events.length).toBe(75);
      const since = new Date(Date.UTC(2026, 11, 6, 9, 3, 0));
      const late = await queryEvents(db, { limit: 1000, accounts: ["network"], since });
      expect(late.events.every((e) => e.account === "network" && new Date(e.time) >= since)).toBe(
        true,
      );
      expect(late.events).toHaveLength(35);
      const none = await queryEvents(db, { limit: 10, fields: ["state"], resourceTypes: ["lag"] });
      expect(none).toEqual({ events: [], nextCursor: null });
    });

    it("pages an interface's events and a past window as one filter over every event would", async () => {
      const { db } = await store.open();
      const all = Array.from({ length: 250 }, (_, i) => event(i));
      await insertEvents(db, all);
      const pages = async (filter: Omit<EventFilter, "limit" | "before">) => {
        const seen: DxEvent[] = [];
        let before: string | undefined;
        do {
          const page = await queryEvents(db, { ...filter, limit: 7, before });
          seen.push(...page.events);
          before = page.nextCursor ?? undefined;
        } while (before);
        return seen;
      };
      const newestFirst = (keep: (e: NewEvent) => boolean) =>
        all
          .filter(keep)
          .reverse()
          .map((e) => [e.resourceId, e.time]);
      const show = (events: DxEvent[]) => events.map((e) => [e.resourceId, e.time]);
      // dxpeer-1's events are all dxvif-1's too (i % 10 = 1 has i % 5 = 1): each once.
      const either = await pages({ resourceIds: ["dxpeer-1", "dxpeer-2"], parentIds: ["dxvif-1"] });
      expect(show(either)).toEqual(
        newestFirst(
          (e) => ["dxpeer-1", "dxpeer-2"].includes(e.resourceId) || e.parentId === "dxvif-1",
        ),
      );
      const since = new Date(Date.UTC(2026, 11, 6, 9, 0, 40));
      const until = new Date(Date.UTC(2026, 11, 6, 9, 2, 10));
      const inWindow = (e: NewEvent) => new Date(e.time) >= since && new Date(e.time) < until;
      expect(show(await pages({ since, until }))).toEqual(newestFirst(inWindow));
      expect(show(await pages({ since, until, accounts: ["network"] }))).toEqual(
        newestFirst((e) => inWindow(e) && e.account === "network"),
      );
    });

    it("finds the flapping sessions of a window, most changes first", async () => {
      const { db } = await store.open();
      const now = Date.now();
      const at = (msAgo: number) => new Date(now - msAgo).toISOString();
      const same = { account: "network", parentId: "dxvif-1" };
      await insertEvents(db, [
        ...Array.from({ length: 6 }, (_, i) =>
          event(i, { ...same, resourceId: "dxpeer-flappy", time: at(i * 60_000) }),
        ),
        ...Array.from({ length: 3 }, (_, i) =>
          event(i, { ...same, resourceId: "dxpeer-some", time: at(i * 60_000) }),
        ),
        ...Array.from({ length: 9 }, (_, i) =>
          event(i, { ...same, resourceId: "dxpeer-old", time: at(2 * 86_400_000 + i) }),
        ),
        event(1, {
          resourceId: "dxvif-x",
          resourceType: "virtualInterface",
          field: "state",
          time: at(0),
        }),
      ]);
      const sessions = await flappingSessions(db, {
        since: new Date(now - 86_400_000),
        min: 3,
        limit: 10,
      });
      expect(sessions.map((s) => [s.resourceId, s.changes])).toEqual([
        ["dxpeer-flappy", 6],
        ["dxpeer-some", 3],
      ]);
    });

    it("joins a change's intent and outcome into one audit entry", async () => {
      const { db } = await store.open();
      const base = {
        user: "alice",
        route: "DELETE /api/bgp-peers/dxpeer-1",
        account: "network",
        region: "us-east-1",
        operation: "DeleteBGPPeer",
        targetId: "dxpeer-1",
        parameters: "{}",
      };
      await insertAudit(db, {
        ...base,
        requestId: "r1",
        phase: "intent",
        time: "2026-12-06T09:00:00Z",
      });
      await insertAudit(db, {
        ...base,
        requestId: "r1",
        phase: "outcome",
        time: "2026-12-06T09:00:01Z",
        outcome: "failure",
        errorCode: "aws_refused",
      });
      await insertAudit(db, {
        ...base,
        requestId: "r2",
        phase: "intent",
        time: "2026-12-06T09:01:00Z",
      });
      await insertAudit(db, {
        ...base,
        targetId: "dxvif-9",
        requestId: "r3",
        phase: "intent",
        time: "2026-12-06T09:02:00Z",
      });
      const entries = await queryAudit(db, { targetIds: ["dxpeer-1"], limit: 10 });
      expect(entries.map((e) => [e.requestId, e.time, e.outcome, e.errorCode])).toEqual([
        ["r2", "2026-12-06T09:01:00.000Z", null, null],
        ["r1", "2026-12-06T09:00:00.000Z", "failure", "aws_refused"],
      ]);
    });

    it("prunes events and audit records older than the retention", async () => {
      const h: StoreHandle = await store.open();
      const old = new Date(Date.now() - 91 * 86_400_000).toISOString();
      await insertEvents(h.db, [
        event(1, { time: old }),
        event(2, { time: new Date().toISOString() }),
      ]);
      expect(await prune(h.db, 90)).toBe(1);
      expect((await queryEvents(h.db, { limit: 10 })).events).toHaveLength(1);
    });
  });
}
