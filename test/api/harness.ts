/**
 * Route tests call the real route handlers with real Requests; the handlers reach a real emulator over
 * HTTP through the AWS SDK, exactly as in production. Each test file gets its own emulator (port 0) and
 * audit log; dxmap's settings are reloaded to point at them.
 */
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

import { afterAll, beforeAll, beforeEach } from "vitest";

import { clearCache } from "@/lib/aws/cache";
import { resetClients } from "@/lib/aws/clients";
import { reloadDxConfig } from "@/lib/server/config";
import { markPeerAddressTrusted, PEER_ADDRESS_HEADER } from "@/lib/server/peer-address";
import type { EmulatorOptions } from "@/lib/emulator/emulator";
import { startHarness, type Harness } from "../emulator/harness";

export interface ApiHarness extends Harness {
  auditLog: string;
  /** Every BGP auth key the emulator holds, and the emulator's secret keys: none may reach a response. */
  secrets(): string[];
  calls(operation: string): Promise<number>;
  auditLines(): Record<string, unknown>[];
  /** Points dxmap at another backend URL (e.g. a closed port). */
  useEndpoint(url: string): void;
}

export async function startApiHarness(
  env: Record<string, string> = {},
  emulator: Partial<EmulatorOptions> = {},
): Promise<ApiHarness> {
  // As scripts/serve.ts does: without sign-in, dxmap answers only requests it knows are from loopback.
  markPeerAddressTrusted();
  const h = await startHarness(emulator);
  const auditLog = join(h.dir, "audit.log");
  const apply = (url: string) => {
    Object.assign(process.env, {
      DX_BACKEND: "emulator",
      DX_EMULATOR_URL: url,
      DX_AUDIT_LOG: auditLog,
      DX_CACHE_TTL_MS: "2000",
      // Route tests are not about each account's call budget (budget.test.ts is): no waiting.
      DX_ACCOUNT_CALLS_PER_SECOND: "1000",
      ...env,
    });
    reloadDxConfig();
    resetClients();
    clearCache();
  };
  apply(h.url);
  return {
    ...h,
    auditLog,
    secrets() {
      const keys = Object.values(h.running.emulator.state.virtualInterfaces).flatMap((v) =>
        v.peers.map((p) => p.authKey),
      );
      return [...keys, ...h.running.emulator.accounts.flatMap((a) => a.secretAccessKey ?? [])];
    },
    async calls(operation) {
      const res = await h.control<{ total: number }>("GET", `/_dxmap/calls?operation=${operation}`);
      return res.body.total;
    },
    auditLines() {
      if (!existsSync(auditLog)) return [];
      return readFileSync(auditLog, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    useEndpoint: apply,
  };
}

/**
 * The usual set-up of a route test file: one emulator and audit log for the file (started before its
 * tests, closed after), reset to its seed before each test. Returns the harness, once started.
 */
export function apiHarnessPerFile(env: Record<string, string> = {}): () => ApiHarness {
  let h: ApiHarness | undefined;
  beforeAll(async () => {
    h = await startApiHarness(env);
  });
  afterAll(() => h?.close());
  beforeEach(async () => {
    await h!.control("POST", "/_dxmap/reset", {});
    h!.useEndpoint(h!.url);
  });
  return () => {
    if (!h) throw new Error("the harness starts in beforeAll");
    return h;
  };
}

const ORIGIN = "http://localhost:3000";

/** A request as the dashboard's own pages send it, through scripts/serve.ts from loopback. */
export function apiRequest(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Request {
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: {
      host: "localhost:3000",
      [PEER_ADDRESS_HEADER]: "127.0.0.1",
      ...(method === "GET"
        ? {}
        : { origin: ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/json" }),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
}

export const params = <P>(p: P) => ({ params: Promise.resolve(p) });

export async function json<T = Record<string, unknown>>(
  res: Response,
): Promise<{ status: number; body: T; headers: Headers }> {
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}
