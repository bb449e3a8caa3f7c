import { createServer, get, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";

import { afterEach, describe, expect, it } from "vitest";

import { PRE_ENCODED_HEADER, sendPreEncoded } from "./pre-encoded";

let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

/** One response from a server whose handler sets headers the way Next's sendResponse does. */
async function answer(handler: Parameters<typeof createServer>[1]) {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    get({ host: "127.0.0.1", port, path: "/" }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

describe("sendPreEncoded", () => {
  it("sends the pre-encoded header as Content-Encoding, whether it is set or appended", async () => {
    const body = gzipSync('{"a":1}');
    for (const how of ["setHeader", "appendHeader"] as const) {
      const res = await answer((_req, res) => {
        sendPreEncoded(res);
        res[how](PRE_ENCODED_HEADER, "gzip");
        res.appendHeader("content-type", "application/json");
        res.end(body);
      });
      expect(res.headers["content-encoding"], how).toBe("gzip");
      expect(res.headers[PRE_ENCODED_HEADER], how).toBeUndefined();
      expect(gunzipSync(res.body).toString()).toBe('{"a":1}');
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    }
  });

  it("leaves every other header as it is", async () => {
    const res = await answer((_req, res) => {
      sendPreEncoded(res);
      res.setHeader("x-other", "1");
      res.end("plain");
    });
    expect(res.headers["x-other"]).toBe("1");
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body.toString()).toBe("plain");
  });
});
