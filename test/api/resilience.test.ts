/**
 * GET /api/resilience through the real route, SDK and emulator: the default estate's targets with their
 * models, a BGP session taken down making a target degraded, no AWS call beyond the map's own reads,
 * and bad input refused.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { GET as getResilience } from "@/app/api/resilience/route";
import { GET as getTopology } from "@/app/api/topology/route";
import { clearCache } from "@/lib/aws/cache";
import type { DxApiErrorBody, DxReadError, DxTopology } from "@/lib/dx/types";
import type { ResilienceReport, ResilienceTarget } from "@/lib/resilience/types";

import { apiRequest, json, params, startApiHarness, type ApiHarness } from "./harness";

type Report = ResilienceReport & { errors: DxReadError[] };

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control("POST", "/_dxmap/reset", {});
  clearCache();
});

async function resilience(query = "") {
  const res = await json<Report>(
    await getResilience(apiRequest("GET", `/api/resilience${query}`), params({})),
  );
  expect(res.status).toBe(200);
  return res.body;
}

const byName = (report: Report, name: string): ResilienceTarget => {
  const found = report.targets.find((t) => t.name === name);
  expect(found, `${name} among ${report.targets.map((t) => t.name).join(", ")}`).toBeDefined();
  return found!;
};

describe("GET /api/resilience", () => {
  it("answers every target with its models, paths and single points of failure, in the documented shape", async () => {
    const report = await resilience();
    expect(Number.isNaN(Date.parse(report.readAt))).toBe(false);
    expect(report.errors).toEqual([]);
    // workload-dxgw is reached through workload-shared on the LAG in each region: two locations.
    const workload = byName(report, "workload-dxgw");
    expect(workload).toMatchObject({
      kind: "direct-connect-gateway",
      account: "workload",
      designModel: "high",
      liveModel: "high",
      degraded: false,
      singlePointsOfFailure: [],
    });
    expect(new Set(workload.paths.map((p) => `${p.region} ${p.location}`))).toEqual(
      new Set(["us-east-1 EqDC2", "eu-west-1 EirDB1"]),
    );
    for (const p of workload.paths) {
      expect(p).toMatchObject({
        virtualInterfaceId: expect.stringMatching(/^dxvif-/),
        lagId: expect.stringMatching(/^dxlag-/),
        device: expect.stringMatching(/^[A-Za-z0-9]+-[a-z0-9]{12,13}$/),
        bgpUp: true,
      });
    }
    // The seed's backup-private interface has its session down: network-core-dxgw is built in two
    // locations but lives in one.
    const core = byName(report, "network-core-dxgw");
    expect(core.designModel).not.toBe("none");
    // Public reach per owner account, named for it.
    expect(report.targets.some((t) => t.id.startsWith("public:") && t.kind === "public")).toBe(
      true,
    );
    // Worst first.
    const firstHealthy = report.targets.findIndex((t) => !t.degraded);
    expect(report.targets.slice(firstHealthy).some((t) => t.degraded)).toBe(false);
  });

  it("a target becomes degraded when a BGP session on one of its paths goes down, and says which", async () => {
    const before = byName(await resilience(), "workload-dxgw");
    const victim = before.paths.find((p) => p.region === "eu-west-1")!;
    await h.control("POST", "/_dxmap/bgp", {
      virtualInterfaceId: victim.virtualInterfaceId,
      status: "down",
    });
    clearCache();
    const after = byName(await resilience(), "workload-dxgw");
    expect(after).toMatchObject({ designModel: "high", liveModel: "single", degraded: true });
    expect(after.downPaths).toEqual([
      { virtualInterfaceId: victim.virtualInterfaceId, reason: expect.stringMatching(/BGP down/) },
    ]);
    const kinds = after.singlePointsOfFailure.map((s) => s.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(["location", "device", "connection", "interface"]),
    );
    for (const s of after.singlePointsOfFailure) expect(s.reason.length).toBeGreaterThan(10);
  });

  it("makes no AWS call beyond the map's own reads", async () => {
    await json<DxTopology>(await getTopology(apiRequest("GET", "/api/topology"), params({})));
    await h.control("DELETE", "/_dxmap/calls");
    await resilience();
    const calls = await h.control<{ total: number }>("GET", "/_dxmap/calls");
    expect(calls.body.total).toBe(0);
  });

  it("reads only the chosen accounts and regions, and refuses unknown ones before any call", async () => {
    const report = await resilience("?accounts=workload&regions=eu-west-1");
    for (const t of report.targets) for (const p of t.paths) expect(p.region).toBe("eu-west-1");
    await h.control("DELETE", "/_dxmap/calls");
    const bad = await json<DxApiErrorBody>(
      await getResilience(apiRequest("GET", "/api/resilience?accounts=prod"), params({})),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors?.accounts?.[0]).toBe(
      "Unknown account prod. Allowed: network, workload.",
    );
    expect((await h.control<{ total: number }>("GET", "/_dxmap/calls")).body.total).toBe(0);
  });
});
