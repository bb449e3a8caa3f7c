/**
 * Who can reach the emulator. Its control API has no authentication and its keys are AWS's published
 * examples, so what keeps a web page the user happens to visit away from it is the request itself:
 * a browser marks a page's requests (Origin, Sec-Fetch-Site), a DNS-rebinding page names its own host
 * in Host, and a cross-site form can only send text/plain or form data. Each such request is refused
 * with nothing changed and nothing revealed, while SDKs, the CLI and scripts on loopback (which send
 * none of those) are answered as before, and a host named in DX_EMULATOR_ALLOWED_HOSTS is too.
 */
import {
  CreateDirectConnectGatewayCommand,
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewaysCommand,
  DirectConnectClient,
} from "@aws-sdk/client-direct-connect";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NETWORK, startHarness, type Harness } from "./harness";

const JSON_11 = "application/x-amz-json-1.1";
const ATTACKER = "https://attacker.example";

let h: Harness;
let port: number;
beforeAll(async () => {
  h = await startHarness();
  port = h.running.port;
});
afterAll(() => h.close());
// Every test starts from the seed with a call in the log: what a page would like to read or undo.
beforeEach(async () => {
  expect((await h.control("POST", "/_dxmap/reset", { seed: "default" })).status).toBe(200);
  await h.client("network").send(new DescribeConnectionsCommand({}));
});

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One HTTP request to `target` (default: the shared emulator) with exactly these headers, Host included. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  target = { host: "127.0.0.1", port: () => port },
): Promise<RawResponse> {
  return new Promise((resolveResponse, reject) => {
    const req = request(
      { host: target.host, port: target.port(), method, path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolveResponse({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Headers of an AWS call signed with network's published keys, as a page could sign it itself. */
async function signed(target: string, body: string, headers: Record<string, string> = {}) {
  const all: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    "content-type": JSON_11,
    "x-amz-target": `OvertureService.${target}`,
    ...headers,
  };
  const signer = new SignatureV4({
    credentials: { accessKeyId: NETWORK.accessKeyId, secretAccessKey: NETWORK.secretAccessKey },
    region: "us-east-1",
    service: "directconnect",
    sha256: Hash.bind(null, "sha256"),
  });
  const [hostname = "", hostPort] = all.host!.split(/:(?=\d+$)/);
  const request = await signer.sign({
    method: "POST",
    protocol: "http:",
    hostname,
    ...(hostPort ? { port: Number(hostPort) } : {}),
    path: "/",
    query: {},
    headers: all,
    body,
  });
  return request.headers as Record<string, string>;
}

async function gatewayNames(): Promise<string[]> {
  const out = await h.client("network").send(new DescribeDirectConnectGatewaysCommand({}));
  return (out.directConnectGateways ?? []).map((g) => g.directConnectGatewayName ?? "");
}

/** What a refused request must leave as it was: the state file, the call log and the faults. */
async function observed() {
  const [calls, faults] = await Promise.all([
    h.control("GET", "/_dxmap/calls"),
    h.control("GET", "/_dxmap/faults"),
  ]);
  return { file: readFileSync(h.dataFile, "utf8"), calls: calls.body, faults: faults.body };
}

/** The request ids in the call log: a refused reply must not carry any of them. */
async function loggedRequestIds(): Promise<string[]> {
  const res = await h.control<{ calls: { requestId: string }[] }>("GET", "/_dxmap/calls");
  return res.body.calls.map((c) => c.requestId);
}

function expectControlRefusal(res: RawResponse, status: number): string {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toBe("application/json");
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(String(body.error).length).toBeGreaterThan(0);
  return String(body.error);
}

function expectAwsRefusal(res: RawResponse, status: number, type: string): string {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toBe(JSON_11);
  expect(res.headers["x-amzn-errortype"]).toBe(`${type}:`);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["__type", "message"]);
  expect(body.__type).toBe(type);
  return String(body.message);
}

const gatewayBody = (name: string) =>
  JSON.stringify({ directConnectGatewayName: name, amazonSideAsn: 64512 });

describe("requests a browser marks as coming from a web page", () => {
  it("a cross-site form's text/plain POST to /_dxmap/reset is refused, and the estate and call log stay as they were", async () => {
    await h
      .client("network")
      .send(
        new CreateDirectConnectGatewayCommand({ directConnectGatewayName: "made-by-the-user" }),
      );
    const before = await observed();
    const res = await raw(
      "POST",
      "/_dxmap/reset",
      {
        host: `127.0.0.1:${port}`,
        origin: ATTACKER,
        "content-type": "text/plain",
        "sec-fetch-site": "cross-site",
        "sec-fetch-mode": "no-cors",
      },
      '{"seed":"empty"}',
    );
    expectControlRefusal(res, 403);
    expect(await observed()).toEqual(before);
    expect(await gatewayNames()).toContain("made-by-the-user");
  });

  const pageRequests: {
    name: string;
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
  }[] = [
    {
      name: "another site's page reading the call log (Origin)",
      method: "GET",
      path: "/_dxmap/calls",
      headers: { origin: ATTACKER },
    },
    {
      name: "a page on this machine, another port, injecting faults as JSON (Origin of the same site)",
      method: "POST",
      path: "/_dxmap/faults",
      headers: { origin: "http://localhost:3000", "content-type": "application/json" },
      body: JSON.stringify({ errorRate: 1 }),
    },
    {
      name: "a sandboxed frame or a file: page moving the clock (Origin: null)",
      method: "POST",
      path: "/_dxmap/clock",
      headers: { origin: "null", "content-type": "application/json" },
      body: JSON.stringify({ advanceMs: 3_600_000 }),
    },
    {
      name: "an <img> or <script> of another site loading the call log (Sec-Fetch-Site: cross-site, no Origin)",
      method: "GET",
      path: "/_dxmap/calls",
      headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" },
    },
    {
      name: "a same-site page clearing the call log (Sec-Fetch-Site: same-site)",
      method: "DELETE",
      path: "/_dxmap/calls",
      headers: { "sec-fetch-site": "same-site", "sec-fetch-mode": "cors" },
    },
  ];

  it.each(pageRequests.map((c) => [c.name, c] as const))(
    "%s: refused with nothing changed or revealed",
    async (_name, c) => {
      const before = await observed();
      const ids = await loggedRequestIds();
      expect(ids.length).toBeGreaterThan(0);
      const res = await raw(c.method, c.path, { host: `127.0.0.1:${port}`, ...c.headers }, c.body);
      expectControlRefusal(res, 403);
      for (const id of ids) expect(res.text).not.toContain(id);
      expect(await observed()).toEqual(before);
    },
  );

  it("a page's AWS call signed with the published example keys is refused as AWS refuses, and creates nothing", async () => {
    const before = await observed();
    const body = gatewayBody("made-by-a-page");
    const res = await raw(
      "POST",
      "/",
      await signed("CreateDirectConnectGateway", body, {
        origin: ATTACKER,
        "sec-fetch-site": "cross-site",
      }),
      body,
    );
    expectAwsRefusal(res, 403, "AccessDeniedException");
    expect(res.headers["x-amzn-requestid"]).toBeTruthy();
    expect(await observed()).toEqual(before);
    expect(await gatewayNames()).not.toContain("made-by-a-page");
  });

  it("a page's signed read of the connections gets no connection", async () => {
    const res = await raw(
      "POST",
      "/",
      await signed("DescribeConnections", "{}", { origin: "http://localhost:3000" }),
      "{}",
    );
    expectAwsRefusal(res, 403, "AccessDeniedException");
    expect(res.text).not.toContain("dxcon-");
    expect(res.text).not.toContain(NETWORK.accountId);
  });
});

describe("DNS rebinding: a Host the emulator does not answer to", () => {
  const foreignHosts = (): string[] => [
    `attacker.example:${port}`,
    "attacker.example",
    `localhost.attacker.example:${port}`,
    `127.0.0.1.nip.io:${port}`,
    `attacker.example:${port}, 127.0.0.1:${port}`,
  ];

  it("GET /_dxmap/calls is refused for every foreign name, and no logged call leaks", async () => {
    const ids = await loggedRequestIds();
    expect(ids.length).toBeGreaterThan(0);
    for (const host of foreignHosts()) {
      const res = await raw("GET", "/_dxmap/calls", { host });
      expect(res.status, host).toBe(403);
      expectControlRefusal(res, 403);
      for (const id of ids) expect(res.text).not.toContain(id);
      expect(res.text).not.toContain("byOperation");
    }
  });

  it("POST /_dxmap/reset with a foreign Host, even as JSON, resets nothing", async () => {
    const before = await observed();
    const res = await raw(
      "POST",
      "/_dxmap/reset",
      { host: `attacker.example:${port}`, "content-type": "application/json" },
      '{"seed":"empty"}',
    );
    expectControlRefusal(res, 403);
    expect(await observed()).toEqual(before);
  });

  it("a signed AWS read with a foreign Host reveals no connection, and a write creates nothing", async () => {
    const before = await observed();
    const host = `attacker.example:${port}`;
    const read = await raw("POST", "/", await signed("DescribeConnections", "{}", { host }), "{}");
    const message = expectAwsRefusal(read, 403, "AccessDeniedException");
    expect(message).toMatch(/DX_EMULATOR_ALLOWED_HOSTS/);
    expect(read.text).not.toContain("dxcon-");

    const body = gatewayBody("made-by-a-rebound-page");
    const write = await raw(
      "POST",
      "/",
      await signed("CreateDirectConnectGateway", body, { host }),
      body,
    );
    expectAwsRefusal(write, 403, "AccessDeniedException");
    expect(await observed()).toEqual(before);
    expect(await gatewayNames()).not.toContain("made-by-a-rebound-page");
  });

  it("an HTTP/1.0 request without Host is refused, at the control API and the AWS endpoint", async () => {
    const http10 = (lines: string) =>
      new Promise<string>((resolveText, reject) => {
        const socket = connect(port, "127.0.0.1", () => socket.end(lines));
        let text = "";
        socket.on("data", (c: Buffer) => (text += c.toString("utf8")));
        socket.on("end", () => resolveText(text));
        socket.on("error", reject);
      });
    const control = await http10("GET /_dxmap/calls HTTP/1.0\r\n\r\n");
    expect(control).toMatch(/^HTTP\/1\.[01] 403 /);
    expect(control).not.toContain("byOperation");
    const aws = await http10(
      `POST / HTTP/1.0\r\nContent-Type: ${JSON_11}\r\nX-Amz-Target: OvertureService.DescribeConnections\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expect(aws).toMatch(/^HTTP\/1\.[01] 403 /);
    expect(aws).toContain("AccessDeniedException");
  });

  it("loopback names are answered on any port, in any case, and names under .localhost too", async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LocalHost:${port}`,
      `[::1]:${port}`,
      `dxmap.localhost:${port}`,
      "localhost",
      "127.0.0.1:80",
    ]) {
      const res = await raw("GET", "/_dxmap/health", { host });
      expect(res.status, host).toBe(200);
    }
    const viaLocalhost = new DirectConnectClient({
      region: "us-east-1",
      endpoint: `http://localhost:${port}`,
      credentials: { accessKeyId: NETWORK.accessKeyId, secretAccessKey: NETWORK.secretAccessKey },
      maxAttempts: 1,
    });
    try {
      const out = await viaLocalhost.send(new DescribeConnectionsCommand({}));
      expect(out.connections?.length).toBeGreaterThan(0);
    } finally {
      viaLocalhost.destroy();
    }
  });
});

describe("content types: only JSON reaches the control API, only AWS JSON 1.1 the AWS endpoint", () => {
  const notJson: { name: string; path: string; contentType?: string; body: string }[] = [
    {
      name: "text/plain",
      path: "/_dxmap/reset",
      contentType: "text/plain",
      body: '{"seed":"empty"}',
    },
    {
      name: "a form",
      path: "/_dxmap/faults",
      contentType: "application/x-www-form-urlencoded",
      body: '{"errorRate":1}',
    },
    { name: "no Content-Type", path: "/_dxmap/clock", body: '{"advanceMs":3600000}' },
    { name: "no Content-Type and no body", path: "/_dxmap/reset", body: "" },
  ];

  it.each(notJson.map((c) => [c.name, c] as const))(
    "a control POST with %s gets 415 and changes nothing",
    async (_name, c) => {
      const before = await observed();
      const res = await raw(
        "POST",
        c.path,
        {
          host: `127.0.0.1:${port}`,
          ...(c.contentType ? { "content-type": c.contentType } : {}),
          "content-length": String(Buffer.byteLength(c.body)),
        },
        c.body,
      );
      expect(expectControlRefusal(res, 415)).toMatch(/application\/json/);
      expect(await observed()).toEqual(before);
    },
  );

  it("a control POST as application/json with a charset goes through", async () => {
    const res = await raw(
      "POST",
      "/_dxmap/faults",
      { host: `127.0.0.1:${port}`, "content-type": "application/json; charset=utf-8" },
      JSON.stringify({ latencyMs: 1, operation: "DescribeLoa" }),
    );
    expect(res.status).toBe(201);
    await h.control("DELETE", "/_dxmap/faults");
  });

  it("a signed AWS call sent as text/plain gets 415 UnsupportedMediaTypeException and creates nothing", async () => {
    const body = gatewayBody("sent-as-text");
    const res = await raw(
      "POST",
      "/",
      await signed("CreateDirectConnectGateway", body, { "content-type": "text/plain" }),
      body,
    );
    expect(expectAwsRefusal(res, 415, "UnsupportedMediaTypeException")).toMatch(
      /application\/x-amz-json-1\.1/,
    );
    expect(await gatewayNames()).not.toContain("sent-as-text");
  });
});

describe("hosts named in the settings", () => {
  it("an emulator told of a host answers it (on its port only, when one is given); one that was not refuses it", async () => {
    const told = await startHarness({
      allowedHosts: ["dx-emulator.internal", "emu.example.net:8443"],
    });
    const target = { host: "127.0.0.1", port: () => told.running.port };
    try {
      const health = (host: string) => raw("GET", "/_dxmap/health", { host }, undefined, target);
      expect((await health(`dx-emulator.internal:${told.running.port}`)).status).toBe(200);
      expect((await health("DX-Emulator.Internal")).status).toBe(200);
      expect((await health("emu.example.net:8443")).status).toBe(200);
      expect((await health("emu.example.net:9443")).status).toBe(403);
      expect((await health("attacker.example")).status).toBe(403);
      expect((await health(`dx-emulator.internal:${port}`)).status).toBe(200);
    } finally {
      await told.close();
    }
    // The shared emulator was told of no host.
    const res = await raw("GET", "/_dxmap/health", { host: `dx-emulator.internal:${port}` });
    expect(res.status).toBe(403);
  });

  describe("DX_EMULATOR_ALLOWED_HOSTS, as `npm run emulator` reads it", () => {
    const ROOT = resolve(import.meta.dirname, "../..");
    const children: ChildProcess[] = [];
    afterEach(() => {
      for (const child of children.splice(0)) child.kill("SIGTERM");
    });

    function emulatorProcess(allowed: string): Promise<{ port: number; output: () => string }> {
      const child = spawn(process.execPath, ["--import", "tsx", "lib/emulator/main.ts"], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          DX_EMULATOR_PORT: "0",
          DX_EMULATOR_DATA: join(h.dir, `main-${children.length}.json`),
          DX_EMULATOR_SEED: "empty",
          DX_EMULATOR_ALLOWED_HOSTS: allowed,
        },
      });
      children.push(child);
      let output = "";
      return new Promise((resolveStart, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString("utf8");
          const m = /listening on http:\/\/[\d.]+:(\d+)/.exec(output);
          if (m) resolveStart({ port: Number(m[1]), output: () => output });
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.once("exit", (code) =>
          reject(Object.assign(new Error(`exited with ${code}`), { output })),
        );
      });
    }

    it("accepts the names it lists, comma-separated, and still refuses any other", async () => {
      const started = await emulatorProcess(" dx-emulator.internal , emu.example.net:8443");
      const target = { host: "127.0.0.1", port: () => started.port };
      const health = (host: string) => raw("GET", "/_dxmap/health", { host }, undefined, target);
      expect((await health(`dx-emulator.internal:${started.port}`)).status).toBe(200);
      expect((await health("emu.example.net:8443")).status).toBe(200);
      expect((await health("emu.example.net:8080")).status).toBe(403);
      expect((await health("attacker.example")).status).toBe(403);
    });

    it("refuses to start on an entry that is not a host name, and names the setting", async () => {
      const error = (await emulatorProcess("http://dx-emulator.internal/").then(
        () => new Error("started"),
        (e: unknown) => e,
      )) as Error & { output?: string };
      expect(error.message).toMatch(/exited with [1-9]/);
      expect(error.output).toContain("DX_EMULATOR_ALLOWED_HOSTS");
    });
  });
});
