import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

import { reloadDxConfig } from "./config";

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  reloadDxConfig();
});

function withEnv(env: Record<string, string>) {
  for (const key of Object.keys(process.env)) if (key.startsWith("DX_")) delete process.env[key];
  Object.assign(process.env, env);
  return reloadDxConfig();
}

describe("dxmap settings", () => {
  it("defaults to the embedded emulator with its two accounts and regions", () => {
    const config = withEnv({});
    expect(config.backend).toBe("emulator");
    expect(config.endpoint).toBe("http://127.0.0.1:4599");
    expect(config.accounts.map((a) => a.alias)).toEqual(["network", "workload"]);
    expect(config.regions).toEqual(["us-east-1", "eu-west-1"]);
    expect(config.security.allowedHosts).toEqual(
      expect.arrayContaining(["localhost", "127.0.0.1"]),
    );
  });

  it("reads accounts, regions and credential sources from the commented example config for real AWS", () => {
    const config = withEnv({ DX_BACKEND: "aws", DX_CONFIG: "dxmap.config.example.jsonc" });
    expect(config.backend).toBe("aws");
    expect(config.endpoint).toBeUndefined();
    expect(config.regions).toEqual(["us-east-1", "eu-west-1"]);
    expect(config.accounts.map((a) => [a.alias, a.accountId])).toEqual([
      ["network", "111111111111"],
      ["workload", "222222222222"],
      ["shared-services", "333333333333"],
    ]);
    // Real credentials come from providers, resolved (and for roles refreshed) by the SDK on the server.
    expect(config.accounts.every((a) => typeof a.credentials === "function")).toBe(true);
  });

  it("refuses a config file with a clear message", () => {
    const dir = mkdtempSync(join(tmpdir(), "dxmap-config-"));
    const file = join(dir, "bad.jsonc");
    writeFileSync(
      file,
      `{"regions": ["us-east-1"], "accounts": [{"alias": "Prod!", "accountId": "12", "credentials": {"type": "magic"}}]}`,
    );
    expect(() => withEnv({ DX_BACKEND: "aws", DX_CONFIG: file })).toThrow(
      /aliases are lowercase.*|accountId/s,
    );
    expect(() => withEnv({ DX_BACKEND: "aws" })).toThrow(/DX_BACKEND=aws needs DX_CONFIG/);
  });

  it("reads an organization source, every region, and refuses a file with neither accounts nor organization", () => {
    const dir = mkdtempSync(join(tmpdir(), "dxmap-config-"));
    const file = join(dir, "org.jsonc");
    writeFileSync(
      file,
      `{"regions": "all", "organization": {"credentials": {"type": "default"}, "roleName": "dxmap-read",
        "externalId": "ext-123", "organizationalUnits": ["ou-ab12-cd34ef56"], "relistMinutes": 5}}`,
    );
    const config = withEnv({ DX_BACKEND: "aws", DX_CONFIG: file });
    expect(config.accounts).toEqual([]);
    expect(config.regions).toContain("ap-southeast-2");
    expect(config.regions.length).toBeGreaterThan(30);
    expect(config.organization).toMatchObject({
      roleName: "dxmap-read",
      externalId: "ext-123",
      organizationalUnits: ["ou-ab12-cd34ef56"],
      excludeAccountIds: [],
      relistMs: 300_000,
      endpoint: undefined,
    });
    writeFileSync(file, `{"regions": ["us-east-1"]}`);
    expect(() => withEnv({ DX_BACKEND: "aws", DX_CONFIG: file })).toThrow(
      /list accounts, or an organization to find them in/,
    );
    writeFileSync(
      file,
      `{"regions": ["us-east-1"], "organization": {"credentials": {"type": "default"}, "roleName": "no role/x", "organizationalUnits": ["team-a"]}}`,
    );
    expect(() => withEnv({ DX_BACKEND: "aws", DX_CONFIG: file })).toThrow(
      /an IAM role name[\s\S]*organizationalUnits/,
    );
  });

  it("reads the emulator's organization estates as an organization managed by network", () => {
    const config = withEnv({ DX_EMULATOR_SEED: "ORG:5" });
    expect(config.accounts.map((a) => a.alias)).toEqual(["network"]);
    expect(config.organization).toMatchObject({
      roleName: "dxmap-read",
      endpoint: "http://127.0.0.1:4599",
    });
    expect(withEnv({ DX_EMULATOR_SEED: "XL" }).regions).toHaveLength(6);
  });

  it("reads the public URL, refusing one with a path or another scheme, and the older DX_PUBLIC_HOST", () => {
    const config = withEnv({ DX_PUBLIC_URL: "https://DX.example.com/" });
    expect(config.security.publicOrigin).toBe("https://dx.example.com");
    expect(config.security.allowedHosts).toContain("dx.example.com");
    expect(withEnv({ DX_PUBLIC_URL: "http://dx.example.com:8080" }).security.publicOrigin).toBe(
      "http://dx.example.com:8080",
    );
    for (const url of ["https://dx.example.com/dxmap", "ftp://dx.example.com", "dx.example.com"])
      expect(() => withEnv({ DX_PUBLIC_URL: url }), url).toThrow(/DX_PUBLIC_URL/);
    expect(() => withEnv({ DX_PUBLIC_HOST: "dx.example.com" })).toThrow(
      /DX_PUBLIC_HOST.*DX_PUBLIC_URL/s,
    );
  });

  it("normalises every user name it compares: basic users, read-only users, writers", () => {
    const { security } = withEnv({
      DX_AUTH_USERS: " Alice :scrypt$x,\uff22\uff2f\uff22:$2b$y",
      DX_READ_ONLY_USERS: "BOB",
      DX_WRITERS: " Alice ,Carol",
    });
    expect(Object.keys(security.basicUsers)).toEqual(["alice", "bob"]);
    expect(security.basicUsers.alice).toBe("scrypt$x");
    expect(security.readOnlyUsers).toEqual(["bob"]);
    expect(security.writers).toEqual(["alice", "carol"]);
    expect(withEnv({}).security.writers).toBeNull();
    expect(() => withEnv({ DX_AUTH_USERS: "alice:scrypt$x,ALICE:scrypt$y" })).toThrow(
      /alice.*twice/,
    );
  });

  it("takes a proxy secret of 16 characters or more", () => {
    expect(withEnv({ DX_AUTH_PROXY_SECRET: "0123456789abcdef" }).security.proxySecret).toBe(
      "0123456789abcdef",
    );
    expect(withEnv({}).security.proxySecret).toBeNull();
    expect(() => withEnv({ DX_AUTH_PROXY_SECRET: "short" })).toThrow(/DX_AUTH_PROXY_SECRET/);
  });
});
