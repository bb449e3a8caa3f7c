/**
 * Every route against the real emulator over HTTP (no SDK mocks): success, validation failures (no AWS
 * call made), AWS's refusals surfaced with its message and request id, a failing region beside working
 * ones, throttling past the retries as a 429, the backend down as a 503, coalescing and the cache.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { GET as getConfig } from "@/app/api/config/route";
import { POST as confirmConnection } from "@/app/api/connections/[id]/confirm/route";
import { POST as declineConnection } from "@/app/api/connections/[id]/decline/route";
import { DELETE as deletePeer } from "@/app/api/bgp-peers/[bgpPeerId]/route";
import { POST as createPeer } from "@/app/api/bgp-peers/route";
import { POST as confirmVif } from "@/app/api/virtual-interfaces/[id]/confirm/route";
import { DELETE as deleteVif } from "@/app/api/virtual-interfaces/[id]/route";
import { POST as createVif } from "@/app/api/virtual-interfaces/route";
import { GET as getTopology } from "@/app/api/topology/route";
import { GET as getAttachments } from "@/app/api/direct-connect-gateways/[id]/attachments/route";
import { GET as getGatewayAssociations } from "@/app/api/direct-connect-gateways/[id]/associations/route";
import { GET as getAccountAssociations } from "@/app/api/direct-connect-gateways/associations/route";
import { clearCache } from "@/lib/aws/cache";
import { describeTopology } from "@/lib/aws/topology";
import { reloadDxConfig } from "@/lib/server/config";
import {
  applyTopologyChanges,
  TOPOLOGY_CHANGES_IM,
  type DxTopologyChanges,
} from "@/lib/dx/topology-changes";
import type {
  DxApiErrorBody,
  DxConnection,
  DxGatewayAssociations,
  DxGatewayAttachments,
  DxMutationResult,
  DxTopology,
  DxVirtualInterface,
} from "@/lib/dx/types";

import { apiRequest, json, params, startApiHarness, type ApiHarness } from "./harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control("POST", "/_dxmap/reset", {});
  h.useEndpoint(h.url);
});

const topology = async (query = "") =>
  json<DxTopology>(await getTopology(apiRequest("GET", `/api/topology${query}`), params({})));
const vifNamed = (t: DxTopology, name: string, region = "us-east-1") => {
  const vif = t.virtualInterfaces.find((v) => v.name === name && v.region === region);
  if (!vif) throw new Error(`no ${name} in ${region}`);
  return vif;
};
type Err = DxApiErrorBody;
type Mut = DxMutationResult<DxVirtualInterface>;

/** Asserts no secret (auth key, secret access key) appears in a response body. */
function expectNoSecrets(body: unknown) {
  const text = JSON.stringify(body);
  for (const secret of h.secrets()) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/authKey"|customerRouterConfig|secretAccessKey/);
}

describe("GET /api/topology", () => {
  it("reads every resource of both accounts in both regions, each with its account and region", async () => {
    const { status, body, headers } = await topology();
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(body.errors).toEqual([]);
    expect(body.accounts.map((a) => a.alias)).toEqual(["network", "workload"]);
    expect(body.regions).toEqual(["us-east-1", "eu-west-1"]);
    for (const list of [
      body.connections,
      body.lags,
      body.virtualInterfaces,
      body.virtualGateways,
    ]) {
      expect(new Set(list.map((r) => `${r.account}/${r.region}`)).size).toBeGreaterThan(1);
    }
    expect(body.lags[0]?.memberIds).toHaveLength(2);
    expect(body.directConnectGateways.map((g) => g.name).sort()).toEqual([
      "degraded-dxgw",
      "dev-test-dxgw",
      "network-core-dxgw",
      "network-transit-dxgw",
      "resilience-high-dxgw",
      "resilience-max-dxgw",
      "trap-dxgw",
      "workload-dxgw",
      "workload-transit-dxgw",
    ]);
    // Attachments and associations are read per gateway where they are shown (/api/direct-connect-gateways/…).
    expect(body).not.toHaveProperty("gatewayAttachments");
    expect(body).not.toHaveProperty("gatewayAssociations");
    expect(body.locations.map((l) => l.code)).toContain("EqDC2");
    // An allocated interface is listed once, as its owner sees it, with both accounts noted.
    const app = vifNamed(body, "workload-app");
    expect(app.state).toBe("confirming");
    expect(app.ownerAlias).toBe("workload");
    expect(app.visibleTo).toEqual(["network", "workload"]);
    expect(Number.isNaN(Date.parse(body.readAt))).toBe(false);
    expectNoSecrets(body);
  });

  it("reads only the chosen accounts and regions, and names the allowed values for others", async () => {
    const { body } = await topology("?accounts=workload&regions=eu-west-1");
    expect(new Set(body.virtualInterfaces.map((v) => `${v.account}/${v.region}`))).toEqual(
      new Set(["workload/eu-west-1"]),
    );
    const bad = await json<Err>(
      await getTopology(
        apiRequest("GET", "/api/topology?accounts=prod&regions=mars-east-1"),
        params({}),
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
    expect(bad.body.error.fieldErrors?.accounts?.[0]).toBe(
      "Unknown account prod. Allowed: network, workload.",
    );
    expect(bad.body.error.fieldErrors?.regions?.[0]).toMatch(
      /Unknown region mars-east-1\. Allowed: us-east-1, eu-west-1\./,
    );
  });

  it("reports a failing region beside the data of the others", async () => {
    await h.control("POST", "/_dxmap/faults", { region: "eu-west-1", errorRate: 1 });
    const { status, body } = await topology();
    expect(status).toBe(200);
    expect(body.errors.length).toBeGreaterThan(0);
    expect(body.errors.every((e) => e.region === "eu-west-1")).toBe(true);
    expect(body.errors[0]?.message).toMatch(/DirectConnectServerException/);
    expect(body.virtualInterfaces.some((v) => v.region === "us-east-1")).toBe(true);
    expect(body.virtualInterfaces.some((v) => v.region === "eu-west-1")).toBe(false);
  });

  it("keeps a failing region's last data on the map, saying when it was read, rather than dropping it", async () => {
    // Without the cache, every read makes its calls: the fault below is met at once.
    Object.assign(process.env, { DX_CACHE_TTL_MS: "0" });
    reloadDxConfig();
    try {
      const before = (await topology()).body;
      const euVifs = before.virtualInterfaces.filter((v) => v.region === "eu-west-1");
      expect(euVifs.length).toBeGreaterThan(0);
      await h.control("POST", "/_dxmap/faults", { region: "eu-west-1", errorRate: 1 });
      const { status, body } = await topology();
      expect(status).toBe(200);
      expect(body.errors.length).toBeGreaterThan(0);
      // Every failed call has its last good read standing in, named by its time.
      for (const e of body.errors) {
        expect(e.region === "eu-west-1" || e.region === "global").toBe(true);
        expect(Date.parse(e.keptFrom ?? "")).toBeLessThanOrEqual(Date.parse(body.readAt));
      }
      expect(
        body.virtualInterfaces
          .filter((v) => v.region === "eu-west-1")
          .map((v) => v.id)
          .sort(),
      ).toEqual(euVifs.map((v) => v.id).sort());
      // The read time is the fresh data's: us-east-1 was read now.
      expect(Date.parse(body.readAt)).toBeGreaterThan(Date.parse(before.readAt));
    } finally {
      Object.assign(process.env, { DX_CACHE_TTL_MS: "2000" });
      reloadDxConfig();
    }
  });

  it("makes one upstream DescribeVirtualInterfaces per account and region for 20 identical concurrent reads", async () => {
    await h.control("DELETE", "/_dxmap/calls");
    const reads = await Promise.all(Array.from({ length: 20 }, () => topology()));
    expect(reads.every((r) => r.status === 200)).toBe(true);
    expect(await h.calls("DescribeVirtualInterfaces")).toBe(4);
    // Served from the short cache afterwards, with the time of the original read.
    const again = await topology();
    expect(await h.calls("DescribeVirtualInterfaces")).toBe(4);
    expect(again.body.readAt).toBe(reads[0]!.body.readAt);
  });

  it("reads the estate again on every read without a cache, but AWS's list of locations only hourly", async () => {
    process.env.DX_CACHE_TTL_MS = "0";
    reloadDxConfig();
    clearCache();
    await h.control("DELETE", "/_dxmap/calls");
    const first = await topology();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const secondStarted = Date.now();
    const second = await topology();
    expect(await h.calls("DescribeVirtualInterfaces")).toBe(8);
    expect(await h.calls("DescribeConnections")).toBe(8);
    expect(await h.calls("DescribeLocations")).toBe(4);
    expect(second.body.locations).toEqual(first.body.locations);
    expect(second.body.locations.length).toBeGreaterThan(0);
    // The read time is the estate's, not the kept locations'.
    expect(Date.parse(second.body.readAt)).toBeGreaterThanOrEqual(secondStarted);
  });

  it("reads the same estate again without building it again, and a changed one anew", async () => {
    // Without a cache every read makes its calls; answers whose bytes did not change are not decoded
    // again (lib/aws/same-answer.ts), so the topology keeps its lists and only its read time moves.
    process.env.DX_CACHE_TTL_MS = "0";
    reloadDxConfig();
    clearCache();
    const first = await describeTopology();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await describeTopology();
    expect(second.virtualInterfaces).toBe(first.virtualInterfaces);
    expect(second.connections).toBe(first.connections);
    expect(Date.parse(second.readAt)).toBeGreaterThan(Date.parse(first.readAt));

    const prod = vifNamed(first, "prod-private");
    await h.control("POST", "/_dxmap/bgp", { virtualInterfaceId: prod.id, status: "down" });
    const changed = await describeTopology();
    expect(changed.virtualInterfaces).not.toBe(first.virtualInterfaces);
    expect(vifNamed(changed, "prod-private").bgpPeers.every((p) => p.bgpStatus === "down")).toBe(
      true,
    );
    expect(changed.connections).toEqual(first.connections);
  });

  it("has a version a poll names to get a 304 while the estate is unchanged, and a new one when it changes", async () => {
    const first = await topology();
    const version = first.body.version!;
    expect(version).toMatch(/^[\w-]{20,}$/);
    expect(first.headers.get("etag")).toBe(`"${version}"`);
    const get = (ifNoneMatch: string) =>
      getTopology(
        apiRequest("GET", "/api/topology", undefined, { "if-none-match": ifNoneMatch }),
        params({}),
      );

    const cached = await get(`"${version}"`);
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");
    expect(cached.headers.get("x-dx-read-at")).toBe(first.body.readAt);

    // Read again from the emulator: the same estate has the same version, with the new read time.
    await new Promise((resolve) => setTimeout(resolve, 5));
    clearCache();
    const reread = await get(`W/"${version}", "something-else"`);
    expect(reread.status).toBe(304);
    expect(Date.parse(reread.headers.get("x-dx-read-at")!)).toBeGreaterThan(
      Date.parse(first.body.readAt),
    );

    // A BGP session goes down: a new version, and the whole answer.
    const prod = vifNamed(first.body, "prod-private");
    await h.control("POST", "/_dxmap/bgp", { virtualInterfaceId: prod.id, status: "down" });
    clearCache();
    const changed = await json<DxTopology>(await get(`"${version}"`));
    expect(changed.status).toBe(200);
    expect(changed.body.version).not.toBe(version);
    expect(changed.headers.get("etag")).toBe(`"${changed.body.version}"`);
    expect(
      vifNamed(changed.body, "prod-private").bgpPeers.every((p) => p.bgpStatus === "down"),
    ).toBe(true);
  });

  it("sends only what changed (226) to a poll that names a recent version and takes changes", async () => {
    const first = await topology();
    const version = first.body.version!;
    const poll = (ifNoneMatch: string, aIm?: string) =>
      getTopology(
        apiRequest("GET", "/api/topology", undefined, {
          "if-none-match": ifNoneMatch,
          ...(aIm ? { "a-im": aIm } : {}),
        }),
        params({}),
      );

    // Unchanged: still a 304, changes or not.
    expect((await poll(`"${version}"`, TOPOLOGY_CHANGES_IM)).status).toBe(304);

    // A BGP session goes down: the interface that carries it, and nothing else.
    const prod = vifNamed(first.body, "prod-private");
    await h.control("POST", "/_dxmap/bgp", { virtualInterfaceId: prod.id, status: "down" });
    clearCache();
    const answer = await poll(`"${version}"`, `${TOPOLOGY_CHANGES_IM}, vcdiff`);
    expect(answer.status).toBe(226);
    expect(answer.headers.get("im")).toBe(TOPOLOGY_CHANGES_IM);
    const delta = (await answer.json()) as DxTopologyChanges;
    expect(delta.base).toBe(version);
    expect(answer.headers.get("etag")).toBe(`"${delta.version}"`);
    expect(Object.keys(delta.changes)).toEqual(["virtualInterfaces"]);
    const at = (delta.changes.virtualInterfaces as { at: [number, DxVirtualInterface][] }).at;
    expect(at.map(([, v]) => v.id)).toEqual([prod.id]);
    expectNoSecrets(delta);

    // Applied to the version the poll had, the changes make exactly the whole answer (read again or
    // not: the read time aside).
    const whole = await topology();
    expect(whole.status).toBe(200);
    expect({ ...applyTopologyChanges(first.body, delta), readAt: whole.body.readAt }).toEqual(
      whole.body,
    );

    // Without A-IM, or naming a version the server does not know: the whole answer.
    expect((await poll(`"${version}"`)).status).toBe(200);
    expect((await poll(`"not-a-version"`, TOPOLOGY_CHANGES_IM)).status).toBe(200);
  });

  it("is a 503 naming the cause when the backend is down", async () => {
    h.useEndpoint("http://127.0.0.1:9");
    const { status, body } = await json<Err>(
      await getTopology(apiRequest("GET", "/api/topology"), params({})),
    );
    expect(status).toBe(503);
    expect(body.error.code).toBe("backend_unavailable");
    // The cause, not the endpoint: the server's log names that (test/api/upstream-errors.test.ts).
    expect(body.error.message).toBe(
      "The Direct Connect backend cannot be reached (ECONNREFUSED). The server's log names the endpoint.",
    );
  });
});

describe("GET /api/direct-connect-gateways/…: attachments and associations, read where they are shown", () => {
  const attachments = async (id: string, query: string) =>
    json<DxGatewayAttachments & Err>(
      await getAttachments(
        apiRequest("GET", `/api/direct-connect-gateways/${id}/attachments${query}`),
        params({ id }),
      ),
    );
  const gatewayNamed = (t: DxTopology, name: string) =>
    t.directConnectGateways.find((g) => g.name === name)!;

  it("lists the interfaces attached to a gateway, read as its owner, with each attachment's state", async () => {
    const t = (await topology()).body;
    await h.control("DELETE", "/_dxmap/calls");
    const core = gatewayNamed(t, "network-core-dxgw");
    const { status, body, headers } = await attachments(core.id, "?account=network");
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    const names = new Map(t.virtualInterfaces.map((v) => [v.id, `${v.name}/${v.region}`]));
    expect(
      body.attachments.map((a) => `${names.get(a.virtualInterfaceId)} ${a.state}`).sort(),
    ).toEqual(["backup-private/eu-west-1 attached", "backup-private/us-east-1 attached"]);
    expect(
      body.attachments.every(
        (a) =>
          a.directConnectGatewayId === core.id && a.virtualInterfaceOwnerAccount === "111111111111",
      ),
    ).toBe(true);
    expect(Number.isNaN(Date.parse(body.readAt))).toBe(false);
    expect(await h.calls("DescribeDirectConnectGatewayAttachments")).toBe(1);
    // Another account sees only attachments of its own interfaces: none here.
    expect((await attachments(core.id, "?account=workload")).body.attachments).toEqual([]);
  });

  it("reads attachments only where shown, and associations once per account with every poll", async () => {
    await h.control("DELETE", "/_dxmap/calls");
    await topology();
    expect(await h.calls("DescribeDirectConnectGateways")).toBe(2);
    expect(await h.calls("DescribeDirectConnectGatewayAttachments")).toBe(0);
    // One list per account, not one call per gateway: the map draws the associated gateways.
    expect(await h.calls("DescribeDirectConnectGatewayAssociations")).toBe(2);
  });

  it("lists one gateway's associations, and every gateway's of an account for the forms", async () => {
    const t = (await topology()).body;
    await h.control("DELETE", "/_dxmap/calls");
    const transit = gatewayNamed(t, "network-transit-dxgw");
    const one = await json<DxGatewayAssociations & Err>(
      await getGatewayAssociations(
        apiRequest(
          "GET",
          `/api/direct-connect-gateways/${transit.id}/associations?account=network`,
        ),
        params({ id: transit.id }),
      ),
    );
    expect(one.status).toBe(200);
    expect(
      one.body.associations.map(
        (a) => `${a.associatedGatewayType} ${a.associatedGatewayRegion} ${a.state}`,
      ),
    ).toEqual(["transitGateway us-east-1 associated"]);
    expect(one.body.associations[0]!.associatedGatewayId).toMatch(/^tgw-/);
    // Out of the account's list the topology read a moment ago (cached): no call of its own.
    expect(await h.calls("DescribeDirectConnectGatewayAssociations")).toBe(0);

    const all = await json<DxGatewayAssociations & Err>(
      await getAccountAssociations(
        apiRequest("GET", "/api/direct-connect-gateways/associations?account=network"),
        params({}),
      ),
    );
    expect(all.status).toBe(200);
    const names = new Map(t.directConnectGateways.map((g) => [g.id, g.name]));
    expect(
      all.body.associations
        .map((a) => `${names.get(a.directConnectGatewayId)} ${a.associatedGatewayType}`)
        .sort(),
    ).toEqual([
      "network-core-dxgw virtualPrivateGateway",
      "network-core-dxgw virtualPrivateGateway",
      "network-transit-dxgw transitGateway",
    ]);
    // The same list again, and the account's gateways, which the topology read too.
    expect(await h.calls("DescribeDirectConnectGatewayAssociations")).toBe(0);
    clearCache();
    await getAccountAssociations(
      apiRequest("GET", "/api/direct-connect-gateways/associations?account=network"),
      params({}),
    );
    expect(await h.calls("DescribeDirectConnectGatewayAssociations")).toBe(1);

    const noAccount = await json<Err>(
      await getAccountAssociations(
        apiRequest("GET", "/api/direct-connect-gateways/associations"),
        params({}),
      ),
    );
    expect(noAccount.status).toBe(400);
    expect(noAccount.body.error.fieldErrors?.account).toEqual([
      "Name the account to read them as (account=alias).",
    ]);
  });

  it("shows a new interface's attachment once it is created, not the cached list from before", async () => {
    const t = (await topology()).body;
    const core = gatewayNamed(t, "network-core-dxgw");
    expect((await attachments(core.id, "?account=network")).body.attachments).toHaveLength(2);
    const primary = t.connections.find((c) => c.name === "dx-eqdc2-primary")!;
    const created = await json<Mut>(
      await createVif(
        apiRequest("POST", "/api/virtual-interfaces", {
          account: "network",
          region: "us-east-1",
          connectionId: primary.id,
          type: "private",
          name: "to-core",
          vlan: 905,
          asn: 65100,
          directConnectGatewayId: core.id,
        }),
        params({}),
      ),
    );
    expect(created.status).toBe(200);
    const after = (await attachments(core.id, "?account=network")).body.attachments;
    expect(after).toHaveLength(3);
    expect(after.find((a) => a.virtualInterfaceId === created.body.resource.id)?.state).toMatch(
      /^(attaching|attached)$/,
    );
  });

  it("refuses a malformed gateway id, a missing or unknown account, before any call", async () => {
    const core = gatewayNamed((await topology()).body, "network-core-dxgw");
    await h.control("DELETE", "/_dxmap/calls");
    const badId = await attachments("dxgw-1", "?account=network");
    expect(badId.status).toBe(400);
    expect(badId.body.error.fieldErrors?.id).toEqual(["A Direct Connect gateway id is a UUID."]);
    const noAccount = await attachments(core.id, "");
    expect(noAccount.status).toBe(400);
    expect(noAccount.body.error.fieldErrors?.account).toEqual([
      "Name the account to read them as (account=alias).",
    ]);
    const unknown = await attachments(core.id, "?account=finance");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fieldErrors?.account).toEqual([
      "Unknown account finance. Allowed: network, workload.",
    ]);
    expect((await h.control<{ total: number }>("GET", "/_dxmap/calls")).body.total).toBe(0);
  });

  it("is a 503 naming the cause when the backend is down", async () => {
    const core = gatewayNamed((await topology()).body, "network-core-dxgw");
    h.useEndpoint("http://127.0.0.1:9");
    clearCache();
    const { status, body } = await attachments(core.id, "?account=network");
    expect(status).toBe(503);
    // The cause, not the endpoint: the server's log names that (test/api/upstream-errors.test.ts).
    expect(body.error.message).toBe(
      "The Direct Connect backend cannot be reached (ECONNREFUSED). The server's log names the endpoint.",
    );
  });
});

describe("GET /api/config", () => {
  it("names the accounts, regions and the user's rights, and no credential", async () => {
    const { status, body } = await json(
      await getConfig(apiRequest("GET", "/api/config"), params({})),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      backend: "emulator",
      regions: ["us-east-1", "eu-west-1"],
      readOnly: false,
    });
    expectNoSecrets(body);
  });
});

describe("POST /api/bgp-peers", () => {
  const post = async (body: unknown) =>
    json<Mut & Err>(await createPeer(apiRequest("POST", "/api/bgp-peers", body), params({})));

  it("adds an IPv6 peer with AWS-assigned addresses, returns the interface without secrets, and audits it", async () => {
    const lag = vifNamed((await topology()).body, "lag-private");
    const { status, body } = await post({
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: lag.id,
      addressFamily: "ipv6",
      asn: 64600,
      authKey: "a-secret-key-123",
    });
    expect(status).toBe(200);
    const peer = body.resource.bgpPeers.find((p) => p.addressFamily === "ipv6")!;
    expect(peer.amazonAddress).toMatch(/\/125$/);
    expect(peer.state).toBe("pending");
    expect(peer.hasAuthKey).toBe(true);
    expect(JSON.stringify(body)).not.toContain("a-secret-key-123");
    expectNoSecrets(body);
    // The mutation dropped the cache: the next read shows the new peer at once.
    expect(vifNamed((await topology()).body, "lag-private").bgpPeers).toHaveLength(2);
    const audit = h.auditLines().at(-1)!;
    expect(audit).toMatchObject({
      account: "network",
      region: "us-east-1",
      operation: "CreateBGPPeer",
      targetId: lag.id,
      outcome: "success",
    });
    expect(audit.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((audit.parameters as Record<string, unknown>).authKey).toBe("[redacted]");
    expect(readFileSync(h.auditLog, "utf8")).not.toContain("a-secret-key-123");
  });

  it.each([
    [{ virtualInterfaceId: "vif-1" }, "virtualInterfaceId"],
    [{ addressFamily: "ipv6", amazonAddress: "2001:db8::1/125" }, "amazonAddress"],
    [{ amazonAddress: "169.254.10.1/30" }, "customerAddress"],
    [{ amazonAddress: "169.254.10.1/30", customerAddress: "169.254.11.2/30" }, "customerAddress"],
    [{ amazonAddress: "169.254.10.0/30", customerAddress: "169.254.10.2/30" }, "amazonAddress"],
    [{ asn: 0 }, "asn"],
    [{ asn: 4_294_967_295 }, "asn"],
    [{ asn: "65000" }, "asn"],
    [{ authKey: "short" }, "authKey"],
    [{ addressFamily: "ipv5" }, "addressFamily"],
    [{ account: "prod" }, "account"],
  ])("refuses %j with a field message and makes no AWS call", async (change, field) => {
    const lag = vifNamed((await topology()).body, "lag-private");
    await h.control("DELETE", "/_dxmap/calls");
    const { status, body } = await post({
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: lag.id,
      addressFamily: "ipv4",
      asn: 65000,
      ...change,
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fieldErrors ?? {})).toContain(field);
    expect(await h.calls("CreateBGPPeer")).toBe(0);
  });

  it("surfaces AWS's refusal of a second peer of one family, with its request id", async () => {
    const lag = vifNamed((await topology()).body, "lag-private");
    const { status, body } = await post({
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: lag.id,
      addressFamily: "ipv4",
      asn: 65000,
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe("aws_refused");
    expect(body.error.message).toBe(
      "The BGP peer cannot be in the same address family (IPv4/IPv6) of an existing BGP peer on the virtual interface.",
    );
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.auditLines().at(-1)).toMatchObject({
      operation: "CreateBGPPeer",
      outcome: "failure",
      errorCode: "aws_refused",
      awsRequestId: body.error.requestId,
    });
  });

  it("turns throttling that outlasts the bounded retries into a 429 with Retry-After", async () => {
    const lag = vifNamed((await topology()).body, "lag-private");
    await h.control("POST", "/_dxmap/faults", { operation: "CreateBGPPeer", throttleRate: 1 });
    await h.control("DELETE", "/_dxmap/calls");
    const res = await createPeer(
      apiRequest("POST", "/api/bgp-peers", {
        account: "network",
        region: "us-east-1",
        virtualInterfaceId: lag.id,
        addressFamily: "ipv6",
        asn: 64600,
      }),
      params({}),
    );
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(((await res.json()) as Err).error.code).toBe("throttled");
    // The SDK's standard retry, bounded: 3 attempts, then the route gives up.
    expect(await h.calls("CreateBGPPeer")).toBe(3);
  });

  it("is a 503 with AWS's own words when the service fails", async () => {
    const lag = vifNamed((await topology()).body, "lag-private");
    await h.control("POST", "/_dxmap/faults", { operation: "CreateBGPPeer", errorRate: 1 });
    const { status, body } = await post({
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: lag.id,
      addressFamily: "ipv6",
      asn: 64600,
    });
    await h.control("DELETE", "/_dxmap/faults");
    expect(status).toBe(503);
    expect(body.error.code).toBe("backend_unavailable");
    expect(body.error.message).toMatch(
      /^The Direct Connect backend failed \(DirectConnectServerException\): An internal error occurred\. Please try again later\.$/,
    );
  });

  it("is a 503 naming the cause when the backend is down", async () => {
    h.useEndpoint("http://127.0.0.1:9");
    const { status, body } = await post({
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: "dxvif-fabcdefg",
      addressFamily: "ipv6",
      asn: 64600,
    });
    expect(status).toBe(503);
    // The cause, not the endpoint: the server's log names that (test/api/upstream-errors.test.ts).
    expect(body.error.message).toBe(
      "The Direct Connect backend cannot be reached (ECONNREFUSED). The server's log names the endpoint.",
    );
  });
});

describe("DELETE /api/bgp-peers/{id}", () => {
  const del = async (id: string, body: unknown) =>
    json<Mut & Err>(
      await deletePeer(
        apiRequest("DELETE", `/api/bgp-peers/${id}`, body),
        params({ bgpPeerId: id }),
      ),
    );

  it("deletes a peer: the interface comes back with it deleting", async () => {
    const dual = vifNamed((await topology()).body, "prod-private");
    const v6 = dual.bgpPeers.find((p) => p.addressFamily === "ipv6")!;
    const { status, body } = await del(v6.id, {
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: dual.id,
    });
    expect(status).toBe(200);
    expect(body.resource.bgpPeers.find((p) => p.id === v6.id)?.state).toBe("deleting");
  });

  it("surfaces AWS's refusal of the last peer", async () => {
    const lag = vifNamed((await topology()).body, "lag-private");
    const { status, body } = await del(lag.bgpPeers[0]!.id, {
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: lag.id,
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "aws_refused",
      message: "The last BGP Peer on a Virtual Interface cannot be deleted",
    });
  });

  it("refuses a malformed peer id before any call", async () => {
    await h.control("DELETE", "/_dxmap/calls");
    const { status, body } = await del("peer-1", {
      account: "network",
      region: "us-east-1",
      virtualInterfaceId: "dxvif-fabcdefg",
    });
    expect(status).toBe(400);
    expect(body.error.fieldErrors?.bgpPeerId).toBeDefined();
    expect(await h.calls("DeleteBGPPeer")).toBe(0);
  });
});

describe("POST /api/virtual-interfaces/{id}/confirm", () => {
  const confirm = async (id: string, body: unknown) =>
    json<Mut & Err>(
      await confirmVif(
        apiRequest("POST", `/api/virtual-interfaces/${id}/confirm`, body),
        params({ id }),
      ),
    );

  it("confirms as the owner with a gateway: pending", async () => {
    const t = (await topology()).body;
    const app = vifNamed(t, "workload-app");
    const dxgw = t.directConnectGateways.find((g) => g.name === "workload-dxgw")!;
    const { status, body } = await confirm(app.id, {
      account: "workload",
      region: "us-east-1",
      directConnectGatewayId: dxgw.id,
    });
    expect(status).toBe(200);
    expect(body.resource).toMatchObject({
      id: app.id,
      state: "pending",
      directConnectGatewayId: dxgw.id,
    });
    expect(h.auditLines().at(-1)).toMatchObject({
      operation: "ConfirmVirtualInterface",
      account: "workload",
      outcome: "success",
    });
  });

  it("surfaces AWS's refusal when the wrong account confirms", async () => {
    const t = (await topology()).body;
    const app = vifNamed(t, "workload-app");
    const vgw = t.virtualGateways.find((g) => g.account === "network" && g.region === "us-east-1")!;
    const { status, body } = await confirm(app.id, {
      account: "network",
      region: "us-east-1",
      virtualGatewayId: vgw.id,
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe("aws_refused");
    expect(body.error.message).toBe(
      `Only the owner account 222222222222 of virtual interface ${app.id} can confirm it.`,
    );
  });

  it("refuses two gateways at once before any call", async () => {
    const t = (await topology()).body;
    const app = vifNamed(t, "workload-app");
    const { status, body } = await confirm(app.id, {
      account: "workload",
      region: "us-east-1",
      virtualGatewayId: "vgw-12345678",
      directConnectGatewayId: t.directConnectGateways[0]!.id,
    });
    expect(status).toBe(400);
    expect(body.error.fieldErrors?.directConnectGatewayId?.[0]).toMatch(/Choose one gateway/);
  });
});

describe("POST /api/connections/{id}/confirm and /decline (a partner's hosted connection)", () => {
  type ConnMut = DxMutationResult<DxConnection>;
  const send = async (action: "confirm" | "decline", id: string, body: unknown) =>
    json<ConnMut & Err>(
      await (action === "confirm" ? confirmConnection : declineConnection)(
        apiRequest("POST", `/api/connections/${id}/${action}`, body),
        params({ id }),
      ),
    );
  const ordered = async () =>
    (await topology()).body.connections.find((c) => c.name === "hosted-csva1-equinix")!;
  const network = { account: "network", region: "us-east-1" };

  it("accepts it: pending, audited, and the next read shows it", async () => {
    const c = await ordered();
    expect(c).toMatchObject({ state: "ordering", partnerName: "Equinix", account: "network" });
    const { status, body } = await send("confirm", c.id, network);
    expect(status).toBe(200);
    expect(body.resource).toMatchObject({
      id: c.id,
      state: "pending",
      partnerName: "Equinix",
      account: "network",
      region: "us-east-1",
    });
    expect(h.auditLines().at(-1)).toMatchObject({
      operation: "ConfirmConnection",
      account: "network",
      targetId: c.id,
      outcome: "success",
    });
    // The cached read was dropped: the map's next read has the new state.
    expect((await ordered()).state).toBe("pending");
  });

  it("once accepted, a failing read never shows it as it was before: the mutation drops the reads kept for that", async () => {
    Object.assign(process.env, { DX_CACHE_TTL_MS: "0" });
    reloadDxConfig();
    try {
      const c = await ordered();
      expect((await send("confirm", c.id, network)).status).toBe(200);
      await h.control("POST", "/_dxmap/faults", {
        account: "network",
        region: "us-east-1",
        operation: "DescribeConnections",
        errorRate: 1,
      });
      const after = (await topology()).body;
      expect(
        after.errors.find((e) => e.account === "network" && e.region === "us-east-1"),
      ).toBeDefined();
      // Not "ordering" from the read before the accept, offering Accept again: not shown at all.
      expect(after.connections.find((x) => x.id === c.id)).toBeUndefined();
    } finally {
      Object.assign(process.env, { DX_CACHE_TTL_MS: "2000" });
      reloadDxConfig();
    }
  });

  it("surfaces AWS's refusal to accept one that is not ordering, in its words", async () => {
    const primary = (await topology()).body.connections.find((c) => c.name === "dx-eqdc2-primary")!;
    const { status, body } = await send("confirm", primary.id, network);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "aws_refused",
      message: `ConfirmConnection failed. ${primary.id} is in state available`,
    });
  });

  it("declines it: rejected", async () => {
    const c = await ordered();
    const { status, body } = await send("decline", c.id, network);
    expect(status).toBe(200);
    expect(body.resource).toMatchObject({ id: c.id, state: "rejected" });
    expect(h.auditLines().at(-1)).toMatchObject({
      operation: "DeleteConnection",
      targetId: c.id,
      outcome: "success",
    });
  });

  it("never deletes a connection in use: declining one that is not ordering is refused before DeleteConnection", async () => {
    const primary = (await topology()).body.connections.find((c) => c.name === "dx-eqdc2-primary")!;
    await h.control("DELETE", "/_dxmap/calls");
    const { status, body } = await send("decline", primary.id, network);
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      `Only a hosted connection awaiting acceptance can be declined; ${primary.id} is available.`,
    );
    expect(await h.calls("DeleteConnection")).toBe(0);
    expect((await topology()).body.connections.find((c) => c.id === primary.id)!.state).toBe(
      "available",
    );
  });

  it.each([
    ["dxlag-ab12cd34", network, "id"],
    ["not-an-id", network, "id"],
    ["dxcon-ab12cd34", { account: "nobody", region: "us-east-1" }, "account"],
    ["dxcon-ab12cd34", { account: "network", region: "mars-north-1" }, "region"],
  ])("refuses %s with %j before any call (field %s)", async (id, body, field) => {
    await h.control("DELETE", "/_dxmap/calls");
    for (const action of ["confirm", "decline"] as const) {
      const res = await send(action, id, body);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.fieldErrors ?? {})).toContain(field);
    }
    expect((await h.control<{ total: number }>("GET", "/_dxmap/calls")).body.total).toBe(0);
  });

  it("surfaces AWS's refusal when another account accepts it", async () => {
    const c = await ordered();
    const { status, body } = await send("confirm", c.id, {
      account: "workload",
      region: "us-east-1",
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "aws_refused",
      message: `Could not find Connection with ID ${c.id}`,
    });
    expect((await ordered()).state).toBe("ordering");
  });
});

describe("POST /api/virtual-interfaces and DELETE /api/virtual-interfaces/{id}", () => {
  const create = async (body: unknown) =>
    json<Mut & Err>(
      await createVif(apiRequest("POST", "/api/virtual-interfaces", body), params({})),
    );

  it("creates a private interface, allocates one to workload, and deletes", async () => {
    const t = (await topology()).body;
    const primary = t.connections.find((c) => c.name === "dx-eqdc2-primary")!;
    const vgw = t.virtualGateways.find((g) => g.account === "network" && g.region === "us-east-1")!;
    const created = await create({
      account: "network",
      region: "us-east-1",
      connectionId: primary.id,
      type: "private",
      name: "api-private",
      vlan: 900,
      asn: 65100,
      virtualGatewayId: vgw.id,
    });
    expect(created.status).toBe(200);
    expect(created.body.resource).toMatchObject({
      name: "api-private",
      state: "pending",
      vlan: 900,
      ownerAlias: "network",
    });
    expectNoSecrets(created.body);

    const allocated = await create({
      account: "network",
      region: "us-east-1",
      connectionId: primary.id,
      type: "transit",
      name: "for-workload",
      vlan: 901,
      asn: 65101,
      ownerAccount: "222222222222",
    });
    expect(allocated.status).toBe(200);
    expect(allocated.body.resource).toMatchObject({
      state: "confirming",
      ownerAccount: "222222222222",
      ownerAlias: "workload",
    });

    const id = created.body.resource.id;
    const deleted = await json<Mut>(
      await deleteVif(
        apiRequest("DELETE", `/api/virtual-interfaces/${id}`, {
          account: "network",
          region: "us-east-1",
        }),
        params({ id }),
      ),
    );
    expect(deleted.status).toBe(200);
    expect(deleted.body.resource.state).toBe("deleting");
  });

  it("surfaces AWS's refusal of a duplicate VLAN", async () => {
    const t = (await topology()).body;
    const primary = t.connections.find((c) => c.name === "dx-eqdc2-primary")!;
    const vgw = t.virtualGateways.find((g) => g.account === "network" && g.region === "us-east-1")!;
    const { status, body } = await create({
      account: "network",
      region: "us-east-1",
      connectionId: primary.id,
      type: "private",
      name: "dup",
      vlan: 101,
      asn: 65100,
      virtualGatewayId: vgw.id,
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "aws_refused",
      message: `VLAN 101 is already in use on ${primary.id}. Choose a different VLAN.`,
    });
  });

  it.each([
    [{ vlan: 5000 }, "vlan"],
    [
      {
        mtu: 9001,
        type: "transit",
        directConnectGatewayId: "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01",
        virtualGatewayId: undefined,
      },
      "mtu",
    ],
    [{ type: "public", virtualGatewayId: undefined }, "amazonAddress"],
    [{ virtualGatewayId: undefined }, "virtualGatewayId"],
    [{ ownerAccount: "12345" }, "ownerAccount"],
    [{ connectionId: "fake-connection" }, "connectionId"],
  ])("refuses %j with a field message and makes no AWS call", async (change, field) => {
    await h.control("DELETE", "/_dxmap/calls");
    const { status, body } = await create({
      account: "network",
      region: "us-east-1",
      connectionId: "dxcon-fabcdefg",
      type: "private",
      name: "x",
      vlan: 902,
      asn: 65100,
      virtualGatewayId: "vgw-12345678",
      ...change,
    });
    expect(status).toBe(400);
    expect(Object.keys(body.error.fieldErrors ?? {})).toContain(field);
    const total = (await h.control<{ total: number }>("GET", "/_dxmap/calls")).body.total;
    expect(total).toBe(0);
  });

  it("refuses a body that is not JSON", async () => {
    const res = await createVif(
      apiRequest("POST", "/api/virtual-interfaces", "{not json"),
      params({}),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as Err).error.code).toBe("bad_request");
  });

  // The schemas' refinements run while other fields are wrong, and were once handed `null` as it
  // came: a 500 (found by npm run test:reliability).
  it.each([
    ["POST /api/virtual-interfaces", createVif, "/api/virtual-interfaces"],
    ["POST /api/bgp-peers", createPeer, "/api/bgp-peers"],
  ] as const)("%s refuses a JSON body that is null or not an object", async (_, handler, path) => {
    for (const text of ["null", "[]", "7", '"x"', "true"]) {
      const res = await handler(apiRequest("POST", path, text), params({}));
      expect(res.status, text).toBe(400);
      expect(((await res.json()) as Err).error.code, text).toBe("validation_failed");
    }
    const total = (await h.control<{ total: number }>("GET", "/_dxmap/calls")).body.total;
    expect(total).toBe(0);
  });
});
