/**
 * Upstream errors reach the user as their code and a scrubbed message; the full text goes to the
 * server log. Real failures, through the real SDK: a backend host that does not resolve, STS refusing
 * the role the server assumes (a local STS answering AWS's own AccessDenied), and a profile that does
 * not exist, beside an account that reads the emulator normally.
 */
import { createServer, type Server } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { POST as createPeer } from "@/app/api/bgp-peers/route";
import { GET as getAttachments } from "@/app/api/direct-connect-gateways/[id]/attachments/route";
import { GET as getTopology } from "@/app/api/topology/route";
import { clearCache } from "@/lib/aws/cache";
import { resetClients } from "@/lib/aws/clients";
import { reloadDxConfig } from "@/lib/server/config";
import type { DxApiErrorBody, DxTopology } from "@/lib/dx/types";

import { NETWORK } from "../emulator/harness";
import { apiRequest, json, params, startApiHarness, type ApiHarness } from "./harness";

type Err = DxApiErrorBody;

const saved = { ...process.env };
let h: ApiHarness;
let logged: unknown[][] = [];
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await h.close();
});
beforeEach(async () => {
  await h.control("POST", "/_dxmap/reset", {});
  await h.control("DELETE", "/_dxmap/calls");
  // The server log: everything dxmap writes with console.warn and console.error.
  logged = [];
  const log = (...args: unknown[]) => void logged.push(args);
  vi.spyOn(console, "warn").mockImplementation(log);
  vi.spyOn(console, "error").mockImplementation(log);
});
afterEach(() => {
  vi.restoreAllMocks();
});
const serverLog = () => logged.map((args) => args.map(String).join(" ")).join("\n");

const peer = (account: string, virtualInterfaceId = "dxvif-fabcdefg") => ({
  account,
  region: "us-east-1",
  virtualInterfaceId,
  addressFamily: "ipv6",
  asn: 64600,
});

describe("a backend that cannot be reached", () => {
  afterEach(() => {
    delete process.env.DX_MAX_ATTEMPTS;
    h.useEndpoint(h.url);
  });

  it("is a 503 naming the cause, not the host, address or port, for a read, a gateway read and a change", async () => {
    // Nothing listens on port 9: the connection is refused, by 127.0.0.1 (and ::1).
    h.useEndpoint("http://localhost:9");
    const answers = [
      await getTopology(apiRequest("GET", "/api/topology"), params({})),
      await getAttachments(
        apiRequest(
          "GET",
          "/api/direct-connect-gateways/0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01/attachments?account=network",
        ),
        params({ id: "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01" }),
      ),
      await createPeer(apiRequest("POST", "/api/bgp-peers", peer("network")), params({})),
    ];
    for (const res of answers) {
      const { status, body } = await json<Err>(res);
      expect(status).toBe(503);
      expect(body.error).toEqual({
        code: "backend_unavailable",
        message:
          "The Direct Connect backend cannot be reached (ECONNREFUSED). The server's log names the endpoint.",
      });
    }
    // The server's log has the whole story, under each route's name.
    expect(serverLog()).toMatch(/GET \/api\/topology: .*ECONNREFUSED.*127\.0\.0\.1:9/);
    expect(serverLog()).toMatch(
      /GET \/api\/direct-connect-gateways\/\{id\}\/attachments: backend_unavailable: .*http:\/\/localhost:9/,
    );
    expect(serverLog()).toMatch(
      /POST \/api\/bgp-peers: backend_unavailable: .*http:\/\/localhost:9/,
    );
  });

  it("does not name a host that does not resolve", async () => {
    // One attempt: however this machine's resolver answers (not found, or not in time), once is enough.
    process.env.DX_MAX_ATTEMPTS = "1";
    h.useEndpoint("http://dxmap-backend.nowhere.invalid:4599");
    const { status, body } = await json<Err>(
      await createPeer(apiRequest("POST", "/api/bgp-peers", peer("network")), params({})),
    );
    expect(status).toBe(503);
    expect(body.error.code).toBe("backend_unavailable");
    expect(body.error.message).toMatch(
      /^The Direct Connect backend cannot be reached \((ENOTFOUND|EAI_AGAIN|TimeoutError)\)/,
    );
    expect(JSON.stringify(body)).not.toMatch(/nowhere|invalid|4599/);
    expect(serverLog()).toContain("dxmap-backend.nowhere.invalid");
  });
});

describe("credentials that do not work (DX_BACKEND=aws, the Direct Connect endpoint the emulator)", () => {
  const SERVER_ROLE = "arn:aws:sts::999999999999:assumed-role/dxmap-server/i-0a1b2c3d4e5f67890";
  const ROLE = "arn:aws:iam::222222222222:role/dxmap-readonly";
  let sts: Server;
  let stsCalls = 0;
  let credentialsFile: string;

  beforeAll(async () => {
    // STS as AWS answers a role the server's own role may not assume (awsQuery, XML).
    sts = createServer((req, res) => {
      stsCalls++;
      req.resume();
      res.writeHead(403, { "content-type": "text/xml" });
      res.end(
        `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: ${SERVER_ROLE} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}</Message></Error><RequestId>4c1e5f0a-7b2d-4e8f-9a6b-1c2d3e4f5a6b</RequestId></ErrorResponse>`,
      );
    });
    await new Promise<void>((resolve) => sts.listen(0, "127.0.0.1", resolve));
    credentialsFile = join(h.dir, "aws-credentials");
    writeFileSync(
      credentialsFile,
      `[dxmap-test-network]\naws_access_key_id = ${NETWORK.accessKeyId}\naws_secret_access_key = ${NETWORK.secretAccessKey}\n`,
    );
    const configFile = join(h.dir, "dxmap.config.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        regions: ["us-east-1"],
        accounts: [
          {
            alias: "network",
            accountId: "111111111111",
            credentials: { type: "profile", profile: "dxmap-test-network" },
          },
          {
            alias: "workload",
            accountId: "222222222222",
            credentials: { type: "assumeRole", roleArn: ROLE, sourceProfile: "dxmap-test-network" },
          },
          {
            alias: "finance",
            accountId: "333333333333",
            credentials: { type: "profile", profile: "prod-secret-profile" },
          },
        ],
      }),
    );
    Object.assign(process.env, {
      DX_BACKEND: "aws",
      DX_CONFIG: configFile,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      AWS_CONFIG_FILE: join(h.dir, "aws-config-absent"),
      AWS_ENDPOINT_URL_DIRECT_CONNECT: h.url,
      AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(sts.address() as AddressInfo).port}`,
    });
    reloadDxConfig();
    resetClients();
    clearCache();
  });
  afterAll(async () => {
    await new Promise((resolve) => sts.close(resolve));
  });

  /** What identifies the server's environment: none of it may reach a response. */
  const expectScrubbed = (text: string) => {
    expect(text).not.toMatch(
      /arn:aws|999999999999|dxmap-server|dxmap-readonly|prod-secret-profile|aws-credentials|127\.0\.0\.1/,
    );
    expect(text).not.toContain(h.dir);
  };

  it("shows a read's failure per account with AWS's error name and a scrubbed message, beside the data of the account that works", async () => {
    const { status, body } = await json<DxTopology>(
      await getTopology(apiRequest("GET", "/api/topology"), params({})),
    );
    expect(status).toBe(200);
    expect(body.virtualInterfaces.some((v) => v.account === "network")).toBe(true);
    const of = (account: string) => body.errors.filter((e) => e.account === account);
    expect(of("network")).toEqual([]);
    expect(of("workload").length).toBeGreaterThan(0);
    for (const e of of("workload"))
      expect(e.message).toMatch(
        /^Describe\w+ failed: AccessDenied: User: \[ARN\] is not authorized to perform: sts:AssumeRole on resource: \[ARN\]$/,
      );
    expect(of("finance").length).toBeGreaterThan(0);
    for (const e of of("finance"))
      expect(e.message).toMatch(/^Describe\w+ failed: CredentialsProviderError: .*\[profile\]/);
    expectScrubbed(JSON.stringify(body));
    expect(stsCalls).toBeGreaterThan(0);
    // The full text is in the server's log, under the route's name.
    expect(serverLog()).toContain(`GET /api/topology: workload/us-east-1`);
    expect(serverLog()).toContain(SERVER_ROLE);
    expect(serverLog()).toContain("prod-secret-profile");
  });

  it("refuses a change as an account whose role cannot be assumed: the code and AWS's name, no ARN, no AWS call", async () => {
    const { status, body } = await json<Err>(
      await createPeer(apiRequest("POST", "/api/bgp-peers", peer("workload")), params({})),
    );
    expect(status).toBe(503);
    expect(body.error).toMatchObject({
      code: "credentials_unavailable",
      awsError: "AccessDenied",
      message:
        "dxmap could not get AWS credentials for this account (AccessDenied): User: [ARN] is not authorized to perform: sts:AssumeRole on resource: [ARN]",
    });
    expectScrubbed(JSON.stringify(body));
    expect(await h.calls("CreateBGPPeer")).toBe(0);
    expect(serverLog()).toMatch(
      /POST \/api\/bgp-peers: credentials_unavailable: AccessDenied: User: arn:aws:sts::999999999999:assumed-role\/dxmap-server/,
    );
  });

  it("refuses a change as an account whose profile does not exist, without naming the profile", async () => {
    const { status, body } = await json<Err>(
      await createPeer(apiRequest("POST", "/api/bgp-peers", peer("finance")), params({})),
    );
    expect(status).toBe(503);
    expect(body.error.code).toBe("credentials_unavailable");
    expect(body.error.awsError).toBe("CredentialsProviderError");
    expectScrubbed(JSON.stringify(body));
    expect(serverLog()).toContain("prod-secret-profile");
  });

  it("keeps Direct Connect's own refusal word for word, configured account ids included", async () => {
    const t = (
      await json<DxTopology>(await getTopology(apiRequest("GET", "/api/topology"), params({})))
    ).body;
    const lag = t.virtualInterfaces.find((v) => v.name === "lag-private")!;
    const { status, body } = await json<Err>(
      await createPeer(
        apiRequest("POST", "/api/bgp-peers", {
          ...peer("network", lag.id),
          addressFamily: "ipv4",
          asn: 65000,
        }),
        params({}),
      ),
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "aws_refused",
      awsError: "DirectConnectClientException",
      message:
        "The BGP peer cannot be in the same address family (IPv4/IPv6) of an existing BGP peer on the virtual interface.",
    });
  });
});
