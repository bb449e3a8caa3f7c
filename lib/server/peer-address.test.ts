import { request as httpRequest, createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PEER_ADDRESS_HEADER, setPeerAddress } from "./peer-address";

// What scripts/serve.ts does to every request before Next.js sees it.
describe("the peer address header", () => {
  let port = 0;
  let seen: { headers: IncomingHttpHeaders; raw: string[] } | undefined;
  const server = createServer((req, res) => {
    setPeerAddress(req);
    seen = { headers: req.headers, raw: req.rawHeaders };
    res.end();
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function send(headers: [string, string][]): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port,
          path: "/",
          headers: [["host", `127.0.0.1:${port}`], ...headers].flat(),
        },
        (res) => {
          res.resume();
          res.on("end", resolve);
        },
      );
      req.on("error", reject);
      req.end();
    });
  }

  it("is the socket's address, whatever the client sent, in any spelling and any number", async () => {
    await send([
      ["X-DXMAP-Peer-Address", "10.0.0.1"],
      [PEER_ADDRESS_HEADER, "10.0.0.2"],
      ["x-forwarded-for", "10.0.0.3"],
    ]);
    expect(seen!.headers[PEER_ADDRESS_HEADER]).toBe("127.0.0.1");
    const names = seen!.raw.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());
    expect(names.filter((name) => name === PEER_ADDRESS_HEADER)).toHaveLength(1);
    expect(JSON.stringify(seen!.raw)).not.toMatch(/10\.0\.0\.[12]/);
  });

  it("is set when the client sent none", async () => {
    await send([]);
    expect(seen!.headers[PEER_ADDRESS_HEADER]).toBe("127.0.0.1");
  });
});
