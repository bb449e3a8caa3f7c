import "server-only";

import { gzipSync } from "node:zlib";

// A JSON answer encoded once per value. The topology of thousands of interfaces is megabytes of JSON:
// serialising and compressing it again for every reader costs more than the cached read itself, so
// while the same topology object is served (the server's cache returns it as it is) its bytes are too.

interface Encoded {
  json: Uint8Array;
  gzip?: Uint8Array;
}

const encoded = new WeakMap<object, Encoded>();

/** Below this size compressing costs more than it saves. */
const GZIP_MIN_BYTES = 1024;

const acceptsGzip = (request: Request) =>
  (request.headers.get("accept-encoding") ?? "")
    .split(",")
    .map((part) => part.trim().split(";"))
    .some(([coding, ...params]) => (coding === "gzip" || coding === "*") && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p)));

/** `value` as a JSON response, gzip-encoded when the client accepts it, its bytes reused for the same object. */
export function encodedJsonResponse(request: Request, value: object, headers: Record<string, string> = {}): Response {
  let entry = encoded.get(value);
  if (!entry) {
    entry = { json: new TextEncoder().encode(JSON.stringify(value)) };
    encoded.set(value, entry);
  }
  const common = { "Content-Type": "application/json", Vary: "Accept-Encoding", ...headers };
  if (entry.json.byteLength >= GZIP_MIN_BYTES && acceptsGzip(request)) {
    entry.gzip ??= gzipSync(entry.json);
    return new Response(entry.gzip as Uint8Array<ArrayBuffer>, { headers: { ...common, "Content-Encoding": "gzip" } });
  }
  return new Response(entry.json as Uint8Array<ArrayBuffer>, { headers: common });
}
