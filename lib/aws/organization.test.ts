import { describe, expect, it } from "vitest";

import type { AccountConfig, OrganizationConfig } from "@/lib/server/config";

import { aliasFor, organizationAccounts } from "./organization";

const org: OrganizationConfig = {
  credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret" },
  roleName: "dxmap-read",
  externalId: undefined,
  sessionName: "dxmap",
  accountIds: undefined,
  organizationalUnits: undefined,
  excludeAccountIds: [],
  relistMs: 600_000,
  region: "us-east-1",
  endpoint: undefined,
};

describe("aliasFor", () => {
  it("makes an alias of the account's name, unique among those taken", () => {
    const taken = new Set(["network"]);
    expect(aliasFor("Payments Prod (EU)", "123456789012", taken)).toBe("payments-prod-eu");
    expect(aliasFor("payments prod eu", "210987654321", taken)).toBe("payments-prod-eu-4321");
    expect(aliasFor("Network", "333333333333", taken)).toBe("network-3333");
    expect(aliasFor("Été — Café", "444444444444", taken)).toBe("ete-cafe");
    expect(aliasFor("???", "555555555555", taken)).toBe("account-555555555555");
    expect(aliasFor(undefined, "666666666666", taken)).toBe("account-666666666666");
    for (const alias of taken) expect(alias).toMatch(/^[a-z0-9][a-z0-9-]{0,62}$/);
  });
});

describe("organizationAccounts", () => {
  const listed: AccountConfig[] = [
    { alias: "network", accountId: "111111111111", credentials: org.credentials },
  ];
  const member = (id: string, name: string) => ({
    Id: id,
    Name: name,
    Arn: `arn:aws:organizations::111111111111:account/o-example/${id}`,
  });

  it("leaves an account configured by hand to its entry, and names the others", () => {
    const found = organizationAccounts(
      org,
      [member("111111111111", "Network"), member("222222222222", "Workload A")],
      listed,
    );
    expect(found.map((a) => [a.alias, a.accountId])).toEqual([["workload-a", "222222222222"]]);
    // Read through the role assumed in it: a provider, never keys of its own.
    expect(typeof found[0]!.credentials).toBe("function");
  });

  it("keeps an account's alias and credentials from one listing to the next, though another takes its name", () => {
    const first = organizationAccounts(org, [member("222222222222", "Workload")], listed);
    const second = organizationAccounts(
      org,
      [member("333333333333", "Workload"), member("222222222222", "Workload")],
      listed,
      first,
    );
    expect(second.map((a) => a.alias)).toEqual(["workload", "workload-3333"]);
    expect(second[0]).toBe(first[0]);
  });
});
