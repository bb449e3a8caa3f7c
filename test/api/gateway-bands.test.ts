/**
 * Where the map draws each gateway, on the estates dxmap generates: the topology read through the real
 * route, SDK and emulator, laid out as the map lays it out. A virtual private gateway (attached to an
 * interface or associated with a Direct Connect gateway) or a transit gateway sits in a band of its
 * own region; a Direct Connect gateway (global) in a band that holds one of its interfaces, or in
 * the "global" band when none uses it. Never in an unrelated band.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET as getTopology } from "@/app/api/topology/route";
import { clearCache } from "@/lib/aws/cache";
import type { DxTopology } from "@/lib/dx/types";
import { DEFAULT_ACCOUNTS } from "@/lib/emulator/emulator";
import { SCALE_ACCOUNTS } from "@/lib/emulator/seed-generated";
import { GLOBAL_REGION, layoutGraph, type Graph, type GraphNode } from "@/lib/topology/graph";

import { apiRequest, json, params, startApiHarness, type ApiHarness } from "./harness";

let h: ApiHarness;
beforeAll(async () => {
  // DX_EMULATOR_SEED=L gives the dashboard the L estate's four accounts and regions.
  h = await startApiHarness(
    { DX_EMULATOR_SEED: "L", DX_CACHE_TTL_MS: "0" },
    { accounts: [...DEFAULT_ACCOUNTS, ...SCALE_ACCOUNTS] },
  );
}, 60_000);
afterAll(() => h.close());

async function laidOut(seed: string): Promise<{ topology: DxTopology; graph: Graph }> {
  expect((await h.control("POST", "/_dxmap/reset", { seed })).status).toBe(200);
  clearCache();
  const { status, body } = await json<DxTopology>(
    await getTopology(apiRequest("GET", "/api/topology"), params({})),
  );
  expect(status).toBe(200);
  expect(body.errors).toEqual([]);
  return { topology: body, graph: layoutGraph(body) };
}

/** Every gateway whose band is wrong, with why: empty when each sits where it belongs. */
function misplacedGateways({ topology, graph }: { topology: DxTopology; graph: Graph }) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const bandOf = (n: GraphNode) =>
    graph.groups.filter((g) => n.y >= g.y && n.y + n.height <= g.bottom);
  const wrong: string[] = [];
  for (const g of topology.virtualGateways) {
    const n = byId.get(g.id);
    if (!n) continue;
    const bands = bandOf(n);
    if (bands.length !== 1 || bands[0]!.region !== g.region)
      wrong.push(`${g.id} (${g.region}) in ${bands.map((b) => `${b.region} · ${b.account}`)}`);
  }
  for (const g of topology.directConnectGateways) {
    const n = byId.get(g.id)!;
    const bands = bandOf(n);
    const users = topology.virtualInterfaces.filter((v) => v.directConnectGatewayId === g.id);
    const ok =
      bands.length === 1 &&
      (users.length === 0
        ? bands[0]!.region === GLOBAL_REGION
        : users.some((v) => bandOf(byId.get(v.id)!)[0] === bands[0]));
    if (!ok)
      wrong.push(
        `${g.id} (interfaces in ${[...new Set(users.map((v) => v.region))]}) in ${bands.map((b) => `${b.region} · ${b.account}`)}`,
      );
  }
  // A gateway associated with a Direct Connect gateway is regional too.
  for (const n of graph.nodes) {
    if (n.data.kind !== "associated") continue;
    const bands = bandOf(n);
    if (bands.length !== 1 || bands[0]!.region !== n.region)
      wrong.push(`${n.id} (${n.region}) in ${bands.map((b) => `${b.region} · ${b.account}`)}`);
  }
  return wrong;
}

describe("each gateway is drawn in a band where it belongs", () => {
  for (const seed of ["default", "S", "L"]) {
    it(`on the ${seed} estate`, async () => {
      const laid = await laidOut(seed);
      const gateways = laid.graph.nodes.filter(
        (n) => n.data.kind === "dxgw" || n.data.kind === "vgw",
      );
      expect(gateways.length).toBeGreaterThan(0);
      expect(misplacedGateways(laid)).toEqual([]);
      // A gateway beside the interfaces of its band: never below the band's last row.
      for (const n of gateways) {
        const band = laid.graph.groups.find((g) => n.y >= g.y && n.y + n.height <= g.bottom)!;
        expect(n.y + n.height, n.id).toBeLessThanOrEqual(band.bottom);
      }
    }, 60_000);
  }

  it("on the default estate, workload's us-east-1 virtual private gateways sit in us-east-1", async () => {
    const { topology, graph } = await laidOut("default");
    const workloadVgws = topology.virtualGateways.filter(
      (g) => g.account === "workload" && g.region === "us-east-1",
    );
    expect(workloadVgws.length).toBeGreaterThanOrEqual(2);
    for (const g of workloadVgws) {
      const n = graph.nodes.find((x) => x.id === g.id)!;
      const band = graph.groups.find((b) => n.y >= b.y && n.y + n.height <= b.bottom);
      expect(band?.region, g.id).toBe("us-east-1");
    }
  });
});
