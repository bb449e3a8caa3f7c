import "server-only";

import type {
  DirectConnectClient,
  ServiceInputTypes,
  ServiceOutputTypes,
} from "@aws-sdk/client-direct-connect";
import type { DeserializeMiddleware } from "@smithy/types";
import { createHash, type Hash } from "node:crypto";

// An answer that is byte for byte the last one to the same call is not deserialised again.
//
// Direct Connect has no conditional reads: every Describe call answers with the whole list, and an
// estate of thousands of interfaces is megabytes of JSON per topology read.
// The SDK turns each answer into objects (UTF-8 decoding, JSON.parse, and a walk of the operation's
// schema that copies every member), which was most of a cold read's CPU on the server. When the bytes
// are the same as last time, the output is the same: the last output is handed back, its lists the
// very same objects, so the layers above can see by identity that nothing changed and reuse what
// they built from it (lib/aws/topology.ts, lib/server/topology-response.ts).
//
// Only successful Describe calls take part: a failure, a throttle or a mutation goes through the SDK
// untouched. Each client keeps the last answer of its most recently used distinct calls (a call is its
// operation and request body, so each page of a paged list is one, as is each gateway's details), at
// most MAX_REMEMBERED of them and MAX_REMEMBERED_BYTES of answers: far more than one topology read
// makes, or an estate with many gateways would push its own answers out on every read. Of an answer
// it keeps the output and a fingerprint of the bytes (their length and SHA-1), not the bytes: across
// 200 accounts, tens of megabytes that only ever served to compare.

const MAX_REMEMBERED = 1_000;
const MAX_REMEMBERED_BYTES = 64 * 1024 * 1024;
const EMPTY_OBJECT = new TextEncoder().encode("{}");
const UTF8 = new TextDecoder();

/** What an answer's bytes are compared by: equal fingerprints, equal bytes. */
export interface Fingerprint {
  length: number;
  sha1: string;
}

interface Remembered {
  fingerprint: Fingerprint;
  output: Record<string, unknown>;
}

type Found = { same: Remembered } | { key: string; fingerprint: Fingerprint };

export const fingerprintOf = (bytes: Uint8Array): Fingerprint => ({
  length: bytes.byteLength,
  sha1: createHash("sha1").update(bytes).digest("base64"),
});

interface RawRequest {
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

interface RawResponse {
  statusCode?: number;
  body?: unknown;
}

/**
 * Reads an answer's body, fingerprinting it as it arrives, and compares it with the last answer to the
 * same call: "same", or its bytes and their fingerprint. The same bytes are never copied into one
 * buffer (on a large estate, megabytes per read that would be garbage at once).
 */
export async function readBody(
  body: unknown,
  last: Fingerprint | undefined,
): Promise<"same" | { bytes: Uint8Array; fingerprint: Fingerprint } | undefined> {
  if (body instanceof Uint8Array) {
    const fingerprint = fingerprintOf(body);
    return last && sameFingerprint(last, fingerprint) ? "same" : { bytes: body, fingerprint };
  }
  if (typeof body === "string") return readBody(Buffer.from(body), last);
  if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function")
    return undefined;
  const chunks: Buffer[] = [];
  let length = 0;
  const hash: Hash = createHash("sha1");
  for await (const piece of body as AsyncIterable<Uint8Array | string>) {
    const chunk =
      typeof piece === "string"
        ? Buffer.from(piece)
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    chunks.push(chunk);
    hash.update(chunk);
    length += chunk.byteLength;
  }
  const fingerprint = { length, sha1: hash.digest("base64") };
  return last && sameFingerprint(last, fingerprint)
    ? "same"
    : { bytes: Buffer.concat(chunks, length), fingerprint };
}

const sameFingerprint = (a: Fingerprint, b: Fingerprint) =>
  a.length === b.length && a.sha1 === b.sha1;

/** Makes `client` hand back its last output for a Describe answer whose bytes did not change. */
export function reuseUnchangedAnswers(client: DirectConnectClient): void {
  const remembered = new Map<string, Remembered>();
  let rememberedBytes = 0;
  // What the inner middleware found, for the outer one, keyed by the call's arguments (which the
  // deserialiser passes on as they are). Not in the call's context: with the SDK's cacheMiddleware
  // (lib/aws/clients.ts) every call of one command shares a context, and calls run at once.
  const found = new WeakMap<object, Found>();
  const forget = (key: string) => {
    const entry = remembered.get(key);
    if (!entry) return;
    remembered.delete(key);
    rememberedBytes -= entry.fingerprint.length;
  };

  // Next to the HTTP handler, inside the deserialiser: sees the raw answer of each attempt.
  const read: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
    (next) => async (args) => {
      found.delete(args);
      const result = await next(args);
      const request = args.request as RawRequest;
      const response = result.response as RawResponse;
      const target = request.headers?.["x-amz-target"];
      // Decoded from the bytes: the SDK's body type warns when used as a string.
      const sent =
        typeof request.body === "string"
          ? request.body
          : request.body instanceof Uint8Array
            ? UTF8.decode(request.body)
            : undefined;
      if (
        response?.statusCode !== 200 ||
        sent === undefined ||
        !target?.startsWith("OvertureService.Describe")
      )
        return result;
      const key = `${target}\n${sent}`;
      const last = remembered.get(key);
      const read = await readBody(response.body, last?.fingerprint);
      if (!read) return result;
      if (read === "same") {
        // The most recently used last: what a read still makes is never the first to go. Unless a
        // call made meanwhile remembered a newer answer (or it was forgotten): that one stays.
        if (remembered.get(key) === last) {
          remembered.delete(key);
          remembered.set(key, last!);
        }
        found.set(args, { same: last! });
        response.body = EMPTY_OBJECT;
      } else {
        found.set(args, { key, fingerprint: read.fingerprint });
        response.body = read.bytes;
      }
      return result;
    };

  // Outside the deserialiser: hands back the last output, or remembers this one.
  const reuse: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
    (next) => async (args) => {
      const result = await next(args);
      const answer = found.get(args);
      found.delete(args);
      if (!answer) {
        // The inner middleware replaced the body of a same answer but this one cannot find it: the
        // SDK no longer passes the call's arguments through the deserialiser as they are. Never hand
        // back an empty output as if it were the answer.
        if ((result.response as RawResponse | undefined)?.body === EMPTY_OBJECT)
          throw new Error("dxmap same-answer: a reused answer was lost between its middlewares");
        return result;
      }
      const output = result.output as ServiceOutputTypes & Record<string, unknown>;
      if ("same" in answer)
        return {
          ...result,
          output: { ...answer.same.output, $metadata: output.$metadata } as ServiceOutputTypes,
        };
      forget(answer.key);
      remembered.set(answer.key, { fingerprint: answer.fingerprint, output });
      rememberedBytes += answer.fingerprint.length;
      while (remembered.size > MAX_REMEMBERED || rememberedBytes > MAX_REMEMBERED_BYTES)
        forget(remembered.keys().next().value!);
      return result;
    };

  client.middlewareStack.addRelativeTo(read, {
    relation: "after",
    toMiddleware: "deserializerMiddleware",
    name: "dxmapSameAnswerRead",
  });
  client.middlewareStack.addRelativeTo(reuse, {
    relation: "before",
    toMiddleware: "deserializerMiddleware",
    name: "dxmapSameAnswerReuse",
  });
}
