/**
 * Failover tests and router configurations through the real routes, the real SDK and the emulator
 * over HTTP: start, stop and list a test, the topology's view of a test in progress (and the one call
 * it costs, only then), each refusal before and by AWS, the router configuration's download headers,
 * its refusal to read-only users, and the audit lines of both.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET as getTopology } from "@/app/api/topology/route";
import {
  DELETE as stopTest,
  POST as startTest,
} from "@/app/api/virtual-interfaces/[id]/failover-test/route";
import { GET as listTests } from "@/app/api/virtual-interfaces/[id]/failover-tests/route";
import { GET as routerConfiguration } from "@/app/api/virtual-interfaces/[id]/router-configuration/route";
import { clearCache } from "@/lib/aws/cache";
import { ROUTER_TYPES } from "@/lib/dx/router-types";
import type {
  DxApiErrorBody,
  DxFailoverTest,
  DxFailoverTests,
  DxMutationResult,
  DxTopology,
} from "@/lib/dx/types";
import { reloadDxConfig } from "@/lib/server/config";
import { hashPassword } from "@/lib/server/password";

import { apiHarnessPerFile, apiRequest, json, params } from "./harness";

type Err = DxApiErrorBody;
type Started = DxMutationResult<DxFailoverTest>;

const h = apiHarnessPerFile();

const NETWORK = { account: "network", region: "us-east-1" };
const topology = async () =>
  (await json<DxTopology>(await getTopology(apiRequest("GET", "/api/topology"), params({})))).body;
const vifNamed = async (name: string) => {
  const vif = (await topology()).virtualInterfaces.find(
    (v) => v.name === name && v.region === "us-east-1",
  );
  if (!vif) throw new Error(`no ${name} in us-east-1`);
  return vif;
};
const start = async (id: string, body: unknown, headers: Record<string, string> = {}) =>
  json<Started & Err>(
    await startTest(
      apiRequest("POST", `/api/virtual-interfaces/${id}/failover-test`, body, headers),
      params({ id }),
    ),
  );
const stop = async (id: string, body: unknown, headers: Record<string, string> = {}) =>
  json<Started & Err>(
    await stopTest(
      apiRequest("DELETE", `/api/virtual-interfaces/${id}/failover-test`, body, headers),
      params({ id }),
    ),
  );
const history = async (id: string, query = "account=network&region=us-east-1") =>
  json<DxFailoverTests & Err>(
    await listTests(
      apiRequest("GET", `/api/virtual-interfaces/${id}/failover-tests?${query}`),
      params({ id }),
    ),
  );
const configQuery = (router: string, scope = NETWORK) =>
  `account=${scope.account}&region=${scope.region}&routerTypeIdentifier=${encodeURIComponent(router)}`;
const download = (id: string, query: string, headers: Record<string, string> = {}) =>
  routerConfiguration(
    apiRequest("GET", `/api/virtual-interfaces/${id}/router-configuration?${query}`, undefined, {
      ...headers,
    }),
    params({ id }),
  );
/** How many calls of an operation the emulator answered, for one account and region if named. */
const calls = async (operation: string, scope?: { account: string; region: string }) =>
  (
    await h().control<{ total: number }>(
      "GET",
      `/_dxmap/calls?operation=${operation}${scope ? `&account=${scope.account}&region=${scope.region}` : ""}`,
    )
  ).body.total;
/** The audit lines of an operation written since `from` lines (the log is the file's, not the test's). */
const linesFor = (operation: string, from = 0) =>
  h()
    .auditLines()
    .slice(from)
    .filter((l) => l.operation === operation);

describe("a failover test", () => {
  it("starts on the interface's live sessions, shows on the map until it ends, is listed, and stops", async () => {
    const vif = await vifNamed("prod-private");
    const peers = vif.bgpPeers.map((p) => p.id);
    expect(peers).toHaveLength(2);
    // No interface is testing: the read asks for no tests at all.
    expect(await calls("ListVirtualInterfaceTestHistory")).toBe(0);

    const started = await start(vif.id, { ...NETWORK, durationMinutes: 90 });
    expect(started.status).toBe(200);
    const test = started.body.resource;
    expect(test).toMatchObject({
      virtualInterfaceId: vif.id,
      bgpPeerIds: peers,
      durationMinutes: 90,
      status: "in-progress",
      ownerAccount: "111111111111",
      endTime: null,
    });

    // The map: the interface testing, its sessions down on purpose, until start + 90 minutes; one
    // call for it, by its owner in its region, and none by anyone else.
    const t = await topology();
    const testing = t.virtualInterfaces.find((v) => v.id === vif.id)!;
    expect(testing.state).toBe("testing");
    expect(testing.bgpPeers.map((p) => p.bgpStatus)).toEqual(["down", "down"]);
    expect(testing.failoverTest).toEqual({
      testId: test.testId,
      bgpPeerIds: peers,
      endsAt: new Date(Date.parse(test.startTime!) + 90 * 60_000).toISOString(),
    });
    expect(t.virtualInterfaces.filter((v) => v.failoverTest).map((v) => v.id)).toEqual([vif.id]);
    expect(await calls("ListVirtualInterfaceTestHistory", NETWORK)).toBe(1);
    expect(await calls("ListVirtualInterfaceTestHistory")).toBe(1);
    // Through the same cache as the rest of the read: a second read within its TTL calls nothing.
    await topology();
    expect(await calls("ListVirtualInterfaceTestHistory")).toBe(1);

    const listed = await history(vif.id);
    expect(listed.status).toBe(200);
    expect(listed.body.tests).toEqual([test]);

    const stopped = await stop(vif.id, NETWORK);
    expect(stopped.status).toBe(200);
    // Stopped before its time: "cancelled", the User Guide's status for that.
    expect(stopped.body.resource).toMatchObject({ testId: test.testId, status: "cancelled" });
    expect(stopped.body.resource.endTime).not.toBeNull();
    const after = (await topology()).virtualInterfaces.find((v) => v.id === vif.id)!;
    expect(after.state).toBe("available");
    expect(after.failoverTest).toBeNull();

    // A second test on one session: listed first, the first one after it.
    expect(
      (await start(vif.id, { ...NETWORK, bgpPeerIds: [peers[1]], durationMinutes: 1 })).status,
    ).toBe(200);
    const both = (await history(vif.id)).body.tests;
    expect(both.map((x) => x.bgpPeerIds)).toEqual([[peers[1]], peers]);
    expect(both.map((x) => x.status)).toEqual(["in-progress", "cancelled"]);
    // It ends by itself when its time is up (and the cache's short TTL has passed).
    await h().control("POST", "/_dxmap/clock", { advanceMs: 2 * 60_000 });
    clearCache();
    expect((await history(vif.id)).body.tests.map((x) => x.status)).toEqual([
      "completed",
      "cancelled",
    ]);
  });

  it("writes its intent and outcome to the audit log, named by AWS's operation", async () => {
    const vif = await vifNamed("lag-private");
    const from = h().auditLines().length;
    expect((await start(vif.id, { ...NETWORK, durationMinutes: 5 })).status).toBe(200);
    expect((await stop(vif.id, NETWORK)).status).toBe(200);
    for (const operation of ["StartBgpFailoverTest", "StopBgpFailoverTest"]) {
      const lines = linesFor(operation, from);
      expect(lines.map((l) => [l.phase, l.outcome])).toEqual([
        ["intent", undefined],
        ["outcome", "success"],
      ]);
      expect(lines[1]).toMatchObject({
        account: "network",
        region: "us-east-1",
        targetId: vif.id,
        awsRequestId: expect.any(String),
      });
    }
    expect(linesFor("StartBgpFailoverTest", from)[0]!.parameters).toEqual({
      ...NETWORK,
      durationMinutes: 5,
    });
  });

  it.each([
    ["no duration", {}, "durationMinutes"],
    ["0 minutes", { durationMinutes: 0 }, "durationMinutes"],
    ["more than 4320 minutes", { durationMinutes: 4321 }, "durationMinutes"],
    ["part of a minute", { durationMinutes: 1.5 }, "durationMinutes"],
    ["a duration as text", { durationMinutes: "60" }, "durationMinutes"],
    ["no peer named", { durationMinutes: 60, bgpPeerIds: [] }, "bgpPeerIds"],
    ["a malformed peer id", { durationMinutes: 60, bgpPeerIds: ["peer-1"] }, "bgpPeerIds.0"],
    [
      "a peer named twice",
      { durationMinutes: 60, bgpPeerIds: ["dxpeer-aaaa1111", "dxpeer-aaaa1111"] },
      "bgpPeerIds",
    ],
    ["an account dxmap does not know", { durationMinutes: 60, account: "prod" }, "account"],
  ])("refuses %s before any AWS call", async (_, body, field) => {
    const vif = await vifNamed("prod-private");
    const res = await start(vif.id, { ...NETWORK, ...body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(Object.keys(res.body.error.fieldErrors ?? {})).toContain(field);
    expect(await calls("StartBgpFailoverTest")).toBe(0);
  });

  it("says what a duration out of AWS's limits is", async () => {
    const vif = await vifNamed("prod-private");
    const res = await start(vif.id, { ...NETWORK, durationMinutes: 5000 });
    expect(res.body.error.fieldErrors?.durationMinutes).toEqual([
      "A test lasts 1 to 4320 minutes (3 days).",
    ]);
    const bad = await start("dxvif-nope", { ...NETWORK, durationMinutes: 5 });
    expect(bad.body.error.fieldErrors?.id).toEqual(["An interface id looks like dxvif-ab12cd34."]);
  });

  it("shows AWS's own refusals: another account's interface, an interface that is down, no test to stop", async () => {
    const prod = await vifNamed("prod-private");
    const asWorkload = await start(prod.id, {
      account: "workload",
      region: "us-east-1",
      durationMinutes: 5,
    });
    expect(asWorkload.status).toBe(400);
    expect(asWorkload.body.error.code).toBe("aws_refused");
    expect(asWorkload.body.error.requestId).toEqual(expect.any(String));
    const waiting = await vifNamed("workload-app");
    const refused = await start(waiting.id, {
      account: "workload",
      region: "us-east-1",
      durationMinutes: 5,
    });
    expect(refused.body.error).toMatchObject({
      code: "aws_refused",
      message: `Virtual interface ${waiting.id} is in state confirming`,
    });
    const from = h().auditLines().length;
    const nothing = await stop(prod.id, NETWORK);
    expect(nothing.body.error).toMatchObject({
      code: "aws_refused",
      message: `There is no failover test in progress on ${prod.id}.`,
    });
    // Refused by AWS: audited as a failure with AWS's request id.
    const outcome = linesFor("StopBgpFailoverTest", from).find((l) => l.phase === "outcome");
    expect(outcome).toMatchObject({ outcome: "failure", errorCode: "aws_refused" });
    expect(outcome?.awsRequestId).toEqual(expect.any(String));
  });

  it("lists nothing of an interface to the account that allocated it, and refuses a read without its account", async () => {
    // Allocated by network to workload: both see it, only workload (its owner) tests it and sees its tests.
    const vif = await vifNamed("workload-shared");
    const WORKLOAD = { account: "workload", region: "us-east-1" };
    expect((await start(vif.id, { ...WORKLOAD, durationMinutes: 5 })).status).toBe(200);
    expect((await history(vif.id, "account=workload&region=us-east-1")).body.tests).toHaveLength(1);
    expect((await history(vif.id)).body.tests).toEqual([]);
    const missing = await history(vif.id, "region=us-east-1");
    expect(missing.status).toBe(400);
    expect(missing.body.error.fieldErrors?.account).toEqual([
      "Name the account to read it as (account=alias).",
    ]);
  });
});

describe("the router configuration", () => {
  it("is a download of text, never stored, naming the VLAN; its read is audited without the text", async () => {
    const vif = await vifNamed("prod-private");
    const router = ROUTER_TYPES.find((r) => r.vendor.startsWith("Juniper"))!.routerTypeIdentifier;
    const res = await download(vif.id, configQuery(router));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="${vif.id}-${router}.txt"`,
    );
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(text).toMatch(new RegExp(`\\b${vif.vlan}\\b`));
    const keys = h().running.emulator.state.virtualInterfaces[vif.id]!.peers.map((p) => p.authKey);
    expect(keys.some((k) => text.includes(k))).toBe(true);

    const lines = linesFor("DescribeRouterConfiguration");
    expect(lines.map((l) => [l.phase, l.outcome])).toEqual([
      ["intent", undefined],
      ["outcome", "success"],
    ]);
    expect(lines[1]).toMatchObject({
      route: "GET /api/virtual-interfaces/{id}/router-configuration",
      targetId: vif.id,
      parameters: { ...NETWORK, routerTypeIdentifier: router },
    });
    const log = h()
      .auditLines()
      .map((l) => JSON.stringify(l))
      .join("\n");
    for (const key of keys) expect(log).not.toContain(key);
    // Nor in the topology: its interfaces have no field for it.
    expect(JSON.stringify(await topology())).not.toMatch(/customerRouterConfig|bgp_auth_key/);
  });

  it("refuses a router type AWS does not document, and other bad input, before any AWS call", async () => {
    const vif = await vifNamed("prod-private");
    for (const [query, field] of [
      [configQuery("Cisco-Anything"), "routerTypeIdentifier"],
      ["account=network&region=us-east-1", "routerTypeIdentifier"],
      [
        configQuery(ROUTER_TYPES[0]!.routerTypeIdentifier, { ...NETWORK, region: "mars" }),
        "region",
      ],
    ] as const) {
      const res = await json<Err>(await download(vif.id, query));
      expect(res.status, query).toBe(400);
      expect(Object.keys(res.body.error.fieldErrors ?? {}), query).toEqual([field]);
    }
    expect(
      (await json<Err>(await download(vif.id, configQuery("Cisco-Anything")))).body.error
        .fieldErrors?.routerTypeIdentifier?.[0],
    ).toMatch(
      /^Unknown router type Cisco-Anything\. Known: CiscoSystemsInc-2900SeriesRouters-IOS124, /,
    );
    expect(await calls("DescribeRouterConfiguration")).toBe(0);
  });

  it("is refused to another site's page", async () => {
    const vif = await vifNamed("prod-private");
    const res = await download(vif.id, configQuery(ROUTER_TYPES[0]!.routerTypeIdentifier), {
      "sec-fetch-site": "cross-site",
    });
    expect(res.status).toBe(403);
    expect(await calls("DescribeRouterConfiguration")).toBe(0);
  });
});

describe("a read-only user", () => {
  const saved = { ...process.env };
  const VIEWER = `Basic ${Buffer.from("viewer:viewer-password-3").toString("base64")}`;
  const ALICE = `Basic ${Buffer.from("alice:alice-password-1").toString("base64")}`;
  beforeAll(async () => {
    Object.assign(process.env, {
      DX_AUTH_MODE: "basic",
      DX_AUTH_USERS: [
        `alice:${await hashPassword("alice-password-1", { N: 1024 })}`,
        `viewer:${await hashPassword("viewer-password-3", { N: 1024 })}`,
      ].join(","),
      DX_READ_ONLY_USERS: "viewer",
    });
    reloadDxConfig();
  });
  afterAll(() => {
    for (const key of ["DX_AUTH_MODE", "DX_AUTH_USERS", "DX_READ_ONLY_USERS"]) {
      if (key in saved) process.env[key] = saved[key];
      else delete process.env[key];
    }
    reloadDxConfig();
  });

  it("cannot start or stop a test or download a router configuration (403), and each attempt is audited", async () => {
    // Read from the emulator: the topology, too, would need signing in.
    const id = Object.values(h().running.emulator.state.virtualInterfaces).find(
      (v) => v.virtualInterfaceName === "prod-private" && v.region === "us-east-1",
    )!.virtualInterfaceId;
    const router = ROUTER_TYPES[0]!.routerTypeIdentifier;
    const refusals = [
      await start(id, { ...NETWORK, durationMinutes: 5 }, { authorization: VIEWER }),
      await stop(id, NETWORK, { authorization: VIEWER }),
      await json<Err>(await download(id, configQuery(router), { authorization: VIEWER })),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("read_only");
    }
    expect(refusals[2]!.body.error.message).toMatch(/auth key/);
    for (const operation of [
      "StartBgpFailoverTest",
      "StopBgpFailoverTest",
      "DescribeRouterConfiguration",
    ])
      expect(await calls(operation), operation).toBe(0);
    const outcomes = h()
      .auditLines()
      .filter((l) => l.user === "viewer");
    expect(outcomes.map((l) => [l.route, l.phase, l.errorCode])).toEqual([
      ["POST /api/virtual-interfaces/{id}/failover-test", "outcome", "read_only"],
      ["DELETE /api/virtual-interfaces/{id}/failover-test", "outcome", "read_only"],
      ["GET /api/virtual-interfaces/{id}/router-configuration", "outcome", "read_only"],
    ]);

    // A user who may change things gets it, and may read the test history as the viewer may.
    const alice = await download(id, configQuery(router), { authorization: ALICE });
    expect(alice.status).toBe(200);
    const viewerHistory = await listTests(
      apiRequest(
        "GET",
        `/api/virtual-interfaces/${id}/failover-tests?account=network&region=us-east-1`,
        undefined,
        { authorization: VIEWER },
      ),
      params({ id }),
    );
    expect(viewerHistory.status).toBe(200);
  });
});
