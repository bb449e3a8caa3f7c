/**
 * An organization's accounts, found and read as on AWS: the emulator's ORG:<n> estate (network
 * manages members that have no keys), listed with Organizations and each read through its dxmap-read
 * role assumed with STS, all through the real SDK over HTTP. A role that cannot be assumed is that
 * account's read error with AWS's reason; a new account is read and a closed one dropped at the next
 * listing, the collector's included; and DX_BACKEND=aws runs the same chain — a profile from the
 * shared credentials file, the organization, the assumed roles — against the emulator through the
 * SDK's standard AWS_ENDPOINT_URL_* variables.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { AllocatePrivateVirtualInterfaceCommand } from "@aws-sdk/client-direct-connect";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { clearCache } from "@/lib/aws/cache";
import { getDirectConnectClient, resetClients } from "@/lib/aws/clients";
import { relistOrganization, stopOrganizationListing } from "@/lib/aws/organization";
import { describeTopology } from "@/lib/aws/topology";
import { startCollector, stopCollector } from "@/lib/history/collector";
import { getDxConfig, reloadDxConfig } from "@/lib/server/config";

import { startApiHarness, type ApiHarness } from "./harness";

vi.setConfig({ testTimeout: 90_000 });
const SEED = "ORG:5";
const MEMBERS = ["member-001", "member-002", "member-003", "member-004", "member-005"];
let h: ApiHarness;

interface OrgView {
  organization: { accounts: { accountId: string; name: string; state: string }[] };
}
const members = async () =>
  (await h.control<OrgView>("GET", "/_dxmap/organization")).body.organization.accounts;
const idOf = async (name: string) => (await members()).find((a) => a.name === name)!.accountId;

beforeAll(async () => {
  h = await startApiHarness({ DX_EMULATOR_SEED: SEED }, { seed: SEED });
});
afterAll(() => h?.close());
beforeEach(async () => {
  await h.control("POST", "/_dxmap/reset", { seed: SEED });
  stopOrganizationListing();
  reloadDxConfig();
  resetClients();
  clearCache();
});
afterEach(async () => {
  await stopCollector();
  stopOrganizationListing();
});

describe("an organization's accounts", () => {
  it("are listed with the management account's credentials and each read through its assumed role", async () => {
    const listing = await relistOrganization();
    expect(listing?.error).toBeUndefined();
    await h.control("DELETE", "/_dxmap/calls");
    const t = await describeTopology({}, "test");
    expect(t.errors).toEqual([]);
    expect(t.accounts.map((a) => a.alias)).toEqual(["network", ...MEMBERS]);
    // A member's own resources, read in its account (it has no keys: only its role reaches it).
    const theirs = t.directConnectGateways.filter((g) => g.account === "member-001");
    expect(theirs.length).toBeGreaterThan(0);
    expect(t.connections.some((c) => c.account === "member-001")).toBe(true);
    // One role assumed per member, its credentials kept for every call after.
    expect(await h.calls("AssumeRole")).toBe(MEMBERS.length);
    const log = await h.control<{ calls: { operation: string; account: string }[] }>(
      "GET",
      "/_dxmap/calls?operation=DescribeConnections&account=member-002",
    );
    expect(log.body.calls.length).toBeGreaterThan(0);
  });

  it("shows a role that cannot be assumed as that account's read error, in AWS's words, and reads the rest", async () => {
    const denied = await idOf("member-002");
    const res = await h.control("POST", "/_dxmap/roles", {
      accountId: denied,
      roleName: "dxmap-read",
      trust: [],
    });
    expect(res.status).toBe(200);
    await relistOrganization();
    const t = await describeTopology({}, "test");
    // Still an account of the map, not dropped silently.
    expect(t.accounts.map((a) => a.alias)).toContain("member-002");
    const errors = t.errors.filter((e) => e.account === "member-002");
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.message).toMatch(/not authorized to perform: sts:AssumeRole/);
    expect(t.errors.filter((e) => e.account !== "member-002")).toEqual([]);
    expect(t.connections.some((c) => c.account === "member-001")).toBe(true);
  });

  it("gains a new account and loses a closed one at the next listing, the collector's map included", async () => {
    Object.assign(process.env, { DX_HISTORY_DIR: "memory://", DX_COLLECT_INTERVAL_MS: "60000" });
    reloadDxConfig();
    try {
      const collector = await startCollector();
      expect((await collector.topology()).accounts.map((a) => a.alias)).toEqual([
        "network",
        ...MEMBERS,
      ]);
      const added = await h.control("POST", "/_dxmap/organization/accounts", {
        name: "Payments Prod (EU)",
      });
      expect(added.status).toBeLessThan(300);
      await h.control("POST", "/_dxmap/organization/accounts/close", {
        accountId: await idOf("member-004"),
      });
      await relistOrganization();
      const t = await collector.topology();
      expect(t.accounts.map((a) => a.alias)).toEqual([
        "network",
        "member-001",
        "member-002",
        "member-003",
        "member-005",
        "payments-prod-eu",
      ]);
      // The new account is read (through its role), not only named.
      expect(t.errors).toEqual([]);
      expect(await h.calls("AssumeRole")).toBeGreaterThanOrEqual(MEMBERS.length + 1);
    } finally {
      delete process.env.DX_HISTORY_DIR;
      delete process.env.DX_COLLECT_INTERVAL_MS;
    }
  });
});

describe("a listing that finds the same accounts", () => {
  it("keeps the configuration's list, so the next read is the last one's objects", async () => {
    await relistOrganization();
    const list = getDxConfig().accounts;
    const first = await describeTopology({}, "test");
    await relistOrganization();
    expect(getDxConfig().accounts).toBe(list);
    const second = await describeTopology({}, "test");
    expect(second.virtualInterfaces).toBe(first.virtualInterfaces);
    expect(second.connections).toBe(first.connections);
  });
});

describe("an interface one account allocated to another", () => {
  it("names its owner by the accounts as listed now, though the allocating account's answers did not change", async () => {
    await relistOrganization();
    const network = getDxConfig().accounts.find((a) => a.alias === "network")!;
    const connection = (await describeTopology({ accounts: ["network"] }, "test")).connections[0]!;
    await getDirectConnectClient(network, connection.region).send(
      new AllocatePrivateVirtualInterfaceCommand({
        connectionId: connection.id,
        ownerAccount: await idOf("member-004"),
        newPrivateVirtualInterfaceAllocation: {
          virtualInterfaceName: "member-004-private",
          vlan: 3001,
          asn: 65010,
        },
      }),
    );
    clearCache();
    const owned = (
      await describeTopology({ accounts: ["network"] }, "test")
    ).virtualInterfaces.find((v) => v.name === "member-004-private");
    expect(owned?.ownerAlias).toBe("member-004");
    await h.control("POST", "/_dxmap/organization/accounts/close", {
      accountId: await idOf("member-004"),
    });
    await relistOrganization();
    clearCache();
    const after = (
      await describeTopology({ accounts: ["network"] }, "test")
    ).virtualInterfaces.find((v) => v.id === owned!.id);
    // Its owner is no longer an account dxmap reads: named by its id alone, not by a stale alias.
    expect(after?.ownerAccount).toBe(owned!.ownerAccount);
    expect(after?.ownerAlias).toBeNull();
  });
});

describe("DX_BACKEND=aws against the emulator", () => {
  const saved: Record<string, string | undefined> = {};
  const set = (env: Record<string, string>) => {
    for (const [k, v] of Object.entries(env)) {
      saved[k] ??= process.env[k];
      process.env[k] = v;
    }
  };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    reloadDxConfig();
  });

  it("runs the whole chain: a profile, the organization, the roles, through AWS_ENDPOINT_URL_*", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dxmap-org-"));
    writeFileSync(
      join(dir, "credentials"),
      "[org-management]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    );
    writeFileSync(join(dir, "config"), "");
    writeFileSync(
      join(dir, "dxmap.config.jsonc"),
      JSON.stringify({
        regions: ["us-east-1", "eu-west-1"],
        organization: {
          credentials: { type: "profile", profile: "org-management" },
          roleName: "dxmap-read",
          organizationalUnits: undefined,
          excludeAccountIds: [],
        },
      }),
    );
    set({
      DX_BACKEND: "aws",
      DX_CONFIG: join(dir, "dxmap.config.jsonc"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
      AWS_CONFIG_FILE: join(dir, "config"),
      AWS_ENDPOINT_URL_DIRECT_CONNECT: h.url,
      AWS_ENDPOINT_URL_STS: h.url,
      AWS_ENDPOINT_URL_ORGANIZATIONS: h.url,
    });
    reloadDxConfig();
    resetClients();
    const listing = await relistOrganization();
    expect(listing?.error).toBeUndefined();
    const t = await describeTopology({}, "test");
    expect(t.backend).toBe("aws");
    expect(t.errors).toEqual([]);
    // Every account the organization lists, the management one too, read through its role.
    expect(t.accounts.map((a) => a.alias).sort()).toEqual(["network", ...MEMBERS].sort());
    expect(t.connections.some((c) => c.account === "member-003")).toBe(true);
    expect(await h.calls("AssumeRole")).toBeGreaterThanOrEqual(MEMBERS.length + 1);
  });

  it("says so when the organization cannot be listed, and reads the listed accounts all the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dxmap-org-"));
    writeFileSync(
      join(dir, "dxmap.config.jsonc"),
      JSON.stringify({
        regions: ["us-east-1"],
        accounts: [
          {
            alias: "workload",
            accountId: "222222222222",
            credentials: { type: "profile", profile: "workload" },
          },
        ],
        // workload is in no organization: listing it is refused.
        organization: {
          credentials: { type: "profile", profile: "workload" },
          roleName: "dxmap-read",
        },
      }),
    );
    writeFileSync(
      join(dir, "credentials"),
      "[workload]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n",
    );
    writeFileSync(join(dir, "config"), "");
    set({
      DX_BACKEND: "aws",
      DX_CONFIG: join(dir, "dxmap.config.jsonc"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
      AWS_CONFIG_FILE: join(dir, "config"),
      AWS_ENDPOINT_URL_DIRECT_CONNECT: h.url,
      AWS_ENDPOINT_URL_STS: h.url,
      AWS_ENDPOINT_URL_ORGANIZATIONS: h.url,
      DX_HISTORY_DIR: "memory://",
    });
    reloadDxConfig();
    resetClients();
    const collector = await startCollector();
    const t = await collector.topology();
    expect(t.accounts.map((a) => a.alias)).toEqual(["workload"]);
    const listing = t.errors.find((e) => e.account === "organization");
    expect(listing?.message).toMatch(/Listing the organization's accounts failed: .*organization/i);
  });
});

describe("an organization of more accounts than a few dozen", () => {
  it("reads each account again without mapping it again while its answers are the same", async () => {
    // 71 accounts: the collector reads each on its own, and each read's last topology is kept so
    // that the next read of unchanged answers hands back the same objects (lib/aws/topology.ts).
    await h.control("POST", "/_dxmap/reset", { seed: "ORG:70" });
    const listing = await relistOrganization();
    expect(listing?.error).toBeUndefined();
    const reads = async () => {
      const config = getDxConfig();
      const out = [];
      for (const { alias } of config.accounts)
        out.push(await describeTopology({ accounts: [alias] }, "test"));
      return out;
    };
    const first = await reads();
    expect(first.length).toBe(71);
    expect(first.every((t) => t.errors.length === 0)).toBe(true);
    clearCache();
    const second = await reads();
    // Every account's interfaces and connections are the lists the first read made.
    const remapped = second.filter(
      (t, i) =>
        t.virtualInterfaces !== first[i]!.virtualInterfaces ||
        t.connections !== first[i]!.connections,
    );
    expect(remapped.map((t) => t.accounts[0]!.alias)).toEqual([]);
  });
});
