import "server-only";

import { createHash } from "node:crypto";

import { READ_AT_HEADER } from "@/lib/dx/headers";
import type { DxTopology } from "@/lib/dx/types";

// The answer of GET /api/topology, encoded once per topology object, with a version.
//
// At 5,000 interfaces the topology is megabytes of JSON. The server's cache hands back the same
// object while nothing was read again, so its bytes are kept with it: serialising them per request
// cost more than the cached read itself. Its version is a hash of everything but readAt (a read
// made again that found the same estate has the same version): the dashboard polls with
// If-None-Match and an unchanged estate costs a 304, with no body to send, parse or compare.

interface Encoded {
  body: Buffer;
  version: string;
}

const encoded = new WeakMap<DxTopology, Encoded>();

function encode(topology: DxTopology): Encoded {
  const { readAt } = topology;
  // Undefined members are left out: the JSON of everything but readAt and version, encoded to UTF-8
  // once. The hash reads those bytes and the body reuses them: hashing the string or slicing and
  // re-encoding it would each convert megabytes again.
  const rest = Buffer.from(JSON.stringify({ ...topology, readAt: undefined, version: undefined }));
  const version = createHash("sha256").update(rest).digest("base64url").slice(0, 27);
  const head = Buffer.from(`{"readAt":${JSON.stringify(readAt)},"version":${JSON.stringify(version)},`);
  return { body: Buffer.concat([head, rest.subarray(1)]), version };
}

/** Whether an If-None-Match header names this version (a list, weak or strong, or *). */
function matches(ifNoneMatch: string | null, version: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === `"${version}"`;
  });
}

export function topologyResponse(request: Request, topology: DxTopology): Response {
  let entry = encoded.get(topology);
  if (!entry) {
    entry = encode(topology);
    encoded.set(topology, entry);
  }
  // no-store: the browser keeps nothing; the dashboard sends If-None-Match itself.
  const headers = { "Cache-Control": "no-store", ETag: `"${entry.version}"`, [READ_AT_HEADER]: topology.readAt };
  if (matches(request.headers.get("if-none-match"), entry.version)) return new Response(null, { status: 304, headers });
  return new Response(entry.body as Uint8Array<ArrayBuffer>, { headers: { ...headers, "Content-Type": "application/json" } });
}
