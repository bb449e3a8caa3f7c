import "server-only";

import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

import Negotiator from "negotiator";

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
// the last few encoded here. A whole answer is compressed once per version too, off the main thread,
// and sent as it is to every client that takes gzip: Next's compression would gzip megabytes again
// for every request (at 5,000 interfaces, 5 MB and some 40 ms each).

interface Encoded {
  body: Buffer;
  version: string;
  /** Each member's JSON; a list's as the JSON of each item, in order. */
  members: Map<string, string | string[]>;
  /** The body, gzipped: made on the first request that takes gzip. */
  gzipped?: Promise<Buffer>;
}

const gzipAsync = promisify(gzip);

const encoded = new WeakMap<DxTopology, Encoded>();
/** The last versions encoded, oldest first: the bases a 226 can be made from (their bodies are not kept). */
const recent = new Map<string, Pick<Encoded, "version" | "members">>();
const RECENT_VERSIONS = 4;

/**
 * The last topology's members as encoded, with the values they were encoded from. A topology read
 * again that found the same estate is a new object with a new readAt but the very same lists
 * (lib/aws/topology.ts): its members are not encoded and hashed again.
 */
let lastMembers: { values: Map<string, unknown>; rest: Buffer; version: string; members: Encoded["members"] } | undefined;

function encodeMembers(topology: DxTopology): NonNullable<typeof lastMembers> {
  const values = new Map<string, unknown>();
  // Everything but readAt and version; an undefined member is left out, as JSON.stringify does.
  for (const [key, value] of Object.entries(topology)) if (key !== "readAt" && key !== "version" && value !== undefined) values.set(key, value);
  const last = lastMembers;
  if (last && last.values.size === values.size && [...values].every(([key, value]) => last.values.get(key) === value)) return last;
  const members = new Map<string, string | string[]>();
  const parts: string[] = [];
  for (const [key, value] of values) {
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
  lastMembers = { values, rest, version, members };
  return lastMembers;
}

function encode(topology: DxTopology): Encoded {
  const { rest, version, members } = encodeMembers(topology);
  const head = `{"readAt":${JSON.stringify(topology.readAt)},"version":${JSON.stringify(version)}${members.size ? "," : ""}`;
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

/** Whether the request takes a gzipped body (Accept-Encoding names gzip, or *, without q=0). */
function takesGzip(request: Request): boolean {
  const accept = request.headers.get("accept-encoding");
  if (!accept) return false;
  return new Negotiator({ headers: { "accept-encoding": accept } }).encoding(["gzip", "identity"]) === "gzip";
}

export async function topologyResponse(request: Request, topology: DxTopology): Promise<Response> {
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
  const whole = { ...headers, "Content-Type": "application/json", Vary: "Accept-Encoding" };
  if (takesGzip(request)) {
    const made = entry;
    made.gzipped ??= gzipAsync(made.body).catch((error: unknown) => {
      made.gzipped = undefined;
      throw error;
    });
    const gzipped = await made.gzipped;
    return new Response(gzipped as Uint8Array<ArrayBuffer>, { headers: { ...whole, "Content-Encoding": "gzip" } });
  }
  return new Response(entry.body as Uint8Array<ArrayBuffer>, { headers: whole });
}
