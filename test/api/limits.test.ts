/**
 * Input limits, through the real route handlers against the emulator: a body over 64 KB is a 413
 * before anything is parsed (declared with Content-Length, or chunked without one), and every string
 * and list of the schemas has a maximum; none of these refusals makes an AWS call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { POST as createPeer } from "@/app/api/bgp-peers/route";
import { GET as getTopology } from "@/app/api/topology/route";
import { POST as createVif } from "@/app/api/virtual-interfaces/route";
import type {
  DxApiErrorBody,
  DxMutationResult,
  DxTopology,
  DxVirtualInterface,
} from "@/lib/dx/types";

import { PEER_ADDRESS_HEADER } from "@/lib/server/peer-address";

import { apiRequest, json, params, startApiHarness, type ApiHarness } from "./harness";

type Err = DxApiErrorBody;

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control("POST", "/_dxmap/reset", {});
});

const awsCalls = async () =>
  (await h.control<{ total: number }>("GET", "/_dxmap/calls")).body.total;

/** A valid private interface on the seeded primary connection, as the create form sends it. */
async function validInterface() {
  const t = (
    await json<DxTopology>(await getTopology(apiRequest("GET", "/api/topology"), params({})))
  ).body;
  const primary = t.connections.find((c) => c.name === "dx-eqdc2-primary")!;
  const vgw = t.virtualGateways.find((g) => g.account === "network" && g.region === "us-east-1")!;
  await h.control("DELETE", "/_dxmap/calls");
  return {
    account: "network",
    region: "us-east-1",
    connectionId: primary.id,
    type: "private",
    name: "limits",
    vlan: 950,
    asn: 65100,
    virtualGatewayId: vgw.id,
  };
}

const KB = 1024;
/** The body, padded with a field no schema reads to `bytes` bytes of JSON. */
const padded = (body: Record<string, unknown>, bytes: number) => {
  const text = JSON.stringify({ ...body, note: "" });
  return JSON.stringify({ ...body, note: "x".repeat(bytes - text.length) });
};

const post = (body: BodyInit, headers: Record<string, string> = {}, stream = false) =>
  new Request("http://localhost:3000/api/virtual-interfaces", {
    method: "POST",
    headers: {
      host: "localhost:3000",
      origin: "http://localhost:3000",
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
      // As scripts/serve.ts marks a request from loopback: without sign-in nothing else is answered.
      [PEER_ADDRESS_HEADER]: "127.0.0.1",
      ...headers,
    },
    body,
    ...(stream ? { duplex: "half" } : {}),
  } as RequestInit);

/** A body sent in 4 KB chunks with no Content-Length, as a chunked upload arrives. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 4 * KB));
      at += 4 * KB;
    },
  });
}

describe("the request body limit (64 KB)", () => {
  it("refuses a 65 KB body that says its length, with 413 and no AWS call", async () => {
    const text = padded(await validInterface(), 65 * KB);
    const res = await createVif(post(text, { "content-length": String(text.length) }), params({}));
    const { status, body } = await json<Err>(res);
    expect(status).toBe(413);
    expect(body.error).toEqual({
      code: "payload_too_large",
      message: "The request body is over 64 KB: dxmap takes at most 65536 bytes.",
    });
    expect(await awsCalls()).toBe(0);
  });

  it("refuses a 65 KB chunked body without Content-Length, counting as it reads, with 413 and no AWS call", async () => {
    const text = padded(await validInterface(), 65 * KB);
    let pulled = 0;
    const source = chunked(text);
    const reader = source.getReader();
    const counted = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        pulled += value.byteLength;
        controller.enqueue(value);
      },
    });
    const request = post(counted, {}, true);
    expect(request.headers.get("content-length")).toBeNull();
    const { status, body } = await json<Err>(await createVif(request, params({})));
    expect(status).toBe(413);
    expect(body.error.code).toBe("payload_too_large");
    // Refused once past the limit: the rest of the body was never read.
    expect(pulled).toBeLessThanOrEqual(64 * KB + 4 * KB);
    expect(await awsCalls()).toBe(0);
  });

  it("takes a body just under the limit", async () => {
    const text = padded(await validInterface(), 63 * KB);
    const res = await json<DxMutationResult<DxVirtualInterface>>(
      await createVif(post(chunked(text), {}, true), params({})),
    );
    expect(res.status).toBe(200);
    expect(res.body.resource.name).toBe("limits");
  });
});

describe("schema maxima", () => {
  it.each([
    [
      "1001 route-filter prefixes",
      {
        type: "public",
        virtualGatewayId: undefined,
        amazonAddress: "203.0.113.1/30",
        customerAddress: "203.0.113.2/30",
        routeFilterPrefixes: Array.from(
          { length: 1001 },
          (_, i) => `198.${Math.floor(i / 250)}.${i % 250}.0/24`,
        ),
      },
      "routeFilterPrefixes",
      "At most 1000 prefixes.",
    ],
    ["a 10 KB name", { name: "n".repeat(10 * KB) }, "name", "At most 100 characters."],
    [
      "a prefix padded to 10 KB",
      {
        type: "public",
        virtualGatewayId: undefined,
        amazonAddress: "203.0.113.1/30",
        customerAddress: "203.0.113.2/30",
        routeFilterPrefixes: [`${" ".repeat(10 * KB)}198.51.100.0/24`],
      },
      "routeFilterPrefixes.0",
      "A prefix has at most 43 characters.",
    ],
    [
      "a peer address padded to 10 KB",
      {
        amazonAddress: `169.254.10.1/30${" ".repeat(10 * KB)}`,
        customerAddress: "169.254.10.2/30",
      },
      "amazonAddress",
      "An address with its prefix has at most 43 characters.",
    ],
    [
      "a gateway id padded to 10 KB",
      { virtualGatewayId: `vgw-12345678${" ".repeat(10 * KB)}` },
      "virtualGatewayId",
      "At most 64 characters.",
    ],
  ])("refuses %s with 400 and no AWS call", async (_what, change, field, message) => {
    const body = { ...(await validInterface()), ...change };
    const res = await json<Err>(
      await createVif(apiRequest("POST", "/api/virtual-interfaces", body), params({})),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.fieldErrors?.[field]).toEqual([message]);
    // The answer does not echo the oversized input back.
    expect(JSON.stringify(res.body).length).toBeLessThan(1000);
    expect(await awsCalls()).toBe(0);
  });

  it("refuses a peer's address padded to 10 KB with 400 and no AWS call", async () => {
    await h.control("DELETE", "/_dxmap/calls");
    const res = await json<Err>(
      await createPeer(
        apiRequest("POST", "/api/bgp-peers", {
          account: "network",
          region: "us-east-1",
          virtualInterfaceId: "dxvif-fabcdefg",
          addressFamily: "ipv4",
          asn: 65000,
          amazonAddress: "169.254.20.1/30",
          customerAddress: `${" ".repeat(10 * KB)}169.254.20.2/30`,
        }),
        params({}),
      ),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.fieldErrors?.customerAddress).toEqual([
      "An address with its prefix has at most 43 characters.",
    ]);
    expect(await awsCalls()).toBe(0);
  });

  it("bounds the topology's lists of accounts and regions, before any AWS call", async () => {
    await h.control("DELETE", "/_dxmap/calls");
    const accounts = Array.from({ length: 501 }, () => "network").join(",");
    const many = await json<Err>(
      await getTopology(apiRequest("GET", `/api/topology?accounts=${accounts}`), params({})),
    );
    expect(many.status).toBe(400);
    expect(many.body.error.fieldErrors?.accounts).toEqual(["At most 500 accounts."]);
    const long = await json<Err>(
      await getTopology(
        apiRequest("GET", `/api/topology?regions=us-east-1,${"a".repeat(33)}`),
        params({}),
      ),
    );
    expect(long.status).toBe(400);
    expect(long.body.error.fieldErrors?.["regions.1"]).toEqual([
      "A name in regions has at most 32 characters.",
    ]);
    expect(await awsCalls()).toBe(0);
  });
});
