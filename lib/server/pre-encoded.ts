import type { ServerResponse } from "node:http";

import { processMark } from "./process-mark";

// Bodies a route has already compressed. Next.js drops the Content-Encoding a route handler sets
// (it cannot know the body was not decoded on the way) and gzips the body again. The topology is
// gzipped once per estate (lib/server/topology-response.ts), so dxmap's own server
// (scripts/serve.ts) lets a route say so under PRE_ENCODED_HEADER, which it sends as
// Content-Encoding; Next's compression then leaves the body as it is. A route uses it only in a
// process marked by that server: anywhere else it sends plain bodies and Next compresses them.
// No "server-only" marker: scripts/serve.ts runs outside the Next.js bundle.

export const PRE_ENCODED_HEADER = "x-dxmap-content-encoding";

const mark = processMark("preEncodedBodiesAreSent");

/** Called once by scripts/serve.ts, before it accepts a connection. */
export function markPreEncodedSupported(): void {
  mark.set();
}

/** True when this process sends every response through sendPreEncoded(). */
export function isPreEncodedSupported(): boolean {
  return mark.isSet();
}

/** Sends PRE_ENCODED_HEADER, however it is set on `res`, as Content-Encoding. */
export function sendPreEncoded(res: ServerResponse): void {
  const rename = (name: string) =>
    name.toLowerCase() === PRE_ENCODED_HEADER ? "Content-Encoding" : name;
  const setHeader = res.setHeader.bind(res);
  const appendHeader = res.appendHeader.bind(res);
  res.setHeader = (name, value) => setHeader(rename(name), value);
  res.appendHeader = (name, value) => appendHeader(rename(name), value);
}
