// Bad input, dashboard: every route of app/api/** fuzzed over HTTP with fast-check's generated input.
// Each case is invalid: a valid request (real ids from the seeded estate) with one to three of its
// fields removed or replaced by hostile values, a body that is not a JSON object, a malformed path id,
// a query naming accounts or regions that are not configured, or the wrong content type; with
// prototype keys, duplicates and unknown members mixed in. A case the server's own rules would take
// (the route's zod schema from lib/dx/schemas.ts, the path id's, the configured accounts and regions,
// the content type) is left out as it is generated, so none of these cases may reach AWS. Changes
// carry the dashboard's own Origin and JSON content type, so they pass the cross-site checks and
// reach validation. Per route: the cases tried, 5xx answers, answers that accepted the input, and the
// upstream calls made (the emulator's call log, cleared before each route); and for all: whether the
// emulator's state file changed, and whether both still answer afterwards.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

import fc from "fast-check";
import type { z } from "zod";

import * as dx from "../../lib/dx/schemas";
import type { DxClientConfig, DxTopology } from "../../lib/dx/types";
import { sameOrigin, topology } from "./dashboard";
import { callLog, clearCallLog, emulatorHealthy, json, pool, send, type Reply } from "./http";
import { figure, type Figure } from "./report";
import type { Pair } from "./servers";
import {
  badValue,
  headerValue,
  nearId,
  noiseMembers,
  notAnObject,
  oddAddress,
  oddNumber,
  oddString,
  oddUrlString,
  withMembers,
} from "./values";

const JSON_TYPE = "application/json";
/** The body limit the routes are to enforce (a known security item): larger bodies get 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;
const BODY_LIMIT_HOLE = "64 KB body limit, 413";

interface ApiCase {
  /** What is wrong with it, for the record of a failure. */
  what: string;
  /** The path id, URL-encoded as sent. */
  segment?: string;
  /** "?…", as sent. */
  query?: string;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
}

interface RouteDef {
  name: string;
  method: "GET" | "POST" | "DELETE";
  path(segment: string): string;
  id?: { valid: string; schema: z.ZodType<string> };
  body?: {
    valid: Record<string, unknown>;
    schema: z.ZodType<unknown>;
    /** Near misses per field; any field also gets badValue, and may be removed. */
    fields: Record<string, fc.Arbitrary<unknown>>;
  };
  /** Read routes: the generated cases and whether the server would take one. */
  read?: { cases: fc.Arbitrary<ApiCase>; valid(c: ApiCase): boolean };
}

/** Ids of the seeded estate that a valid request names, and well-formed ids that exist nowhere. */
function estateIds(t: DxTopology) {
  const available = (s: string) => s === "available";
  const vif = t.virtualInterfaces.find(
    (v) => v.ownerAlias === "network" && v.region === "us-east-1" && v.bgpPeers.length > 1,
  );
  const confirming = t.virtualInterfaces.find((v) => v.state === "confirming");
  const connection = t.connections.find(
    (c) =>
      c.account === "network" &&
      c.region === "us-east-1" &&
      available(c.state) &&
      c.partnerName === null,
  );
  const ordering = t.connections.find((c) => c.state === "ordering");
  const vgw = t.virtualGateways.find((g) => g.account === "network" && g.region === "us-east-1");
  const dxgw = t.directConnectGateways.find((g) => g.account === "network");
  return {
    vif: vif?.id ?? "dxvif-aaaaaaaa",
    peer: vif?.bgpPeers[0]?.id ?? "dxpeer-aaaaaaaa",
    confirming: confirming?.id ?? "dxvif-bbbbbbbb",
    confirmingAccount: confirming?.ownerAlias ?? "workload",
    confirmingRegion: confirming?.region ?? "us-east-1",
    connection: connection?.id ?? "dxcon-aaaaaaaa",
    ordering: ordering?.id ?? "dxcon-bbbbbbbb",
    vgw: vgw?.id ?? "vgw-aaaaaaaa",
    dxgw: dxgw?.id ?? "00000000-0000-0000-0000-000000000001",
  };
}

type EstateIds = ReturnType<typeof estateIds>;

/** Well-formed ids that exist nowhere: a change naming them is refused by AWS, whoever sends it. */
const NOWHERE: EstateIds = {
  vif: "dxvif-zzzzzzzz",
  peer: "dxpeer-zzzzzzzz",
  confirming: "dxvif-zzzzzzzy",
  confirmingAccount: "workload",
  confirmingRegion: "us-east-1",
  connection: "dxcon-zzzzzzzz",
  ordering: "dxcon-zzzzzzzy",
  vgw: "vgw-ffffffff",
  dxgw: "ffffffff-ffff-ffff-ffff-ffffffffffff",
};

const scopeFields = (aliases: string[], regions: string[]) => ({
  account: fc.oneof(
    fc.constantFrom("Network", "network ", " network", "analytics", "partner", "111111111111", "*"),
    nearId(aliases[0] ?? "network"),
  ),
  region: fc.oneof(
    fc.constantFrom(
      "us-east-2",
      "US-EAST-1",
      "us-east-1 ",
      "eu-west-9",
      "global",
      "aws-global",
      "*",
    ),
    nearId(regions[0] ?? "us-east-1"),
  ),
});

const asnField = fc.oneof(
  oddNumber,
  fc.integer({ min: 4_294_967_295, max: 2 ** 53 }),
  fc.constantFrom("65000", "1.10", 0, -65000),
);
const authKeyField = fc.oneof(
  fc.constantFrom(
    " secret",
    "secret ",
    "short",
    "x".repeat(81),
    "\u0000\u0000\u0000\u0000\u0000\u0000",
  ),
  oddString,
);

function routes(ids: EstateIds, aliases: string[], regions: string[]): RouteDef[] {
  const scope = scopeFields(aliases, regions);
  const peerFields = {
    ...scope,
    addressFamily: fc.oneof(fc.constantFrom("IPV4", "ipv5", "v6", "", "ipv4 "), oddString),
    asn: asnField,
    authKey: authKeyField,
    amazonAddress: oddAddress,
    customerAddress: oddAddress,
  };
  const read = readRoutes(ids, aliases, regions);
  return [
    ...read,
    {
      name: "POST /api/bgp-peers",
      method: "POST",
      path: () => "/api/bgp-peers",
      body: {
        valid: {
          account: "network",
          region: "us-east-1",
          virtualInterfaceId: ids.vif,
          addressFamily: "ipv6",
          asn: 65010,
        },
        schema: dx.createBgpPeerInput,
        fields: { ...peerFields, virtualInterfaceId: nearId(ids.vif) },
      },
    },
    {
      name: "DELETE /api/bgp-peers/{bgpPeerId}",
      method: "DELETE",
      path: (s) => `/api/bgp-peers/${s}`,
      id: { valid: ids.peer, schema: dx.bgpPeerId },
      body: {
        valid: { account: "network", region: "us-east-1", virtualInterfaceId: ids.vif },
        schema: dx.deleteBgpPeerInput,
        fields: { ...scope, virtualInterfaceId: nearId(ids.vif) },
      },
    },
    {
      name: "POST /api/virtual-interfaces",
      method: "POST",
      path: () => "/api/virtual-interfaces",
      body: {
        valid: {
          account: "network",
          region: "us-east-1",
          connectionId: ids.connection,
          type: "private",
          name: "fuzz",
          vlan: 3001,
          asn: 65020,
          virtualGatewayId: ids.vgw,
        },
        schema: dx.createInterfaceInput,
        fields: {
          ...peerFields,
          connectionId: nearId(ids.connection),
          type: fc.oneof(fc.constantFrom("Private", "hosted", "public ", ""), oddString),
          name: fc.oneof(fc.constantFrom("", "   ", "x".repeat(101)), oddString),
          vlan: fc.oneof(fc.integer({ min: -10, max: 5000 }), oddNumber, fc.constant("100")),
          mtu: fc.oneof(fc.constantFrom(9000, 8500, 1499, 9001.5, "1500"), oddNumber),
          ownerAccount: fc.oneof(
            fc.constantFrom("22222222222", "2222222222222", "network"),
            oddString,
          ),
          virtualGatewayId: nearId(ids.vgw),
          directConnectGatewayId: nearId(ids.dxgw),
          routeFilterPrefixes: fc.oneof(
            fc.array(oddAddress, { maxLength: 4 }),
            fc.constant(Array.from({ length: 1001 }, (_, i) => `203.0.${i % 256}.0/24`)),
            badValue,
          ),
        },
      },
    },
    {
      name: "POST /api/virtual-interfaces/{id}/confirm",
      method: "POST",
      path: (s) => `/api/virtual-interfaces/${s}/confirm`,
      id: { valid: ids.confirming, schema: dx.virtualInterfaceId },
      body: {
        valid: {
          account: ids.confirmingAccount,
          region: ids.confirmingRegion,
          directConnectGatewayId: ids.dxgw,
        },
        schema: dx.confirmInterfaceInput,
        fields: {
          ...scope,
          virtualGatewayId: nearId(ids.vgw),
          directConnectGatewayId: nearId(ids.dxgw),
        },
      },
    },
    {
      name: "DELETE /api/virtual-interfaces/{id}",
      method: "DELETE",
      path: (s) => `/api/virtual-interfaces/${s}`,
      id: { valid: ids.vif, schema: dx.virtualInterfaceId },
      body: {
        valid: { account: "network", region: "us-east-1" },
        schema: dx.deleteInterfaceInput,
        fields: scope,
      },
    },
    {
      name: "POST /api/connections/{id}/confirm",
      method: "POST",
      path: (s) => `/api/connections/${s}/confirm`,
      id: { valid: ids.ordering, schema: dx.dedicatedConnectionId },
      body: {
        valid: { account: "network", region: "us-east-1" },
        schema: dx.hostedConnectionInput,
        fields: scope,
      },
    },
    {
      name: "POST /api/connections/{id}/decline",
      method: "POST",
      path: (s) => `/api/connections/${s}/decline`,
      id: { valid: ids.ordering, schema: dx.dedicatedConnectionId },
      body: {
        valid: { account: "network", region: "us-east-1" },
        schema: dx.hostedConnectionInput,
        fields: scope,
      },
    },
  ];
}

/** Percent-encoded as UTF-8; a lone surrogate (which has no UTF-8) is sent as U+FFFD. */
const enc = (s: string) => encodeURIComponent(Buffer.from(s, "utf8").toString("utf8"));

/** Path ids a client could send: near misses (URL-encoded), and malformed percent-encodings. */
function segments(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: nearId(valid, oddUrlString)
        .filter((s) => s.length > 0)
        .map(enc),
    },
    fc.constantFrom(
      "%",
      "%zz",
      "%E0%A4%A",
      "%C0%AE%C0%AE",
      "%2e%2e",
      "a%2Fb",
      "%2F",
      "%00",
      "%FF",
      `${encodeURIComponent(valid)}%00`,
      `${encodeURIComponent(valid)}%20`,
      `${encodeURIComponent(valid)};x=1`,
      "~",
      "*",
    ),
  );
}

const decodings = (segment: string) => {
  try {
    return [segment, decodeURIComponent(segment)];
  } catch {
    return [segment];
  }
};

const queryOf = (pairs: readonly (readonly [string, string])[]) =>
  pairs.length ? `?${pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&")}` : "";

const params = (query = "") =>
  Object.fromEntries(new URL(`http://dxmap.invalid/${query}`).searchParams) as Record<
    string,
    string
  >;

const MALFORMED_QUERIES = [
  "?accounts=%",
  "?accounts=%E0%A4%A",
  "?&&&",
  "?accounts",
  "?=network",
  "?accounts=network&accounts=nobody",
  "?account=%00",
  "?account[]=network",
];

/** GET routes: the topology's query, the gateways' id and account, the configuration. */
function readRoutes(ids: EstateIds, aliases: string[], regions: string[]): RouteDef[] {
  const token = fc.oneof(
    fc.constantFrom(...aliases, ...regions),
    fc.constantFrom(
      "Network",
      "network ",
      "analytics",
      "partner",
      "us-east-2",
      "global",
      "*",
      "all",
    ),
    oddUrlString,
  );
  const list = fc.array(token, { minLength: 1, maxLength: 4 }).map((ts) => ts.join(","));
  const topologyPairs = fc.array(
    fc.oneof(
      list.map((v) => ["accounts", v] as const),
      list.map((v) => ["regions", v] as const),
      fc.tuple(
        fc.constantFrom("Accounts", "account", "accounts[]", "__proto__", "constructor"),
        list,
      ),
      fc.tuple(fc.string({ maxLength: 10 }), oddUrlString),
    ),
    { minLength: 1, maxLength: 4 },
  );
  const topologyValid = (c: ApiCase) => {
    const parsed = dx.topologyQuery.safeParse(params(c.query));
    if (!parsed.success) return false;
    return (
      (parsed.data.accounts ?? []).every((a) => aliases.includes(a)) &&
      (parsed.data.regions ?? []).every((r) => regions.includes(r))
    );
  };
  const accountQuery = fc.oneof(
    fc.constant(""),
    fc.constantFrom(...MALFORMED_QUERIES),
    fc
      .array(
        fc.oneof(
          fc.tuple(
            fc.constant("account"),
            fc.oneof(
              fc.constantFrom("Network", "analytics", "*", ""),
              nearId("network", oddUrlString),
            ),
          ),
          fc.tuple(fc.constant("account"), fc.constantFrom(...aliases)),
          fc.tuple(fc.string({ maxLength: 10 }), oddUrlString),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map(queryOf),
  );
  const accountValid = (query?: string) => {
    const parsed = dx.gatewayReadQuery.safeParse(params(query));
    return parsed.success && aliases.includes(parsed.data.account);
  };
  const gatewayId = fc.oneof(fc.constant(encodeURIComponent(ids.dxgw)), segments(ids.dxgw));
  const perGateway = (name: string, suffix: string): RouteDef => ({
    name,
    method: "GET",
    path: (s) => `/api/direct-connect-gateways/${s}/${suffix}`,
    id: { valid: ids.dxgw, schema: dx.directConnectGatewayId },
    read: {
      cases: fc
        .tuple(gatewayId, accountQuery)
        .map(([segment, query]) => ({ what: "id or account", segment, query })),
      valid: (c) =>
        decodings(c.segment ?? "").some((v) => dx.directConnectGatewayId.safeParse(v).success) &&
        accountValid(c.query),
    },
  });
  const noise = fc.record({
    query: fc.oneof(
      fc.constantFrom("", ...MALFORMED_QUERIES),
      fc.array(fc.tuple(fc.string({ maxLength: 10 }), oddUrlString), { maxLength: 3 }).map(queryOf),
    ),
    headers: fc.dictionary(
      fc.constantFrom(
        "Accept",
        "Accept-Encoding",
        "If-None-Match",
        "A-IM",
        "Cookie",
        "X-Forwarded-User",
        "Range",
      ),
      headerValue,
      { maxKeys: 3 },
    ),
  });
  return [
    {
      name: "GET /api/topology",
      method: "GET",
      path: () => "/api/topology",
      read: {
        cases: fc.oneof(
          {
            weight: 5,
            arbitrary: topologyPairs.map((p) => ({
              what: "accounts or regions",
              query: queryOf(p),
            })),
          },
          fc
            .constantFrom(...MALFORMED_QUERIES)
            .map((query) => ({ what: "malformed query", query })),
        ),
        valid: topologyValid,
      },
    },
    {
      // No input: every request is as valid as any other. It makes no upstream call at all.
      name: "GET /api/config",
      method: "GET",
      path: () => "/api/config",
      read: {
        cases: noise.map(({ query, headers }) => ({ what: "query and headers", query, headers })),
        valid: () => false,
      },
    },
    perGateway("GET /api/direct-connect-gateways/{id}/attachments", "attachments"),
    perGateway("GET /api/direct-connect-gateways/{id}/associations", "associations"),
    {
      name: "GET /api/direct-connect-gateways/associations",
      method: "GET",
      path: () => "/api/direct-connect-gateways/associations",
      read: {
        cases: accountQuery.map((query) => ({ what: "account", query })),
        valid: (c) => accountValid(c.query),
      },
    },
  ];
}

const CONTENT_TYPES = fc.constantFrom(
  "",
  "text/plain",
  "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/jsonp",
  "application/json-patch+json",
  "application/x-amz-json-1.1",
  "text/json",
  "json",
  "application/ json",
);

/** The cases of a change route: its valid request with fields broken, or its body, id or content type. */
function changeCases(route: RouteDef): fc.Arbitrary<ApiCase> {
  const { valid, fields } = route.body!;
  const names = Object.keys(fields);
  const edit = fc.oneof(
    fc.constantFrom(...names).map((f) => ({ f, remove: true as const })),
    fc.constantFrom(...names).chain((f) => fc.oneof(fields[f]!, badValue).map((v) => ({ f, v }))),
  );
  const broken = fc
    .tuple(fc.array(edit, { minLength: 1, maxLength: 3 }), noiseMembers(names[0]!))
    .map(([edits, noise]) => {
      const body: Record<string, unknown> = { ...valid };
      for (const e of edits) {
        if ("remove" in e) delete body[e.f];
        else body[e.f] = e.v;
      }
      return withMembers(JSON.stringify(body), noise);
    });
  const segment = route.id ? encodeURIComponent(route.id.valid) : undefined;
  const validText = JSON.stringify(valid);
  const options: fc.WeightedArbitrary<ApiCase>[] = [
    {
      weight: 60,
      arbitrary: broken.map((body) => ({ what: "fields", segment, body, contentType: JSON_TYPE })),
    },
    {
      weight: 12,
      arbitrary: notAnObject.map((body) => ({
        what: "not a JSON object",
        segment,
        body,
        contentType: JSON_TYPE,
      })),
    },
    {
      weight: 5,
      arbitrary: fc
        .tuple(CONTENT_TYPES, fc.oneof(fc.constant(validText), broken))
        .map(([contentType, body]) => ({ what: "content type", segment, body, contentType })),
    },
  ];
  if (route.id)
    options.push({
      weight: 20,
      arbitrary: fc
        .tuple(segments(route.id.valid), fc.oneof(fc.constant(validText), broken))
        .map(([s, body]) => ({ what: "path id", segment: s, body, contentType: JSON_TYPE })),
    });
  return fc.oneof(...options);
}

/** Whether the server's own rules would take a change: then it may reach AWS, and is left out. */
function changeValid(route: RouteDef, c: ApiCase, aliases: string[], regions: string[]): boolean {
  if ((c.contentType ?? "").split(";")[0]!.trim().toLowerCase() !== JSON_TYPE) return false;
  if (route.id && !decodings(c.segment ?? "").some((v) => route.id!.schema.safeParse(v).success))
    return false;
  let parsed: unknown;
  try {
    // As request.json() reads it: UTF-8, a leading byte-order mark dropped.
    parsed = JSON.parse(
      Buffer.from(c.body ?? "")
        .toString("utf8")
        .replace(/^\ufeff/, ""),
    );
  } catch {
    return false;
  }
  let result: ReturnType<z.ZodType<unknown>["safeParse"]>;
  try {
    result = route.body!.schema.safeParse(parsed);
  } catch {
    return false; // the schema throws: the server can only fail, and the case stays in
  }
  if (!result.success) return false;
  const { account, region } = result.data as { account: string; region: string };
  return aliases.includes(account) && regions.includes(region);
}

function requestOf(url: string, route: RouteDef, c: ApiCase) {
  const segment = c.segment ?? (route.id ? encodeURIComponent(route.id.valid) : "");
  const headers: Record<string, string> = {
    Host: new URL(url).host,
    Accept: "application/json",
    ...c.headers,
  };
  if (route.body) {
    Object.assign(headers, sameOrigin(url));
    if (c.contentType) headers["Content-Type"] = c.contentType;
    else delete headers["Content-Type"];
  }
  return {
    url: `${url}${route.path(segment)}${c.query ?? ""}`,
    options: {
      method: route.method,
      headers,
      ...(c.body !== undefined ? { body: c.body } : {}),
      timeoutMs: 60_000,
    },
  };
}

/** Node's default limit on a request's line and headers, which its HTTP server enforces. */
const MAX_HEADER_BYTES = 16 * 1024;
const headerBytes = (url: string, headers: Record<string, string>) =>
  Buffer.byteLength(new URL(url).pathname + new URL(url).search) +
  Object.entries(headers).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v) + 4, 0);

interface Tally {
  cases: number;
  left: number;
  statuses: Record<string, number>;
  serverErrors: { status: number; what: string; detail: string }[];
  accepted: { status: number; what: string }[];
  noAnswer: { what: string; error: string }[];
}

async function runCases(
  url: string,
  route: RouteDef,
  cases: readonly ApiCase[],
  concurrency: number,
  tally: Tally,
  // Refused (4xx), or redirected elsewhere (Next.js sends "/api/bgp-peers/." on to "/api/bgp-peers").
  accept: (c: ApiCase, res: Reply) => boolean = (_, res) => res.status >= 300 && res.status < 500,
) {
  await pool(cases, concurrency, async (c) => {
    const { url: target, options } = requestOf(url, route, c);
    tally.cases++;
    let res: Reply;
    try {
      res = await send(target, options);
    } catch (error) {
      // Node's HTTP server refuses a request line and headers over its limit (16 KB) with a 431 and
      // closes the connection, which may reset before the answer is read: a refusal too.
      if (headerBytes(target, options.headers) > MAX_HEADER_BYTES) {
        tally.statuses.reset = (tally.statuses.reset ?? 0) + 1;
        return;
      }
      tally.noAnswer.push({ what: c.what, error: (error as Error).message });
      return;
    }
    tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
    if (res.status >= 500)
      tally.serverErrors.push({
        status: res.status,
        what: `${c.what}: ${target.slice(url.length, url.length + 200)} ${(c.body ?? "").slice(0, 200)}`,
        detail: res.body.toString("utf8").slice(0, 300),
      });
    else if (!accept(c, res)) tally.accepted.push({ status: res.status, what: c.what });
  });
}

const newTally = (): Tally => ({
  cases: 0,
  left: 0,
  statuses: {},
  serverErrors: [],
  accepted: [],
  noAnswer: [],
});

const hashOf = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

export interface FuzzOptions {
  cases: number;
  concurrency: number;
  seed: number;
}

export async function fuzzApi(
  pair: Pair,
  o: FuzzOptions,
  log: (m: string) => void,
): Promise<Figure[]> {
  const configRes = await send(`${pair.url}/api/config`, {
    headers: { Host: new URL(pair.url).host },
  });
  const config = json<DxClientConfig>(configRes);
  if (!config) throw new Error(`GET /api/config: ${configRes.status}`);
  const aliases = config.accounts.map((a) => a.alias);
  const regions = config.regions;
  const estate = await topology(pair.url);
  const ids = estateIds(estate);
  const stateBefore = hashOf(pair.stateFile);
  const figures: Figure[] = [];
  const details: Record<string, Tally & { upstreamCalls: number }> = {};

  for (const [i, route] of routes(ids, aliases, regions).entries()) {
    const tally = newTally();
    const arbitrary = route.read
      ? route.read.cases.filter((c) => {
          const valid = route.read!.valid(c);
          if (valid) tally.left++;
          return !valid;
        })
      : changeCases(route).filter((c) => {
          const valid = changeValid(route, c, aliases, regions);
          if (valid) tally.left++;
          return !valid;
        });
    const cases = fc.sample(arbitrary, { numRuns: o.cases, seed: o.seed + i });
    await clearCallLog(pair.emulatorUrl);
    const started = performance.now();
    // GET /api/config takes no input: any answer but a 5xx is right for it.
    await runCases(
      pair.url,
      route,
      cases,
      o.concurrency,
      tally,
      route.name === "GET /api/config" ? (_, res) => res.status < 500 : undefined,
    );
    const upstreamCalls = (await callLog(pair.emulatorUrl)).total;
    details[route.name] = { ...tally, upstreamCalls };
    log(
      `  ${route.name}: ${tally.cases} cases in ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
        `statuses ${JSON.stringify(tally.statuses)}, ${upstreamCalls} upstream calls, ${tally.left} valid left out`,
    );
    const problems = [
      ...tally.serverErrors.slice(0, 2).map((e) => `${e.status} for ${e.what} → ${e.detail}`),
      ...tally.noAnswer.slice(0, 2).map((e) => `no answer for ${e.what}: ${e.error}`),
      ...tally.accepted.slice(0, 2).map((e) => `${e.status} for ${e.what}`),
    ];
    if (problems.length) log(`    e.g. ${problems.join("\n    e.g. ")}`);
    figures.push(
      figure(
        "bad input",
        route.name,
        `${tally.cases} cases · ${tally.serverErrors.length + tally.noAnswer.length} 5xx or unanswered · ` +
          `${upstreamCalls} upstream calls · ${tally.accepted.length} accepted`,
        `≥ ${o.cases} · 0 · 0 · 0`,
        tally.cases >= o.cases &&
          tally.serverErrors.length + tally.noAnswer.length === 0 &&
          upstreamCalls === 0 &&
          tally.accepted.length === 0,
      ),
    );
  }

  figures.push(await hostilePolls(pair, o, estate.version ?? "", log));
  figures.push(...(await oversized(pair, o, aliases, regions, log)));

  // The emulator's whole state (interfaces, peers, connections, gateways, its clock) is its state
  // file, rewritten on every change: the same bytes mean nothing changed.
  const stateAfter = hashOf(pair.stateFile);
  figures.push(
    figure(
      "bad input",
      "emulator state changed by the dashboard's invalid input",
      stateAfter === stateBefore ? "none (state file byte for byte the same)" : "CHANGED",
      "none",
      stateAfter === stateBefore,
    ),
  );
  const after = await send(`${pair.url}/api/topology`, {
    headers: { Host: new URL(pair.url).host },
  });
  const afterBody = json<DxTopology>(after);
  const healthy =
    after.status === 200 &&
    afterBody?.errors.length === 0 &&
    (await emulatorHealthy(pair.emulatorUrl));
  figures.push(
    figure(
      "bad input",
      "dashboard and its emulator answer afterwards",
      healthy ? "yes (topology 200, no errors; emulator healthy)" : `no (topology ${after.status})`,
      "yes",
      healthy,
    ),
  );
  return figures;
}

/** GET /api/topology with valid queries and hostile poll headers: If-None-Match, A-IM, Accept-Encoding. */
async function hostilePolls(pair: Pair, o: FuzzOptions, version: string, log: (m: string) => void) {
  const route: RouteDef = { name: "GET /api/topology", method: "GET", path: () => "/api/topology" };
  const cases = fc.sample(
    fc
      .record({
        "If-None-Match": fc.oneof(
          headerValue,
          fc.constantFrom(
            `"${version}"`,
            `W/"${version}"`,
            `"${version}", "x"`,
            `"${version.slice(0, -1)}"`,
            "*",
          ),
        ),
        "A-IM": fc.oneof(
          headerValue,
          fc.constantFrom("dxmap-changes", "dxmap-changes, gzip", "vcdiff", "DXMAP-CHANGES"),
        ),
        "Accept-Encoding": fc.oneof(
          headerValue,
          fc.constantFrom("gzip", "br", "deflate", "*", "identity;q=0", "gzip;q=0"),
        ),
      })
      .map((headers) => ({ what: "poll headers", headers })),
    { numRuns: Math.round(o.cases / 4), seed: o.seed + 100 },
  );
  const tally = newTally();
  await runCases(pair.url, route, cases, o.concurrency, tally, (_, res) => res.status < 500);
  log(
    `  GET /api/topology, hostile poll headers: ${tally.cases} cases, statuses ${JSON.stringify(tally.statuses)}`,
  );
  const failed = tally.serverErrors.length + tally.noAnswer.length;
  if (failed)
    log(`    e.g. ${JSON.stringify([...tally.serverErrors, ...tally.noAnswer].slice(0, 2))}`);
  return figure(
    "bad input",
    "GET /api/topology, valid query with hostile If-None-Match, A-IM, Accept-Encoding",
    `${tally.cases} cases · ${failed} 5xx or unanswered`,
    `0 5xx`,
    failed === 0,
  );
}

/**
 * Bodies over the limit on every change route: half a valid change naming resources that exist
 * nowhere (so nothing can change even where it is taken), half broken, each padded past 64 KB.
 */
async function oversized(
  pair: Pair,
  o: FuzzOptions,
  aliases: string[],
  regions: string[],
  log: (m: string) => void,
): Promise<Figure[]> {
  const changeRoutes = routes(NOWHERE, aliases, regions).filter((r) => r.body);
  const perRoute = Math.max(10, Math.round(o.cases / 50));
  const tally = newTally();
  let answered413 = 0;
  await clearCallLog(pair.emulatorUrl);
  for (const [i, route] of changeRoutes.entries()) {
    const cases = fc.sample(
      fc
        .tuple(
          fc.oneof(
            fc.constant(JSON.stringify(route.body!.valid)),
            changeCases(route).map((c) => c.body ?? "{}"),
          ),
          fc.integer({ min: BODY_LIMIT_BYTES + 1, max: 1024 * 1024 }),
        )
        .map(([body, size]) => ({
          what: `oversized (${size} bytes)`,
          contentType: JSON_TYPE,
          body: body.startsWith("{")
            ? withMembers(body, [`"pad":${JSON.stringify("x".repeat(size))}`])
            : body + " ".repeat(size),
        })),
      { numRuns: perRoute, seed: o.seed + 200 + i },
    );
    await runCases(pair.url, route, cases, Math.min(8, o.concurrency), tally, (_, res) => {
      if (res.status === 413) answered413++;
      return res.status >= 400 && res.status < 500;
    });
  }
  const upstreamCalls = (await callLog(pair.emulatorUrl)).total;
  log(
    `  oversized bodies on ${changeRoutes.length} change routes: ${tally.cases} cases, statuses ${JSON.stringify(tally.statuses)}, ${upstreamCalls} upstream calls`,
  );
  const failed = tally.serverErrors.length + tally.noAnswer.length;
  return [
    figure(
      "bad input",
      `bodies over 64 KB on the ${changeRoutes.length} change routes (half valid but for their size)`,
      `${tally.cases} cases · ${failed} 5xx or unanswered · ${answered413} answered 413 · ${upstreamCalls} upstream calls · ${tally.accepted.length} accepted`,
      `0 · all 413 · 0 · 0`,
      failed === 0 &&
        answered413 === tally.cases &&
        upstreamCalls === 0 &&
        tally.accepted.length === 0,
      BODY_LIMIT_HOLE,
    ),
  ];
}
