// Direct Connect's rules as zod schemas, shared by the forms (validate as the user types) and the route
// handlers (validate before any AWS call). Pure: no I/O, safe in the browser. Rules that need the
// current state (a second peer of a family, the last peer) are in lib/dx/rules, checked from the
// topology, and in the end by AWS, whose own message the user then sees.
import ipaddr from "ipaddr.js";
import { z } from "zod";

import { EVENT_FIELDS, RESOURCE_TYPES } from "./history";
import { ID_PATTERNS } from "./ids";
import { FAILOVER_TEST_MINUTES } from "./limits";
import { ROUTER_TYPES, routerTypeById } from "./router-types";

// No JIT: zod probes for eval with `new Function("")` when it builds an object schema, and in the
// browser the dashboard's CSP (script-src without 'unsafe-eval') reports that as a violation on every
// page that imports these schemas. Inputs here are form-sized; the interpreted parser is plenty.
z.config({ jitless: true });

export { ID_PATTERNS } from "./ids";
export { FAILOVER_TEST_MINUTES } from "./limits";

export const MAX_ASN = 4_294_967_294;

// Every string and list has a maximum, so no input costs more than its field needs. Ids and aliases are
// bounded by their patterns; free text by AWS's limits where AWS states one (an interface's name: 100,
// an auth key: 80, a public interface's prefixes: 1000); an address or prefix by the longest CIDR
// (an IPv6 address with its length: 39 + 4 characters).
export const MAX_CIDR_LENGTH = 43;
export const MAX_PREFIXES = 1000;
export const MAX_NAME_LENGTH = 100;
/** An id given where a form's field may carry spaces around it (trimmed): generous, then its pattern. */
const MAX_ID_INPUT = 64;

export const accountAlias = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Choose a configured account.");
export const region = z
  .string()
  .max(32, "Choose a configured region.")
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "Choose a configured region.");
export const virtualInterfaceId = z
  .string()
  .regex(ID_PATTERNS.virtualInterface, "An interface id looks like dxvif-ab12cd34.");
export const bgpPeerId = z
  .string()
  .regex(ID_PATTERNS.bgpPeer, "A BGP peer id looks like dxpeer-ab12cd34.");
export const connectionId = z
  .string()
  .refine(
    (v) => ID_PATTERNS.connection.test(v) || ID_PATTERNS.lag.test(v),
    "A connection id looks like dxcon-ab12cd34 (or dxlag-… for a LAG).",
  );
export const directConnectGatewayId = z
  .string()
  .regex(ID_PATTERNS.directConnectGateway, "A Direct Connect gateway id is a UUID.");
export const virtualGatewayId = z
  .string()
  .regex(ID_PATTERNS.virtualGateway, "A virtual private gateway id looks like vgw-1a2b3c4d.");

export const vlan = z
  .number({ error: "Give a VLAN from 1 to 4094." })
  .int("VLAN must be a whole number.")
  .min(1, "VLAN must be between 1 and 4094.")
  .max(4094, "VLAN must be between 1 and 4094.");

/**
 * An ASN as typed in a form: asplain ("65000", "4200000000") or asdot ("1.10" = 1 × 65536 + 10), as
 * routers show them; NaN for anything else ("1e3", "65000.", "-1"), which the schema refuses.
 */
export function parseAsnInput(text: string): number {
  const t = text.trim();
  // Any run of digits is a number: one out of range is then refused as out of range, not as not a number.
  if (/^\d{1,20}$/.test(t)) return Number(t);
  const dot = /^(\d{1,5})\.(\d{1,5})$/.exec(t);
  if (dot && Number(dot[1]) <= 65535 && Number(dot[2]) <= 65535)
    return Number(dot[1]) * 65536 + Number(dot[2]);
  return Number.NaN;
}

/** A form's ASN control's value (react-hook-form setValueAs): a number kept, text parsed. */
export const asnValue = (v: unknown): number =>
  typeof v === "number" ? v : parseAsnInput(String(v ?? ""));

/** The customer's BGP ASN: 1..4294967294 (sent as asnLong above the 2-byte range). */
export const asn = z
  .number({ error: "ASN must be a whole number like 65000, or asdot like 1.10." })
  .int("ASN must be a whole number.")
  .min(1, `ASN must be between 1 and ${MAX_ASN}.`)
  .max(MAX_ASN, `ASN must be between 1 and ${MAX_ASN}.`);

export const authKey = z
  .string()
  .min(6, "An auth key has 6 to 80 characters.")
  .max(80, "An auth key has 6 to 80 characters.")
  // Kept exactly as typed (never trimmed): the router's key must match it character for character.
  .refine(
    (k) => k.trim() === k,
    "An auth key cannot start or end with a space: the router's key would not match it.",
  );
export const addressFamily = z.enum(["ipv4", "ipv6"], { error: "Address family is ipv4 or ipv6." });
export type AddressFamily = z.infer<typeof addressFamily>;
export const interfaceType = z.enum(["private", "public", "transit"]);
export type InterfaceType = z.infer<typeof interfaceType>;

export const isPrivateAsn = (n: number) =>
  (n >= 64512 && n <= 65534) || (n >= 4_200_000_000 && n <= MAX_ASN);

/** MTU by interface type: private 1500 or 9001; transit 1500 or 8500; public 1500. */
export const MTU_CHOICES: Record<InterfaceType, readonly number[]> = {
  private: [1500, 9001],
  transit: [1500, 8500],
  public: [1500],
};

const NOT_PUBLIC = new Set([
  "private",
  "linkLocal",
  "loopback",
  "carrierGradeNat",
  "unspecified",
  "multicast",
  "broadcast",
]);

function parseCidr(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  return ipaddr.isValidCIDR(text) ? ipaddr.parseCIDR(text) : undefined;
}

/**
 * IPv4 peer addressing: both or neither (AWS assigns a 169.254.0.0/16 /30 when neither is given on a
 * private or transit interface); both in one subnet, neither its network nor its broadcast address;
 * public and required on a public interface. IPv6: AWS assigns both, so both are omitted.
 */
export function addressIssues(
  input: {
    addressFamily: AddressFamily;
    amazonAddress?: string | undefined;
    customerAddress?: string | undefined;
  },
  type?: InterfaceType,
): { path: "amazonAddress" | "customerAddress"; message: string }[] {
  const { amazonAddress: amazon, customerAddress: customer } = input;
  if (input.addressFamily === "ipv6") {
    return [
      ...(amazon
        ? [
            {
              path: "amazonAddress" as const,
              message: "AWS assigns IPv6 peer addresses: leave this empty.",
            },
          ]
        : []),
      ...(customer
        ? [
            {
              path: "customerAddress" as const,
              message: "AWS assigns IPv6 peer addresses: leave this empty.",
            },
          ]
        : []),
    ];
  }
  if (!amazon && !customer) {
    return type === "public"
      ? [
          {
            path: "amazonAddress",
            message: "A public interface needs the Amazon address (a public IPv4 CIDR).",
          },
          {
            path: "customerAddress",
            message: "A public interface needs your address (a public IPv4 CIDR).",
          },
        ]
      : [];
  }
  const both =
    type === "public"
      ? "A public interface needs both addresses (public IPv4 CIDRs)."
      : "Give both addresses, or neither for AWS to assign them.";
  if (!amazon) return [{ path: "amazonAddress", message: both }];
  if (!customer) return [{ path: "customerAddress", message: both }];
  const issues: { path: "amazonAddress" | "customerAddress"; message: string }[] = [];
  const parsed = { amazonAddress: parseCidr(amazon), customerAddress: parseCidr(customer) };
  for (const path of ["amazonAddress", "customerAddress"] as const) {
    const p = parsed[path];
    const text = path === "amazonAddress" ? amazon : customer;
    // ipaddr.js reads "010" as octal (8): refuse leading zeros rather than read 169.254.010.1 as 169.254.8.1.
    if (/(^|[.])0\d/.test(text.split("/")[0]!)) {
      issues.push({
        path,
        message: "An IPv4 address with its prefix, like 169.254.10.1/30, with no leading zeros.",
      });
      continue;
    }
    if (!p || p[0].kind() !== "ipv4") {
      issues.push({
        path,
        message: p
          ? "That is an IPv6 address, and this peer is IPv4: give one like 169.254.10.1/30 (for IPv6, choose IPv6: AWS assigns its addresses)."
          : "An IPv4 address with its prefix, like 169.254.10.1/30.",
      });
      continue;
    }
    if (type === "public" && NOT_PUBLIC.has(p[0].range()))
      issues.push({ path, message: "A public interface needs a public address." });
    if (p[1] <= 30) {
      if (ipaddr.IPv4.networkAddressFromCIDR(text).toString() === p[0].toString())
        issues.push({ path, message: "That is the subnet's network address." });
      if (ipaddr.IPv4.broadcastAddressFromCIDR(text).toString() === p[0].toString())
        issues.push({ path, message: "That is the subnet's broadcast address." });
    }
  }
  const a = parsed.amazonAddress;
  const c = parsed.customerAddress;
  if (issues.length === 0 && a && c) {
    if (a[1] !== c[1] || !a[0].match(c[0], c[1]))
      issues.push({
        path: "customerAddress",
        message: "Both addresses must be in the same subnet.",
      });
    else if (a[0].toString() === c[0].toString())
      issues.push({ path: "customerAddress", message: "The two addresses must differ." });
  }
  return issues;
}

/** An optional auth key: empty is none; anything else is checked as typed, never trimmed. */
const optionalKey = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(authKey.optional());

/** An optional text field of at most `max` characters as sent (trimmed after): empty is none. */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .max(max, message)
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v));

const optionalAddress = optionalText(
  MAX_CIDR_LENGTH,
  `An address with its prefix has at most ${MAX_CIDR_LENGTH} characters.`,
);
const optionalId = optionalText(MAX_ID_INPUT, `At most ${MAX_ID_INPUT} characters.`);

/** Route-filter prefixes of a public interface: valid CIDRs, IPv6 ones /64 or shorter, at most 1000. */
export const routeFilterPrefixes = z
  .array(
    z.string().max(MAX_CIDR_LENGTH, `A prefix has at most ${MAX_CIDR_LENGTH} characters.`).trim(),
  )
  .max(MAX_PREFIXES, `At most ${MAX_PREFIXES} prefixes.`)
  .superRefine((list, ctx) => {
    list.forEach((cidr, i) => {
      const p = parseCidr(cidr);
      if (!p)
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: `${cidr || "(empty)"} is not a CIDR like 203.0.113.0/24.`,
        });
      else if (p[0].kind() === "ipv6" && p[1] > 64)
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: `${cidr}: IPv6 prefixes must be /64 or shorter.`,
        });
    });
  });

const scope = { account: accountAlias, region };

/** The peer fields of the "Add BGP peer" form; `type` adds the public-interface rules. */
export function bgpPeerFields(type?: InterfaceType) {
  return z
    .object({
      addressFamily,
      asn,
      authKey: optionalKey,
      amazonAddress: optionalAddress,
      customerAddress: optionalAddress,
    })
    .superRefine(
      (v, ctx) => {
        if (!addressesCheckable(v)) return;
        for (const issue of addressIssues(v, type))
          ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
      },
      // Also while another field is wrong: a form shows every problem at once, not one round at a time.
      { when: () => true },
    );
}

/**
 * Whether a refinement that runs while other fields are wrong (`when: () => true`) has an object to
 * read: it is then given the input as it came, which may be null or not an object at all.
 */
const isObject = (v: unknown): boolean => typeof v === "object" && v !== null;

/**
 * Whether the fields addressIssues reads are well-formed, so that it can run while other fields are
 * wrong (the value it is given is then the input, not the parsed output).
 */
function addressesCheckable(v: {
  addressFamily?: unknown;
  amazonAddress?: unknown;
  customerAddress?: unknown;
}): v is {
  addressFamily: AddressFamily;
  amazonAddress?: string;
  customerAddress?: string;
} {
  // An address over the limit has its own message already: no second one about its format.
  const text = (x: unknown) =>
    x === undefined || (typeof x === "string" && x.length <= MAX_CIDR_LENGTH);
  return (
    isObject(v) &&
    addressFamily.safeParse(v.addressFamily).success &&
    text(v.amazonAddress) &&
    text(v.customerAddress)
  );
}

/** POST /api/bgp-peers */
export const createBgpPeerInput = z.object({ ...scope, virtualInterfaceId }).and(bgpPeerFields());
export type CreateBgpPeerInput = z.infer<typeof createBgpPeerInput>;

/** DELETE /api/bgp-peers/[bgpPeerId] */
export const deleteBgpPeerInput = z.object({ ...scope, virtualInterfaceId });
export type DeleteBgpPeerInput = z.infer<typeof deleteBgpPeerInput>;

/** POST /api/virtual-interfaces/[id]/confirm: private needs one gateway, transit a Direct Connect gateway, public none. */
export const confirmInterfaceInput = z
  .object({
    ...scope,
    virtualGatewayId: virtualGatewayId.optional(),
    directConnectGatewayId: directConnectGatewayId.optional(),
  })
  .refine((v) => !(v.virtualGatewayId && v.directConnectGatewayId), {
    message: "Choose one gateway: a virtual private gateway or a Direct Connect gateway.",
    path: ["directConnectGatewayId"],
  });
export type ConfirmInterfaceInput = z.infer<typeof confirmInterfaceInput>;

/** DELETE /api/virtual-interfaces/[id] */
export const deleteInterfaceInput = z.object(scope);

/** POST /api/connections/[id]/confirm and /decline: the account the partner ordered the connection for. */
export const hostedConnectionInput = z.object(scope);
export const dedicatedConnectionId = z
  .string()
  .regex(ID_PATTERNS.connection, "A connection id looks like dxcon-ab12cd34.");

/** The fields of the create/allocate interface form. */
export function interfaceFields() {
  return z
    .object({
      type: interfaceType,
      name: z
        .string()
        .trim()
        .min(1, "Give the interface a name.")
        .max(MAX_NAME_LENGTH, `At most ${MAX_NAME_LENGTH} characters.`),
      vlan,
      asn,
      mtu: z.number().int().default(1500),
      addressFamily: addressFamily.default("ipv4"),
      authKey: optionalKey,
      amazonAddress: optionalAddress,
      customerAddress: optionalAddress,
      /** For an allocation: the 12-digit account that will own it (the connection owner allocates). */
      ownerAccount: optionalId.pipe(
        z.string().regex(ID_PATTERNS.account, "An AWS account id has 12 digits.").optional(),
      ),
      virtualGatewayId: optionalId.pipe(virtualGatewayId.optional()),
      directConnectGatewayId: optionalId.pipe(directConnectGatewayId.optional()),
      routeFilterPrefixes: routeFilterPrefixes.default([]),
    })
    .superRefine(
      (v, ctx) => {
        // Runs while other fields are wrong too (below): each rule only reads fields that are well-formed.
        if (!isObject(v) || !interfaceType.safeParse(v.type).success) return;
        if (typeof v.mtu === "number" && !MTU_CHOICES[v.type].includes(v.mtu)) {
          ctx.addIssue({
            code: "custom",
            path: ["mtu"],
            message: `MTU for a ${v.type} interface: ${MTU_CHOICES[v.type].join(" or ")}.`,
          });
        }
        if (addressesCheckable(v))
          for (const issue of addressIssues(v, v.type))
            ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
        const prefixes = Array.isArray(v.routeFilterPrefixes)
          ? v.routeFilterPrefixes.filter((x): x is string => typeof x === "string")
          : [];
        if (v.type === "public" && v.addressFamily === "ipv4" && prefixes.length === 0) {
          ctx.addIssue({
            code: "custom",
            path: ["routeFilterPrefixes"],
            message: "A public interface advertises at least one prefix.",
          });
        }
        if (v.type === "public") {
          // A public interface advertises public addresses its owner holds: a private range is a mistake AWS's review would refuse.
          prefixes.forEach((cidr, i) => {
            const p = parseCidr(cidr.trim());
            if (p && (NOT_PUBLIC.has(p[0].range()) || p[0].range() === "uniqueLocal")) {
              ctx.addIssue({
                code: "custom",
                path: ["routeFilterPrefixes", i],
                message: `${cidr} is not public: a public interface advertises public prefixes you own.`,
              });
            }
          });
        }
        const allocation = v.ownerAccount !== undefined;
        if (!allocation) {
          if (v.type === "private" && !v.virtualGatewayId === !v.directConnectGatewayId) {
            ctx.addIssue({
              code: "custom",
              path: ["virtualGatewayId"],
              message: "Choose one gateway: a virtual private gateway or a Direct Connect gateway.",
            });
          }
          if (v.type === "transit" && !v.directConnectGatewayId) {
            ctx.addIssue({
              code: "custom",
              path: ["directConnectGatewayId"],
              message: "A transit interface attaches to a Direct Connect gateway.",
            });
          }
        } else if (v.virtualGatewayId || v.directConnectGatewayId) {
          ctx.addIssue({
            code: "custom",
            path: ["virtualGatewayId"],
            message: "The receiving account chooses the gateway when it approves the interface.",
          });
        }
      },
      { when: () => true },
    );
}

/** POST /api/virtual-interfaces: create (same account) or allocate (ownerAccount set). */
export const createInterfaceInput = z.object({ ...scope, connectionId }).and(interfaceFields());
export type CreateInterfaceInput = z.infer<typeof createInterfaceInput>;

/** A comma-separated list of at most `max` names of at most `length` characters each. */
const csv = (what: string, max: number, length: number) =>
  z
    .string()
    .max(max * (length + 1), `At most ${max} ${what}.`)
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    )
    .pipe(
      z
        .array(z.string().max(length, `A name in ${what} has at most ${length} characters.`))
        .max(max, `At most ${max} ${what}.`)
        .optional(),
    );
/** GET /api/topology?accounts=a,b&regions=r1,r2 */
// Any names pass here: the server checks them against its allowlist and names the allowed values.
// Bounded all the same: an alias has at most 63 characters, and no configuration has 500 accounts
// or AWS 50 regions.
export const topologyQuery = z.object({
  accounts: csv("accounts", 500, 63),
  regions: csv("regions", 50, 32),
});

/** GET /api/direct-connect-gateways/…: the account to read a gateway's attachments or associations as. */
export const gatewayReadQuery = z.object({
  account: z
    .string({ error: "Name the account to read them as (account=alias)." })
    .pipe(accountAlias),
});

const durationMessage = `A test lasts ${FAILOVER_TEST_MINUTES.min} to ${FAILOVER_TEST_MINUTES.max} minutes (3 days).`;
export const testDurationMinutes = z
  .number({ error: `Give the test's duration in minutes. ${durationMessage}` })
  .int(`Give whole minutes. ${durationMessage}`)
  .min(FAILOVER_TEST_MINUTES.min, durationMessage)
  .max(FAILOVER_TEST_MINUTES.max, durationMessage);

/** More peers than any interface can have (two per address family): a bound, not a rule. */
const MAX_TESTED_PEERS = 8;

/** POST /api/virtual-interfaces/[id]/failover-test: the peers to hold down (all when left out), for how long. */
export const startFailoverTestInput = z.object({
  ...scope,
  bgpPeerIds: z
    .array(bgpPeerId)
    .min(1, "Choose at least one BGP peer, or leave bgpPeerIds out to test every one.")
    .max(MAX_TESTED_PEERS, `At most ${MAX_TESTED_PEERS} BGP peers.`)
    .refine((ids) => new Set(ids).size === ids.length, "A BGP peer is named twice.")
    .optional(),
  durationMinutes: testDurationMinutes,
});
export type StartFailoverTestInput = z.infer<typeof startFailoverTestInput>;

/** DELETE /api/virtual-interfaces/[id]/failover-test: ends the test in progress early. */
export const stopFailoverTestInput = z.object(scope);

/** The account (alias) and region a read of one interface is made as. */
const required = (schema: z.ZodType<string, string>, message: string) =>
  z.string({ error: message }).pipe(schema);
export const interfaceReadQuery = z.object({
  account: required(accountAlias, "Name the account to read it as (account=alias)."),
  region: required(region, "Name the interface's region (region=us-east-1)."),
});

/** GET /api/virtual-interfaces/[id]/router-configuration: one of the router types AWS documents. */
export const routerConfigurationQuery = interfaceReadQuery.extend({
  routerTypeIdentifier: z
    .string({ error: "Choose a router type (routerTypeIdentifier=…)." })
    .max(100, "Unknown router type.")
    .refine((id) => routerTypeById(id) !== undefined, {
      error: (issue) =>
        `Unknown router type ${String(issue.input)}. Known: ${ROUTER_TYPES.map((t) => t.routerTypeIdentifier).join(", ")}.`,
    }),
});

/** An ISO 8601 time in a query (since, until). */
const isoTime = (what: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const time = new Date(v);
      if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(time.getTime())) {
        ctx.addIssue({
          code: "custom",
          message: `${what} is an ISO 8601 time, e.g. 2026-12-06T09:30:00Z.`,
        });
        return z.NEVER;
      }
      return time;
    });

/** One of a fixed list, or a comma-separated list of them. */
const oneOf = <T extends string>(what: string, values: readonly T[]) =>
  csv(what, values.length, 32).refine(
    (list) => !list || list.every((v) => (values as readonly string[]).includes(v)),
    `Each of ${what} is one of ${values.join(", ")}.`,
  ) as unknown as z.ZodType<T[] | undefined>;

/** GET /api/events: the filters of the events feed and of a resource's history. */
export const eventsQuery = z
  .object({
    resourceId: csv("resource ids", 200, 64),
    parentId: csv("parent ids", 200, 64),
    account: csv("accounts", 500, 63),
    region: csv("regions", 50, 32),
    resourceType: oneOf("resource types", RESOURCE_TYPES),
    field: oneOf("kinds of change", EVENT_FIELDS),
    since: isoTime("since"),
    until: isoTime("until"),
    limit: z.coerce
      .number({ error: "limit is a number." })
      .int("limit is a whole number.")
      .min(1, "limit is at least 1.")
      .max(1000, "limit is at most 1000.")
      .default(100),
    cursor: z
      .string()
      .regex(/^\d{1,19}$/, "cursor is the nextCursor of a previous page.")
      .optional(),
    format: z.enum(["json", "csv"], { error: "format is json or csv." }).default("json"),
  })
  .refine((q) => !q.since || !q.until || q.since < q.until, {
    message: "since must be before until.",
    path: ["until"],
  });

/** GET /api/events/flapping: BGP sessions with at least `min` changes in the last `hours`. */
export const flappingQuery = z.object({
  hours: z.coerce
    .number({ error: "hours is a number." })
    .int("hours is a whole number.")
    .min(1, "hours is at least 1.")
    .max(24 * 90, "hours is at most 2160 (90 days).")
    .default(24),
  min: z.coerce
    .number({ error: "min is a number." })
    .int("min is a whole number.")
    .min(1, "min is at least 1.")
    .max(10_000, "min is at most 10000.")
    .default(3),
  account: csv("accounts", 500, 63),
  region: csv("regions", 50, 32),
});

/** GET /api/audit: the changes people asked for on these targets. */
export const auditQuery = z.object({
  targetId: csv("target ids", 200, 64),
  since: isoTime("since"),
  limit: z.coerce
    .number({ error: "limit is a number." })
    .int("limit is a whole number.")
    .min(1, "limit is at least 1.")
    .max(500, "limit is at most 500.")
    .default(100),
});
