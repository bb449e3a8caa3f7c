import "server-only";

import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import {
  fromIni,
  fromNodeProviderChain,
  fromTemporaryCredentials,
} from "@aws-sdk/credential-providers";
import {
  doesIdentityRequireRefresh,
  isIdentityExpired,
  memoizeIdentityProvider,
} from "@smithy/core";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { parse as parseJsonc, printParseErrorCode, type ParseError } from "jsonc-parser";
import { z } from "zod";

import { normalizeUserName } from "./user-names";

// The only module of the dashboard that reads process.env (and the backend config file). Everything
// else asks getDxConfig(), so the set of settings is visible in one place.

export interface AccountConfig {
  alias: string;
  accountId: string;
  /** Static keys (the emulator's) or a provider that refreshes (real AWS). Never leaves the server. */
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export type AuthMode = "none" | "basic" | "proxy";

export interface SecurityConfig {
  /** Address `npm start` binds; anything beyond loopback requires an auth mode. */
  listenHost: string;
  /** Host header values accepted (host names, with or without port). */
  allowedHosts: string[];
  /**
   * The origin people open (DX_PUBLIC_URL: "https://dxmap.example.net"), null when unset. Changes
   * addressed to its host must come from exactly this origin; https sends HSTS.
   */
  publicOrigin: string | null;
  authMode: AuthMode;
  /**
   * basic: user name (normalised, see user-names.ts) → password hash (scrypt
   * `scrypt$N$r$p$salt$hash` or bcrypt `$2b$...`).
   */
  basicUsers: Record<string, string>;
  /** proxy: the header carrying the authenticated user, accepted only from these addresses. */
  proxyUserHeader: string;
  proxyAddresses: string[];
  /** proxy: a secret the proxy sends in x-dxmap-proxy-secret with every request; null when unset. */
  proxySecret: string | null;
  /** Everyone read-only, or just these users (normalised). */
  readOnly: boolean;
  readOnlyUsers: string[];
  /** When set, the only users who may change anything (normalised); null: everyone not read-only. */
  writers: string[] | null;
  auditLogPath: string;
}

export interface DxConfig {
  backend: "emulator" | "aws";
  /** Endpoint override (the emulator); undefined for real AWS. */
  endpoint: string | undefined;
  accounts: readonly AccountConfig[];
  regions: readonly string[];
  /** How long a read is served from cache before it is read again. */
  cacheTtlMs: number;
  /** Timeout of every upstream call, per attempt. */
  upstreamTimeoutMs: number;
  /** The SDK's retry, bounded: attempts per call including the first. */
  maxAttempts: number;
  /** Each account's budget of Direct Connect calls (attempts), across its regions. */
  callsPerSecond: number;
  security: SecurityConfig;
  history: HistoryConfig;
  /**
   * Where more accounts are found (DX_CONFIG's `organization`): `accounts` is then the listed ones
   * followed by those the organization had at its last listing (lib/aws/organization.ts keeps it).
   */
  organization: OrganizationConfig | undefined;
  /** The accounts DX_CONFIG lists (all of them when there is no organization). */
  listedAccounts: readonly AccountConfig[];
}

export interface OrganizationConfig {
  /** The management (or delegated administrator) account's credentials: they list the accounts. */
  credentials: CredentialsProvider;
  roleName: string;
  externalId: string | undefined;
  sessionName: string;
  accountIds: readonly string[] | undefined;
  organizationalUnits: readonly string[] | undefined;
  excludeAccountIds: readonly string[];
  relistMs: number;
  /** The region STS and Organizations are called in. */
  region: string;
  /** Their endpoint: the emulator's; undefined on AWS (where AWS_ENDPOINT_URL_* still apply). */
  endpoint: string | undefined;
}

export interface HistoryConfig {
  /** A PostgreSQL server (DATABASE_URL), or undefined for PGlite in `dir`. */
  url: string | undefined;
  dir: string;
  /** How often the collector reads each account and region. */
  intervalMs: number;
  /** How often while something there is in a transitional state. */
  fastMs: number;
  /** Events and audit records older than this are pruned. */
  days: number;
}

// The embedded emulator's two accounts. Their keys are AWS's documented
// example key pairs: they open nothing outside the emulator.
const EMULATOR_ACCOUNTS: readonly AccountConfig[] = [
  {
    alias: "network",
    accountId: "111111111111",
    credentials: {
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    },
  },
  {
    alias: "workload",
    accountId: "222222222222",
    credentials: {
      accessKeyId: "AKIAI44QH8DHBEXAMPLE",
      secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    },
  },
];

const EMULATOR_REGIONS: readonly string[] = ["us-east-1", "eu-west-1"];

// The emulator's large generated estate (DX_EMULATOR_SEED=L) spans two more accounts and regions.
const EMULATOR_SCALE_ACCOUNTS: readonly AccountConfig[] = [
  {
    alias: "analytics",
    accountId: "333333333333",
    credentials: {
      accessKeyId: "AKIAEXAMPLEANALYTICS",
      secretAccessKey: "analyticsEXAMPLEKEYanalyticsEXAMPLEKEY12",
    },
  },
  {
    alias: "partner",
    accountId: "444444444444",
    credentials: {
      accessKeyId: "AKIAEXAMPLEPARTNER01",
      secretAccessKey: "partnerEXAMPLEKEYpartnerEXAMPLEKEYpartne",
    },
  },
];
const EMULATOR_SCALE_REGIONS: readonly string[] = [
  "us-east-1",
  "eu-west-1",
  "us-west-2",
  "eu-central-1",
];

// The emulator's XL estate (an organization of 200 accounts) spans six regions.
const EMULATOR_XL_REGIONS: readonly string[] = [
  "us-east-1",
  "eu-west-1",
  "us-west-2",
  "eu-central-1",
  "ap-southeast-1",
  "ap-northeast-1",
];

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

const PUBLIC_URL_FORMAT =
  "must be the address people open, with its scheme and no path: https://dxmap.example.net[:port]";

/** "https://DX.example.net/" → "https://dx.example.net"; null unless http(s) without path or query. */
function publicOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    const bare = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
    return (url.protocol === "https:" || url.protocol === "http:") && bare ? url.origin : null;
  } catch {
    return null;
  }
}

const envSchema = z.object({
  DX_BACKEND: z.enum(["emulator", "aws"]).default("emulator"),
  DX_CONFIG: z.string().optional(),
  DX_EMULATOR_URL: z.url({ protocol: /^https?$/ }).optional(),
  DX_EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(4599),
  DX_EMULATOR_SEED: z.string().default("default"),
  DX_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  DX_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  DX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  DX_ACCOUNT_CALLS_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(5),
  HOST: z.string().default("127.0.0.1"),
  DX_PUBLIC_URL: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const origin = publicOrigin(value);
      if (origin === null) {
        ctx.addIssue({ code: "custom", message: PUBLIC_URL_FORMAT });
        return z.NEVER;
      }
      return origin;
    }),
  /** Replaced by DX_PUBLIC_URL, which says the scheme too: refused with a message that says so. */
  DX_PUBLIC_HOST: z.string().optional(),
  DX_ALLOWED_HOSTS: list,
  DX_AUTH_MODE: z.enum(["none", "basic", "proxy"]).default("none"),
  /** basic: "alice:<hash>,bob:<hash>" */
  DX_AUTH_USERS: list,
  DX_AUTH_PROXY_HEADER: z.string().default("x-forwarded-user"),
  DX_AUTH_PROXY_ADDRESSES: list,
  DX_AUTH_PROXY_SECRET: z
    .string()
    .optional()
    .refine((s) => !s || s.length >= 16, "must be at least 16 characters"),
  DX_READ_ONLY: z.enum(["true", "false", "1", "0"]).default("false"),
  DX_READ_ONLY_USERS: list,
  /** When set: the only users who may change anything. */
  DX_WRITERS: list,
  DX_AUDIT_LOG: z.string().default(".data/audit.log"),
  /** A PostgreSQL server for the history store; unset: PGlite in DX_HISTORY_DIR. */
  DATABASE_URL: z
    .string()
    .optional()
    .refine(
      (url) => !url || /^postgres(ql)?:\/\//.test(url),
      "must be a postgres:// or postgresql:// address",
    ),
  DX_HISTORY_DIR: z.string().default(".data/history"),
  DX_COLLECT_INTERVAL_MS: z.coerce.number().int().min(500).max(3_600_000).default(15_000),
  DX_COLLECT_FAST_MS: z.coerce.number().int().min(250).max(3_600_000).default(2_000),
  DX_HISTORY_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

const accountAlias = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "aliases are lowercase letters, digits and dashes");
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "not an AWS region name");

const accountId = z.string().regex(/^\d{12}$/, "an account id is 12 digits");
const externalId = z.string().min(2).max(1224);
const sessionName = z
  .string()
  .regex(/^[\w+=,.@-]{2,64}$/)
  .default("dxmap");

const credentialsSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("default") }),
  z.object({ type: z.literal("profile"), profile: z.string().min(1) }),
  z.object({
    type: z.literal("assumeRole"),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/),
    externalId: externalId.optional(),
    sessionName,
    /** Profile of the credentials that assume the role; the default chain when absent. */
    sourceProfile: z.string().optional(),
  }),
]);

/** The backend config file (DX_CONFIG) for DX_BACKEND=aws; see dxmap.config.example.jsonc. */
const fileSchema = z
  .object({
    /** The regions to read, or "all": every region of the commercial partition Direct Connect serves. */
    regions: z.union([z.array(region).min(1), z.literal("all")]),
    accounts: z
      .array(
        z.object({
          alias: accountAlias,
          accountId,
          credentials: credentialsSchema,
        }),
      )
      .default([]),
    /**
     * The accounts of an AWS organization, listed with the management (or delegated administrator)
     * account's credentials and read through a role assumed in each.
     */
    organization: z
      .object({
        credentials: credentialsSchema,
        /** The role assumed in each member account: arn:aws:iam::<account>:role/<roleName>. */
        roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, "an IAM role name"),
        externalId: externalId.optional(),
        sessionName,
        /** Only these accounts (of those the organization lists). */
        accountIds: z.array(accountId).min(1).optional(),
        /** Only the accounts in these organizational units (or roots), their child units included. */
        organizationalUnits: z
          .array(z.string().regex(/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/))
          .min(1)
          .optional(),
        /** Never these accounts. */
        excludeAccountIds: z.array(accountId).default([]),
        /** How often the organization is listed again, for new and closed accounts. */
        relistMinutes: z.number().int().min(1).max(1440).default(10),
      })
      .optional(),
  })
  .refine((f) => f.accounts.length > 0 || f.organization, {
    message: "list accounts, or an organization to find them in (or both)",
  });

/** Every region of the commercial partition Direct Connect serves (botocore's endpoints, 2026-12). */
export const DIRECT_CONNECT_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
];

type CredentialsSpec = z.infer<typeof credentialsSchema>;

/** The credentials of an account: static keys, a provider chain, or a role assumed with them. */
export type CredentialsProvider = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/**
 * A role assumed in `accountId` with `source`'s credentials: the SDK caches what STS answers and asks
 * again before it expires.
 */
export function assumedRole(options: {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  source?: CredentialsProvider;
  stsRegion: string;
  /** STS's endpoint: the emulator's; undefined on AWS. */
  stsEndpoint?: string;
}): AwsCredentialIdentityProvider {
  // Once per account, not once per client: an account's clients (one per region) share what STS
  // answered until it is about to expire (the SDK's own memoizer, as each client applies it).
  const provider = fromTemporaryCredentials({
    params: {
      RoleArn: options.roleArn,
      RoleSessionName: options.sessionName,
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    },
    ...(options.source ? { masterCredentials: options.source } : {}),
    clientConfig: {
      region: options.stsRegion,
      ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}),
    },
  });
  return memoizeIdentityProvider(provider, isIdentityExpired, doesIdentityRequireRefresh)!;
}

function credentialsFor(spec: CredentialsSpec, stsRegion: string): CredentialsProvider {
  switch (spec.type) {
    case "default":
      return fromNodeProviderChain();
    case "profile":
      return fromIni({ profile: spec.profile });
    case "assumeRole":
      return assumedRole({
        roleArn: spec.roleArn,
        sessionName: spec.sessionName,
        ...(spec.externalId ? { externalId: spec.externalId } : {}),
        ...(spec.sourceProfile ? { source: fromIni({ profile: spec.sourceProfile }) } : {}),
        stsRegion,
      });
  }
}

function readBackendFile(path: string | undefined) {
  if (!path)
    throw new Error(
      "DX_BACKEND=aws needs DX_CONFIG: the path of a config file (see dxmap.config.example.jsonc).",
    );
  const text = readFileSync(resolve(path), "utf8");
  const errors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    throw new Error(
      `${path}: ${errors.map((e) => `${printParseErrorCode(e.error)} at offset ${e.offset}`).join(", ")}`,
    );
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error)}`);
  const aliases = parsed.data.accounts.map((a) => a.alias);
  if (new Set(aliases).size !== aliases.length)
    throw new Error(`${path}: account aliases must be unique`);
  return parsed.data;
}

let cached: DxConfig | undefined;

export function getDxConfig(): DxConfig {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid dxmap settings: ${z.prettifyError(parsed.error)}`);
  }
  const env = parsed.data;
  const large = /^L(:\d+)?$/.test(env.DX_EMULATOR_SEED);
  let accounts: readonly AccountConfig[] = large
    ? [...EMULATOR_ACCOUNTS, ...EMULATOR_SCALE_ACCOUNTS]
    : EMULATOR_ACCOUNTS;
  let regions: readonly string[] = large ? EMULATOR_SCALE_REGIONS : EMULATOR_REGIONS;
  let endpoint: string | undefined = (
    env.DX_EMULATOR_URL ?? `http://127.0.0.1:${env.DX_EMULATOR_PORT}`
  ).replace(/\/+$/, "");
  let organization: OrganizationConfig | undefined;
  // The emulator's organization estates: network, the management account, lists the members and
  // reads each through its dxmap-read role, as dxmap does on AWS with an organization source.
  const orgSeed = /^(XL(:\d+)?|ORG:\d+)$/.test(env.DX_EMULATOR_SEED);
  if (orgSeed) {
    accounts = [EMULATOR_ACCOUNTS[0]!];
    if (env.DX_EMULATOR_SEED.startsWith("XL")) regions = EMULATOR_XL_REGIONS;
    organization = {
      credentials: EMULATOR_ACCOUNTS[0]!.credentials,
      roleName: "dxmap-read",
      externalId: undefined,
      sessionName: "dxmap",
      accountIds: undefined,
      organizationalUnits: undefined,
      excludeAccountIds: [],
      relistMs: 10 * 60_000,
      region: "us-east-1",
      endpoint,
    };
  }
  if (env.DX_BACKEND === "aws") {
    const file = readBackendFile(env.DX_CONFIG);
    regions = file.regions === "all" ? DIRECT_CONNECT_REGIONS : file.regions;
    const stsRegion = regions.includes("us-east-1") ? "us-east-1" : regions[0]!;
    accounts = file.accounts.map((a) => ({
      alias: a.alias,
      accountId: a.accountId,
      credentials: credentialsFor(a.credentials, stsRegion),
    }));
    const org = file.organization;
    if (org)
      organization = {
        credentials: credentialsFor(org.credentials, stsRegion),
        roleName: org.roleName,
        externalId: org.externalId,
        sessionName: org.sessionName,
        accountIds: org.accountIds,
        organizationalUnits: org.organizationalUnits,
        excludeAccountIds: org.excludeAccountIds,
        relistMs: org.relistMinutes * 60_000,
        // Organizations answers in us-east-1 (its one endpoint in the commercial partition).
        region: "us-east-1",
        endpoint: undefined,
      };
    endpoint = undefined;
  }
  if (env.DX_PUBLIC_HOST)
    throw new Error(
      "Invalid dxmap settings: DX_PUBLIC_HOST is replaced by DX_PUBLIC_URL, the address with its " +
        `scheme (DX_PUBLIC_URL=https://${env.DX_PUBLIC_HOST} behind TLS).`,
    );
  const basicUsers: Record<string, string> = {};
  for (const entry of env.DX_AUTH_USERS) {
    const at = entry.indexOf(":");
    const name = normalizeUserName(entry.slice(0, Math.max(at, 0)));
    if (at <= 0 || !name)
      throw new Error("Invalid dxmap settings: DX_AUTH_USERS entries are user:hash");
    if (Object.hasOwn(basicUsers, name))
      throw new Error(
        `Invalid dxmap settings: DX_AUTH_USERS lists ${name} twice (names are compared without case)`,
      );
    basicUsers[name] = entry.slice(at + 1);
  }
  const names = (list: string[]) => [...new Set(list.map(normalizeUserName).filter(Boolean))];
  cached = {
    backend: env.DX_BACKEND,
    endpoint,
    accounts,
    listedAccounts: accounts,
    organization,
    regions,
    cacheTtlMs: env.DX_CACHE_TTL_MS,
    upstreamTimeoutMs: env.DX_UPSTREAM_TIMEOUT_MS,
    maxAttempts: env.DX_MAX_ATTEMPTS,
    callsPerSecond: env.DX_ACCOUNT_CALLS_PER_SECOND,
    security: {
      listenHost: env.HOST,
      allowedHosts: [
        "localhost",
        "127.0.0.1",
        "[::1]",
        ...(env.DX_PUBLIC_URL ? [new URL(env.DX_PUBLIC_URL).hostname] : []),
        ...env.DX_ALLOWED_HOSTS,
      ],
      publicOrigin: env.DX_PUBLIC_URL ?? null,
      authMode: env.DX_AUTH_MODE,
      basicUsers,
      proxyUserHeader: env.DX_AUTH_PROXY_HEADER.toLowerCase(),
      proxyAddresses: env.DX_AUTH_PROXY_ADDRESSES,
      proxySecret: env.DX_AUTH_PROXY_SECRET || null,
      readOnly: env.DX_READ_ONLY === "true" || env.DX_READ_ONLY === "1",
      readOnlyUsers: names(env.DX_READ_ONLY_USERS),
      writers: env.DX_WRITERS.length > 0 ? names(env.DX_WRITERS) : null,
      auditLogPath: resolve(env.DX_AUDIT_LOG),
    },
    history: {
      url: env.DATABASE_URL || undefined,
      dir: env.DX_HISTORY_DIR.startsWith("memory://")
        ? env.DX_HISTORY_DIR
        : resolve(env.DX_HISTORY_DIR),
      intervalMs: env.DX_COLLECT_INTERVAL_MS,
      fastMs: Math.min(env.DX_COLLECT_FAST_MS, env.DX_COLLECT_INTERVAL_MS),
      days: env.DX_HISTORY_DAYS,
    },
  };
  if (organization) withFoundAccounts(cached);
  return cached;
}

/**
 * The organization's accounts at its latest listing, after the listed ones: every holder of the
 * config sees them (the collector adds and drops their scopes at its next step).
 */
export function setOrganizationAccounts(found: readonly AccountConfig[] | undefined): void {
  (globalThis as FoundHolder)[FOUND] = found;
}

// Kept on globalThis: Next.js bundles instrumentation.ts (the collector, which lists the
// organization) apart from the routes, each with its own copy of this module; both must see the
// same accounts (a route changes something in an account the collector found).
const FOUND = Symbol.for("dxmap.organizationAccounts");
type FoundHolder = { [FOUND]?: readonly AccountConfig[] };

/** `config.accounts` with an organization: the listed ones, then those found (the same array until a listing finds others). */
function withFoundAccounts(config: DxConfig): void {
  let memo: { found?: readonly AccountConfig[]; all: readonly AccountConfig[] } = {
    all: config.listedAccounts,
  };
  Object.defineProperty(config, "accounts", {
    enumerable: true,
    get() {
      const found = (globalThis as FoundHolder)[FOUND];
      if (found !== memo.found)
        memo = { found, all: found ? [...config.listedAccounts, ...found] : config.listedAccounts };
      return memo.all;
    },
  });
}

/** Tests change the environment between cases; production reads it once. */
export function reloadDxConfig(): DxConfig {
  cached = undefined;
  return getDxConfig();
}
