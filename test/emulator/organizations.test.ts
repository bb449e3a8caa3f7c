/**
 * Organizations on the emulator's port, through the real SDK v3 client: the default seed's
 * organization, who may list it, the ORG:<n> estate paginated with the SDK's paginators, roles
 * assumed into member accounts that have no keys, and the control API's changes to the
 * organization reflected in what the service lists.
 */
import {
  DescribeConnectionsCommand,
  DescribeVirtualInterfacesCommand,
} from "@aws-sdk/client-direct-connect";
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  paginateListAccounts,
  paginateListAccountsForParent,
  type Account,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity } from "@smithy/types";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  NETWORK,
  WORKLOAD,
  credentialsOf,
  refusal,
  startHarness,
  type Harness,
  type Signer,
} from "./harness";

async function assumeRead(
  h: Harness,
  who: Signer,
  accountId: string,
): Promise<AwsCredentialIdentity> {
  const out = await h.sts(who).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/dxmap-read`,
      RoleSessionName: "dxmap",
    }),
  );
  return {
    accessKeyId: out.Credentials!.AccessKeyId!,
    secretAccessKey: out.Credentials!.SecretAccessKey!,
    sessionToken: out.Credentials!.SessionToken!,
  };
}

async function everyAccount(h: Harness, who: Signer, pageSize?: number) {
  const accounts: Account[] = [];
  let pages = 0;
  for await (const page of paginateListAccounts(
    { client: h.organizations(who), ...(pageSize ? { pageSize } : {}) },
    {},
  )) {
    pages += 1;
    accounts.push(...(page.Accounts ?? []));
  }
  return { accounts, pages };
}

describe("the default seed's organization", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("is managed by network, with workload a member in the unit Workloads", async () => {
    const org = h.organizations("network");
    const { Organization } = await org.send(new DescribeOrganizationCommand({}));
    expect(Organization).toMatchObject({
      Id: expect.stringMatching(/^o-[a-z0-9]{10}$/),
      FeatureSet: "ALL",
      MasterAccountId: NETWORK.accountId,
      MasterAccountEmail: `aws+${NETWORK.accountId}@example.com`,
    });
    expect(Organization!.Arn).toBe(
      `arn:aws:organizations::${NETWORK.accountId}:organization/${Organization!.Id}`,
    );

    const { Accounts } = await org.send(new ListAccountsCommand({}));
    expect(Accounts?.map((a) => [a.Id, a.Name, a.Status, a.State])).toEqual([
      [NETWORK.accountId, "network", "ACTIVE", "ACTIVE"],
      [WORKLOAD.accountId, "workload", "ACTIVE", "ACTIVE"],
    ]);
    const workload = Accounts![1]!;
    expect(workload.Arn).toBe(
      `arn:aws:organizations::${NETWORK.accountId}:account/${Organization!.Id}/${WORKLOAD.accountId}`,
    );
    expect(workload.JoinedMethod).toBe("INVITED");
    expect(workload.JoinedTimestamp).toBeInstanceOf(Date);

    const { Roots } = await org.send(new ListRootsCommand({}));
    expect(Roots).toHaveLength(1);
    const root = Roots![0]!;
    expect(root).toMatchObject({ Id: expect.stringMatching(/^r-[a-z0-9]{4}$/), Name: "Root" });
    const { OrganizationalUnits } = await org.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: root.Id }),
    );
    expect(OrganizationalUnits?.map((u) => u.Name).sort()).toEqual(["Partners", "Workloads"]);
    const workloads = OrganizationalUnits!.find((u) => u.Name === "Workloads")!;
    expect(workloads.Id).toMatch(new RegExp(`^ou-${root.Id!.slice(2)}-[a-z0-9]{8}$`));
    expect(workloads.Path).toBe(`${Organization!.Id}/${root.Id}/${workloads.Id}/`);
    const inWorkloads = await org.send(
      new ListAccountsForParentCommand({ ParentId: workloads.Id }),
    );
    expect(inWorkloads.Accounts?.map((a) => a.Id)).toEqual([WORKLOAD.accountId]);
    expect(inWorkloads.Accounts?.[0]?.Paths).toEqual([
      `${Organization!.Id}/${root.Id}/${workloads.Id}/${WORKLOAD.accountId}/`,
    ]);
    const atRoot = await org.send(new ListAccountsForParentCommand({ ParentId: root.Id }));
    expect(atRoot.Accounts?.map((a) => a.Id)).toEqual([NETWORK.accountId]);
  });

  it("lets a member describe it but not list it, and a role assumed in the management account list it", async () => {
    const member = h.organizations("workload");
    const described = await member.send(new DescribeOrganizationCommand({}));
    expect(described.Organization?.MasterAccountId).toBe(NETWORK.accountId);
    for (const command of [
      new ListAccountsCommand({}),
      new ListRootsCommand({}),
      new ListAccountsForParentCommand({ ParentId: "r-abcd" }),
    ]) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      expect(await refusal(member.send(command as any))).toMatchObject({
        name: "AccessDeniedException",
        status: 400,
        message: "You don't have permissions to access this resource.",
      });
    }
    // A role in the management account acts as the management account.
    const credentials = await assumeRead(h, "network", NETWORK.accountId);
    const { Accounts } = await h.organizations(credentials).send(new ListAccountsCommand({}));
    expect(Accounts?.map((a) => a.Id)).toEqual([NETWORK.accountId, WORKLOAD.accountId]);
    // And a role assumed in a member account does not.
    const memberRole = await assumeRead(h, "network", WORKLOAD.accountId);
    expect(
      (await refusal(h.organizations(memberRole).send(new ListAccountsCommand({})))).name,
    ).toBe("AccessDeniedException");
  });

  it("lets a delegated administrator list it", async () => {
    const registered = await h.control("POST", "/_dxmap/organization/delegated-administrators", {
      accountId: WORKLOAD.accountId,
      delegated: true,
    });
    expect(registered.status).toBe(200);
    try {
      const { Accounts } = await h.organizations("workload").send(new ListAccountsCommand({}));
      expect(Accounts).toHaveLength(2);
    } finally {
      await h.control("POST", "/_dxmap/organization/delegated-administrators", {
        accountId: WORKLOAD.accountId,
        delegated: false,
      });
    }
    expect(
      (await refusal(h.organizations("workload").send(new ListAccountsCommand({})))).name,
    ).toBe("AccessDeniedException");
  });

  it("answers in AWS JSON 1.1 with Message, and checks the signature for the organizations service", async () => {
    const res = await fetch(h.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSOrganizationsV20161128.ListAccounts",
      },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      __type: "MissingAuthenticationTokenException",
      Message: "Missing Authentication Token",
    });
    // Signed for Direct Connect, not for Organizations.
    const url = new URL(h.url);
    const body = "{}";
    const signed = await new SignatureV4({
      credentials: credentialsOf("network"),
      region: "us-east-1",
      service: "directconnect",
      sha256: Hash.bind(null, "sha256"),
    }).sign({
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      headers: {
        host: url.host,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSOrganizationsV20161128.ListAccounts",
      },
      body,
    });
    const scoped = await fetch(h.url, { method: "POST", headers: signed.headers, body });
    expect(scoped.status).toBe(400);
    expect(scoped.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException:");
    expect(await scoped.json()).toEqual({
      __type: "InvalidSignatureException",
      Message: "Credential should be scoped to correct service: 'organizations'.",
    });
  });
});

describe("an organization of 25 members (ORG:25)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: "ORG:25" });
  });
  afterAll(async () => {
    await h.close();
  });

  it("lists its 26 accounts over pages of 20 with the SDK's paginator, or of any size asked", async () => {
    const { accounts, pages } = await everyAccount(h, "network");
    expect(pages).toBe(2);
    expect(accounts).toHaveLength(26);
    expect(new Set(accounts.map((a) => a.Id)).size).toBe(26);
    expect(accounts.filter((a) => a.Name?.startsWith("member-"))).toHaveLength(25);
    expect(accounts.every((a) => a.Status === "ACTIVE" && a.JoinedMethod)).toBe(true);
    expect(accounts.map((a) => a.Id)).toContain(NETWORK.accountId);
    // The workload account is not in this organization.
    expect(accounts.map((a) => a.Id)).not.toContain(WORKLOAD.accountId);

    const bySeven = await everyAccount(h, "network", 7);
    expect(bySeven.pages).toBe(4);
    expect(bySeven.accounts.map((a) => a.Id)).toEqual(accounts.map((a) => a.Id));
  });

  it("refuses a NextToken it did not give, one of another listing, and MaxResults outside 1..20", async () => {
    const org = h.organizations("network");
    const first = await org.send(new ListAccountsCommand({ MaxResults: 5 }));
    expect(first.NextToken).toBeDefined();
    const { Roots } = await org.send(new ListRootsCommand({}));
    for (const command of [
      new ListAccountsCommand({ NextToken: "not-a-token" }),
      new ListAccountsCommand({ NextToken: Buffer.from("{}").toString("base64url") }),
      new ListAccountsForParentCommand({ ParentId: Roots![0]!.Id, NextToken: first.NextToken }),
    ]) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      expect(await refusal(org.send(command as any))).toMatchObject({
        name: "InvalidInputException",
        status: 400,
        message: "You specified an invalid value for nextToken.",
      });
    }
    expect(await refusal(org.send(new ListAccountsCommand({ MaxResults: 21 })))).toMatchObject({
      name: "InvalidInputException",
      message:
        "1 validation error detected: Value '21' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 20",
    });
    expect((await refusal(org.send(new ListAccountsCommand({ MaxResults: 0 })))).name).toBe(
      "InvalidInputException",
    );
    expect(
      await refusal(org.send(new ListAccountsForParentCommand({ ParentId: "ou-zzzz-zzzzzzzz" }))),
    ).toMatchObject({
      name: "ParentNotFoundException",
      message: "We can't find a root or OU with the ParentId that you specified.",
    });
  });

  it("lists a unit's accounts (ListAccountsForParent) and its units, nested ones too", async () => {
    const org = h.organizations("network");
    const { Roots } = await org.send(new ListRootsCommand({}));
    const top = await org.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: Roots![0]!.Id }),
    );
    expect(top.OrganizationalUnits?.map((u) => u.Name).sort()).toEqual([
      "Development",
      "Production",
      "Sandbox",
    ]);
    const production = top.OrganizationalUnits!.find((u) => u.Name === "Production")!;
    const nested = await org.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: production.Id }),
    );
    expect(nested.OrganizationalUnits?.map((u) => u.Name)).toEqual(["Payments"]);
    const members: Account[] = [];
    for await (const page of paginateListAccountsForParent(
      { client: org, pageSize: 3 },
      { ParentId: production.Id },
    ))
      members.push(...(page.Accounts ?? []));
    // Members 1, 5, 9, … 25: every fourth.
    expect(members.map((a) => a.Name)).toEqual(
      expect.arrayContaining(["member-001", "member-005", "member-025"]),
    );
    expect(members).toHaveLength(7);
    expect(members.every((a) => a.Paths?.[0]?.includes(`/${production.Id}/`))).toBe(true);
  });

  it("refuses an account outside any organization with AWSOrganizationsNotInUseException", async () => {
    expect(
      await refusal(h.organizations("workload").send(new ListAccountsCommand({}))),
    ).toMatchObject({
      name: "AWSOrganizationsNotInUseException",
      message: "Your account is not a member of an organization.",
    });
    expect(
      (await refusal(h.organizations("workload").send(new DescribeOrganizationCommand({})))).name,
    ).toBe("AWSOrganizationsNotInUseException");
  });

  it("reaches a member that has no keys through its dxmap-read role, and reads its Direct Connect resources", async () => {
    const { accounts } = await everyAccount(h, "network");
    const first = accounts.find((a) => a.Name === "member-001")!;
    const credentials = await assumeRead(h, "network", first.Id!);
    const dx = h.client("network", "us-east-1", { credentials });
    const { connections } = await dx.send(new DescribeConnectionsCommand({}));
    expect(connections?.map((c) => [c.connectionName, c.ownerAccount])).toEqual([
      ["member-1-eqdc2", first.Id],
    ]);
    const { virtualInterfaces } = await dx.send(new DescribeVirtualInterfacesCommand({}));
    expect(
      virtualInterfaces?.map((v) => [v.virtualInterfaceName, v.virtualInterfaceState]).sort(),
    ).toEqual([
      ["member-1-allocated", "confirming"],
      ["member-1-private", "available"],
    ]);
    // The call log names the member.
    const calls = await h.control<{ byOperation: Record<string, number> }>(
      "GET",
      `/_dxmap/calls?account=${first.Id}`,
    );
    expect(calls.body.byOperation).toMatchObject({
      DescribeConnections: 1,
      DescribeVirtualInterfaces: 1,
    });
    // A later member holds nothing.
    const quiet = accounts.find((a) => a.Name === "member-020")!;
    const other = h.client("network", "us-east-1", {
      credentials: await assumeRead(h, "network", quiet.Id!),
    });
    expect((await other.send(new DescribeConnectionsCommand({}))).connections).toEqual([]);
  });
});

describe("the organization through the control API", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: "ORG:3" });
  });
  afterAll(async () => {
    await h.close();
  });

  const ids = async () => (await everyAccount(h, "network")).accounts.map((a) => [a.Id, a.Status]);

  it("adds an account with its role, closes one and removes one, as ListAccounts then shows", async () => {
    const before = await ids();
    const added = await h.control<{
      accountId: string;
      role: { roleName: string; trust: string[] };
    }>("POST", "/_dxmap/organization/accounts", {
      accountId: "123456789012",
      name: "new-team",
      email: "new-team@example.com",
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      accountId: "123456789012",
      role: { roleName: "dxmap-read", trust: [NETWORK.accountId] },
    });
    const { Accounts } = await h.organizations("network").send(new ListAccountsCommand({}));
    const created = Accounts?.find((a) => a.Id === "123456789012");
    expect(created).toMatchObject({
      Name: "new-team",
      Email: "new-team@example.com",
      Status: "ACTIVE",
      JoinedMethod: "CREATED",
    });
    // Its role works at once.
    await assumeRead(h, "network", "123456789012");

    const closed = await h.control("POST", "/_dxmap/organization/accounts/close", {
      accountId: "123456789012",
    });
    expect(closed.status).toBe(200);
    expect(await ids()).toContainEqual(["123456789012", "PENDING_CLOSURE"]);
    // A closed account's role can no longer be assumed.
    expect((await refusal(assumeRead(h, "network", "123456789012"))).name).toBe("AccessDenied");
    await h.advance();
    const suspended = (await everyAccount(h, "network")).accounts.find(
      (a) => a.Id === "123456789012",
    );
    expect([suspended?.Status, suspended?.State]).toEqual(["SUSPENDED", "CLOSED"]);
    // 90 days later it has left.
    await h.control("POST", "/_dxmap/clock", { advanceMs: 90 * 86_400_000 });
    expect(await ids()).toEqual(before);

    const member = before.find(([id]) => id !== NETWORK.accountId)![0]!;
    const removed = await h.control("POST", "/_dxmap/organization/accounts/remove", {
      accountId: member,
    });
    expect(removed.status).toBe(200);
    expect((await ids()).map(([id]) => id)).not.toContain(member);
  });

  it("adds units, and accounts into them, with other roles or none", async () => {
    const unit = await h.control<{ id: string }>("POST", "/_dxmap/organization/units", {
      name: "Networking",
    });
    expect(unit.status).toBe(201);
    const added = await h.control<{ accountId: string }>("POST", "/_dxmap/organization/accounts", {
      name: "edge",
      parentId: unit.body.id,
      role: { roleName: "audit", trust: [NETWORK.accountId], externalId: "edge-1234" },
    });
    expect(added.status).toBe(201);
    expect(added.body.accountId).toMatch(/^\d{12}$/);
    const listed = await h
      .organizations("network")
      .send(new ListAccountsForParentCommand({ ParentId: unit.body.id }));
    expect(listed.Accounts?.map((a) => a.Name)).toEqual(["edge"]);
    const roles = await h.control<{ roles: { roleName: string; externalId?: string }[] }>(
      "GET",
      `/_dxmap/roles?accountId=${added.body.accountId}`,
    );
    expect(roles.body.roles).toMatchObject([{ roleName: "audit", externalId: "edge-1234" }]);
    const none = await h.control<{ accountId: string }>("POST", "/_dxmap/organization/accounts", {
      name: "bare",
      role: false,
    });
    const bare = await h.control<{ roles: unknown[] }>(
      "GET",
      `/_dxmap/roles?accountId=${none.body.accountId}`,
    );
    expect(bare.body.roles).toEqual([]);
  });

  it("refuses bad input with a 400 that says why, changing nothing", async () => {
    const org = await h.control<{ organization: { rootId: string } }>(
      "GET",
      "/_dxmap/organization",
    );
    const before = readFileSync(h.dataFile, "utf8");
    const cases: [string, unknown, string][] = [
      ["/_dxmap/organization/accounts", { accountId: "12345", name: "x" }, "accountId: 12 digits"],
      [
        "/_dxmap/organization/accounts",
        { accountId: NETWORK.accountId, name: "again" },
        `accountId: ${NETWORK.accountId} is already in`,
      ],
      [
        "/_dxmap/organization/accounts",
        { name: "lost", parentId: "ou-abcd-12345678" },
        "parentId: ou-abcd-12345678 is neither the root",
      ],
      [
        "/_dxmap/organization/accounts",
        { name: "odd", role: { trust: ["everyone"] } },
        "trust: everyone is not an account id",
      ],
      [
        "/_dxmap/organization/accounts",
        { name: "x", email: "not-an-email" },
        "email: not-an-email",
      ],
      ["/_dxmap/organization/accounts", { name: "x", colour: "red" }, "Unrecognized key"],
      [
        "/_dxmap/organization/accounts/close",
        { accountId: NETWORK.accountId },
        "is the management account",
      ],
      ["/_dxmap/organization/accounts/remove", { accountId: "999999999999" }, "is not in"],
      ["/_dxmap/organization/units", { name: "x", parentId: "r-zzzz" }, "parentId: r-zzzz"],
      [
        "/_dxmap/roles",
        { accountId: WORKLOAD.accountId, roleName: "new-role" },
        "trust: required for a new role",
      ],
      [
        "/_dxmap/roles",
        { accountId: NETWORK.accountId, roleName: "dxmap-read", maxSessionDuration: 60 },
        "maxSessionDuration: 60",
      ],
      [
        "/_dxmap/roles",
        { accountId: NETWORK.accountId, roleName: "dxmap-read", externalId: "x" },
        "externalId: 2 to 1224",
      ],
      [
        "/_dxmap/organization/delegated-administrators",
        { accountId: NETWORK.accountId, delegated: true },
        "is the management account",
      ],
    ];
    for (const [path, body, message] of cases) {
      const res = await h.control<{ error: string }>("POST", path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toContain(message);
    }
    expect(readFileSync(h.dataFile, "utf8")).toBe(before);
    const after = await h.control("GET", "/_dxmap/organization");
    expect(after.body).toEqual(org.body);
  });

  it("survives a restart: the organization and roles are in the state file", async () => {
    const before = await ids();
    const restarted = await startHarness({ dataFile: h.dataFile, seed: "default" });
    try {
      const after = (await everyAccount(restarted, "network")).accounts.map((a) => [
        a.Id,
        a.Status,
      ]);
      expect(after).toEqual(before);
    } finally {
      await restarted.close();
    }
  });
});
