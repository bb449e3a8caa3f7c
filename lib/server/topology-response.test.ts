import { gunzipSync } from "node:zlib";

import { beforeAll, describe, expect, it } from "vitest";

import {
  applyTopologyChanges,
  TOPOLOGY_CHANGES_IM,
  type DxTopologyChanges,
} from "@/lib/dx/topology-changes";
import type { DxTopology } from "@/lib/dx/types";
import { connection, topology, vif } from "@/lib/topology/fixtures";

import { markPreEncodedSupported, PRE_ENCODED_HEADER } from "./pre-encoded";
import { topologyResponse } from "./topology-response";

const get = (headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/topology", { headers });

async function whole(t: DxTopology): Promise<DxTopology> {
  const res = await topologyResponse(get(), t);
  expect(res.status).toBe(200);
  return (await res.json()) as DxTopology;
}

/** The answer to a poll that has `from` and takes changes, for the estate now `to`. */
async function poll(from: DxTopology, to: DxTopology, aIm = TOPOLOGY_CHANGES_IM) {
  return topologyResponse(get({ "if-none-match": `"${from.version}"`, "a-im": aIm }), to);
}

const vifs = (n: number, over: (i: number) => Partial<ReturnType<typeof vif>> = () => ({})) =>
  Array.from({ length: n }, (_, i) => vif(i + 1, "dxcon-f0000001", over(i + 1)));

describe("topologyResponse: changes since a recent version", () => {
  it("sends changed list items by position, a list of another length whole, and leaves the rest out", async () => {
    const before = await whole(
      topology({ connections: [connection(1)], virtualInterfaces: vifs(6) }),
    );
    const now = topology({
      readAt: "2026-11-27T10:00:05.000Z",
      connections: [connection(1), connection(2)],
      virtualInterfaces: vifs(6, (i) => (i === 4 ? { state: "down" } : {})),
    });
    const res = await poll(before, now);
    expect(res.status).toBe(226);
    expect(res.headers.get("im")).toBe(TOPOLOGY_CHANGES_IM);
    const delta = (await res.json()) as DxTopologyChanges;
    expect(Object.keys(delta.changes).sort()).toEqual(["connections", "virtualInterfaces"]);
    expect("all" in delta.changes.connections!).toBe(true);
    expect(
      (delta.changes.virtualInterfaces as { at: [number, unknown][] }).at.map(([i]) => i),
    ).toEqual([3]);
    expect(applyTopologyChanges(before, delta)).toEqual(await whole(now));
  });

  it("sends a list whole once more than half of it changed, and names a member that is gone", async () => {
    const before = await whole(topology({ virtualInterfaces: vifs(4), lags: [] }));
    const now = topology({
      readAt: "2026-11-27T10:00:05.000Z",
      virtualInterfaces: vifs(4, (i) => (i <= 3 ? { state: "deleting" } : {})),
    });
    delete (now as Partial<DxTopology>).lags;
    const delta = (await (await poll(before, now)).json()) as DxTopologyChanges;
    expect("all" in delta.changes.virtualInterfaces!).toBe(true);
    expect(delta.changes.lags).toEqual({ removed: true });
    expect(applyTopologyChanges(before, delta)).toEqual(await whole(now));
  });

  it("answers in full when changes are refused (q=0) or the version is not one it knows", async () => {
    const before = await whole(topology({ virtualInterfaces: vifs(2) }));
    const now = topology({ virtualInterfaces: vifs(2, () => ({ state: "down" })) });
    expect((await poll(before, now, `${TOPOLOGY_CHANGES_IM};q=0`)).status).toBe(200);
    expect((await poll(before, now, "vcdiff")).status).toBe(200);
    expect((await poll({ ...before, version: "unknown" }, now)).status).toBe(200);
    expect((await poll(before, now, `vcdiff, ${TOPOLOGY_CHANGES_IM};q=0.5`)).status).toBe(226);
  });
});

describe("topologyResponse: the whole answer, outside dxmap's own server", () => {
  it("is plain JSON even for a client that takes gzip: Next compresses it, and would drop our encoding", async () => {
    const t = topology({ connections: [connection(1)] });
    const res = await topologyResponse(get({ "accept-encoding": "gzip" }), t);
    expect(res.headers.get(PRE_ENCODED_HEADER)).toBeNull();
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.json()).toEqual(await whole(t));
  });
});

describe("topologyResponse: the whole answer, gzipped once", () => {
  beforeAll(() => markPreEncodedSupported());

  it("sends gzip to a client that takes it, the same bytes again for the same topology, and plain JSON otherwise", async () => {
    const t = topology({ connections: [connection(1)], virtualInterfaces: vifs(40) });
    const plain = await topologyResponse(get(), t);
    expect(plain.headers.get(PRE_ENCODED_HEADER)).toBeNull();
    const body = Buffer.from(await plain.arrayBuffer());

    const first = await topologyResponse(get({ "accept-encoding": "gzip, deflate, br" }), t);
    expect(first.headers.get(PRE_ENCODED_HEADER)).toBe("gzip");
    expect(first.headers.get("vary")).toBe("Accept-Encoding");
    expect(first.headers.get("etag")).toBe(plain.headers.get("etag"));
    const zipped = Buffer.from(await first.arrayBuffer());
    expect(zipped.length).toBeLessThan(body.length);
    expect(gunzipSync(zipped).equals(body)).toBe(true);
    const again = Buffer.from(
      await (await topologyResponse(get({ "accept-encoding": "gzip" }), t)).arrayBuffer(),
    );
    expect(again.equals(zipped)).toBe(true);

    for (const refused of ["gzip;q=0", "identity", "br"]) {
      const res = await topologyResponse(get({ "accept-encoding": refused }), t);
      expect(res.headers.get(PRE_ENCODED_HEADER), refused).toBeNull();
      expect(Buffer.from(await res.arrayBuffer()).equals(body), refused).toBe(true);
    }
  });

  it("gzips each read time of one estate as a valid stream of its own answer, as a browser's decoder reads it", async () => {
    const lists = { connections: [connection(1)], virtualInterfaces: vifs(200) };
    const first = topology({ ...lists, readAt: "2026-11-27T10:00:00.000Z" });
    // A read that found the same estate: the same lists, a later read time.
    const later = { ...first, readAt: "2026-11-27T10:00:07.000Z" };
    const changed = topology({
      ...lists,
      virtualInterfaces: vifs(200, (i) => (i === 9 ? { state: "down" } : {})),
      readAt: "2026-11-27T10:00:09.000Z",
    });
    for (const t of [first, later, changed]) {
      const res = await topologyResponse(get({ "accept-encoding": "gzip" }), t);
      const zipped = new Blob([await res.arrayBuffer()]);
      const text = await new Response(
        zipped.stream().pipeThrough(new DecompressionStream("gzip")),
      ).text();
      const body = JSON.parse(text) as DxTopology;
      expect(body.readAt).toBe(t.readAt);
      expect(body).toEqual(await whole(t));
      expect(body.version).toBe(res.headers.get("etag")!.slice(1, -1));
    }
    const versions = await Promise.all(
      [first, later, changed].map(async (t) => (await whole(t)).version),
    );
    expect(versions[1]).toBe(versions[0]);
    expect(versions[2]).not.toBe(versions[0]);
  });
});
