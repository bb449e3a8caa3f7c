import "server-only";

import { createHash } from "node:crypto";

import { READ_AT_HEADER } from "@/lib/dx/headers";
import { TOPOLOGY_CHANGES_IM } from "@/lib/dx/topology-changes";
import type { DxTopology } from "@/lib/dx/types";

// The answer of GET /api/topology, encoded once per topology object, with a version; and what
// changed since a recent version, for a poll that names it.
//
// At 5,000 interfaces the topology is megabytes of JSON. The server's cache hands back the same
// object while nothing was read again, so its bytes are kept with it: serialising them per request
// cost more than the cached read itself. Its version is a hash of everything but readAt (a read
// made again that found the same estate has the same version): the dashboard polls with
// If-None-Match and an unchanged estate costs a 304, with no body to send, parse or compare. When
// the estate changed, a poll that also sends A-IM: dxmap-changes gets a 226 with only the members
// and list items that changed (lib/dx/topology-changes.ts), while the version it names is one of
// the last few encoded here.

interface Encoded {
  body: Buffer;
  version: string;
  /** Each member's JSON; a list's as the JSON of each item, in order. */
  members: Map<string, string | string[]>;
}

const encoded = new WeakMap<DxTopology, Encoded>();
/** The last versions encoded, oldest first: the bases a 226 can be made from (their bodies are not kept). */
const recent = new Map<string, Pick<Encoded, "version" | "members">>();
const RECENT_VERSIONS = 4;

function encode(topology: DxTopology): Encoded {
  const members = new Map<string, string | string[]>();
  const parts: string[] = [];
  for (const [key, value] of Object.entries(topology)) {
    // Everything but readAt and version; an undefined member is left out, as JSON.stringify does.
    if (key === "readAt" || key === "version" || value === undefined) continue;
    if (Array.isArray(value)) {
      const items = value.map((item: unknown) => JSON.stringify(item) ?? "null");
      members.set(key, items);
      parts.push(`${JSON.stringify(key)}:[${items.join(",")}]`);
    } else {
      const json = JSON.stringify(value);
      members.set(key, json);
      parts.push(`${JSON.stringify(key)}:${json}`);
    }
  }
  // Encoded to UTF-8 once: the hash reads these bytes and the body reuses them.
  const rest = Buffer.from(parts.join(","));
  const version = createHash("sha256").update(rest).digest("base64url").slice(0, 27);
  const head = `{"readAt":${JSON.stringify(topology.readAt)},"version":${JSON.stringify(version)}${parts.length ? "," : ""}`;
  return { body: Buffer.concat([Buffer.from(head), rest, Buffer.from("}")]), version, members };
}

function remember(entry: Encoded): void {
  recent.delete(entry.version);
  recent.set(entry.version, { version: entry.version, members: entry.members });
  while (recent.size > RECENT_VERSIONS) recent.delete(recent.keys().next().value!);
}

/** The JSON of a DxTopologyChanges from `base` to `to`, built from the members' JSON as encoded. */
function changesJson(base: Pick<Encoded, "version" | "members">, to: Encoded, readAt: string): string {
  const changes: string[] = [];
  const whole = (key: string, json: string) => changes.push(`${JSON.stringify(key)}:{"all":${json}}`);
  for (const [key, now] of to.members) {
    const before = base.members.get(key);
    if (typeof now === "string" || !Array.isArray(before) || before.length !== now.length) {
      const json = typeof now === "string" ? now : `[${now.join(",")}]`;
      const was = before === undefined ? undefined : typeof before === "string" ? before : `[${before.join(",")}]`;
      if (json !== was) whole(key, json);
      continue;
    }
    const at: string[] = [];
    for (let i = 0; i < now.length; i++) if (now[i] !== before[i]) at.push(`[${i},${now[i]}]`);
    if (at.length === 0) continue;
    // Past half the list, the list itself is shorter.
    if (at.length * 2 > now.length) whole(key, `[${now.join(",")}]`);
    else changes.push(`${JSON.stringify(key)}:{"at":[${at.join(",")}]}`);
  }
  for (const key of base.members.keys()) if (!to.members.has(key)) changes.push(`${JSON.stringify(key)}:{"removed":true}`);
  return `{"base":${JSON.stringify(base.version)},"version":${JSON.stringify(to.version)},"readAt":${JSON.stringify(readAt)},"changes":{${changes.join(",")}}}`;
}

/** The versions an If-None-Match header names (a list, weak or strong); "*" matches any. */
function named(ifNoneMatch: string | null): string[] {
  if (!ifNoneMatch) return [];
  return ifNoneMatch.split(",").map((tag) => {
    const t = tag.trim();
    return t === "*" ? "*" : t.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
  });
}

/** Whether an A-IM header accepts the topology's changes (named, and not refused with q=0). */
function takesChanges(aIm: string | null): boolean {
  return (aIm ?? "").split(",").some((im) => {
    const [name, ...params] = im.split(";").map((p) => p.trim().toLowerCase());
    return name === TOPOLOGY_CHANGES_IM && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

export function topologyResponse(request: Request, topology: DxTopology): Response {
  let entry = encoded.get(topology);
  if (!entry) {
    entry = encode(topology);
    encoded.set(topology, entry);
  }
  remember(entry);
  // no-store: the browser keeps nothing; the dashboard sends If-None-Match itself.
  const headers = { "Cache-Control": "no-store", ETag: `"${entry.version}"`, [READ_AT_HEADER]: topology.readAt };
  const versions = named(request.headers.get("if-none-match"));
  if (versions.some((v) => v === "*" || v === entry.version)) return new Response(null, { status: 304, headers });
  const base = takesChanges(request.headers.get("a-im")) ? versions.map((v) => recent.get(v)).find((e) => e !== undefined) : undefined;
  if (base) {
    return new Response(changesJson(base, entry, topology.readAt), {
      status: 226,
      headers: { ...headers, IM: TOPOLOGY_CHANGES_IM, "Content-Type": "application/json" },
    });
  }
  return new Response(entry.body as Uint8Array<ArrayBuffer>, { headers: { ...headers, "Content-Type": "application/json" } });
}
