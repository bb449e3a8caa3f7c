/**
 * The gateways associated with Direct Connect gateways, as GET /api/topology reads them: through the
 * real route, SDK and emulator, one list per account (every page of it), and a failed read reported
 * in `errors` beside the rest of the estate.
 */
import { CreateDirectConnectGatewayAssociationCommand } from "@aws-sdk/client-direct-connect";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { GET as getTopology } from "@/app/api/topology/route";
import { clearCache } from "@/lib/aws/cache";
import { reloadDxConfig } from "@/lib/server/config";
import type { DxTopology } from "@/lib/dx/types";

import { NETWORK, WORKLOAD } from "../emulator/harness";
import { apiRequest, json, params, startApiHarness, type ApiHarness } from "./harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control("POST", "/_dxmap/reset", {});
  clearCache();
});

async function topology() {
  const { status, body } = await json<DxTopology>(
    await getTopology(apiRequest("GET", "/api/topology"), params({})),
  );
  expect(status).toBe(200);
  return body;
}

describe("GET /api/topology", () => {
  it("has every association of the Direct Connect gateways, once, with what the map shows of each", async () => {
    await h.control("DELETE", "/_dxmap/calls");
    const t = await topology();
    expect(t.errors).toEqual([]);
    const names = new Map(t.directConnectGateways.map((g) => [g.id, g.name]));
    expect(
      t.directConnectGatewayAssociations
        .map(
          (a) =>
            `${names.get(a.directConnectGatewayId)} → ${a.associatedGatewayType} ${a.associatedGatewayRegion} ${a.associatedGatewayOwnerAccount} ${a.state}`,
        )
        .sort(),
    ).toEqual([
      `network-core-dxgw → virtualPrivateGateway eu-west-1 ${NETWORK.accountId} associated`,
      `network-core-dxgw → virtualPrivateGateway us-east-1 ${NETWORK.accountId} associated`,
      `network-transit-dxgw → transitGateway us-east-1 ${NETWORK.accountId} associated`,
      `workload-dxgw → virtualPrivateGateway eu-west-1 ${WORKLOAD.accountId} associated`,
      `workload-dxgw → virtualPrivateGateway us-east-1 ${WORKLOAD.accountId} associated`,
      `workload-transit-dxgw → transitGateway us-east-1 ${WORKLOAD.accountId} associated`,
    ]);
    const transit = t.directConnectGatewayAssociations.find(
      (a) => names.get(a.directConnectGatewayId) === "network-transit-dxgw",
    )!;
    expect(transit.associatedGatewayId).toMatch(/^tgw-[0-9a-f]{17}$/);
    expect(transit.allowedPrefixes).toEqual(["10.0.0.0/8"]);
    // One list per account, however many gateways it has.
    expect(await h.calls("DescribeDirectConnectGatewayAssociations")).toBe(2);
  });

  it("follows every page of an account's associations", async () => {
    const t = await topology();
    const transit = t.directConnectGateways.find((g) => g.name === "network-transit-dxgw")!;
    // More than AWS's largest page (100): the list comes in two.
    const network = h.client("network");
    for (let i = 0; i < 120; i++)
      await network.send(
        new CreateDirectConnectGatewayAssociationCommand({
          directConnectGatewayId: transit.id,
          gatewayId: `tgw-${i.toString(16).padStart(17, "0")}`,
        }),
      );
    clearCache();
    await h.control("DELETE", "/_dxmap/calls");
    const after = await topology();
    expect(
      after.directConnectGatewayAssociations.filter((a) => a.directConnectGatewayId === transit.id),
    ).toHaveLength(121);
    // Network's 123 in two pages, workload's 3 in one.
    expect(await h.calls("DescribeDirectConnectGatewayAssociations")).toBe(3);
  });

  it("reports a failed read of the associations in errors, beside the rest of the estate", async () => {
    const before = await topology();
    await h.control("POST", "/_dxmap/faults", {
      operation: "DescribeDirectConnectGatewayAssociations",
      account: "workload",
      errorRate: 1,
    });
    // Without a cache and without a last good read to stand in for the failed one.
    clearCache();
    const t = await topology();
    await h.control("DELETE", "/_dxmap/faults");
    expect(t.errors).toEqual([
      {
        account: "workload",
        region: "global",
        message: expect.stringMatching(
          /^DescribeDirectConnectGatewayAssociations failed: DirectConnectServerException/,
        ),
      },
    ]);
    // Nothing else is lost: the map, and the associations network reads (its own, none of workload's).
    expect(t.virtualInterfaces.length).toBe(before.virtualInterfaces.length);
    expect(t.directConnectGateways.length).toBe(before.directConnectGateways.length);
    expect(t.directConnectGatewayAssociations.map((a) => a.associatedGatewayOwnerAccount)).toEqual([
      NETWORK.accountId,
      NETWORK.accountId,
      NETWORK.accountId,
    ]);
  });

  it("keeps an account's last associations on the map when a read of them fails, saying when they were read", async () => {
    // Without the cache, every read makes its calls: the fault below is met at once.
    Object.assign(process.env, { DX_CACHE_TTL_MS: "0" });
    reloadDxConfig();
    const before = await topology();
    await h.control("POST", "/_dxmap/faults", {
      operation: "DescribeDirectConnectGatewayAssociations",
      account: "workload",
      errorRate: 1,
    });
    const t = await topology();
    await h.control("DELETE", "/_dxmap/faults");
    Object.assign(process.env, { DX_CACHE_TTL_MS: "2000" });
    reloadDxConfig();
    expect(t.errors).toEqual([
      expect.objectContaining({
        account: "workload",
        region: "global",
        keptFrom: expect.any(String),
      }),
    ]);
    expect(t.directConnectGatewayAssociations).toEqual(before.directConnectGatewayAssociations);
  });
});
