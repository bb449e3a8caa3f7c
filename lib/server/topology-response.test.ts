import { gunzipSync } from "node:zlib";

import { describe, expect, it } from "vitest";

import { applyTopologyChanges, TOPOLOGY_CHANGES_IM, type DxTopologyChanges } from "@/lib/dx/topology-changes";
import type { DxTopology } from "@/lib/dx/types";
import { connection, topology, vif } from "@/lib/topology/fixtures";

import { topologyResponse } from "./topology-response";

const get = (headers: Record<string, string> = {}) => new Request("http://localhost/api/topology", { headers });

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
    const before = await whole(topology({ connections: [connection(1)], virtualInterfaces: vifs(6) }));
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
    expect((delta.changes.virtualInterfaces as { at: [number, unknown][] }).at.map(([i]) => i)).toEqual([3]);
    expect(applyTopologyChanges(before, delta)).toEqual(await whole(now));
  });

  it("sends a list whole once more than half of it changed, and names a member that is gone", async () => {
    const before = await whole(topology({ virtualInterfaces: vifs(4), lags: [] }));
    const now = topology({ readAt: "2026-11-27T10:00:05.000Z", virtualInterfaces: vifs(4, (i) => (i <= 3 ? { state: "deleting" } : {})) });
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

describe("topologyResponse: the whole answer, gzipped once", () => {
  it("sends gzip to a client that takes it, the same bytes again for the same topology, and plain JSON otherwise", async () => {
    const t = topology({ connections: [connection(1)], virtualInterfaces: vifs(40) });
    const plain = await topologyResponse(get(), t);
    expect(plain.headers.get("content-encoding")).toBeNull();
    const body = Buffer.from(await plain.arrayBuffer());

    const first = await topologyResponse(get({ "accept-encoding": "gzip, deflate, br" }), t);
    expect(first.headers.get("content-encoding")).toBe("gzip");
    expect(first.headers.get("vary")).toBe("Accept-Encoding");
    expect(first.headers.get("etag")).toBe(plain.headers.get("etag"));
    const zipped = Buffer.from(await first.arrayBuffer());
    expect(zipped.length).toBeLessThan(body.length);
    expect(gunzipSync(zipped).equals(body)).toBe(true);
    const again = Buffer.from(await (await topologyResponse(get({ "accept-encoding": "gzip" }), t)).arrayBuffer());
    expect(again.equals(zipped)).toBe(true);

    for (const refused of ["gzip;q=0", "identity", "br"]) {
      const res = await topologyResponse(get({ "accept-encoding": refused }), t);
      expect(res.headers.get("content-encoding"), refused).toBeNull();
      expect(Buffer.from(await res.arrayBuffer()).equals(body), refused).toBe(true);
    }
  });
});
