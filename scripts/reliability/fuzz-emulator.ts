// Bad input, emulator: its wire (POST / with X-Amz-Target, for every implemented operation) and its
// control API (/_dxmap/), fuzzed with fast-check's generated input. Every case is invalid by
// construction, so none may change anything:
//   - a request body built from the operation's input shape in the official model, then broken where
//     the model says it must be refused: a required member left out, a member of the wrong JSON type,
//     a string outside its enum, its length bounds or its pattern (unknown members, prototype keys
//     and duplicates mixed in, which the model ignores);
//   - or a request whose transport is wrong: signed with the SDK's SignatureV4 and then corrupted (the
//     signature, the body after signing, a signed header dropped), signed with an unknown access key,
//     the wrong secret, the wrong service or an expired date, not signed at all, the wrong content
//     type, an unknown target, the wrong method or path, a body that is not a JSON object, a body
//     over the 1 MiB limit.
// Control routes get bodies their schemas refuse (each has a definite defect: an unknown member, a
// wrong type, a value out of range), malformed JSON, and paths and methods that are no route.
// Figures: cases per operation and per control route, 5xx answers, answers that accepted the input,
// whether the state file changed, and whether the emulator still answers a real SDK call afterwards.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

import { DescribeConnectionsCommand, DirectConnectClient } from "@aws-sdk/client-direct-connect";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import fc from "fast-check";

import { DEFAULT_ACCOUNTS } from "../../lib/emulator/emulator";
import model from "../../lib/emulator/model/directconnect.json" with { type: "json" };
import { handlers, isReadOnly } from "../../lib/emulator/operations";
import { isKnownSeed } from "../../lib/emulator/seed";
import { control, emulatorHealthy, keepAlive, pool, send, type Reply } from "./http";
import { figure, type Figure } from "./report";
import {
  badValue,
  hugeString,
  noiseMembers,
  notAnObject,
  oddNumber,
  oddString,
  withNoise,
} from "./values";

interface Shape {
  type: string;
  required?: string[];
  members?: Record<string, string>;
  member?: string;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
}
const shapes = model.shapes as Record<string, Shape>;
const operations = model.operations as Record<string, { input: string | null }>;
const JSON_11 = "application/x-amz-json-1.1";
const MAX_WIRE_BODY = 1024 * 1024;
const [NETWORK, WORKLOAD] = DEFAULT_ACCOUNTS as [
  (typeof DEFAULT_ACCOUNTS)[0],
  (typeof DEFAULT_ACCOUNTS)[0],
];

// --- request bodies from the model -------------------------------------------------------------

/** A value of a shape, as a client might send it (valid but for patterns, which it ignores). */
function valueOf(name: string, depth: number): fc.Arbitrary<unknown> {
  const s = shapes[name];
  if (!s) return fc.constant(undefined);
  switch (s.type) {
    case "structure": {
      const members = Object.entries(s.members ?? {}).filter(
        ([m]) => depth < 4 || (s.required ?? []).includes(m),
      );
      return fc.record(
        Object.fromEntries(members.map(([m, shape]) => [m, valueOf(shape, depth + 1)])),
        {
          requiredKeys: (s.required ?? []).filter((m) => members.some(([k]) => k === m)),
        },
      );
    }
    case "list":
      return fc.array(valueOf(s.member ?? "", depth + 1), {
        minLength: s.min ?? 0,
        maxLength: Math.max(s.min ?? 0, 2),
      });
    case "string":
      if (s.enum) return fc.constantFrom(...s.enum);
      return fc.string({ minLength: s.min ?? 0, maxLength: Math.min(s.max ?? 16, 16) });
    case "blob":
      return fc.base64String({ maxLength: 16 });
    case "integer":
    case "long":
      return fc.integer({ min: 1, max: 65_535 });
    case "boolean":
      return fc.boolean();
    case "timestamp":
      return fc.integer({ min: 1_500_000_000, max: 1_800_000_000 });
    default:
      return fc.constant(undefined);
  }
}

/** Values the model refuses for a member of this shape, whatever its other members say. */
function wrongFor(s: Shape): fc.Arbitrary<unknown>[] {
  const list = fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 });
  const object = fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), {
    maxKeys: 2,
  });
  // null is read as absent, never as the wrong type: it is no defect (but where a member is required).
  switch (s.type) {
    case "string":
    case "blob": {
      const out: fc.Arbitrary<unknown>[] = [fc.oneof(oddNumber, fc.boolean(), list, object)];
      if (s.enum) out.push(oddString.filter((v) => !s.enum!.includes(v)));
      if (s.max !== undefined)
        out.push(
          fc.oneof(hugeString, fc.constant("x".repeat(s.max + 1))).filter((v) => v.length > s.max!),
        );
      if (s.min !== undefined && s.min > 0) out.push(fc.string({ maxLength: s.min - 1 }));
      if (s.pattern) {
        const re = new RegExp(s.pattern, "u");
        out.push(oddString.filter((v) => !re.test(v)));
      }
      return out;
    }
    case "integer":
    case "long":
      return [
        fc.oneof(
          oddString,
          fc.boolean(),
          fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
          list,
          object,
        ),
      ];
    case "boolean":
      return [fc.oneof(oddString, oddNumber, list, object)];
    case "timestamp":
      return [fc.oneof(fc.boolean(), list, object)];
    case "list": {
      const out: fc.Arbitrary<unknown>[] = [fc.oneof(oddString, oddNumber, fc.boolean(), object)];
      if (s.min !== undefined && s.min > 0) out.push(fc.constant([]));
      return out;
    }
    case "structure":
      return [fc.oneof(oddString, oddNumber, fc.boolean(), fc.array(badValue, { maxLength: 2 }))];
    default:
      return [];
  }
}

type Path = (string | number)[];
type Edit = { path: Path; remove: true } | { path: Path; value: unknown };

/** Every place `body` can be broken so that the model refuses it, each as an arbitrary of edits. */
function defects(shapeName: string, value: unknown, path: Path): fc.Arbitrary<Edit>[] {
  const s = shapes[shapeName];
  if (!s) return [];
  const out: fc.Arbitrary<Edit>[] = [];
  if (s.type === "structure" && value && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const [m, memberShape] of Object.entries(s.members ?? {})) {
      const at = [...path, m];
      const member = shapes[memberShape];
      if (member)
        for (const wrong of wrongFor(member)) out.push(wrong.map((v) => ({ path: at, value: v })));
      if ((s.required ?? []).includes(m)) {
        out.push(fc.constant({ path: at, remove: true as const }));
        out.push(fc.constant({ path: at, value: null }));
      }
      if (record[m] !== undefined) out.push(...defects(memberShape, record[m], at));
    }
  } else if (s.type === "list" && Array.isArray(value)) {
    value.forEach((item, i) => out.push(...defects(s.member ?? "", item, [...path, i])));
  }
  return out;
}

function applyEdit(body: Record<string, unknown>, edit: Edit): Record<string, unknown> {
  const copy = structuredClone(body);
  let at: Record<string | number, unknown> = copy;
  for (const key of edit.path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = edit.path[edit.path.length - 1]!;
  if ("remove" in edit) delete at[last];
  else at[last] = edit.value;
  return copy;
}

/** The members of an input named like ids (`connectionId`), and those of its structures. */
function idMembers(input: string): string[][] {
  const out: string[][] = [];
  for (const [m, shape] of Object.entries(shapes[input]?.members ?? {})) {
    if (/Id$/.test(m) && shapes[shape]?.type === "string") out.push([m]);
    if (shapes[shape]?.type === "structure")
      for (const [n, inner] of Object.entries(shapes[shape]!.members ?? {}))
        if (/Id$/.test(n) && shapes[inner]?.type === "string") out.push([m, n]);
  }
  return out;
}

/** Strings no Direct Connect id (dxcon-…, dxvif-…, a gateway's UUID, vgw-…) can be. */
const malformedId = fc
  .oneof(
    oddString,
    fc.stringMatching(/^(dxcon|dxlag|dxvif|dxpeer|vgw|tgw)-[A-Za-z0-9_-]{0,12}$/),
    fc.constantFrom(
      "dxcon-ABCDEFGH",
      "dxvif-abcd1234x",
      "DXVIF-abcd1234",
      "dxvif_abcd1234",
      "vgw-xyz",
    ),
  )
  .filter(
    (s) =>
      !/^(dx[a-z]+-[a-z0-9]{8}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z]+-[0-9a-f]{8}|[a-z]+-[0-9a-f]{17})$/.test(
        s,
      ),
  );

// --- cases ---------------------------------------------------------------------------------------

type Signing =
  | { how: "ok"; account: "network" | "workload" }
  | { how: "unknown key" | "wrong secret" | "wrong service" | "expired" | "not signed" | "garbage" }
  | { how: "signature corrupted" | "body changed after signing" | "signed header dropped" };

interface WireCase {
  what: string;
  body: string;
  signing: Signing;
  contentType: string | null;
  target: string | null;
  method: string;
  path: string;
  /** The body is this many bytes of padding instead (over the limit: refused before it is read). */
  oversize?: number;
  skewMs?: number;
}

const valid = (
  op: string,
  body: string,
  signing: Signing = { how: "ok", account: "network" },
): WireCase => ({
  what: "",
  body,
  signing,
  contentType: JSON_11,
  target: `${model.metadata.targetPrefix}.${op}`,
  method: "POST",
  path: "/",
});

function wireCases(op: string): fc.Arbitrary<WireCase> {
  const input = operations[op]?.input ?? null;
  const base: fc.Arbitrary<Record<string, unknown>> = input
    ? (valueOf(input, 0) as fc.Arbitrary<Record<string, unknown>>)
    : fc.constant({});
  const fields = Object.keys(shapes[input ?? ""]?.members ?? {});
  const noisy = (body: Record<string, unknown>) =>
    noiseMembers(fields[0] ?? "x").map((noise) => withNoise(body, noise, fields));
  const account = fc.constantFrom("network" as const, "workload" as const);
  const options: fc.WeightedArbitrary<WireCase>[] = [];

  // Broken where the model refuses it, signed correctly.
  if (input) {
    const broken = base.chain((body) => {
      const places = defects(input, body, []);
      if (places.length === 0) return fc.constant(undefined);
      return fc
        .oneof(...places)
        .chain((edit) => fc.tuple(noisy(applyEdit(body, edit)), account))
        .map(([text, acc]) => ({
          ...valid(op, text, { how: "ok", account: acc }),
          what: "model refuses the body",
        }));
    });
    const some = broken.filter((c): c is WireCase => c !== undefined);
    if (input && defects(input, {}, []).length > 0) options.push({ weight: 45, arbitrary: some });
  }
  // A change naming a malformed id (Direct Connect's ids have formats the model does not spell out):
  // nothing can exist by it, so the change can only be refused.
  const idPaths = input && !isReadOnly(op) ? idMembers(input) : [];
  if (idPaths.length > 0) {
    options.push({
      weight: 15,
      arbitrary: fc
        .tuple(base, fc.constantFrom(...idPaths), malformedId, account)
        .filter(([body, path]) => path.length === 1 || typeof body[path[0]!] === "object")
        .map(([body, path, id, acc]) => ({
          ...valid(op, JSON.stringify(applyEdit(body, { path, value: id })), {
            how: "ok",
            account: acc,
          }),
          what: `malformed ${path.join(".")}`,
        })),
    });
  }
  // Transport: each alone is enough for a refusal, whatever the body.
  const body = base.chain(noisy);
  const transport = fc.constantFrom(
    "signature corrupted",
    "body changed after signing",
    "signed header dropped",
    "unknown key",
    "wrong secret",
    "wrong service",
    "expired",
    "not signed",
    "garbage",
  );
  options.push({
    weight: 30,
    arbitrary: fc
      .tuple(body, transport, fc.integer({ min: 16 * 60_000, max: 2 * 86_400_000 }), fc.boolean())
      .map(([text, how, skew, past]) => ({
        ...valid(op, text, { how } as Signing),
        what: `transport: ${how}`,
        ...(how === "expired" ? { skewMs: past ? -skew : skew } : {}),
      })),
  });
  options.push({
    weight: 8,
    arbitrary: fc
      .tuple(
        body,
        fc.constantFrom(
          null,
          "",
          "application/json",
          "application/x-amz-json-1.0",
          "text/plain",
          "application/x-www-form-urlencoded",
          "application/x-amz-json-1.1x",
        ),
      )
      .map(([text, contentType]) => ({ ...valid(op, text), contentType, what: "content type" })),
  });
  options.push({
    weight: 5,
    arbitrary: fc
      .tuple(
        body,
        fc.oneof(
          fc.constantFrom(
            null,
            "",
            op,
            `${model.metadata.targetPrefix}.`,
            `DynamoDB_20120810.${op}`,
            `${model.metadata.targetPrefix}.${op.toLowerCase()}`,
          ),
          oddString
            .map((s) => `${model.metadata.targetPrefix}.${s}`)
            .filter((t) => !Object.hasOwn(operations, t.split(".")[1] ?? "")),
        ),
      )
      .map(([text, target]) => ({
        ...valid(op, text),
        target: target === null ? null : target.replace(/[^\t\x20-\x7e]/g, "?"),
        what: "target",
      })),
  });
  options.push({
    weight: 4,
    arbitrary: fc
      .tuple(
        body,
        fc.constantFrom(
          ["GET", "/"],
          ["PUT", "/"],
          ["DELETE", "/"],
          ["POST", "/x"],
          ["POST", "/_dxmap"],
          ["POST", "//"],
        ),
      )
      .map(([text, [method, path]]) => ({
        ...valid(op, text),
        method: method!,
        path: path!,
        what: "method or path",
      })),
  });
  options.push({
    weight: 8,
    arbitrary: notAnObject
      .filter((t) => {
        try {
          const v: unknown = JSON.parse(t);
          return v === null || typeof v !== "object" || Array.isArray(v);
        } catch {
          return true;
        }
      })
      .map((text) => ({ ...valid(op, text), what: "not a JSON object" })),
  });
  options.push({
    weight: 1,
    arbitrary: fc
      .integer({ min: MAX_WIRE_BODY + 1, max: MAX_WIRE_BODY + 256 * 1024 })
      .map((n) => ({ ...valid(op, ""), oversize: n, what: `over 1 MiB (${n} bytes)` })),
  });
  return fc.oneof(...options);
}

// --- sending -------------------------------------------------------------------------------------

const sha256 = Hash.bind(null, "sha256");
const signers = new Map<string, SignatureV4>();
function signer(accessKeyId: string, secretAccessKey: string, service = "directconnect") {
  const key = `${accessKeyId}\u0000${secretAccessKey}\u0000${service}`;
  let s = signers.get(key);
  if (!s) {
    s = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey },
      region: "us-east-1",
      service,
      sha256,
    });
    signers.set(key, s);
  }
  return s;
}

async function headersFor(
  c: WireCase,
  host: string,
  body: Buffer,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = { host };
  if (c.contentType !== null) headers["content-type"] = c.contentType;
  if (c.target !== null) headers["x-amz-target"] = c.target;
  const how = c.signing.how;
  if (how === "not signed") return headers;
  if (how === "garbage")
    return { ...headers, authorization: "AWS4-HMAC-SHA256 Credential=garbage, Signature=00" };
  const account = "account" in c.signing && c.signing.account === "workload" ? WORKLOAD : NETWORK;
  const s =
    how === "unknown key"
      ? signer("AKIAFUZZFUZZFUZZFUZZ", "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz")
      : how === "wrong secret"
        ? signer(account.accessKeyId, "wrongwrongwrongwrongwrongwrongwrongwrong")
        : how === "wrong service"
          ? signer(account.accessKeyId, account.secretAccessKey, "ec2")
          : signer(account.accessKeyId, account.secretAccessKey);
  const signed = await s.sign(
    {
      method: c.method,
      protocol: "http:",
      hostname: host.split(":")[0]!,
      path: c.path.split("?")[0]!,
      query: Object.fromEntries(new URLSearchParams(c.path.split("?")[1] ?? "")),
      headers,
      body,
    },
    c.skewMs ? { signingDate: new Date(Date.now() + c.skewMs) } : {},
  );
  const out = { ...(signed.headers as Record<string, string>) };
  if (how === "signature corrupted")
    out.authorization = out.authorization!.replace(/([0-9a-f])$/, (d) => (d === "0" ? "1" : "0"));
  if (how === "signed header dropped") delete out["x-amz-date"];
  return out;
}

interface Tally {
  cases: number;
  statuses: Record<string, number>;
  failures: string[];
  accepted: number;
  /** What the first few accepted cases were. */
  acceptedCases: string[];
}

const newTally = (): Tally => ({
  cases: 0,
  statuses: {},
  failures: [],
  accepted: 0,
  acceptedCases: [],
});

async function sendWire(
  url: string,
  c: WireCase,
  tally: Tally,
  agent: ReturnType<typeof keepAlive>,
) {
  const host = new URL(url).host;
  const signedBody = Buffer.from(c.body);
  const body = c.oversize
    ? Buffer.alloc(c.oversize, 0x20)
    : c.signing.how === "body changed after signing"
      ? Buffer.concat([signedBody, Buffer.from(" ")])
      : signedBody;
  const headers = await headersFor(c, host, signedBody);
  tally.cases++;
  let res: Reply;
  try {
    res = await send(`${url}${c.path}`, {
      method: c.method,
      headers,
      body,
      agent,
      timeoutMs: 30_000,
    });
  } catch (error) {
    // A body over the limit is refused before it is read: the server may close the connection while
    // it is still being sent. That is a refusal too.
    if (c.oversize) {
      tally.statuses.closed = (tally.statuses.closed ?? 0) + 1;
      return;
    }
    tally.failures.push(`no answer to ${c.what}: ${(error as Error).message}`);
    return;
  }
  tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
  if (res.status >= 500)
    tally.failures.push(
      `${res.status} for ${c.what} ${c.target}: ${c.body.slice(0, 200)} → ${res.body.toString().slice(0, 200)}`,
    );
  else if (res.status < 400) {
    tally.accepted++;
    if (tally.acceptedCases.length < 3)
      tally.acceptedCases.push(
        `${res.status} for ${c.what} ${c.target} ${c.method} ${c.path} ${JSON.stringify(c.signing)}: ${c.body.slice(0, 300)}`,
      );
  }
}

// --- the control API -----------------------------------------------------------------------------

interface ControlCase {
  what: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
}

/** Each control route's body schema, broken in ways it must refuse whatever else the body says. */
const CONTROL_FIELDS = [
  "seed",
  "advanceMs",
  "virtualInterfaceId",
  "bgpPeerId",
  "status",
  "throttleRate",
  "errorRate",
  "latencyMs",
  "account",
  "region",
  "operation",
];
const unknownMember = fc
  .tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }))
  .filter(([k]) => !CONTROL_FIELDS.includes(k) && k !== "__proto__")
  .map(([k, v]) => [k, v] as const);

const wrongType = (exceptType: "string" | "number") =>
  exceptType === "string"
    ? fc.oneof(oddNumber, fc.boolean(), fc.array(badValue, { maxLength: 2 }), fc.constant(null))
    : fc.oneof(oddString, fc.boolean(), fc.array(badValue, { maxLength: 2 }), fc.constant(null));

function controlBodies(route: string): fc.Arbitrary<Record<string, unknown>> {
  const withUnknown = (base: fc.Arbitrary<Record<string, unknown>>) =>
    fc.tuple(base, unknownMember).map(([b, [k, v]]) => ({ ...b, [k]: v }));
  const rate = fc.double({ min: 0, max: 1, noNaN: true });
  const badRate = fc.oneof(
    fc.double({ min: 1.000001, max: 1e9, noNaN: true }),
    fc.double({ min: -1e9, max: -0.000001, noNaN: true }),
    wrongType("number"),
  );
  switch (route) {
    case "/_dxmap/reset":
      return fc.oneof(
        withUnknown(
          fc.record({ seed: fc.constantFrom("default", "empty", "S") }, { requiredKeys: [] }),
        ),
        wrongType("string").map((seed) => ({ seed })),
        oddString.filter((s) => !isKnownSeed(s)).map((seed) => ({ seed })),
      );
    case "/_dxmap/clock":
      return fc.oneof(
        withUnknown(fc.record({ advanceMs: fc.integer({ min: 1, max: 1000 }) })),
        fc.constant({}),
        wrongType("number").map((advanceMs) => ({ advanceMs })),
        fc
          .oneof(
            fc.integer({ max: 0 }),
            fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
            fc.integer({ min: 1, max: 1_000_000_000 }).map((n) => 366 * 86_400_000 + n),
          )
          .map((advanceMs) => ({ advanceMs })),
      );
    case "/_dxmap/bgp": {
      const ok = fc.record({
        virtualInterfaceId: fc.constant("dxvif-ffffffff"),
        status: fc.constantFrom("up", "down"),
      });
      return fc.oneof(
        withUnknown(ok),
        ok.map(({ virtualInterfaceId }) => ({ virtualInterfaceId })),
        ok.map(({ status }) => ({ status })),
        fc
          .tuple(
            ok,
            oddString.filter((s) => s !== "up" && s !== "down"),
          )
          .map(([b, status]) => ({ ...b, status })),
        fc
          .tuple(ok, wrongType("string"))
          .map(([b, virtualInterfaceId]) => ({ ...b, virtualInterfaceId })),
        fc
          .tuple(ok, fc.oneof(oddNumber, fc.boolean(), fc.constant(null)))
          .map(([b, bgpPeerId]) => ({ ...b, bgpPeerId })),
      );
    }
    default: {
      // /_dxmap/faults: a rule that would take effect is never generated.
      const ok = fc.record({ throttleRate: rate }, { requiredKeys: [] });
      return fc.oneof(
        withUnknown(
          fc.record(
            { throttleRate: rate, errorRate: rate, latencyMs: fc.integer({ min: 0, max: 100 }) },
            { requiredKeys: [] },
          ),
        ),
        fc.record({
          account: fc.constantFrom("network", "workload"),
          region: fc.constant("us-east-1"),
        }),
        fc.tuple(ok, badRate).map(([b, throttleRate]) => ({ ...b, throttleRate })),
        fc.tuple(ok, badRate).map(([b, errorRate]) => ({ ...b, errorRate })),
        fc
          .tuple(
            ok,
            fc.oneof(
              fc.integer({ max: -1 }),
              fc.integer({ min: 60_001 }),
              fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
              wrongType("number"),
            ),
          )
          .map(([b, latencyMs]) => ({ ...b, latencyMs })),
        fc
          .tuple(ok, fc.constantFrom("account", "region", "operation"), wrongType("string"))
          .map(([b, k, v]) => ({ ...b, [k]: v })),
      );
    }
  }
}

const CONTROL_ROUTES = new Set([
  "GET /_dxmap/health",
  "POST /_dxmap/reset",
  "POST /_dxmap/clock",
  "POST /_dxmap/bgp",
  "GET /_dxmap/faults",
  "POST /_dxmap/faults",
  "DELETE /_dxmap/faults",
  "GET /_dxmap/calls",
  "DELETE /_dxmap/calls",
]);

function controlCases(route: string): fc.Arbitrary<ControlCase> {
  const json = fc
    .tuple(controlBodies(route), noiseMembers("seed"))
    .map(([b, noise]) => withNoise(b, noise, CONTROL_FIELDS));
  return fc.oneof(
    {
      weight: 8,
      arbitrary: json.map((body) => ({
        what: "schema refuses the body",
        method: "POST",
        path: route,
        body,
        contentType: "application/json",
      })),
    },
    {
      weight: 1,
      arbitrary: notAnObject
        .filter((t) => t.trim() !== "")
        .map((body) => ({
          what: "not a JSON object",
          method: "POST",
          path: route,
          body,
          contentType: "application/json",
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          json,
          fc.constantFrom(
            "text/plain",
            "application/x-www-form-urlencoded",
            "",
            "application/x-amz-json-1.1",
          ),
        )
        .map(([body, contentType]) => ({
          what: "content type",
          method: "POST",
          path: route,
          body,
          contentType,
        })),
    },
  );
}

const unknownControl: fc.Arbitrary<ControlCase> = fc
  .tuple(
    fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"),
    fc.oneof(
      fc.constantFrom(
        "health",
        "reset",
        "clock",
        "bgp",
        "faults",
        "calls",
        "",
        "reset/",
        "faults/1",
        "..",
        "%2e%2e/reset",
        "calls%00",
      ),
      fc.stringMatching(/^[a-z0-9%._/-]{1,20}$/),
    ),
  )
  .map(([method, p]) => ({ what: "no such route", method, path: `/_dxmap/${p}` }))
  .filter((c) => !CONTROL_ROUTES.has(`${c.method} ${new URL(c.path, "http://e").pathname}`));

async function sendControl(url: string, c: ControlCase, tally: Tally) {
  tally.cases++;
  let res: Reply;
  try {
    res = await send(`${url}${c.path}`, {
      method: c.method,
      headers: { ...(c.contentType ? { "Content-Type": c.contentType } : {}) },
      ...(c.body !== undefined ? { body: c.body } : {}),
      timeoutMs: 30_000,
    });
  } catch (error) {
    tally.failures.push(`no answer to ${c.method} ${c.path}: ${(error as Error).message}`);
    return;
  }
  tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
  if (res.status >= 500)
    tally.failures.push(`${res.status} for ${c.method} ${c.path} ${c.body?.slice(0, 200) ?? ""}`);
  else if (res.status < 400) {
    tally.accepted++;
    if (tally.acceptedCases.length < 3)
      tally.acceptedCases.push(
        `${res.status} for ${c.method} ${c.path}: ${c.body?.slice(0, 300) ?? ""}`,
      );
  }
}

// --- the part ------------------------------------------------------------------------------------

const hashOf = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

export async function fuzzEmulator(
  emulator: { url: string; stateFile: string },
  o: { cases: number; concurrency: number; seed: number },
  log: (m: string) => void,
): Promise<Figure[]> {
  const { url } = emulator;
  const before = hashOf(emulator.stateFile);
  const healthBefore = await control<{ seed: string }>(url, "GET", "/_dxmap/health");
  const ops = Object.keys(handlers).filter((op) => Object.hasOwn(operations, op));
  const agent = keepAlive(o.concurrency);

  const perOp: Record<string, Tally> = {};
  let started = performance.now();
  for (const [i, op] of ops.entries()) {
    const tally = (perOp[op] = newTally());
    const cases = fc.sample(wireCases(op), { numRuns: o.cases, seed: o.seed + 1000 + i });
    await pool(cases, o.concurrency, (c) => sendWire(url, c, tally, agent));
  }
  const wireSeconds = (performance.now() - started) / 1000;
  const wire = Object.values(perOp);
  const wireStatuses: Record<string, number> = {};
  for (const t of wire)
    for (const [s, n] of Object.entries(t.statuses)) wireStatuses[s] = (wireStatuses[s] ?? 0) + n;
  const wireFailures = wire.flatMap((t) => t.failures);
  const wireAccepted = wire.reduce((n, t) => n + t.accepted, 0);
  const fewest = Math.min(...wire.map((t) => t.cases));
  log(
    `  emulator wire: ${ops.length} operations, ${wire.reduce((n, t) => n + t.cases, 0)} cases in ${wireSeconds.toFixed(1)} s, statuses ${JSON.stringify(wireStatuses)}`,
  );
  const wireAcceptedCases = wire.flatMap((t) => t.acceptedCases);
  if (wireFailures.length || wireAcceptedCases.length)
    log(`    e.g. ${[...wireFailures, ...wireAcceptedCases].slice(0, 4).join("\n    e.g. ")}`);

  started = performance.now();
  const controlRoutes = ["/_dxmap/reset", "/_dxmap/clock", "/_dxmap/bgp", "/_dxmap/faults"];
  const perRoute: Record<string, Tally> = {};
  for (const [i, route] of [...controlRoutes, "(no such route)"].entries()) {
    const tally = (perRoute[route] = newTally());
    const cases = fc.sample(route === "(no such route)" ? unknownControl : controlCases(route), {
      numRuns: o.cases,
      seed: o.seed + 2000 + i,
    });
    await pool(cases, o.concurrency, (c) => sendControl(url, c, tally));
  }
  const controlTallies = Object.values(perRoute);
  const controlStatuses: Record<string, number> = {};
  for (const t of controlTallies)
    for (const [s, n] of Object.entries(t.statuses))
      controlStatuses[s] = (controlStatuses[s] ?? 0) + n;
  const controlFailures = controlTallies.flatMap((t) => t.failures);
  const controlAccepted = controlTallies.reduce((n, t) => n + t.accepted, 0);
  log(
    `  emulator control API: ${controlTallies.reduce((n, t) => n + t.cases, 0)} cases in ${((performance.now() - started) / 1000).toFixed(1)} s, statuses ${JSON.stringify(controlStatuses)}`,
  );
  const controlAcceptedCases = controlTallies.flatMap((t) => t.acceptedCases);
  if (controlFailures.length || controlAcceptedCases.length)
    log(
      `    e.g. ${[...controlFailures, ...controlAcceptedCases].slice(0, 4).join("\n    e.g. ")}`,
    );

  const after = hashOf(emulator.stateFile);
  const faults = await control<{ faults: unknown[] }>(url, "GET", "/_dxmap/faults");
  const healthAfter = await control<{ seed: string }>(url, "GET", "/_dxmap/health");
  const unchanged =
    after === before && faults.faults.length === 0 && healthAfter.seed === healthBefore.seed;
  // A real SDK client, as the dashboard and the AWS CLI use it.
  const client = new DirectConnectClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: NETWORK.accessKeyId, secretAccessKey: NETWORK.secretAccessKey },
    maxAttempts: 1,
  });
  const answered = await client
    .send(new DescribeConnectionsCommand({}))
    .then((out) => (out.connections?.length ?? 0) > 0)
    .catch(() => false);
  client.destroy();
  const healthy = answered && (await emulatorHealthy(url));
  return [
    figure(
      "bad input",
      `emulator wire: POST / for each of the ${ops.length} implemented operations`,
      `${fewest} cases each (${wire.reduce((n, t) => n + t.cases, 0)}) · ${wireFailures.length} 5xx or unanswered · ${wireAccepted} accepted`,
      `≥ ${o.cases} · 0 · 0`,
      fewest >= o.cases && wireFailures.length === 0 && wireAccepted === 0,
    ),
    figure(
      "bad input",
      "emulator control API: POST reset, clock, bgp, faults, and no such route",
      `${Math.min(...controlTallies.map((t) => t.cases))} cases each · ${controlFailures.length} 5xx or unanswered · ${controlAccepted} accepted`,
      `≥ ${o.cases} · 0 · 0`,
      Math.min(...controlTallies.map((t) => t.cases)) >= o.cases &&
        controlFailures.length === 0 &&
        controlAccepted === 0,
    ),
    figure(
      "bad input",
      "emulator state changed by its invalid input",
      unchanged
        ? "none (state file byte for byte the same, no fault rule, same seed)"
        : `CHANGED (state file ${after === before ? "same" : "differs"}, ${faults.faults.length} fault rules)`,
      "none",
      unchanged,
    ),
    figure(
      "bad input",
      "emulator answers afterwards",
      healthy ? "yes (health, and DescribeConnections through the SDK)" : "no",
      "yes",
      healthy,
    ),
  ];
}
