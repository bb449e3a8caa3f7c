/**
 * The collector against a real emulator, through the real SDK: what it records when BGP sessions
 * flip, that a restart records nothing twice, that a change made through a route is read at once
 * (the person who made it sees it) and its audit entry lands in the store, and that two collectors on
 * one PostgreSQL record each change once, the second taking over when the first dies.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { DELETE as deletePeer } from "@/app/api/bgp-peers/[bgpPeerId]/route";
import { GET as getEvents } from "@/app/api/events/route";
import { GET as getAudit } from "@/app/api/audit/route";
import { GET as getTopology } from "@/app/api/topology/route";
import type { DxAuditEntry, DxEventsPage } from "@/lib/dx/history";
import type { DxTopology } from "@/lib/dx/types";
import { Collector, startCollector, stopCollector } from "@/lib/history/collector";
import { openStore } from "@/lib/history/db";
import { queryEvents } from "@/lib/history/store";
import { getDxConfig, reloadDxConfig } from "@/lib/server/config";

import { apiRequest, json, params, startApiHarness, type ApiHarness } from "../api/harness";
import { dropDatabases, freshDatabase, TEST_DATABASE_URL, WHY_NO_SERVER } from "./databases";

const INTERVAL = 600;
// PGlite takes seconds to start on a busy machine.
vi.setConfig({ testTimeout: 90_000 });
let h: ApiHarness;
const collectors: Collector[] = [];

beforeAll(async () => {
  h = await startApiHarness({ DX_COLLECT_INTERVAL_MS: String(INTERVAL) });
});
afterAll(() => h?.close());
beforeEach(async () => {
  await h.control("POST", "/_dxmap/reset", {});
  h.useEndpoint(h.url);
});
afterEach(async () => {
  await Promise.all(collectors.splice(0).map((c) => c.stop().catch(() => undefined)));
  await stopCollector();
});

async function collector(options: { dir?: string; url?: string } = {}): Promise<Collector> {
  const config = getDxConfig();
  const store = await openStore({ dir: options.dir ?? "memory://", url: options.url });
  const c = new Collector(config, store);
  collectors.push(c);
  await c.start();
  return c;
}

const until = async <T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
};

async function upInterface(c: Collector) {
  const t = await c.topology();
  return t.virtualInterfaces.find(
    (v) => v.state === "available" && v.account === "network" && v.bgpPeers.length === 2,
  )!;
}

describe("the collector", () => {
  it("records a BGP session going down and up once each, within an interval of the flip", async () => {
    const c = await collector();
    const vif = await upInterface(c);
    const peerId = vif.bgpPeers[0]!.id;
    const flipped = Date.now();
    await h.control("POST", "/_dxmap/bgp", {
      virtualInterfaceId: vif.id,
      bgpPeerId: peerId,
      status: "down",
    });
    const statuses = () =>
      queryEvents(c.store.db, { resourceIds: [peerId], fields: ["bgpStatus"], limit: 10 });
    const down = await until(statuses, (p) => p.events.length >= 1);
    expect(down.events.map((e) => [e.from, e.to, e.parentId, e.account])).toEqual([
      ["up", "down", vif.id, "network"],
    ]);
    expect(Date.parse(down.events[0]!.time) - flipped).toBeLessThanOrEqual(INTERVAL + 500);
    // The topology answered from the snapshot shows it too.
    const t = await c.topology();
    expect(t.virtualInterfaces.find((v) => v.id === vif.id)!.bgpPeers[0]!.bgpStatus).toBe("down");

    await h.control("POST", "/_dxmap/bgp", {
      virtualInterfaceId: vif.id,
      bgpPeerId: peerId,
      status: "up",
    });
    const both = await until(statuses, (p) => p.events.length >= 2);
    // Several more intervals: nothing is recorded twice.
    await new Promise((r) => setTimeout(r, INTERVAL * 3));
    expect((await statuses()).events.map((e) => e.to)).toEqual(["up", "down"]);
    expect(both.events).toHaveLength(2);
  });

  it("spreads the accounts' passes over the interval instead of reading every account at once", async () => {
    const c = await collector();
    await c.topology();
    await h.control("DELETE", "/_dxmap/calls");
    await new Promise((r) => setTimeout(r, INTERVAL * 4));
    const log = await h.control<{ calls: { time: string; account: string; region: string }[] }>(
      "GET",
      "/_dxmap/calls?operation=DescribeVirtualInterfaces&region=us-east-1",
    );
    const at = (account: string) =>
      log.body.calls.filter((c) => c.account === account).map((c) => Date.parse(c.time));
    const network = at("network");
    const workload = at("workload");
    expect(network.length).toBeGreaterThanOrEqual(2);
    expect(workload.length).toBeGreaterThanOrEqual(2);
    // Two accounts: workload's passes fall half an interval after network's, give or take a step.
    for (const t of workload)
      expect(Math.min(...network.map((n) => Math.abs(n - t)))).toBeGreaterThanOrEqual(100);
  });

  it("records nothing on a restart that was not seen change: it compares with what it stored", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "dxmap-history-")), "store");
    const first = await collector({ dir });
    const vif = await upInterface(first);
    await h.control("POST", "/_dxmap/bgp", { virtualInterfaceId: vif.id, status: "down" });
    const recorded = await until(
      () => queryEvents(first.store.db, { limit: 100 }),
      (p) => p.events.filter((e) => e.field === "bgpStatus").length === 2,
    );
    await first.stop();
    collectors.splice(collectors.indexOf(first), 1);

    // Changed while no collector ran: the restarted one records it once, against the stored state.
    await h.control("POST", "/_dxmap/bgp", { virtualInterfaceId: vif.id, status: "up" });
    const second = await collector({ dir });
    const after = await until(
      () => queryEvents(second.store.db, { limit: 100 }),
      (p) => p.events.length > recorded.events.length,
    );
    await new Promise((r) => setTimeout(r, INTERVAL * 3));
    const all = (await queryEvents(second.store.db, { limit: 100 })).events;
    expect(all).toHaveLength(after.events.length);
    const ups = all.filter((e) => e.field === "bgpStatus" && e.to === "up");
    expect(ups.map((e) => e.resourceId).sort()).toEqual(vif.bgpPeers.map((p) => p.id).sort());
    expect(all.filter((e) => e.to === null)).toEqual([]);
  });

  it("reads a change made through a route at once, and stores its audit entry beside the events", async () => {
    process.env.DX_HISTORY_DIR = "memory://";
    reloadDxConfig();
    const c = await startCollector();
    const topology = async () =>
      (await json<DxTopology>(await getTopology(apiRequest("GET", "/api/topology"), params({}))))
        .body;
    const vif = (await topology()).virtualInterfaces.find(
      (v) => v.state === "available" && v.account === "network" && v.bgpPeers.length === 2,
    )!;
    const peer = vif.bgpPeers[1]!;
    const res = await deletePeer(
      apiRequest("DELETE", `/api/bgp-peers/${peer.id}`, {
        account: "network",
        region: vif.region,
        virtualInterfaceId: vif.id,
      }),
      params({ bgpPeerId: peer.id }),
    );
    expect(res.status).toBe(200);
    // The next read shows it: the collector read the region again before answering.
    const after = (await topology()).virtualInterfaces.find((v) => v.id === vif.id)!;
    expect(after.bgpPeers.find((p) => p.id === peer.id)?.state).toBe("deleting");

    const audit = await json<{ entries: DxAuditEntry[] }>(
      await getAudit(apiRequest("GET", `/api/audit?targetId=${peer.id}`), params({})),
    );
    expect(audit.body.entries).toMatchObject([
      { operation: "DeleteBGPPeer", targetId: peer.id, user: "anonymous", outcome: "success" },
    ]);
    const events = await json<DxEventsPage>(
      await getEvents(apiRequest("GET", `/api/events?resourceId=${peer.id}`), params({})),
    );
    expect(events.body.events.map((e) => [e.field, e.from, e.to])).toContainEqual([
      "state",
      "available",
      "deleting",
    ]);
    expect(c.status().storeKind).toBe("pglite");
  });

  it("answers from its snapshot between reads, and reads at once for Refresh (no-cache)", async () => {
    Object.assign(process.env, { DX_HISTORY_DIR: "memory://", DX_COLLECT_INTERVAL_MS: "60000" });
    reloadDxConfig();
    try {
      await startCollector();
      const read = async (headers: Record<string, string> = {}) =>
        (
          await json<DxTopology>(
            await getTopology(apiRequest("GET", "/api/topology", undefined, headers), params({})),
          )
        ).body;
      const vif = (await read()).virtualInterfaces.find(
        (v) => v.state === "available" && v.account === "network" && v.bgpPeers.length === 2,
      )!;
      const peer = vif.bgpPeers[0]!.id;
      await h.control("DELETE", "/_dxmap/calls");
      await h.control("POST", "/_dxmap/bgp", {
        virtualInterfaceId: vif.id,
        bgpPeerId: peer,
        status: "down",
      });
      const status = (t: DxTopology) =>
        t.virtualInterfaces.find((v) => v.id === vif.id)!.bgpPeers.find((p) => p.id === peer)!
          .bgpStatus;
      // Twenty browsers polling: the snapshot, and not one AWS call.
      const polls = await Promise.all(Array.from({ length: 20 }, () => read()));
      expect(polls.map(status)).toEqual(Array(20).fill("up"));
      expect(await h.calls("DescribeVirtualInterfaces")).toBe(0);
      expect(status(await read({ "cache-control": "no-cache" }))).toBe("down");
    } finally {
      process.env.DX_COLLECT_INTERVAL_MS = String(INTERVAL);
    }
  });

  it("keeps a region whose every call fails with AWS's 5xx as that region's error, naming its calls, read after read", async () => {
    Object.assign(process.env, { DX_HISTORY_DIR: "memory://", DX_COLLECT_FAST_MS: "250" });
    reloadDxConfig();
    try {
      const c = await startCollector();
      const before = await c.topology();
      const kept = before.virtualInterfaces.filter((v) => v.region === "eu-west-1").length;
      expect(kept).toBeGreaterThan(0);
      await h.control("POST", "/_dxmap/faults", { region: "eu-west-1", errorRate: 1 });
      await c.refresh();
      // The failing scopes are read again at the fast cadence, alone: each of those reads fails in
      // every call (each call tried three times), and is still that region failing, not the backend
      // gone.
      const calls = await h.calls("DescribeVirtualInterfaces");
      await until(
        () => h.calls("DescribeVirtualInterfaces"),
        (n) => n >= calls + 12,
      );
      const t = await c.topology();
      const failing = t.errors.filter((e) => e.region === "eu-west-1");
      // One error per call that failed, in each account, each naming its call and AWS's error.
      expect([...new Set(failing.map((e) => e.account))].sort()).toEqual(["network", "workload"]);
      for (const account of ["network", "workload"])
        expect(
          failing
            .filter((e) => e.account === account)
            .some((e) =>
              /^DescribeVirtualInterfaces.*DirectConnectServerException/.test(e.message),
            ),
        ).toBe(true);
      for (const e of failing)
        expect(e.message).toMatch(/^Describe\w+.*DirectConnectServerException/);
      expect(t.virtualInterfaces.filter((v) => v.region === "eu-west-1")).toHaveLength(kept);
    } finally {
      await h.control("DELETE", "/_dxmap/faults");
      delete process.env.DX_COLLECT_FAST_MS;
    }
  });

  it("answers a bad filter with 400 and the reason, and changes nothing", async () => {
    process.env.DX_HISTORY_DIR = "memory://";
    reloadDxConfig();
    await startCollector();
    const res = await json<{ error: { fieldErrors: Record<string, string[]> } }>(
      await getEvents(apiRequest("GET", "/api/events?limit=0&field=color&cursor=x"), params({})),
    );
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fieldErrors).sort()).toEqual(["cursor", "field", "limit"]);
  });
});

describe.skipIf(!TEST_DATABASE_URL)("two collectors on one PostgreSQL", () => {
  const made: string[] = [];
  afterAll(() => dropDatabases(made));

  it("record each change once; when the collecting one dies, the other takes over within two intervals", async () => {
    const url = await freshDatabase(made);
    const a = await collector({ url });
    const b = await collector({ url });
    expect(a.status().scopes.every((s) => s.held)).toBe(true);
    expect(b.status().scopes.some((s) => s.held)).toBe(false);
    const vif = await upInterface(a);
    const [p1, p2] = vif.bgpPeers.map((p) => p.id) as [string, string];
    await h.control("POST", "/_dxmap/bgp", {
      virtualInterfaceId: vif.id,
      bgpPeerId: p1,
      status: "down",
    });
    const statuses = () => queryEvents(a.store.db, { fields: ["bgpStatus"], limit: 100 });
    await until(statuses, (p) => p.events.length >= 1);
    // The other serves the same state from the store, without reading AWS.
    const seen = await until(
      () => b.topology(),
      (t) => t.virtualInterfaces.find((v) => v.id === vif.id)?.bgpPeers[0]?.bgpStatus === "down",
    );
    expect(seen.virtualInterfaces.find((v) => v.id === vif.id)!.bgpPeers[0]!.bgpStatus).toBe(
      "down",
    );

    // The collecting one dies (its leases stay until they run out); a change meanwhile.
    a.halt();
    const died = Date.now();
    await h.control("POST", "/_dxmap/bgp", {
      virtualInterfaceId: vif.id,
      bgpPeerId: p2,
      status: "down",
    });
    await until(
      async () => b.status().scopes.filter((s) => s.held).length,
      (n) => n === a.status().scopes.length,
      INTERVAL * 4,
    );
    expect(Date.now() - died).toBeLessThanOrEqual(INTERVAL * 2 + 300);
    const after = await until(statuses, (p) => p.events.length >= 2);
    await new Promise((r) => setTimeout(r, INTERVAL * 3));
    const events = (await statuses()).events;
    expect(events.map((e) => [e.resourceId, e.to]).sort()).toEqual(
      [
        [p1, "down"],
        [p2, "down"],
      ].sort(),
    );
    expect(after.events).toHaveLength(2);
  });
});

if (!TEST_DATABASE_URL) it.skip(`two collectors on one PostgreSQL (${WHY_NO_SERVER})`, () => {});
