/**
 * The AWS JSON 1.1 wire protocol and SigV4, seen from raw HTTP: requests are signed here with
 * @smithy/signature-v4 (the SDK's own signer) so that bodies, headers and signatures the SDK would
 * never send can be sent. Every refusal is checked for AWS's error shape and for changing nothing;
 * the same refusals reach SDK users as errors with AWS's names and a request id.
 */
import {
  ConfirmConnectionCommand,
  CreateDirectConnectGatewayCommand,
  CreatePrivateVirtualInterfaceCommand,
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeLoaCommand,
  DescribeVirtualInterfacesCommand,
  type ConfirmConnectionCommandInput,
} from "@aws-sdk/client-direct-connect";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { readFileSync } from "node:fs";
import { request, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionNamed, NETWORK, refusal, startHarness, vifNamed, type Harness } from "./harness";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JSON_11 = "application/x-amz-json-1.1";
const MIB = 1024 * 1024;

let h: Harness;
let port: number;
beforeAll(async () => {
  h = await startHarness();
  port = h.running.port;
});
afterAll(() => h.close());

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One HTTP request with exactly these headers and body (chunked when there is no content-length). */
function raw(
  headers: Record<string, string>,
  body: string | Buffer,
  options: { method?: string; chunked?: boolean } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method: options.method ?? "POST", path: "/", headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    const bytes = Buffer.from(body);
    if (options.chunked) {
      for (let i = 0; i < bytes.length; i += 64 * 1024) req.write(bytes.subarray(i, i + 64 * 1024));
      req.end();
    } else {
      req.end(bytes);
    }
  });
}

interface SignOptions {
  /** Operation name; the header is OvertureService.<target>. null leaves X-Amz-Target out. */
  target: string | null;
  body: string | Buffer;
  /** null leaves Content-Type out. */
  contentType?: string | null;
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  service?: string;
  signingDate?: Date;
  /** A full X-Amz-Target value, for targets outside OvertureService. */
  rawTarget?: string;
}

/** Headers for a request signed as the SDK signs (including x-amz-content-sha256), by default as `network` in us-east-1. */
async function signedHeaders(o: SignOptions): Promise<Record<string, string>> {
  const headers: Record<string, string> = { host: `127.0.0.1:${port}` };
  if (o.contentType !== null) headers["content-type"] = o.contentType ?? JSON_11;
  const target = o.rawTarget ?? (o.target === null ? undefined : `OvertureService.${o.target}`);
  if (target !== undefined) headers["x-amz-target"] = target;
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: o.accessKeyId ?? NETWORK.accessKeyId,
      secretAccessKey: o.secretAccessKey ?? NETWORK.secretAccessKey,
    },
    region: o.region ?? "us-east-1",
    service: o.service ?? "directconnect",
    sha256: Hash.bind(null, "sha256"),
  });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port,
      path: "/",
      query: {},
      headers,
      body: o.body,
    },
    o.signingDate ? { signingDate: o.signingDate } : {},
  );
  return signed.headers as Record<string, string>;
}

async function signedCall(o: SignOptions): Promise<RawResponse> {
  return raw(await signedHeaders(o), o.body);
}

/** AWS's error shape: the status, the JSON 1.1 content type, a request id, and a body of exactly __type and message. */
function expectAwsError(res: RawResponse, status: number, type: string, message?: RegExp): string {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toBe(JSON_11);
  expect(res.headers["x-amzn-requestid"]).toMatch(UUID);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["__type", "message"]);
  expect(body.__type).toBe(type);
  expect(typeof body.message).toBe("string");
  expect(String(body.message).length).toBeGreaterThan(0);
  if (message) expect(body.message).toMatch(message);
  return String(body.message);
}

/** What a user could see changed: network's and workload's interfaces, gateways and connections, and the state file. */
async function estate(): Promise<string> {
  const views = await Promise.all(
    (["network", "workload"] as const).map(async (alias) => {
      const client = h.client(alias);
      const [vifs, gateways, connections] = await Promise.all([
        client.send(new DescribeVirtualInterfacesCommand({})),
        client.send(new DescribeDirectConnectGatewaysCommand({})),
        client.send(new DescribeConnectionsCommand({})),
      ]);
      return {
        vifs: vifs.virtualInterfaces,
        gateways: gateways.directConnectGateways,
        connections: connections.connections,
      };
    }),
  );
  return JSON.stringify({ views, file: readFileSync(h.dataFile, "utf8") });
}

async function gatewayNames(): Promise<string[]> {
  const out = await h.client("network").send(new DescribeDirectConnectGatewaysCommand({}));
  return (out.directConnectGateways ?? []).map((g) => g.directConnectGatewayName ?? "");
}

describe("successful responses", () => {
  it("answer 200 with the JSON 1.1 content type and a fresh request id each time", async () => {
    const first = await signedCall({ target: "DescribeConnections", body: "{}" });
    const second = await signedCall({ target: "DescribeConnections", body: "{}" });
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe(JSON_11);
      expect(res.headers["x-amzn-requestid"]).toMatch(UUID);
    }
    expect(first.headers["x-amzn-requestid"]).not.toBe(second.headers["x-amzn-requestid"]);
  });

  it("put timestamps on the wire as epoch-second numbers, which the SDK turns into the same Date", async () => {
    const res = await signedCall({ target: "DescribeConnections", body: "{}" });
    const body = JSON.parse(res.text) as {
      connections: { connectionName: string; loaIssueTime?: unknown }[];
    };
    const primary = body.connections.find((c) => c.connectionName === "dx-eqdc2-primary");
    expect(typeof primary?.loaIssueTime).toBe("number");
    const seconds = primary?.loaIssueTime as number;
    // Seconds, not milliseconds: a date in the past year, not in the year 58000.
    expect(seconds).toBeGreaterThan(Date.now() / 1000 - 400 * 86400);
    expect(seconds).toBeLessThan(Date.now() / 1000);
    const viaSdk = await connectionNamed(h.client("network"), "dx-eqdc2-primary");
    expect(viaSdk.loaIssueTime?.getTime()).toBe(seconds * 1000);
  });

  it("accept a Content-Type with parameters and an empty {} for an operation without input", async () => {
    const res = await signedCall({
      target: "DescribeLocations",
      body: "{}",
      contentType: `${JSON_11}; charset=utf-8`,
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { locations: { locationCode: string }[] };
    expect(body.locations.map((l) => l.locationCode)).toContain("EqDC2");
  });
});

interface RefusalCase {
  name: string;
  send: () => Promise<RawResponse>;
  status: number;
  type: string;
  message?: RegExp;
}

const gatewayBody = (name: string) =>
  JSON.stringify({ directConnectGatewayName: name, amazonSideAsn: 64700 });

/** Every refusal of a request that would otherwise change something: AWS's error shape, and no change. */
const refusals: RefusalCase[] = [
  {
    name: "a body that is not JSON",
    send: () =>
      signedCall({
        target: "CreateDirectConnectGateway",
        body: '{"directConnectGatewayName": "half',
      }),
    status: 400,
    type: "SerializationException",
  },
  {
    name: "a JSON array body",
    send: () =>
      signedCall({ target: "CreateDirectConnectGateway", body: `[${gatewayBody("in-an-array")}]` }),
    status: 400,
    type: "SerializationException",
    message: /object/,
  },
  {
    name: "a JSON null body",
    send: () => signedCall({ target: "CreateDirectConnectGateway", body: "null" }),
    status: 400,
    type: "SerializationException",
  },
  {
    name: "Content-Type application/json",
    send: () =>
      signedCall({
        target: "CreateDirectConnectGateway",
        body: gatewayBody("wrong-type"),
        contentType: "application/json",
      }),
    status: 415,
    type: "UnsupportedMediaTypeException",
    message: /application\/x-amz-json-1\.1/,
  },
  {
    name: "no Content-Type",
    send: () =>
      signedCall({
        target: "CreateDirectConnectGateway",
        body: gatewayBody("no-type"),
        contentType: null,
      }),
    status: 415,
    type: "UnsupportedMediaTypeException",
  },
  {
    name: "an unknown operation",
    send: () =>
      signedCall({ target: "CreateDirectConnectGatewayz", body: gatewayBody("unknown-op") }),
    status: 400,
    type: "UnknownOperationException",
    message: /CreateDirectConnectGatewayz/,
  },
  {
    name: "another service's target prefix",
    send: () =>
      signedCall({
        target: null,
        rawTarget: "DynamoDB_20120810.CreateDirectConnectGateway",
        body: gatewayBody("dynamo"),
      }),
    status: 400,
    type: "UnknownOperationException",
    message: /DynamoDB_20120810/,
  },
  {
    name: "no X-Amz-Target",
    send: () => signedCall({ target: null, body: gatewayBody("no-target") }),
    status: 400,
    type: "UnknownOperationException",
    message: /X-Amz-Target/,
  },
  {
    name: "a recognised operation the emulator does not implement (AssociateVirtualInterface)",
    send: async () => {
      const vif = await vifNamed(h.client("network"), "prod-private");
      const lag = await connectionNamed(h.client("network"), "lag-eqdc2-member-1");
      const body = JSON.stringify({
        virtualInterfaceId: vif.virtualInterfaceId,
        connectionId: lag.lagId,
      });
      return signedCall({ target: "AssociateVirtualInterface", body });
    },
    status: 400,
    type: "DirectConnectClientException",
    message: /AssociateVirtualInterface/,
  },
  {
    name: "DescribeLoa, recognised but not implemented",
    send: () =>
      signedCall({
        target: "DescribeLoa",
        body: JSON.stringify({ connectionId: "dxcon-faa6zo5h" }),
      }),
    status: 400,
    type: "DirectConnectClientException",
    message: /DescribeLoa/,
  },
  {
    name: "ConfirmConnection with {} (connectionId is required)",
    send: () => signedCall({ target: "ConfirmConnection", body: "{}" }),
    status: 400,
    type: "DirectConnectClientException",
    message: /'connectionId'.*must not be null/,
  },
  {
    name: "DescribeHostedConnections without connectionId",
    send: () =>
      signedCall({ target: "DescribeHostedConnections", body: JSON.stringify({ maxResults: 10 }) }),
    status: 400,
    type: "DirectConnectClientException",
    message: /'connectionId'/,
  },
  {
    name: "CreateDirectConnectGateway without its name",
    send: () =>
      signedCall({
        target: "CreateDirectConnectGateway",
        body: JSON.stringify({ amazonSideAsn: 64700 }),
      }),
    status: 400,
    type: "DirectConnectClientException",
    message: /'directConnectGatewayName'/,
  },
  {
    name: "a nested required member missing (newPrivateVirtualInterface.vlan)",
    send: async () => {
      const lag = await connectionNamed(h.client("network"), "lag-eqdc2-member-1");
      const body = JSON.stringify({
        connectionId: lag.lagId,
        newPrivateVirtualInterface: {
          virtualInterfaceName: "no-vlan",
          asn: 65010,
          virtualGatewayId: "vgw-00000000",
        },
      });
      return signedCall({ target: "CreatePrivateVirtualInterface", body });
    },
    status: 400,
    type: "DirectConnectClientException",
    message: /'newPrivateVirtualInterface\.vlan'/,
  },
  {
    name: "vlan as a string",
    send: async () => {
      const lag = await connectionNamed(h.client("network"), "lag-eqdc2-member-1");
      const vgw = (await vifNamed(h.client("network"), "lag-private")).virtualGatewayId;
      const body = JSON.stringify({
        connectionId: lag.lagId,
        newPrivateVirtualInterface: {
          virtualInterfaceName: "string-vlan",
          vlan: "130",
          asn: 65010,
          virtualGatewayId: vgw,
        },
      });
      return signedCall({ target: "CreatePrivateVirtualInterface", body });
    },
    status: 400,
    type: "DirectConnectClientException",
    message: /'130'.*'newPrivateVirtualInterface\.vlan'.*integer/,
  },
  {
    name: "amazonSideAsn as a string and tags as an object",
    send: () =>
      signedCall({
        target: "CreateDirectConnectGateway",
        body: JSON.stringify({
          directConnectGatewayName: "typed",
          amazonSideAsn: "64700",
          tags: { k: "v" },
        }),
      }),
    status: 400,
    type: "DirectConnectClientException",
    message:
      /^(?=2 validation errors detected)(?=.*'amazonSideAsn' failed to satisfy constraint: Member must be an integer)(?=.*'tags' failed to satisfy constraint: Member must be a list)/,
  },
  {
    name: "a tag key outside the model's pattern",
    send: async () => {
      const connection = await connectionNamed(h.client("network"), "dx-eqdc2-primary");
      const resourceArn = `arn:aws:directconnect:us-east-1:${NETWORK.accountId}:dxcon/${connection.connectionId}`;
      return signedCall({
        target: "TagResource",
        body: JSON.stringify({ resourceArn, tags: [{ key: "cost<center>", value: "42" }] }),
      });
    },
    status: 400,
    type: "DirectConnectClientException",
    message:
      /'cost<center>' at 'tags\.1\.member\.key' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  },
  {
    name: "a body over 1 MiB",
    send: () =>
      signedCall({ target: "CreateDirectConnectGateway", body: gatewayBody("x".repeat(MIB)) }),
    status: 413,
    type: "RequestEntityTooLargeException",
  },
  {
    name: "a body over 1 MiB sent chunked, without Content-Length",
    send: async () => {
      const body = gatewayBody("y".repeat(MIB));
      const headers = await signedHeaders({ target: "CreateDirectConnectGateway", body });
      return raw({ ...headers, "transfer-encoding": "chunked" }, body, { chunked: true });
    },
    status: 413,
    type: "RequestEntityTooLargeException",
  },
  {
    name: "a signature made with the wrong secret key",
    send: () =>
      signedCall({
        target: "CreateDirectConnectGateway",
        body: gatewayBody("bad-secret"),
        secretAccessKey: "not-the-secret-at-all",
      }),
    status: 400,
    type: "InvalidSignatureException",
    message: /signature we calculated does not match/,
  },
  {
    name: "an access key the emulator does not know",
    send: () =>
      signedCall({
        target: "CreateDirectConnectGateway",
        body: gatewayBody("bad-key"),
        accessKeyId: "AKIAUNKNOWNKEY000000",
      }),
    status: 400,
    type: "UnrecognizedClientException",
    message: /security token included in the request is invalid/,
  },
  {
    name: "no Authorization header",
    send: () =>
      raw(
        { "content-type": JSON_11, "x-amz-target": "OvertureService.CreateDirectConnectGateway" },
        gatewayBody("anonymous"),
      ),
    status: 400,
    type: "MissingAuthenticationTokenException",
  },
  {
    name: "an Authorization header that is not SigV4",
    send: () =>
      raw(
        {
          "content-type": JSON_11,
          "x-amz-target": "OvertureService.CreateDirectConnectGateway",
          authorization: "Bearer abc",
        },
        gatewayBody("bearer"),
      ),
    status: 400,
    type: "IncompleteSignatureException",
  },
  {
    name: "a body changed after signing",
    send: async () => {
      const headers = await signedHeaders({
        target: "CreateDirectConnectGateway",
        body: gatewayBody("as-signed"),
      });
      return raw(headers, gatewayBody("tampered"));
    },
    status: 400,
    type: "InvalidSignatureException",
  },
  {
    name: "a signed X-Amz-Target changed after signing",
    send: async () => {
      const body = gatewayBody("retargeted");
      const headers = await signedHeaders({ target: "DescribeDirectConnectGateways", body });
      return raw(
        { ...headers, "x-amz-target": "OvertureService.CreateDirectConnectGateway" },
        body,
      );
    },
    status: 400,
    type: "InvalidSignatureException",
  },
  {
    name: "a signature from 20 minutes ago",
    send: () =>
      signedCall({
        target: "CreateDirectConnectGateway",
        body: gatewayBody("stale"),
        signingDate: new Date(Date.now() - 20 * 60_000),
      }),
    status: 400,
    type: "InvalidSignatureException",
    message: /expired/i,
  },
  {
    name: "a credential scoped to another service",
    send: () =>
      signedCall({
        target: "CreateDirectConnectGateway",
        body: gatewayBody("ec2-scope"),
        service: "ec2",
      }),
    status: 400,
    type: "InvalidSignatureException",
    message: /directconnect/,
  },
];

describe("refused requests change nothing", () => {
  it.each(refusals.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const before = await estate();
    const res = await c.send();
    expectAwsError(res, c.status, c.type, c.message);
    expect(await estate()).toBe(before);
  });

  it("the same request correctly signed goes through, so the refusals above were about what was wrong with them", async () => {
    const res = await signedCall({
      target: "CreateDirectConnectGateway",
      body: gatewayBody("control-case"),
    });
    expect(res.status).toBe(200);
    const names = await gatewayNames();
    expect(names).toContain("control-case");
    for (const refused of [
      "in-an-array",
      "wrong-type",
      "unknown-op",
      "bad-secret",
      "bad-key",
      "anonymous",
      "as-signed",
      "tampered",
      "retargeted",
      "stale",
    ]) {
      expect(names).not.toContain(refused);
    }
  });
});

describe("the model's constraints", () => {
  it("accept tag keys and values of any script within the pattern (letters, digits, spaces and _.:/=+-@)", async () => {
    const connection = await connectionNamed(h.client("network"), "dx-eqdc2-primary");
    const resourceArn = `arn:aws:directconnect:us-east-1:${NETWORK.accountId}:dxcon/${connection.connectionId}`;
    const tags = [{ key: "Kostenstelle-Zürich", value: "東京 team_a.b:c/d=e+f-g@h" }];
    const res = await signedCall({
      target: "TagResource",
      body: JSON.stringify({ resourceArn, tags }),
    });
    expect(res.status).toBe(200);
    expect((await connectionNamed(h.client("network"), "dx-eqdc2-primary")).tags).toEqual(tags);
  });
});

describe("the SDK surfaces refusals by AWS's error name, with the request id", () => {
  async function inCallLog(requestId: string | undefined) {
    const res = await h.control<{
      calls: { requestId: string; errorType?: string; status: number }[];
    }>("GET", "/_dxmap/calls");
    return res.body.calls.find((c) => c.requestId === requestId);
  }

  it("a missing required member is a DirectConnectClientException naming the field", async () => {
    const error = await refusal(
      h.client("network").send(new ConfirmConnectionCommand({} as ConfirmConnectionCommandInput)),
    );
    expect(error.name).toBe("DirectConnectClientException");
    expect(error.message).toMatch(/'connectionId'/);
    expect(error.status).toBe(400);
    expect(error.requestId).toMatch(UUID);
    expect(await inCallLog(error.requestId)).toMatchObject({
      status: 400,
      errorType: "DirectConnectClientException",
    });
  });

  it("a wrongly typed member is a DirectConnectClientException and creates no interface", async () => {
    const client = h.client("network");
    const lagPrivate = await vifNamed(client, "lag-private");
    const before = await estate();
    const error = await refusal(
      client.send(
        new CreatePrivateVirtualInterfaceCommand({
          connectionId: lagPrivate.connectionId!,
          newPrivateVirtualInterface: {
            virtualInterfaceName: "sdk-string-vlan",
            vlan: "131" as unknown as number,
            asn: 65010,
            virtualGatewayId: lagPrivate.virtualGatewayId!,
          },
        }),
      ),
    );
    expect(error).toMatchObject({ name: "DirectConnectClientException", status: 400 });
    expect(error.message).toMatch(/vlan/);
    expect(error.requestId).toMatch(UUID);
    expect(await estate()).toBe(before);
  });

  it("an operation the emulator does not implement is refused by name", async () => {
    const connection = await connectionNamed(h.client("network"), "dx-eqdc2-primary");
    const error = await refusal(
      h.client("network").send(new DescribeLoaCommand({ connectionId: connection.connectionId! })),
    );
    expect(error.name).toBe("DirectConnectClientException");
    expect(error.message).toMatch(/DescribeLoa/);
    expect(error.requestId).toMatch(UUID);
  });

  it("a wrong secret key is InvalidSignatureException and an unknown key UnrecognizedClientException", async () => {
    const wrongSecret = h.client("network", "us-east-1", {
      credentials: {
        accessKeyId: NETWORK.accessKeyId,
        secretAccessKey: "wrong/secret/key/wrong/secret/key/wrong0",
      },
    });
    const unknownKey = h.client("network", "us-east-1", {
      credentials: {
        accessKeyId: "AKIAUNKNOWNKEY000000",
        secretAccessKey: NETWORK.secretAccessKey,
      },
    });
    const before = await estate();
    const bad = await refusal(
      wrongSecret.send(
        new CreateDirectConnectGatewayCommand({ directConnectGatewayName: "sdk-bad-secret" }),
      ),
    );
    expect(bad).toMatchObject({ name: "InvalidSignatureException", status: 400 });
    expect(bad.requestId).toMatch(UUID);
    const unknown = await refusal(
      unknownKey.send(
        new CreateDirectConnectGatewayCommand({ directConnectGatewayName: "sdk-unknown-key" }),
      ),
    );
    expect(unknown).toMatchObject({ name: "UnrecognizedClientException", status: 400 });
    expect(unknown.requestId).toMatch(UUID);
    expect(await estate()).toBe(before);
  });

  it("an oversized request is RequestEntityTooLargeException with status 413", async () => {
    const error = await refusal(
      h
        .client("network")
        .send(
          new CreateDirectConnectGatewayCommand({ directConnectGatewayName: "z".repeat(MIB + 1) }),
        ),
    );
    expect(error).toMatchObject({ name: "RequestEntityTooLargeException", status: 413 });
    expect(error.requestId).toMatch(UUID);
    expect(await gatewayNames()).not.toContain("z".repeat(MIB + 1));
  });
});

describe("the region comes from the credential scope", () => {
  it("the same account sees only eu-west-1's connections and interfaces when it signs for eu-west-1", async () => {
    const us = h.client("network", "us-east-1");
    const eu = h.client("network", "eu-west-1");
    const [usConnections, euConnections] = await Promise.all([
      us.send(new DescribeConnectionsCommand({})),
      eu.send(new DescribeConnectionsCommand({})),
    ]);
    const euList = euConnections.connections ?? [];
    expect(euList.length).toBeGreaterThan(0);
    expect(
      euList.every((c) => c.region === "eu-west-1" && c.ownerAccount === NETWORK.accountId),
    ).toBe(true);
    expect(euList.map((c) => c.connectionName)).toContain("dx-eirdb1-primary");
    const usIds = new Set((usConnections.connections ?? []).map((c) => c.connectionId));
    expect(euList.some((c) => usIds.has(c.connectionId))).toBe(false);

    // A us-east-1 interface is not there when asked for by id from eu-west-1 (an empty list, as AWS answers).
    const usVif = await vifNamed(us, "prod-private");
    const fromEu = await eu.send(
      new DescribeVirtualInterfacesCommand({ virtualInterfaceId: usVif.virtualInterfaceId! }),
    );
    expect(fromEu.virtualInterfaces).toEqual([]);
    const euVif = await vifNamed(eu, "prod-private");
    expect(euVif.region).toBe("eu-west-1");
    expect(euVif.virtualInterfaceId).not.toBe(usVif.virtualInterfaceId);
  });

  it("a raw request scoped to eu-west-1 gets eu-west-1's connections; a region with no estate gets none", async () => {
    const eu = JSON.parse(
      (await signedCall({ target: "DescribeConnections", body: "{}", region: "eu-west-1" })).text,
    ) as { connections: { region: string }[] };
    expect(eu.connections.length).toBeGreaterThan(0);
    expect(eu.connections.every((c) => c.region === "eu-west-1")).toBe(true);
    const sydney = await signedCall({
      target: "DescribeConnections",
      body: "{}",
      region: "ap-southeast-2",
    });
    expect(sydney.status).toBe(200);
    expect(JSON.parse(sydney.text)).toEqual({ connections: [] });
  });

  it("Direct Connect gateways are global: the same list from either region", async () => {
    const [us, eu] = await Promise.all(
      ["us-east-1", "eu-west-1"].map((region) =>
        h.client("network", region).send(new DescribeDirectConnectGatewaysCommand({})),
      ),
    );
    expect(us?.directConnectGateways?.length).toBeGreaterThan(0);
    expect(eu?.directConnectGateways).toEqual(us?.directConnectGateways);
  });
});
