import "server-only";

import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import {
  fromIni,
  fromNodeProviderChain,
  fromTemporaryCredentials,
} from "@aws-sdk/credential-providers";
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
  /** The SDK's standard retry, bounded: attempts per call including the first. */
  maxAttempts: number;
  security: SecurityConfig;
  history: HistoryConfig;
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

/** The backend config file (DX_CONFIG) for DX_BACKEND=aws; see dxmap.config.example.jsonc. */
const fileSchema = z.object({
  regions: z.array(region).min(1),
  accounts: z
    .array(
      z.object({
        alias: accountAlias,
        accountId: z.string().regex(/^\d{12}$/),
        credentials: z.discriminatedUnion("type", [
          z.object({ type: z.literal("default") }),
          z.object({ type: z.literal("profile"), profile: z.string().min(1) }),
          z.object({
            type: z.literal("assumeRole"),
            roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/),
            externalId: z.string().min(2).max(1224).optional(),
            sessionName: z
              .string()
              .regex(/^[\w+=,.@-]{2,64}$/)
              .default("dxmap"),
            /** Profile of the credentials that assume the role; the default chain when absent. */
            sourceProfile: z.string().optional(),
          }),
        ]),
      }),
    )
    .min(1),
});

function credentialsFor(
  spec: z.infer<typeof fileSchema>["accounts"][number]["credentials"],
  stsRegion: string,
) {
  switch (spec.type) {
    case "default":
      return fromNodeProviderChain();
    case "profile":
      return fromIni({ profile: spec.profile });
    case "assumeRole":
      // The SDK caches the assumed credentials and refreshes them before they expire.
      return fromTemporaryCredentials({
        params: {
          RoleArn: spec.roleArn,
          RoleSessionName: spec.sessionName,
          ...(spec.externalId ? { ExternalId: spec.externalId } : {}),
        },
        ...(spec.sourceProfile
          ? { masterCredentials: fromIni({ profile: spec.sourceProfile }) }
          : {}),
        clientConfig: { region: stsRegion },
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
  if (env.DX_BACKEND === "aws") {
    const file = readBackendFile(env.DX_CONFIG);
    regions = file.regions;
    accounts = file.accounts.map((a) => ({
      alias: a.alias,
      accountId: a.accountId,
      credentials: credentialsFor(a.credentials, file.regions[0]!),
    }));
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
    regions,
    cacheTtlMs: env.DX_CACHE_TTL_MS,
    upstreamTimeoutMs: env.DX_UPSTREAM_TIMEOUT_MS,
    maxAttempts: env.DX_MAX_ATTEMPTS,
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
  return cached;
}

/** Tests change the environment between cases; production reads it once. */
export function reloadDxConfig(): DxConfig {
  cached = undefined;
  return getDxConfig();
}
