/**
 * Starts a real emulator on port 0 with a fresh state file and gives tests real SDK v3 clients signed
 * with the seeded accounts' keys. Transitions are long (one minute) so that nothing moves unless a
 * test advances the clock through the control API: tests are deterministic and never sleep.
 */
import {
  DirectConnectClient,
  type DirectConnectClientConfig,
} from "@aws-sdk/client-direct-connect";
import { OrganizationsClient, type OrganizationsClientConfig } from "@aws-sdk/client-organizations";
import { STSClient, type STSClientConfig } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_ACCOUNTS, type EmulatorOptions } from "@/lib/emulator/emulator";
import { startEmulator, type RunningEmulator } from "@/lib/emulator/server";

export const TRANSITION_MS = 60_000;
export const [NETWORK, WORKLOAD] = DEFAULT_ACCOUNTS as [
  (typeof DEFAULT_ACCOUNTS)[0],
  (typeof DEFAULT_ACCOUNTS)[0],
];

/** A seeded account's alias, or credentials (temporary ones from AssumeRole, say). */
export type Signer = "network" | "workload" | AwsCredentialIdentity;

export const credentialsOf = (who: Signer): AwsCredentialIdentity => {
  if (typeof who !== "string") return who;
  const account = who === "network" ? NETWORK : WORKLOAD;
  return { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
};

export interface Harness {
  running: RunningEmulator;
  url: string;
  dir: string;
  dataFile: string;
  client(
    account: "network" | "workload",
    region?: string,
    extra?: Partial<DirectConnectClientConfig>,
  ): DirectConnectClient;
  /** An STS client signed as `who`, against the emulator's URL as its endpoint. */
  sts(who: Signer, extra?: Partial<STSClientConfig>): STSClient;
  /** An Organizations client signed as `who`. */
  organizations(who: Signer, extra?: Partial<OrganizationsClientConfig>): OrganizationsClient;
  control<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** Moves the emulator clock on by `transitions` transition periods. */
  advance(transitions?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<EmulatorOptions> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "dxmap-emu-"));
  const dataFile = options.dataFile ?? join(dir, "state.json");
  const running = await startEmulator({
    port: 0,
    dataFile,
    transitionMs: TRANSITION_MS,
    seed: "default",
    ...options,
  });
  const clients: { destroy(): void }[] = [];
  const harness: Harness = {
    running,
    url: running.url,
    dir,
    dataFile,
    client(alias, region = "us-east-1", extra = {}) {
      const account = alias === "network" ? NETWORK : WORKLOAD;
      const client = new DirectConnectClient({
        region,
        endpoint: running.url,
        credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
        maxAttempts: 1,
        ...extra,
      });
      clients.push(client);
      return client;
    },
    sts(who, extra = {}) {
      const client = new STSClient({
        region: "us-east-1",
        endpoint: running.url,
        credentials: credentialsOf(who),
        maxAttempts: 1,
        ...extra,
      });
      clients.push(client);
      return client;
    },
    organizations(who, extra = {}) {
      const client = new OrganizationsClient({
        region: "us-east-1",
        endpoint: running.url,
        credentials: credentialsOf(who),
        maxAttempts: 1,
        ...extra,
      });
      clients.push(client);
      return client;
    },
    async control(method, path, body) {
      const res = await fetch(`${running.url}${path}`, {
        method,
        ...(body !== undefined
          ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } }
          : {}),
      });
      return { status: res.status, body: await res.json() };
    },
    async advance(transitions = 1) {
      const res = await harness.control("POST", "/_dxmap/clock", {
        advanceMs: TRANSITION_MS * transitions,
      });
      if (res.status !== 200) throw new Error(`clock advance failed: ${JSON.stringify(res.body)}`);
    },
    async close() {
      for (const c of clients) c.destroy();
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The error an SDK call rejects with, for assertions on AWS's name and message. */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number; requestId?: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as {
      name: string;
      message: string;
      $metadata?: { httpStatusCode?: number; requestId?: string };
    };
    return {
      name: e.name,
      message: e.message,
      ...(e.$metadata?.httpStatusCode !== undefined ? { status: e.$metadata.httpStatusCode } : {}),
      ...(e.$metadata?.requestId !== undefined ? { requestId: e.$metadata.requestId } : {}),
    };
  }
  throw new Error("Expected the call to be refused, but it succeeded");
}

/** A seeded resource by name, as a test would find it in the console. */
export async function vifNamed(client: DirectConnectClient, name: string) {
  const { DescribeVirtualInterfacesCommand } = await import("@aws-sdk/client-direct-connect");
  const out = await client.send(new DescribeVirtualInterfacesCommand({}));
  const vif = out.virtualInterfaces?.find((v) => v.virtualInterfaceName === name);
  if (!vif) throw new Error(`No interface named ${name}`);
  return vif;
}

export async function connectionNamed(client: DirectConnectClient, name: string) {
  const { DescribeConnectionsCommand } = await import("@aws-sdk/client-direct-connect");
  const out = await client.send(new DescribeConnectionsCommand({}));
  const connection = out.connections?.find((c) => c.connectionName === name);
  if (!connection) throw new Error(`No connection named ${name}`);
  return connection;
}
