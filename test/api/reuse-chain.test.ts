/**
 * The reuse chain end to end (docs/architecture.md): GET /api/topology through the real route, the
 * real SDK clients and the emulator over HTTP. A read of an estate that did not change makes its
 * upstream calls (the cache is off here) but decodes no answer, maps no resource and encodes no
 * JSON: each layer sees by identity that its input is what it had, and hands on what it made last
 * time. The read itself hands on its last objects for what a changed answer did not change, so a
 * stray copy of the SDK's output costs a comparison, not the layers after it.
 */
import {
  DescribeVirtualInterfacesCommand,
  type DirectConnectClient,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from "@aws-sdk/client-direct-connect";
import type { InitializeMiddleware } from "@smithy/types";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { GET as getTopology } from "@/app/api/topology/route";
import { clearCache } from "@/lib/aws/cache";
import { getDirectConnectClient, resetClients } from "@/lib/aws/clients";
import type * as ToDto from "@/lib/aws/to-dto";
import { describeTopology } from "@/lib/aws/topology";
import type { DxTopology } from "@/lib/dx/types";
import { getDxConfig } from "@/lib/server/config";

import { apiRequest, params, startApiHarness, type ApiHarness } from "./harness";

/** The region of every interface the read maps from an answer (the real mapping, counted). */
const mapped = vi.hoisted(() => ({ regions: [] as string[] }));
vi.mock("@/lib/aws/to-dto", async (importOriginal) => {
  const actual = await importOriginal<typeof ToDto>();
  return {
    ...actual,
    toVirtualInterface: (...args: Parameters<typeof actual.toVirtualInterface>) => {
      mapped.regions.push(args[1].region);
      return actual.toVirtualInterface(...args);
    },
  };
});

let h: ApiHarness;
beforeAll(async () => {
  // No read cache: every read reaches the emulator, so what is measured is the rest of the chain.
  h = await startApiHarness({ DX_CACHE_TTL_MS: "0" });
});
afterAll(() => h.close());
beforeEach(async () => {
  // A generated estate: 50 interfaces with 100 peers, enough bytes for the work to show.
  expect((await h.control("POST", "/_dxmap/reset", { seed: "S" })).status).toBe(200);
  resetClients();
  clearCache();
});
afterEach(() => vi.restoreAllMocks());

/** Characters through JSON.parse (decoding) and out of JSON.stringify (encoding) while `work` runs. */
async function jsonWork<T>(work: () => Promise<T>) {
  const { parse, stringify } = JSON;
  const counts = { parsed: 0, stringified: 0 };
  vi.spyOn(JSON, "parse").mockImplementation((text: string, reviver?) => {
    counts.parsed += text.length;
    return parse(text, reviver);
  });
  vi.spyOn(JSON, "stringify").mockImplementation(((value: unknown, ...rest: never[]) => {
    const json = stringify(value, ...rest) as string | undefined;
    counts.stringified += json?.length ?? 0;
    return json;
  }) as typeof JSON.stringify);
  try {
    return { result: await work(), ...counts };
  } finally {
    vi.restoreAllMocks();
  }
}

const readTopology = (headers: Record<string, string> = {}) =>
  getTopology(apiRequest("GET", "/api/topology", undefined, headers), params({}));

async function callsMade(work: () => Promise<unknown>) {
  await h.control("DELETE", "/_dxmap/calls");
  await work();
  const res = await h.control<{ total: number }>("GET", "/_dxmap/calls");
  return res.body.total;
}

describe("a read of an unchanged estate", () => {
  it("makes its calls, but decodes, maps and encodes nothing: the same lists, the same bytes", async () => {
    const cold = await jsonWork(async () => {
      const res = await readTopology();
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
    });
    expect(cold.result.status).toBe(200);
    const coldTopology = JSON.parse(cold.result.body.toString()) as DxTopology;
    expect(coldTopology.virtualInterfaces.length).toBe(50);
    // The cold read did the work this test looks for: megabytes at L, tens of KB here.
    expect(cold.parsed).toBeGreaterThan(20_000);
    expect(cold.stringified).toBeGreaterThan(20_000);

    let warm!: Awaited<ReturnType<typeof jsonWork<{ status: number; body: Buffer }>>>;
    const calls = await callsMade(async () => {
      warm = await jsonWork(async () => {
        const res = await readTopology();
        return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
      });
    });
    expect(calls).toBeGreaterThan(0);
    expect(warm.result.status).toBe(200);
    // Decoding: only the SDK's parse of an empty object per unchanged answer, and the emulator's
    // own parse of each (tiny) request body. Encoding: only the new read time.
    expect(warm.parsed).toBeLessThan(cold.parsed / 20);
    expect(warm.stringified).toBeLessThan(200);
    const warmTopology = JSON.parse(warm.result.body.toString()) as DxTopology;
    expect(warmTopology.version).toBe(coldTopology.version);
    expect({ ...warmTopology, readAt: "" }).toEqual({ ...coldTopology, readAt: "" });
  });

  it("is the same objects as the last read, with a new read time", async () => {
    const first = await describeTopology();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await describeTopology();
    expect(second.virtualInterfaces).toBe(first.virtualInterfaces);
    expect(second.connections).toBe(first.connections);
    expect(second.directConnectGateways).toBe(first.directConnectGateways);
    expect(second.readAt >= first.readAt).toBe(true);
  });

  it("is answered 304 to a poll that names its version, with nothing encoded", async () => {
    const first = await readTopology();
    const etag = first.headers.get("etag")!;
    const poll = await jsonWork(() => readTopology({ "if-none-match": etag }));
    expect(poll.result.status).toBe(304);
    expect(poll.stringified).toBeLessThan(200);
  });

  it("after a change, decodes and encodes again: the measures above see the work", async () => {
    await readTopology();
    const vif = (await describeTopology()).virtualInterfaces[0]!;
    expect(
      (await h.control("POST", "/_dxmap/bgp", { virtualInterfaceId: vif.id, status: "down" }))
        .status,
    ).toBe(200);
    const changed = await jsonWork(() => readTopology().then((res) => res.arrayBuffer()));
    expect(changed.parsed).toBeGreaterThan(20_000);
    expect(changed.stringified).toBeGreaterThan(20_000);
  });

  it("a stray copy of the SDK's output costs a comparison, not the answers", async () => {
    // What a well-meant `structuredClone` in lib/aws would do: the bytes are still the same, but the
    // lists are new objects, so the topology is mapped again on every read. The read then finds each
    // resource equal to the one it had, and hands that one on: nothing after it is done again.
    const copy: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
      (next) => async (args) => {
        const result = await next(args);
        return { ...result, output: structuredClone(result.output) };
      };
    const config = getDxConfig();
    for (const account of config.accounts)
      for (const region of config.regions) {
        const client: DirectConnectClient = getDirectConnectClient(account, region);
        client.middlewareStack.add(copy, { step: "initialize", name: "strayCopy" });
      }
    const cold = await jsonWork(() => readTopology().then((res) => res.arrayBuffer()));
    expect(cold.stringified).toBeGreaterThan(20_000);
    const first = await describeTopology();
    // The answer's frame is encoded again (its topology is a new object), none of its resources.
    const warm = await jsonWork(() => readTopology().then((res) => res.arrayBuffer()));
    expect(warm.stringified).toBeLessThan(cold.stringified / 10);
    expect((await describeTopology()).virtualInterfaces).toBe(first.virtualInterfaces);
  });
});

describe("a read after a change", () => {
  it("hands on the last read's objects for everything but what changed", async () => {
    const first = await describeTopology();
    const [changed, ...others] = first.virtualInterfaces;
    expect(
      (await h.control("POST", "/_dxmap/bgp", { virtualInterfaceId: changed!.id, status: "down" }))
        .status,
    ).toBe(200);
    const second = await describeTopology();
    const after = new Map(second.virtualInterfaces.map((v) => [v.id, v]));
    // The changed interface is new, and says so; every other resource is the object it was.
    expect(after.get(changed!.id)).not.toBe(changed);
    expect(after.get(changed!.id)!.bgpPeers.some((p) => p.bgpStatus === "down")).toBe(true);
    expect(others.every((v) => after.get(v.id) === v)).toBe(true);
    expect(second.connections).toBe(first.connections);
    expect(second.directConnectGateways).toBe(first.directConnectGateways);
  });
});

describe("an account's regions read together and apart", () => {
  it("are the same objects: a region is mapped once while its answers are the same", async () => {
    // The collector reads an account's due regions together, and which are due moves with changes.
    const config = getDxConfig();
    const account = config.accounts[0]!.alias;
    const [first, second] = config.regions as [string, string];
    const alone = await describeTopology({ accounts: [account], regions: [first], global: false });
    mapped.regions.length = 0;
    const together = await describeTopology({
      accounts: [account],
      regions: [first, second],
      global: false,
    });
    expect(alone.virtualInterfaces.length).toBeGreaterThan(0);
    expect(alone.connections.length).toBeGreaterThan(0);
    expect(together.virtualInterfaces.length).toBeGreaterThan(alone.virtualInterfaces.length);
    const inTogether = new Map<string, unknown>(
      [...together.virtualInterfaces, ...together.connections].map((r) => [r.id, r]),
    );
    for (const resource of [...alone.virtualInterfaces, ...alone.connections])
      expect(inTogether.get(resource.id)).toBe(resource);
    // Not mapped again to find them equal: only the region not read before was mapped.
    expect(mapped.regions.filter((r) => r === first)).toEqual([]);
    expect(mapped.regions.filter((r) => r === second).length).toBeGreaterThan(0);
  });
});

describe("the interfaces a read keeps", () => {
  it("hold no router configuration: AWS sends one per interface, with its BGP keys", async () => {
    // What the SDK hands back (and the client keeps for the next same answer) for a listing.
    const config = getDxConfig();
    const client = getDirectConnectClient(config.accounts[0]!, config.regions[0]!);
    const raw = await client.send(new DescribeVirtualInterfacesCommand({}));
    expect(
      raw.virtualInterfaces!.some((v) => v.customerRouterConfig?.includes("bgp_auth_key")),
    ).toBe(true);
    await describeTopology();
    const kept = await client.send(new DescribeVirtualInterfacesCommand({}));
    // The same answer again: the very objects the read kept.
    expect(kept.virtualInterfaces![0]).toBe(raw.virtualInterfaces![0]);
    expect(kept.virtualInterfaces!.length).toBeGreaterThan(0);
    expect(kept.virtualInterfaces!.every((v) => v.customerRouterConfig === undefined)).toBe(true);
  });
});
