/**
 * The control API under /_dxmap/, which tests and demos use to drive the emulator: health, reset to a
 * seed, moving the clock, holding BGP sessions down, injecting faults (throttling, 500s, latency) by
 * region, account or operation, and the log of AWS calls. Bad control input is refused with a 400
 * and an explanation, and changes nothing.
 */
import {
  CreateConnectionCommand,
  CreateDirectConnectGatewayCommand,
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  type DirectConnectClient,
} from "@aws-sdk/client-direct-connect";
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  NETWORK,
  refusal,
  startHarness,
  TRANSITION_MS,
  vifNamed,
  WORKLOAD,
  type Harness,
} from "./harness";

let h: Harness;
let network: DirectConnectClient;
let workload: DirectConnectClient;

beforeEach(async () => {
  h = await startHarness();
  network = h.client("network");
  workload = h.client("workload");
});
afterEach(() => h.close());

interface Health {
  status: string;
  seed: string;
  transitionMs: number;
  now: string;
  accounts: { alias: string; accountId: string }[];
}
interface CallsBody {
  total: number;
  byOperation: Record<string, number>;
  calls: {
    requestId: string;
    operation: string;
    account: string;
    region: string;
    status: number;
    errorType?: string;
  }[];
}
interface FaultRule {
  id: string;
  throttleRate?: number;
  errorRate?: number;
  latencyMs?: number;
}

const gatewayNames = async (client = network) =>
  (
    (await client.send(new DescribeDirectConnectGatewaysCommand({}))).directConnectGateways ?? []
  ).map((g) => g.directConnectGatewayName);

const connectionState = async (connectionId: string) =>
  (await network.send(new DescribeConnectionsCommand({ connectionId }))).connections?.[0]
    ?.connectionState;

const newConnection = async () =>
  network.send(
    new CreateConnectionCommand({
      location: "EqDC2",
      bandwidth: "10Gbps",
      connectionName: "control-test",
    }),
  );

/** A raw control request with any body text, for input a well-behaved client would not send. */
async function controlText(method: string, path: string, text: string) {
  const res = await fetch(`${h.url}${path}`, {
    method,
    body: text,
    headers: { "content-type": "application/json" },
  });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

describe("health", () => {
  it("reports the seed, the transition time, the emulator clock and the accounts, without their keys", async () => {
    const res = await h.control<Health>("GET", "/_dxmap/health");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", seed: "default", transitionMs: TRANSITION_MS });
    expect(Math.abs(Date.parse(res.body.now) - Date.now())).toBeLessThan(5_000);
    expect(res.body.accounts).toEqual([
      { alias: "network", accountId: NETWORK.accountId },
      { alias: "workload", accountId: WORKLOAD.accountId },
    ]);
    const text = JSON.stringify(res.body);
    for (const secret of [
      NETWORK.secretAccessKey,
      NETWORK.accessKeyId,
      WORKLOAD.secretAccessKey,
      WORKLOAD.accessKeyId,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("reset", () => {
  it("throws away changes and brings back the seed, on disk too", async () => {
    await network.send(
      new CreateDirectConnectGatewayCommand({ directConnectGatewayName: "made-before-reset" }),
    );
    expect(await gatewayNames()).toContain("made-before-reset");

    const res = await h.control("POST", "/_dxmap/reset", {});
    expect(res).toEqual({ status: 200, body: { status: "reset", seed: "default" } });
    const names = await gatewayNames();
    expect(names).not.toContain("made-before-reset");
    expect(names.sort()).toEqual([
      "dev-test-dxgw",
      "network-core-dxgw",
      "network-transit-dxgw",
      "resilience-max-dxgw",
      "trap-dxgw",
    ]);
    expect(readFileSync(h.dataFile, "utf8")).not.toContain("made-before-reset");
  });

  it("switches to the empty seed and back", async () => {
    expect((await h.control("POST", "/_dxmap/reset", { seed: "empty" })).body).toEqual({
      status: "reset",
      seed: "empty",
    });
    expect((await network.send(new DescribeConnectionsCommand({}))).connections).toEqual([]);
    expect((await h.control<Health>("GET", "/_dxmap/health")).body.seed).toBe("empty");
    await h.control("POST", "/_dxmap/reset", { seed: "default" });
    expect(
      (await network.send(new DescribeConnectionsCommand({}))).connections?.length,
    ).toBeGreaterThan(0);
  });

  it("clears injected faults and the call log", async () => {
    await h.control("POST", "/_dxmap/faults", { throttleRate: 1 });
    await refusal(network.send(new DescribeConnectionsCommand({})));
    await h.control("POST", "/_dxmap/reset", {});
    expect((await h.control<{ faults: unknown[] }>("GET", "/_dxmap/faults")).body.faults).toEqual(
      [],
    );
    expect((await h.control<CallsBody>("GET", "/_dxmap/calls")).body.total).toBe(0);
    await expect(network.send(new DescribeConnectionsCommand({}))).resolves.toBeDefined();
  });
});

describe("clock", () => {
  it("moves a new dedicated connection from requested to pending to available, one transition at a time", async () => {
    const created = await newConnection();
    expect(created.connectionState).toBe("requested");
    const id = created.connectionId!;

    await h.control("POST", "/_dxmap/clock", { advanceMs: TRANSITION_MS - 1_000 });
    expect(await connectionState(id)).toBe("requested");
    const res = await h.control<{ now: string; offsetMs: number }>("POST", "/_dxmap/clock", {
      advanceMs: 1_000,
    });
    expect(res.status).toBe(200);
    expect(res.body.offsetMs).toBe(TRANSITION_MS);
    expect(await connectionState(id)).toBe("pending");
    await h.advance();
    expect(await connectionState(id)).toBe("available");
  });

  it("moves the emulator's own time, which health reports", async () => {
    const before = Date.parse((await h.control<Health>("GET", "/_dxmap/health")).body.now);
    await h.control("POST", "/_dxmap/clock", { advanceMs: 3_600_000 });
    const after = Date.parse((await h.control<Health>("GET", "/_dxmap/health")).body.now);
    expect(after - before).toBeGreaterThanOrEqual(3_600_000);
    expect(after - before).toBeLessThan(3_600_000 + 5_000);
  });
});

describe("bgp", () => {
  it("takes a session down and up: the peer's bgpStatus and the interface's state follow", async () => {
    const vif = await vifNamed(network, "transit-core");
    expect(vif.virtualInterfaceState).toBe("available");
    expect(vif.bgpPeers?.map((p) => p.bgpStatus)).toEqual(["up"]);

    const down = await h.control("POST", "/_dxmap/bgp", {
      virtualInterfaceId: vif.virtualInterfaceId,
      status: "down",
    });
    expect(down).toEqual({
      status: 200,
      body: {
        virtualInterfaceId: vif.virtualInterfaceId,
        bgpPeerIds: [vif.bgpPeers?.[0]?.bgpPeerId],
        status: "down",
      },
    });
    const whileDown = await vifNamed(network, "transit-core");
    expect(whileDown.virtualInterfaceState).toBe("down");
    expect(whileDown.bgpPeers?.map((p) => p.bgpStatus)).toEqual(["down"]);
    expect(whileDown.bgpPeers?.map((p) => p.bgpPeerState)).toEqual(["available"]);

    await h.control("POST", "/_dxmap/bgp", {
      virtualInterfaceId: vif.virtualInterfaceId,
      status: "up",
    });
    const back = await vifNamed(network, "transit-core");
    expect(back.virtualInterfaceState).toBe("available");
    expect(back.bgpPeers?.map((p) => p.bgpStatus)).toEqual(["up"]);
  });

  it("brings up the seeded interface whose session is down", async () => {
    const vif = await vifNamed(network, "backup-private");
    expect(vif.virtualInterfaceState).toBe("down");
    await h.control("POST", "/_dxmap/bgp", {
      virtualInterfaceId: vif.virtualInterfaceId,
      status: "up",
    });
    const up = await vifNamed(network, "backup-private");
    expect(up.virtualInterfaceState).toBe("available");
    expect(up.bgpPeers?.[0]?.bgpStatus).toBe("up");
  });

  it("downs one named peer of a dual-stack interface: the other keeps the interface available", async () => {
    const vif = await vifNamed(network, "prod-private");
    const v4 = vif.bgpPeers?.find((p) => p.addressFamily === "ipv4");
    const res = await h.control("POST", "/_dxmap/bgp", {
      virtualInterfaceId: vif.virtualInterfaceId,
      bgpPeerId: v4?.bgpPeerId,
      status: "down",
    });
    expect(res.status).toBe(200);
    const after = await vifNamed(network, "prod-private");
    expect(after.virtualInterfaceState).toBe("available");
    expect(
      Object.fromEntries(after.bgpPeers?.map((p) => [p.addressFamily, p.bgpStatus]) ?? []),
    ).toEqual({ ipv4: "down", ipv6: "up" });
  });

  it("answers 404 for an interface or a peer that does not exist, and changes nothing", async () => {
    const vif = await vifNamed(network, "transit-core");
    const unknownVif = await h.control<{ error: string }>("POST", "/_dxmap/bgp", {
      virtualInterfaceId: "dxvif-fnothere",
      status: "down",
    });
    expect(unknownVif.status).toBe(404);
    expect(unknownVif.body.error).toContain("dxvif-fnothere");
    const unknownPeer = await h.control<{ error: string }>("POST", "/_dxmap/bgp", {
      virtualInterfaceId: vif.virtualInterfaceId,
      bgpPeerId: "dxpeer-fnothere",
      status: "down",
    });
    expect(unknownPeer.status).toBe(404);
    expect(unknownPeer.body.error).toContain("dxpeer-fnothere");
    expect((await vifNamed(network, "transit-core")).virtualInterfaceState).toBe("available");
  });
});

describe("faults", () => {
  it("throttles one region with AWS's ThrottlingException while the other region works", async () => {
    const added = await h.control<FaultRule>("POST", "/_dxmap/faults", {
      throttleRate: 1,
      region: "eu-west-1",
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ throttleRate: 1, region: "eu-west-1" });
    expect(added.body.id).toBeTruthy();
    expect((await h.control<{ faults: FaultRule[] }>("GET", "/_dxmap/faults")).body.faults).toEqual(
      [added.body],
    );

    const throttled = await refusal(
      h.client("network", "eu-west-1").send(new DescribeVirtualInterfacesCommand({})),
    );
    expect(throttled).toMatchObject({
      name: "ThrottlingException",
      message: "Rate exceeded",
      status: 400,
    });
    expect(throttled.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const us = await network.send(new DescribeVirtualInterfacesCommand({}));
    expect(us.virtualInterfaces?.length).toBeGreaterThan(0);
  });

  it("scopes a fault to one account, by alias or by account id", async () => {
    await h.control("POST", "/_dxmap/faults", { throttleRate: 1, account: "workload" });
    expect((await refusal(workload.send(new DescribeVirtualInterfacesCommand({})))).name).toBe(
      "ThrottlingException",
    );
    await expect(network.send(new DescribeVirtualInterfacesCommand({}))).resolves.toBeDefined();

    await h.control("DELETE", "/_dxmap/faults");
    await h.control("POST", "/_dxmap/faults", { throttleRate: 1, account: NETWORK.accountId });
    expect((await refusal(network.send(new DescribeVirtualInterfacesCommand({})))).name).toBe(
      "ThrottlingException",
    );
    await expect(workload.send(new DescribeVirtualInterfacesCommand({}))).resolves.toBeDefined();
  });

  it("fails calls with a 500 DirectConnectServerException, before they change anything", async () => {
    await h.control("POST", "/_dxmap/faults", {
      errorRate: 1,
      operation: "CreateDirectConnectGateway",
    });
    const error = await refusal(
      network.send(
        new CreateDirectConnectGatewayCommand({ directConnectGatewayName: "during-outage" }),
      ),
    );
    expect(error).toMatchObject({ name: "DirectConnectServerException", status: 500 });
    // The rule names one operation, so the describe below works, and shows the refused create made nothing.
    expect(await gatewayNames()).not.toContain("during-outage");
  });

  it("makes the SDK retry a 500: every attempt reaches the emulator", async () => {
    await h.control("POST", "/_dxmap/faults", { errorRate: 1 });
    const retrying = h.client("network", "us-east-1", { maxAttempts: 3 });
    expect((await refusal(retrying.send(new DescribeConnectionsCommand({})))).name).toBe(
      "DirectConnectServerException",
    );
    const log = await h.control<CallsBody>("GET", "/_dxmap/calls?operation=DescribeConnections");
    expect(log.body.total).toBe(3);
    expect(
      log.body.calls.every(
        (c) => c.status === 500 && c.errorType === "DirectConnectServerException",
      ),
    ).toBe(true);
  });

  it("adds latency to matching calls only", async () => {
    const latencyMs = 600;
    await h.control("POST", "/_dxmap/faults", { latencyMs, region: "us-east-1" });
    const slow = await timed(() => network.send(new DescribeVirtualInterfacesCommand({})));
    expect(slow.ms).toBeGreaterThanOrEqual(latencyMs);
    expect(slow.result.virtualInterfaces?.length).toBeGreaterThan(0);
    const fast = await timed(() =>
      h.client("network", "eu-west-1").send(new DescribeVirtualInterfacesCommand({})),
    );
    expect(fast.ms).toBeLessThan(latencyMs);
  });

  it("clears every fault", async () => {
    await h.control("POST", "/_dxmap/faults", { throttleRate: 1 });
    await h.control("POST", "/_dxmap/faults", { errorRate: 1, region: "eu-west-1" });
    expect(
      (await h.control<{ faults: FaultRule[] }>("GET", "/_dxmap/faults")).body.faults,
    ).toHaveLength(2);
    expect(await h.control("DELETE", "/_dxmap/faults")).toEqual({
      status: 200,
      body: { faults: [] },
    });
    expect((await h.control<{ faults: FaultRule[] }>("GET", "/_dxmap/faults")).body.faults).toEqual(
      [],
    );
    await expect(network.send(new DescribeVirtualInterfacesCommand({}))).resolves.toBeDefined();
    await expect(
      h.client("network", "eu-west-1").send(new DescribeVirtualInterfacesCommand({})),
    ).resolves.toBeDefined();
  });
});

describe("call log", () => {
  it("counts DescribeVirtualInterfaces per account and region, and clears", async () => {
    await h.control("DELETE", "/_dxmap/calls");
    await network.send(new DescribeVirtualInterfacesCommand({}));
    await network.send(new DescribeVirtualInterfacesCommand({}));
    await workload.send(new DescribeVirtualInterfacesCommand({}));
    await h.client("network", "eu-west-1").send(new DescribeVirtualInterfacesCommand({}));
    const connections = await network.send(new DescribeConnectionsCommand({}));

    const all = await h.control<CallsBody>("GET", "/_dxmap/calls");
    expect(all.body.total).toBe(5);
    expect(all.body.byOperation).toEqual({ DescribeVirtualInterfaces: 4, DescribeConnections: 1 });
    expect(all.body.calls.find((c) => c.operation === "DescribeConnections")?.requestId).toBe(
      connections.$metadata.requestId,
    );

    const count = async (query: string) =>
      (await h.control<CallsBody>("GET", `/_dxmap/calls?${query}`)).body;
    expect((await count("operation=DescribeVirtualInterfaces")).total).toBe(4);
    expect((await count("operation=DescribeVirtualInterfaces&account=network")).total).toBe(3);
    expect(
      (await count(`operation=DescribeVirtualInterfaces&account=${NETWORK.accountId}`)).total,
    ).toBe(3);
    expect(
      (await count("operation=DescribeVirtualInterfaces&account=network&region=us-east-1")).total,
    ).toBe(2);
    expect((await count("operation=DescribeVirtualInterfaces&region=eu-west-1")).total).toBe(1);
    const workloadCalls = await count("account=workload");
    expect(workloadCalls.total).toBe(1);
    expect(workloadCalls.calls[0]).toMatchObject({
      operation: "DescribeVirtualInterfaces",
      account: "workload",
      region: "us-east-1",
      status: 200,
    });

    expect(await h.control("DELETE", "/_dxmap/calls")).toEqual({ status: 200, body: { total: 0 } });
    expect((await count("")).total).toBe(0);
  });

  it("lists the latest `limit` calls (100 by default), and refuses a limit out of 0..10000", async () => {
    await h.control("DELETE", "/_dxmap/calls");
    for (let i = 0; i < 3; i++) await network.send(new DescribeConnectionsCommand({}));
    const two = await h.control<CallsBody>("GET", "/_dxmap/calls?limit=2");
    expect(two.body.total).toBe(3);
    expect(two.body.calls).toHaveLength(2);
    expect((await h.control<CallsBody>("GET", "/_dxmap/calls?limit=0")).body.calls).toEqual([]);
    for (const bad of ["-1", "10001", "many"])
      expect((await h.control("GET", `/_dxmap/calls?limit=${bad}`)).status).toBe(400);
  });

  it("tells each account's calls per second, peak and mean, per service, and clears them with the log", async () => {
    await h.control("DELETE", "/_dxmap/calls");
    // Three calls at once, then one a second and a half later.
    await Promise.all([0, 1, 2].map(() => network.send(new DescribeConnectionsCommand({}))));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await network.send(new DescribeConnectionsCommand({}));
    await workload.send(new DescribeConnectionsCommand({}));
    interface Rates {
      service: string;
      calls: number;
      peak: number;
      mean: number;
      accounts: { account: string; calls: number; peak: number; mean: number }[];
    }
    const rates = (await h.control<Rates>("GET", "/_dxmap/calls/rates")).body;
    expect(rates.service).toBe("directconnect");
    expect(rates.calls).toBe(5);
    const byAccount = Object.fromEntries(rates.accounts.map((a) => [a.account, a]));
    expect(byAccount.network).toMatchObject({ calls: 4, peak: 3 });
    // Three intervals over about 1.5 s.
    expect(byAccount.network!.mean).toBeGreaterThan(1.5);
    expect(byAccount.network!.mean).toBeLessThan(2.5);
    expect(byAccount.workload).toMatchObject({ calls: 1, peak: 1, mean: 0 });
    expect(rates.peak).toBe(3);
    const one = await h.control<Rates>("GET", `/_dxmap/calls/rates?account=${WORKLOAD.accountId}`);
    expect(one.body.accounts.map((a) => a.account)).toEqual(["workload"]);
    expect((await h.control<Rates>("GET", "/_dxmap/calls/rates?service=sts")).body.calls).toBe(0);
    expect((await h.control("GET", "/_dxmap/calls/rates?service=ec2")).status).toBe(400);
    await h.control("DELETE", "/_dxmap/calls");
    expect((await h.control<Rates>("GET", "/_dxmap/calls/rates")).body.calls).toBe(0);
  });

  it("records refused calls with their error type", async () => {
    await h.control("DELETE", "/_dxmap/calls");
    await refusal(network.send(new DescribeConnectionsCommand({ connectionId: "not-an-id" })));
    const log = await h.control<CallsBody>("GET", "/_dxmap/calls");
    expect(log.body.calls).toEqual([
      expect.objectContaining({
        operation: "DescribeConnections",
        status: 400,
        errorType: "DirectConnectClientException",
      }),
    ]);
  });
});

describe("bad control input", () => {
  it("refuses bad clock moves with 400 and an explanation; the clock does not move", async () => {
    const id = (await newConnection()).connectionId!;
    for (const body of [
      { advanceMs: -TRANSITION_MS },
      { advanceMs: String(TRANSITION_MS) },
      { advanceMs: 1.5 },
      {},
      { advanceMs: TRANSITION_MS, extra: true },
    ]) {
      const res = await h.control<{ error: string }>("POST", "/_dxmap/clock", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(/advanceMs|extra|Unrecognized/i);
    }
    const notJson = await controlText("POST", "/_dxmap/clock", "advanceMs=60000");
    expect(notJson).toEqual({ status: 400, body: { error: "Body must be JSON" } });
    expect(await connectionState(id)).toBe("requested");
    // The same connection moves with a good request: the refusals above were what held it.
    await h.advance();
    expect(await connectionState(id)).toBe("pending");
  });

  it("refuses bad fault rules; none is added and calls keep working", async () => {
    for (const body of [
      { throttleRate: 2 },
      { errorRate: -0.5 },
      { latencyMs: "100" },
      {},
      { region: "eu-west-1" },
      { throttleRate: 1, regoin: "eu-west-1" },
      { throttleRate: 1, account: "netwrk" },
      { errorRate: 1, operation: "DescribeConnection" },
    ]) {
      const res = await h.control<{ error: string }>("POST", "/_dxmap/faults", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.length).toBeGreaterThan(0);
    }
    expect((await h.control<{ faults: FaultRule[] }>("GET", "/_dxmap/faults")).body.faults).toEqual(
      [],
    );
    await expect(network.send(new DescribeVirtualInterfacesCommand({}))).resolves.toBeDefined();
  });

  it("refuses a bad BGP status and an unknown seed; the session and the estate stay as they were", async () => {
    const vif = await vifNamed(network, "transit-core");
    const bgp = await h.control<{ error: string }>("POST", "/_dxmap/bgp", {
      virtualInterfaceId: vif.virtualInterfaceId,
      status: "sideways",
    });
    expect(bgp.status).toBe(400);
    expect(bgp.body.error).toContain("status");
    expect((await vifNamed(network, "transit-core")).virtualInterfaceState).toBe("available");

    await network.send(
      new CreateDirectConnectGatewayCommand({ directConnectGatewayName: "survives-bad-reset" }),
    );
    const reset = await h.control<{ error: string }>("POST", "/_dxmap/reset", {
      seed: "no-such-seed",
    });
    expect(reset.status).toBe(400);
    expect(reset.body.error).toContain("seed");
    expect(await gatewayNames()).toContain("survives-bad-reset");
  });

  it("answers 404 for an unknown path or a method a path does not take", async () => {
    for (const [method, path] of [
      ["GET", "/_dxmap/nothing-here"],
      ["GET", "/_dxmap/reset"],
      ["DELETE", "/_dxmap/health"],
      ["POST", "/_dxmap/calls"],
    ] as const) {
      const res = await h.control<{ error: string }>(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error).toContain(path);
    }
  });
});
