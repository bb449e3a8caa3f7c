/**
 * STS on the emulator's port, through the real SDK v3 client (the AWS query protocol: form bodies,
 * XML answers): GetCallerIdentity for long-term and temporary credentials, AssumeRole's trust,
 * external id and validation, temporary credentials acting in the role's account for Direct Connect,
 * their expiry on the emulator's clock, and what AWS answers a request that is not STS's.
 */
import {
  DescribeConnectionsCommand,
  DescribeVirtualInterfacesCommand,
} from "@aws-sdk/client-direct-connect";
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  type AssumeRoleCommandInput,
  type Credentials,
} from "@aws-sdk/client-sts";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity } from "@smithy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  NETWORK,
  WORKLOAD,
  credentialsOf,
  refusal,
  startHarness,
  type Harness,
  type Signer,
} from "./harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.control("POST", "/_dxmap/reset", {});
});

const READ_ROLE = (accountId: string) => `arn:aws:iam::${accountId}:role/dxmap-read`;

function temporary(credentials: Credentials | undefined): AwsCredentialIdentity {
  return {
    accessKeyId: credentials!.AccessKeyId!,
    secretAccessKey: credentials!.SecretAccessKey!,
    sessionToken: credentials!.SessionToken!,
  };
}

async function assume(who: Signer, input: Partial<AssumeRoleCommandInput> = {}) {
  return h.sts(who).send(
    new AssumeRoleCommand({
      RoleArn: READ_ROLE(WORKLOAD.accountId),
      RoleSessionName: "dxmap-test",
      ...input,
    }),
  );
}

describe("GetCallerIdentity", () => {
  it("names the IAM user dxmap for an account's long-term keys", async () => {
    for (const [alias, account] of [
      ["network", NETWORK],
      ["workload", WORKLOAD],
    ] as const) {
      const out = await h.sts(alias).send(new GetCallerIdentityCommand({}));
      expect(out.Account).toBe(account.accountId);
      expect(out.Arn).toBe(`arn:aws:iam::${account.accountId}:user/dxmap`);
      expect(out.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
      expect(out.$metadata.httpStatusCode).toBe(200);
      expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("names the assumed-role session for temporary credentials, in the role's account", async () => {
    const assumed = await assume("network", { RoleSessionName: "dashboard@dxmap" });
    const out = await h.sts(temporary(assumed.Credentials)).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(WORKLOAD.accountId);
    expect(out.Arn).toBe(
      `arn:aws:sts::${WORKLOAD.accountId}:assumed-role/dxmap-read/dashboard@dxmap`,
    );
    expect(out.UserId).toBe(assumed.AssumedRoleUser?.AssumedRoleId);
    expect(out.UserId).toMatch(/^AROA[A-Z0-9]{17}:dashboard@dxmap$/);
  });
});

describe("endpoint overrides", () => {
  it("reaches the emulator through AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL_ORGANIZATIONS, as the SDK reads them", async () => {
    const saved = {
      sts: process.env.AWS_ENDPOINT_URL_STS,
      organizations: process.env.AWS_ENDPOINT_URL_ORGANIZATIONS,
    };
    process.env.AWS_ENDPOINT_URL_STS = h.url;
    process.env.AWS_ENDPOINT_URL_ORGANIZATIONS = h.url;
    try {
      const sts = new STSClient({ region: "us-east-1", credentials: credentialsOf("network") });
      const organizations = new OrganizationsClient({
        region: "us-east-1",
        credentials: credentialsOf("network"),
      });
      try {
        expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(NETWORK.accountId);
        const { Organization } = await organizations.send(new DescribeOrganizationCommand({}));
        expect(Organization?.MasterAccountId).toBe(NETWORK.accountId);
      } finally {
        sts.destroy();
        organizations.destroy();
      }
    } finally {
      for (const [key, value] of [
        ["AWS_ENDPOINT_URL_STS", saved.sts],
        ["AWS_ENDPOINT_URL_ORGANIZATIONS", saved.organizations],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe("AssumeRole", () => {
  it("issues temporary credentials that list the role's account's Direct Connect resources", async () => {
    const health = await h.control<{ now: string }>("GET", "/_dxmap/health");
    const out = await assume("network", { DurationSeconds: 1800 });
    const credentials = out.Credentials!;
    expect(credentials.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(credentials.SecretAccessKey!.length).toBeGreaterThanOrEqual(40);
    expect(credentials.SessionToken!.length).toBeGreaterThan(100);
    // Expiration on the emulator's clock, to the second.
    const expected = Date.parse(health.body.now) + 1800_000;
    expect(Math.abs(credentials.Expiration!.getTime() - expected)).toBeLessThan(5_000);
    expect(credentials.Expiration!.getMilliseconds()).toBe(0);
    expect(out.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${WORKLOAD.accountId}:assumed-role/dxmap-read/dxmap-test`,
    );

    const asRole = h.client("network", "us-east-1", { credentials: temporary(credentials) });
    const asWorkload = h.client("workload");
    const [viaRole, direct] = await Promise.all([
      asRole.send(new DescribeVirtualInterfacesCommand({})),
      asWorkload.send(new DescribeVirtualInterfacesCommand({})),
    ]);
    expect(viaRole.virtualInterfaces?.length).toBeGreaterThan(0);
    expect(viaRole.virtualInterfaces?.map((v) => v.virtualInterfaceId).sort()).toEqual(
      direct.virtualInterfaces?.map((v) => v.virtualInterfaceId).sort(),
    );
    expect(viaRole.virtualInterfaces?.every((v) => v.ownerAccount === WORKLOAD.accountId)).toBe(
      true,
    );
    // Workload owns no connection: the role's account is what is read, not the caller's.
    const connections = await asRole.send(new DescribeConnectionsCommand({}));
    expect(connections.connections).toEqual([]);

    const calls = await h.control<{ calls: { operation: string; account: string }[] }>(
      "GET",
      "/_dxmap/calls",
    );
    expect(calls.body.calls.map((c) => [c.operation, c.account])).toEqual(
      expect.arrayContaining([
        ["AssumeRole", "network"],
        ["DescribeVirtualInterfaces", "workload"],
      ]),
    );
  });

  it("refuses an untrusted caller, an unknown role and a wrong external id with AWS's AccessDenied, issuing nothing", async () => {
    const change = await h.control("POST", "/_dxmap/roles", {
      accountId: WORKLOAD.accountId,
      roleName: "dxmap-read",
      externalId: "dxmap-7f3a",
    });
    expect(change.status).toBe(200);
    const before = h.running.emulator.sessions.size;
    const user = `arn:aws:iam::${NETWORK.accountId}:user/dxmap`;
    const cases: [Signer, Partial<AssumeRoleCommandInput>, string][] = [
      // network's own role trusts only network.
      [
        "workload",
        { RoleArn: READ_ROLE(NETWORK.accountId) },
        `arn:aws:iam::${WORKLOAD.accountId}:user/dxmap`,
      ],
      ["network", { RoleArn: `arn:aws:iam::${WORKLOAD.accountId}:role/no-such-role` }, user],
      ["network", { RoleArn: "arn:aws:iam::999999999999:role/dxmap-read" }, user],
      ["network", { ExternalId: "wrong-id" }, user],
      ["network", {}, user],
    ];
    for (const [who, input, caller] of cases) {
      const roleArn = input.RoleArn ?? READ_ROLE(WORKLOAD.accountId);
      const refused = await refusal(assume(who, input));
      expect(refused).toMatchObject({
        name: "AccessDenied",
        status: 403,
        message: `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      });
    }
    expect(h.running.emulator.sessions.size).toBe(before);
    // With the right external id it is issued.
    const out = await assume("network", { ExternalId: "dxmap-7f3a" });
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it("denies a role whose trust the control API took away, and allows it back", async () => {
    const deny = await h.control("POST", "/_dxmap/roles", {
      accountId: WORKLOAD.accountId,
      roleName: "dxmap-read",
      trust: [],
    });
    expect(deny.status).toBe(200);
    expect((await refusal(assume("network"))).name).toBe("AccessDenied");
    await h.control("POST", "/_dxmap/roles", {
      accountId: WORKLOAD.accountId,
      roleName: "dxmap-read",
      trust: [`arn:aws:iam::${NETWORK.accountId}:user/dxmap`],
    });
    expect((await assume("network")).Credentials).toBeDefined();
  });

  it("refuses input outside the model with ValidationError, as STS words it", async () => {
    const cases: [Partial<AssumeRoleCommandInput>, string][] = [
      [
        { RoleSessionName: "a" },
        "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
      ],
      [
        { RoleSessionName: "has space" },
        "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      ],
      [
        { RoleSessionName: "x".repeat(65) },
        `1 validation error detected: Value '${"x".repeat(61)}...' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      ],
      [
        { DurationSeconds: 899 },
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      ],
      [
        { DurationSeconds: 43201 },
        "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
      ],
      [
        { ExternalId: "x" },
        "1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
      ],
      [
        { DurationSeconds: 7200 },
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      ],
      [{ RoleArn: "arn:aws:s3:::a-bucket-not-a-role" }, "Request ARN is invalid"],
    ];
    for (const [input, message] of cases) {
      expect(await refusal(assume("network", input))).toMatchObject({
        name: "ValidationError",
        status: 400,
        message,
      });
    }
    // A role whose MaxSessionDuration allows it gets the 12 hours.
    await h.control("POST", "/_dxmap/roles", {
      accountId: WORKLOAD.accountId,
      roleName: "dxmap-read",
      maxSessionDuration: 43200,
    });
    const long = await assume("network", { DurationSeconds: 43200 });
    expect(long.Credentials?.Expiration!.getTime()).toBeGreaterThan(Date.now() + 43_000_000);
  });

  it("lets a session assume a role that trusts its role (chaining), for an hour at most", async () => {
    await h.control("POST", "/_dxmap/roles", {
      accountId: NETWORK.accountId,
      roleName: "chained",
      trust: [READ_ROLE(WORKLOAD.accountId)],
      maxSessionDuration: 43200,
    });
    const first = temporary((await assume("network")).Credentials);
    const chained = h.sts(first);
    const roleArn = `arn:aws:iam::${NETWORK.accountId}:role/chained`;
    expect(
      await refusal(
        chained.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: "hop",
            DurationSeconds: 7200,
          }),
        ),
      ),
    ).toMatchObject({
      name: "ValidationError",
      message:
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    });
    const second = await chained.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "hop" }),
    );
    const who = await h.sts(temporary(second.Credentials)).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:sts::${NETWORK.accountId}:assumed-role/chained/hop`);
    // A role trusting network (the account) trusts its sessions too; one trusting only network's
    // user does not.
    const back = h.sts(temporary(second.Credentials));
    expect(
      (
        await back.send(
          new AssumeRoleCommand({
            RoleArn: READ_ROLE(WORKLOAD.accountId),
            RoleSessionName: "back",
          }),
        )
      ).AssumedRoleUser?.Arn,
    ).toBe(`arn:aws:sts::${WORKLOAD.accountId}:assumed-role/dxmap-read/back`);
    await h.control("POST", "/_dxmap/roles", {
      accountId: WORKLOAD.accountId,
      roleName: "dxmap-read",
      trust: [`arn:aws:iam::${NETWORK.accountId}:user/dxmap`],
    });
    expect(
      (
        await refusal(
          h.sts(temporary(second.Credentials)).send(
            new AssumeRoleCommand({
              RoleArn: READ_ROLE(WORKLOAD.accountId),
              RoleSessionName: "again",
            }),
          ),
        )
      ).name,
    ).toBe("AccessDenied");
  });
});

describe("temporary credentials", () => {
  it("expire on the emulator's clock: ExpiredTokenException for Direct Connect, ExpiredToken for STS", async () => {
    const credentials = temporary((await assume("network", { DurationSeconds: 900 })).Credentials);
    const dx = h.client("network", "us-east-1", { credentials });
    await dx.send(new DescribeVirtualInterfacesCommand({}));
    const clock = await h.control("POST", "/_dxmap/clock", { advanceMs: 901_000 });
    expect(clock.status).toBe(200);
    expect(await refusal(dx.send(new DescribeVirtualInterfacesCommand({})))).toMatchObject({
      name: "ExpiredTokenException",
      status: 400,
      message: "The security token included in the request is expired",
    });
    expect(await refusal(h.sts(credentials).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: "ExpiredToken",
      status: 403,
      message: "The security token included in the request is expired",
    });
  });

  it("must carry their own session token: without it, or with another, they are not recognised", async () => {
    const credentials = temporary((await assume("network")).Credentials);
    const other = temporary((await assume("network")).Credentials);
    const variants: AwsCredentialIdentity[] = [
      { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
      { ...credentials, sessionToken: other.sessionToken },
      // Long-term keys with a session token are no credentials AWS issued either.
      { ...credentialsOf("network"), sessionToken: credentials.sessionToken },
    ];
    for (const variant of variants) {
      expect(
        await refusal(
          h
            .client("network", "us-east-1", { credentials: variant })
            .send(new DescribeVirtualInterfacesCommand({})),
        ),
      ).toMatchObject({
        name: "UnrecognizedClientException",
        message: "The security token included in the request is invalid.",
      });
      expect(await refusal(h.sts(variant).send(new GetCallerIdentityCommand({})))).toMatchObject({
        name: "InvalidClientTokenId",
        status: 403,
        message: "The security token included in the request is invalid.",
      });
    }
  });

  it("are forgotten by a restart (kept in memory only) and by a reset", async () => {
    const credentials = temporary((await assume("network")).Credentials);
    await h.control("POST", "/_dxmap/reset", {});
    expect((await refusal(h.sts(credentials).send(new GetCallerIdentityCommand({})))).name).toBe(
      "InvalidClientTokenId",
    );
    const again = temporary((await assume("network")).Credentials);
    const restarted = await startHarness({ dataFile: h.dataFile, port: 0 });
    try {
      expect(
        (await refusal(restarted.sts(again).send(new GetCallerIdentityCommand({})))).name,
      ).toBe("InvalidClientTokenId");
    } finally {
      await restarted.close();
    }
  });
});

describe("the query protocol on the wire", () => {
  const sha256 = Hash.bind(null, "sha256");

  /** POSTs a form body signed as network for STS, as botocore would send it. */
  async function post(body: string, service = "sts") {
    const url = new URL(h.url);
    const signer = new SignatureV4({
      credentials: credentialsOf("network"),
      region: "us-east-1",
      service,
      sha256,
    });
    const signed = await signer.sign({
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      headers: {
        host: url.host,
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      },
      body,
    });
    const res = await fetch(h.url, { method: "POST", headers: signed.headers, body });
    return {
      status: res.status,
      type: res.headers.get("content-type"),
      text: await res.text(),
      id: res.headers.get("x-amzn-requestid"),
    };
  }

  const errorXml = (code: string, message: string, id: string | null) =>
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>\n`;

  it("answers GetCallerIdentity in XML with the request id", async () => {
    const res = await post("Action=GetCallerIdentity&Version=2011-06-15");
    expect(res.status).toBe(200);
    expect(res.type).toBe("text/xml");
    expect(res.text).toBe(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><UserId>${/<UserId>(\w+)<\/UserId>/.exec(res.text)?.[1]}</UserId><Account>${NETWORK.accountId}</Account><Arn>arn:aws:iam::${NETWORK.accountId}:user/dxmap</Arn></GetCallerIdentityResult><ResponseMetadata><RequestId>${res.id}</RequestId></ResponseMetadata></GetCallerIdentityResponse>\n`,
    );
  });

  it("refuses what is not an STS call with a clear XML error", async () => {
    const cases: [string, number, string, string][] = [
      [
        "Action=Frobnicate&Version=2011-06-15",
        400,
        "InvalidAction",
        "Could not find operation Frobnicate for version 2011-06-15",
      ],
      [
        "Action=GetCallerIdentity",
        400,
        "InvalidAction",
        "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED",
      ],
      [
        "Action=GetCallerIdentity&Version=2010-01-01",
        400,
        "InvalidAction",
        "Could not find operation GetCallerIdentity for version 2010-01-01",
      ],
      [
        "Version=2011-06-15",
        400,
        "MissingAction",
        "The request must contain the parameter Action (and Version=2011-06-15), URL-encoded in a form body.",
      ],
      [
        '{"Action":"GetCallerIdentity"}',
        400,
        "MissingAction",
        "The request must contain the parameter Action (and Version=2011-06-15), URL-encoded in a form body.",
      ],
      [
        "Action=GetCallerIdentity&Version=2011-06-15&x=%zz",
        400,
        "MalformedQueryString",
        "The query string contains a syntax error.",
      ],
    ];
    for (const [body, status, code, message] of cases) {
      const res = await post(body);
      expect(res.status, body).toBe(status);
      expect(res.type).toBe("text/xml");
      expect(res.text).toBe(errorXml(code, message, res.id));
    }
    // An operation of STS the emulator does not do is named as such.
    const federation = await post("Action=GetFederationToken&Version=2011-06-15&Name=someone");
    expect(federation.status).toBe(400);
    expect(federation.text).toContain("<Code>InvalidAction</Code>");
    expect(federation.text).toContain("does not implement GetFederationToken");
  });

  it("checks the signature for the sts service, with STS's error codes", async () => {
    const wrongService = await post("Action=GetCallerIdentity&Version=2011-06-15", "directconnect");
    expect(wrongService.status).toBe(403);
    expect(wrongService.text).toBe(
      errorXml(
        "SignatureDoesNotMatch",
        "Credential should be scoped to correct service: &apos;sts&apos;.",
        wrongService.id,
      ),
    );
    const unsigned = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain(
      "<Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message>",
    );
  });

  it("keeps the caller checks: a web page's form post is refused before it is read", async () => {
    const res = await fetch(h.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
      },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain("<Code>AccessDenied</Code>");
    expect(text).toContain("Requests from web pages (with Origin) are refused");
  });

  it("refuses a body over the size limit", async () => {
    const res = await post(
      `Action=GetCallerIdentity&Version=2011-06-15&pad=${"x".repeat(1024 * 1024)}`,
    );
    expect(res.status).toBe(413);
    expect(res.text).toContain("<Code>RequestEntityTooLarge</Code>");
  });
});

describe("the dashboard's recipe", () => {
  it("fromTemporaryCredentials with the emulator as STS endpoint gives a Direct Connect client the role's account", async () => {
    const { fromTemporaryCredentials } = await import("@aws-sdk/credential-providers");
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: READ_ROLE(WORKLOAD.accountId), RoleSessionName: "dxmap" },
      masterCredentials: credentialsOf("network"),
      clientConfig: { region: "us-east-1", endpoint: h.url },
    });
    const dx = h.client("network", "us-east-1", { credentials });
    const { virtualInterfaces } = await dx.send(new DescribeVirtualInterfacesCommand({}));
    expect(virtualInterfaces?.length).toBeGreaterThan(0);
    expect(virtualInterfaces?.every((v) => v.ownerAccount === WORKLOAD.accountId)).toBe(true);
  });
});
