import { gunzipSync } from "node:zlib";

import { describe, expect, it } from "vitest";

import { encodedJsonResponse } from "./encoded-json";

const request = (acceptEncoding?: string) => new Request("http://localhost/api/topology", acceptEncoding ? { headers: { "Accept-Encoding": acceptEncoding } } : {});
const big = { items: Array.from({ length: 500 }, (_, i) => ({ id: `dxvif-${i}`, state: "available" })) };
const bytes = async (r: Response) => new Uint8Array(await r.arrayBuffer());

describe("encodedJsonResponse", () => {
  it("sends gzip to a client that accepts it, and the JSON decodes to the value", async () => {
    const res = encodedJsonResponse(request("gzip, deflate, br"), big, { "Cache-Control": "no-store" });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    const body = await bytes(res);
    expect(body.byteLength).toBeLessThan(JSON.stringify(big).length / 4);
    expect(JSON.parse(gunzipSync(body).toString("utf8"))).toEqual(big);
  });

  it("sends plain JSON without Accept-Encoding, with gzip;q=0, and for small values", async () => {
    for (const res of [encodedJsonResponse(request(), big), encodedJsonResponse(request("gzip;q=0, br"), big), encodedJsonResponse(request("gzip"), { ok: true })]) {
      expect(res.headers.get("content-encoding")).toBeNull();
      expect(JSON.parse(new TextDecoder().decode(await bytes(res)))).toBeTruthy();
    }
  });

  it("encodes an object once: the same object gets the same bytes, a new one its own", async () => {
    const first = await bytes(encodedJsonResponse(request("gzip"), big));
    const again = await bytes(encodedJsonResponse(request("gzip"), big));
    expect(again).toEqual(first);
    const changed = { items: [...big.items.slice(1), { id: "dxvif-new", state: "pending" }] };
    const other = JSON.parse(gunzipSync(await bytes(encodedJsonResponse(request("gzip"), changed))).toString("utf8"));
    expect(other.items.at(-1)).toEqual({ id: "dxvif-new", state: "pending" });
  });
});
