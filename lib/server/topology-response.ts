import "server-only";

import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { constants, crc32, deflateRaw, deflateRawSync } from "node:zlib";

import Negotiator from "negotiator";

import { READ_AT_HEADER } from "@/lib/dx/headers";
import { TOPOLOGY_CHANGES_IM } from "@/lib/dx/topology-changes";
import type { DxTopology } from "@/lib/dx/types";
import { itemJson } from "@/lib/history/item-json";

import { isPreEncodedSupported, PRE_ENCODED_HEADER } from "./pre-encoded";

// The answer of GET /api/topology, encoded once per estate, with a version; and what changed since
// a recent version, for a poll that names it.
//
// A large estate's topology is megabytes of JSON. A read that found the same estate hands back the
// same lists with a new readAt (lib/aws/topology.ts), so the members' bytes are kept: serialising
// them per request would cost more than the cached read itself. The version is a hash of
// everything but readAt: the dashboard polls with If-None-Match and an unchanged estate costs a
// 304, with no body to send, parse or compare. When the estate changed, a poll that also sends
// A-IM: dxmap-changes gets a 226 with only the members and list items that changed
// (lib/dx/topology-changes.ts), while the version it names is one of the last few encoded here.
//
// The whole answer is `{"version":…,<members>` then `,"readAt":…}`. Its gzip is compressed once per
// estate, off the main thread, and sent as it is to every client that takes gzip: Next's
// compression would gzip megabytes again for every request. Next drops a route's Content-Encoding, so this needs dxmap's own server
// (lib/server/pre-encoded.ts); without it, the body goes plain and Next compresses it. The part
// before readAt is compressed as raw deflate ending on a byte boundary (Z_SYNC_FLUSH); each answer
// appends readAt compressed on its own, as the final block, and the gzip trailer (CRC-32 and
// length) of the whole. That is one valid gzip stream (RFC 1951 blocks follow each other; RFC 1952
// wraps them), so a new read time never compresses the estate again.

/** One estate as encoded: the same for every read that found it. */
interface Estate {
  version: string;
  /** Each member's JSON; a list's as the JSON of each item, in order. */
  members: Map<string, string | string[]>;
  /** The values the members were encoded from, to see a read of the same estate by identity. */
  values: Map<string, unknown>;
  /** `{"version":"…"` and the members: everything before readAt. */
  head: Buffer;
  /** `head` as raw deflate ending on a byte boundary, with its CRC-32: made on the first gzip request. */
  deflated?: Promise<{ bytes: Buffer; crc: number }>;
}

/** One topology's answer: its estate and its read time. */
interface Encoded {
  estate: Estate;
  tail: Buffer;
  /** The whole body, made on the first request that does not take gzip. */
  body?: Buffer;
  /** The whole body gzipped, made on the first request that takes gzip. */
  gzipped?: Promise<Buffer>;
}

const deflateRawAsync = promisify(deflateRaw);
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

const encoded = new WeakMap<DxTopology, Encoded>();
/** The last estate encoded: a topology read again with the same lists is not encoded again. */
let lastEstate: Estate | undefined;
/** The last versions encoded, oldest first: the bases a 226 can be made from (their bodies are not kept). */
const recent = new Map<string, Pick<Estate, "version" | "members">>();
const RECENT_VERSIONS = 4;

function encodeEstate(topology: DxTopology): Estate {
  const values = new Map<string, unknown>();
  // Everything but readAt and version; an undefined member is left out, as JSON.stringify does.
  for (const [key, value] of Object.entries(topology))
    if (key !== "readAt" && key !== "version" && value !== undefined) values.set(key, value);
  const last = lastEstate;
  if (
    last &&
    last.values.size === values.size &&
    [...values].every(([key, value]) => last.values.get(key) === value)
  )
    return last;
  const members = new Map<string, string | string[]>();
  const parts: string[] = [];
  for (const [key, value] of values) {
    if (Array.isArray(value)) {
      const items = value.map(itemJson);
      members.set(key, items);
      parts.push(`${JSON.stringify(key)}:[${items.join(",")}]`);
    } else {
      const json = JSON.stringify(value);
      members.set(key, json);
      parts.push(`${JSON.stringify(key)}:${json}`);
    }
  }
  // Encoded to UTF-8 once: the hash reads these bytes and the head reuses them.
  const rest = Buffer.from(parts.join(","));
  const version = createHash("sha256").update(rest).digest("base64url").slice(0, 27);
  const open = Buffer.from(`{"version":${JSON.stringify(version)}${parts.length ? "," : ""}`);
  lastEstate = { version, members, values, head: Buffer.concat([open, rest]) };
  return lastEstate;
}

function encode(topology: DxTopology): Encoded {
  return {
    estate: encodeEstate(topology),
    tail: Buffer.from(`,"readAt":${JSON.stringify(topology.readAt)}}`),
  };
}

/** The whole answer, gzipped: the estate's deflated head, then the tail as the final block. */
async function gzipped({ estate, tail }: Encoded): Promise<Buffer> {
  estate.deflated ??= deflateRawAsync(estate.head, { finishFlush: constants.Z_SYNC_FLUSH }).then(
    (bytes) => ({ bytes, crc: crc32(estate.head) }),
    (error: unknown) => {
      estate.deflated = undefined;
      throw error;
    },
  );
  const { bytes, crc } = await estate.deflated;
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(tail, crc), 0);
  trailer.writeUInt32LE((estate.head.length + tail.length) % 2 ** 32, 4);
  return Buffer.concat([GZIP_HEADER, bytes, deflateRawSync(tail), trailer]);
}

function remember(estate: Estate): void {
  recent.delete(estate.version);
  recent.set(estate.version, { version: estate.version, members: estate.members });
  while (recent.size > RECENT_VERSIONS) recent.delete(recent.keys().next().value!);
}

/** The JSON of a DxTopologyChanges from `base` to `to`, built from the members' JSON as encoded. */
function changesJson(
  base: Pick<Estate, "version" | "members">,
  to: Estate,
  readAt: string,
): string {
  const changes: string[] = [];
  const whole = (key: string, json: string) =>
    changes.push(`${JSON.stringify(key)}:{"all":${json}}`);
  for (const [key, now] of to.members) {
    const before = base.members.get(key);
    if (typeof now === "string" || !Array.isArray(before) || before.length !== now.length) {
      const json = typeof now === "string" ? now : `[${now.join(",")}]`;
      const was =
        before === undefined
          ? undefined
          : typeof before === "string"
            ? before
            : `[${before.join(",")}]`;
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
  for (const key of base.members.keys())
    if (!to.members.has(key)) changes.push(`${JSON.stringify(key)}:{"removed":true}`);
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
  return (
    new Negotiator({ headers: { "accept-encoding": accept } }).encoding(["gzip", "identity"]) ===
    "gzip"
  );
}

export async function topologyResponse(request: Request, topology: DxTopology): Promise<Response> {
  let entry = encoded.get(topology);
  if (!entry) {
    entry = encode(topology);
    encoded.set(topology, entry);
  }
  const { estate } = entry;
  remember(estate);
  // no-store: the browser keeps nothing; the dashboard sends If-None-Match itself.
  const headers = {
    "Cache-Control": "no-store",
    ETag: `"${estate.version}"`,
    [READ_AT_HEADER]: topology.readAt,
  };
  const versions = named(request.headers.get("if-none-match"));
  if (versions.some((v) => v === "*" || v === estate.version))
    return new Response(null, { status: 304, headers });
  const base = takesChanges(request.headers.get("a-im"))
    ? versions.map((v) => recent.get(v)).find((e) => e !== undefined)
    : undefined;
  if (base) {
    return new Response(changesJson(base, estate, topology.readAt), {
      status: 226,
      headers: { ...headers, IM: TOPOLOGY_CHANGES_IM, "Content-Type": "application/json" },
    });
  }
  const whole = { ...headers, "Content-Type": "application/json", Vary: "Accept-Encoding" };
  if (isPreEncodedSupported() && takesGzip(request)) {
    const made = entry;
    made.gzipped ??= gzipped(made).catch((error: unknown) => {
      made.gzipped = undefined;
      throw error;
    });
    return new Response((await made.gzipped) as Uint8Array<ArrayBuffer>, {
      headers: { ...whole, [PRE_ENCODED_HEADER]: "gzip" },
    });
  }
  entry.body ??= Buffer.concat([estate.head, entry.tail]);
  return new Response(entry.body as Uint8Array<ArrayBuffer>, { headers: whole });
}
