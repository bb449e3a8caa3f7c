import { existsSync, readFileSync } from "node:fs";

import { expect, test } from "@playwright/test";

import { errorCode, raw, type RawOptions } from "./http";
import { bgpAuthKeys, emulatorAccountKeys, leaks } from "./secrets";
import { BASIC_USERS, E2E_SERVERS, PROXY_ADDRESS, PROXY_USER_HEADER } from "./servers";

// The two auth modes end to end, each on its own dashboard (playwright.config.ts): HTTP basic with a
// read-only user, and a reverse proxy whose user header counts only on connections from its address.

const basic = E2E_SERVERS.basic;
const proxied = E2E_SERVERS.proxy;

const credentials = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const ALICE = credentials("alice", BASIC_USERS.alice);
const VIEWER = credentials("viewer", BASIC_USERS.viewer);

/** A request as the dashboard's own page sends it (same origin, JSON). */
function fromDashboard(
  server: { url: string },
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): RawOptions {
  const host = new URL(server.url).host;
  return {
    method,
    headers: {
      host,
      ...(method === "GET"
        ? {}
        : {
            origin: server.url,
            "sec-fetch-site": "same-origin",
            "content-type": "application/json",
          }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

const auditRecords = (file: string): Record<string, unknown>[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];

interface Vif {
  id: string;
  account: string;
  region: string;
  state: string;
  ownerAlias: string | null;
  asn: number | null;
  bgpPeers: { addressFamily: string }[];
}

test.describe("DX_AUTH_MODE=basic", () => {
  test("pages, their assets and the API ask for credentials", async () => {
    const signedIn = await raw(
      `${basic.url}/`,
      fromDashboard(basic, "GET", { authorization: ALICE }),
    );
    expect(signedIn.status).toBe(200);
    const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(signedIn.body)?.[1];
    expect(asset).toBeTruthy();

    for (const path of ["/", asset!, "/api/config", "/api/topology"]) {
      for (const authorization of [
        undefined,
        credentials("alice", "wrong-password"),
        credentials("mallory", BASIC_USERS.alice),
      ]) {
        const res = await raw(
          `${basic.url}${path}`,
          fromDashboard(basic, "GET", authorization ? { authorization } : {}),
        );
        expect(res.status, `${path} with ${authorization ?? "no credentials"}`).toBe(401);
        expect(res.headers["www-authenticate"]).toMatch(/^Basic realm="dxmap"/);
        expect(res.body).not.toContain("<html");
        expect(res.body).not.toContain("dxvif-");
      }
    }
  });

  test("a mutation without credentials is refused with 401, and nothing is audited", async () => {
    const res = await raw(
      `${basic.url}/api/bgp-peers`,
      fromDashboard(
        basic,
        "POST",
        {},
        {
          account: "network",
          region: "us-east-1",
          virtualInterfaceId: "dxvif-e2enoauth",
          addressFamily: "ipv4",
          asn: 65010,
        },
      ),
    );
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Basic realm="dxmap"/);
    expect(auditRecords(basic.auditLog).filter((r) => r.targetId === "dxvif-e2enoauth")).toEqual(
      [],
    );
  });

  test("signs in alice (scrypt) and viewer (bcrypt); viewer is read-only", async () => {
    const alice = await raw(
      `${basic.url}/api/config`,
      fromDashboard(basic, "GET", { authorization: ALICE }),
    );
    expect(alice.status).toBe(200);
    expect(JSON.parse(alice.body)).toMatchObject({ user: "alice", readOnly: false });
    const viewer = await raw(
      `${basic.url}/api/config`,
      fromDashboard(basic, "GET", { authorization: VIEWER }),
    );
    expect(JSON.parse(viewer.body)).toMatchObject({ user: "viewer", readOnly: true });
  });

  test("a read-only user's change is refused with 403 before AWS is called", async () => {
    for (const [method, path, body] of [
      [
        "POST",
        "/api/bgp-peers",
        {
          account: "network",
          region: "us-east-1",
          virtualInterfaceId: "dxvif-e2eviewr",
          addressFamily: "ipv4",
          asn: 65010,
        },
      ],
      [
        "DELETE",
        "/api/bgp-peers/dxpeer-e2eviewr",
        { account: "network", region: "us-east-1", virtualInterfaceId: "dxvif-e2eviewr" },
      ],
      [
        "POST",
        "/api/virtual-interfaces/dxvif-e2eviewr/confirm",
        { account: "workload", region: "us-east-1" },
      ],
      [
        "DELETE",
        "/api/virtual-interfaces/dxvif-e2eviewr",
        { account: "network", region: "us-east-1" },
      ],
    ] as const) {
      const res = await raw(
        `${basic.url}${path}`,
        fromDashboard(basic, method, { authorization: VIEWER }, body),
      );
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(errorCode(res.body)).toBe("read_only");
    }
    expect(
      auditRecords(basic.auditLog).filter((r) => String(r.targetId).includes("e2eviewr")),
    ).toEqual([]);
  });

  test("alice's change goes through and is audited under her name; her BGP key appears nowhere", async () => {
    const topology = await raw(
      `${basic.url}/api/topology`,
      fromDashboard(basic, "GET", { authorization: ALICE }),
    );
    const vifs = (JSON.parse(topology.body) as { virtualInterfaces: Vif[] }).virtualInterfaces;
    // An interface its reading account owns, settled, with no IPv6 peer yet: AWS takes an IPv6 one.
    const vif = vifs.find(
      (v) =>
        v.ownerAlias === v.account &&
        v.state === "available" &&
        v.bgpPeers.every((p) => p.addressFamily === "ipv4"),
    );
    expect(vif, "a seeded interface to add an IPv6 peer to").toBeTruthy();
    const authKey = `e2e-md5-${Date.now().toString(36)}`;

    const res = await raw(
      `${basic.url}/api/bgp-peers`,
      fromDashboard(
        basic,
        "POST",
        { authorization: ALICE },
        {
          account: vif!.account,
          region: vif!.region,
          virtualInterfaceId: vif!.id,
          addressFamily: "ipv6",
          asn: vif!.asn ?? 65000,
          authKey,
        },
      ),
    );
    expect(res.status, res.body).toBe(200);
    expect(res.body).toContain(vif!.id);

    // The key reached AWS (the emulator holds it) ...
    expect(await bgpAuthKeys(basic.emulatorUrl)).toContain(authKey);
    // ... and nothing dxmap wrote or answered holds it, nor any other secret.
    const secrets = Object.fromEntries([
      ...(await bgpAuthKeys(basic.emulatorUrl)).map((k, i) => [`BGP auth key #${i + 1}`, k]),
      ...emulatorAccountKeys().map((k, i) => [`secret access key #${i + 1}`, k.secretAccessKey]),
      ["alice's password", BASIC_USERS.alice],
      ["viewer's password", BASIC_USERS.viewer],
    ]);
    expect(leaks(res.body, secrets)).toEqual([]);
    const after = await raw(
      `${basic.url}/api/topology`,
      fromDashboard(basic, "GET", { authorization: ALICE }),
    );
    expect(leaks(after.body, secrets)).toEqual([]);

    // Two records, linked: the intent (written before AWS was called), then the outcome.
    const records = auditRecords(basic.auditLog).filter(
      (r) => r.targetId === vif!.id && r.operation === "CreateBGPPeer",
    );
    const record = records.find((r) => r.phase === "outcome");
    expect(records.map((r) => [r.phase, r.requestId])).toEqual([
      ["intent", record?.requestId],
      ["outcome", record?.requestId],
    ]);
    expect(record).toMatchObject({
      user: "alice",
      account: vif!.account,
      region: vif!.region,
      outcome: "success",
      parameters: { authKey: "[redacted]", addressFamily: "ipv6", virtualInterfaceId: vif!.id },
    });
    expect(record?.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(leaks(readFileSync(basic.auditLog, "utf8"), secrets)).toEqual([]);
    test.skip(
      !existsSync(basic.serverLog),
      "the server was started outside this run, so its output was not captured",
    );
    expect(leaks(readFileSync(basic.serverLog, "utf8"), secrets)).toEqual([]);
  });

  test("the browser gets the sign-in prompt, and the dashboard once signed in", async ({
    browser,
  }) => {
    // Without (right) credentials Chromium gets the challenge and, with nobody to type a password,
    // gives up on the navigation; either way the dashboard never renders.
    for (const httpCredentials of [
      undefined,
      { username: "alice", password: "not-her-password" },
    ]) {
      const context = await browser.newContext(httpCredentials ? { httpCredentials } : {});
      const page = await context.newPage();
      const outcome = await page.goto(`${basic.url}/`).then(
        (response) => `status ${response?.status()}`,
        (error: Error) => error.message,
      );
      expect(outcome).toMatch(/status 401|ERR_INVALID_AUTH_CREDENTIALS/);
      await context.close();
    }

    const context = await browser.newContext({
      httpCredentials: { username: "viewer", password: BASIC_USERS.viewer },
    });
    const page = await context.newPage();
    const topology = page.waitForResponse((r) => r.url().includes("/api/topology"));
    const response = await page.goto(`${basic.url}/`);
    expect(response?.status()).toBe(200);
    // The page's own polling is signed in too: the browser resends the credentials.
    expect((await topology).status()).toBe(200);
    const config = await page.evaluate(async () => (await fetch("/api/config")).json());
    expect(config).toMatchObject({ user: "viewer", readOnly: true });
    await context.close();
  });
});

test.describe("DX_AUTH_MODE=proxy", () => {
  const host = new URL(proxied.url).host;
  const get = (path: string, headers: Record<string, string>, localAddress?: string) =>
    raw(`${proxied.url}${path}`, {
      headers: { host, ...headers },
      ...(localAddress ? { localAddress } : {}),
    });

  test("believes the user header from the proxy's address", async () => {
    const res = await get("/api/config", { [PROXY_USER_HEADER]: "carol" }, PROXY_ADDRESS);
    expect(res.status).toBe(200);
    // DX_READ_ONLY=true on this server: everyone is read-only.
    expect(JSON.parse(res.body)).toMatchObject({ user: "carol", readOnly: true });
    expect((await get("/", { [PROXY_USER_HEADER]: "carol" }, PROXY_ADDRESS)).status).toBe(200);
  });

  test("ignores the user header from anywhere else, even with a forged peer address", async () => {
    const attempts: Record<string, string>[] = [
      { [PROXY_USER_HEADER]: "carol" },
      { [PROXY_USER_HEADER]: "carol", "x-dxmap-peer-address": PROXY_ADDRESS },
      {
        [PROXY_USER_HEADER]: "carol",
        "X-DXMAP-Peer-Address": PROXY_ADDRESS,
        "x-forwarded-for": PROXY_ADDRESS,
      },
    ];
    for (const headers of attempts) {
      for (const path of ["/api/config", "/api/topology", "/"]) {
        const res = await get(path, headers);
        expect(res.status, `${path} with ${JSON.stringify(headers)}`).toBe(401);
        expect(res.body).not.toContain("dxvif-");
      }
    }
  });

  test("refuses a proxied request that names no user", async () => {
    expect((await get("/api/config", {}, PROXY_ADDRESS)).status).toBe(401);
    expect((await get("/", { [PROXY_USER_HEADER]: "" }, PROXY_ADDRESS)).status).toBe(401);
  });

  test("a read-only server refuses every change with 403", async () => {
    const res = await raw(`${proxied.url}/api/bgp-peers`, {
      ...fromDashboard(
        proxied,
        "POST",
        { [PROXY_USER_HEADER]: "carol" },
        {
          account: "network",
          region: "us-east-1",
          virtualInterfaceId: "dxvif-e2eprxro",
          addressFamily: "ipv4",
          asn: 65010,
        },
      ),
      localAddress: PROXY_ADDRESS,
    });
    expect(res.status).toBe(403);
    expect(errorCode(res.body)).toBe("read_only");
    expect(auditRecords(proxied.auditLog).filter((r) => r.targetId === "dxvif-e2eprxro")).toEqual(
      [],
    );
  });
});
