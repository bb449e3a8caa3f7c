import { existsSync, readFileSync } from "node:fs";

import { expect, test } from "@playwright/test";

import { errorCode, raw, type RawOptions } from "./http";
import { bgpAuthKeys, emulatorAccountKeys, leaks } from "./secrets";
import {
  BASIC_PUBLIC_URL,
  BASIC_USERS,
  E2E_SERVERS,
  PROXY_ADDRESS,
  PROXY_SECRET,
  PROXY_SECRET_HEADER,
  PROXY_USER_HEADER,
} from "./servers";

// The two auth modes end to end, each on its own dashboard (playwright.config.ts): HTTP basic with a
// read-only user, and a reverse proxy whose user header counts only on connections from its address
// that carry its shared secret.

/** Failed sign-ins allowed per client address and per user name in a window (lib/server/sign-in-limits.ts). */
const FAILURES_PER_ADDRESS = 20;
const FAILURES_PER_USER = 10;

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

  test("failed sign-ins are limited per client address: 429 with Retry-After, pages included", async () => {
    // Its own loopback address, so that no other test's attempts count against it.
    const localAddress = "127.0.0.7";
    const attempt = (path: string, i: number) =>
      raw(`${basic.url}${path}`, {
        ...fromDashboard(basic, "GET", {
          authorization: credentials(`e2e-guess-${i}`, "not-a-password"),
        }),
        localAddress,
      });
    const statuses: number[] = [];
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++)
      statuses.push((await attempt("/api/config", i)).status);
    expect(statuses).toEqual(Array<number>(FAILURES_PER_ADDRESS).fill(401));
    for (const path of ["/api/config", "/"]) {
      const res = await attempt(path, FAILURES_PER_ADDRESS);
      expect(res.status, path).toBe(429);
      expect(Number(res.headers["retry-after"]), path).toBeGreaterThan(0);
      expect(res.body).not.toContain("dxvif-");
    }
    expect(errorCode((await attempt("/api/topology", 99)).body)).toBe("throttled");
    // Everyone else carries on.
    const alice = await raw(
      `${basic.url}/api/config`,
      fromDashboard(basic, "GET", { authorization: ALICE }),
    );
    expect(alice.status).toBe(200);
  });

  test("failed sign-ins are limited per user name, whatever its case, from any address", async () => {
    const attempt = (user: string, localAddress: string) =>
      raw(`${basic.url}/api/config`, {
        ...fromDashboard(basic, "GET", { authorization: credentials(user, "not-a-password") }),
        localAddress,
      });
    for (let i = 0; i < FAILURES_PER_USER; i++)
      expect((await attempt("e2e-limited-user", `127.0.2.${i + 1}`)).status).toBe(401);
    const refused = await attempt("E2E-Limited-User", "127.0.2.200");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });

  test("a signed-in user carries on through a flood of 300 parallel bad sign-ins, and few are checked", async () => {
    test.setTimeout(90_000);
    // Signed in before the flood: the browser resends the same credentials with every request.
    expect(
      (await raw(`${basic.url}/api/config`, fromDashboard(basic, "GET", { authorization: ALICE })))
        .status,
    ).toBe(200);
    const flood = Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        raw(`${basic.url}/api/config`, {
          ...fromDashboard(basic, "GET", {
            authorization: credentials(`e2e-flood-${i}`, "not-a-password"),
          }),
          localAddress: "127.0.0.8",
        }),
      ),
    );
    const started = Date.now();
    const alice = await raw(
      `${basic.url}/api/topology`,
      fromDashboard(basic, "GET", { authorization: ALICE }),
    );
    const aliceMs = Date.now() - started;
    expect(alice.status).toBe(200);
    const answers = await flood;
    expect(answers.filter((r) => r.status !== 401 && r.status !== 429)).toEqual([]);
    // The password of at most the address's allowance was checked; the rest were refused at once.
    expect(answers.filter((r) => r.status === 401).length).toBeLessThanOrEqual(
      FAILURES_PER_ADDRESS,
    );
    expect(aliceMs).toBeLessThan(10_000);
  });

  test("published at an https address: pages carry HSTS, and changes come only from that origin", async () => {
    const publicHost = new URL(BASIC_PUBLIC_URL).host;
    const page = await raw(`${basic.url}/`, {
      headers: { host: publicHost, authorization: ALICE },
    });
    expect(page.status).toBe(200);
    expect(page.headers["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
    const change = (origin: string) =>
      raw(`${basic.url}/api/bgp-peers`, {
        method: "POST",
        headers: {
          host: publicHost,
          origin,
          "sec-fetch-site": "same-origin",
          "content-type": "application/json",
          authorization: ALICE,
        },
        body: JSON.stringify({
          account: "network",
          region: "us-east-1",
          virtualInterfaceId: "dxvif-e2ehttps",
          addressFamily: "ipv4",
          asn: 65010,
        }),
      });
    for (const origin of [
      `http://${publicHost}`,
      `${BASIC_PUBLIC_URL}:8443`,
      `http://${new URL(basic.url).host}`,
    ]) {
      const res = await change(origin);
      expect(res.status, origin).toBe(403);
      expect(errorCode(res.body)).toBe("forbidden");
    }
    // From the public origin the change passes every check; AWS refuses it (no such interface).
    const res = await change(BASIC_PUBLIC_URL);
    expect(res.status, res.body).toBe(400);
    expect(errorCode(res.body)).toBe("aws_refused");
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
  const SECRET = { [PROXY_SECRET_HEADER]: PROXY_SECRET };
  const get = (path: string, headers: Record<string, string>, localAddress?: string) =>
    raw(`${proxied.url}${path}`, {
      headers: { host, ...headers },
      ...(localAddress ? { localAddress } : {}),
    });
  const change = (user: string, virtualInterfaceId: string) =>
    raw(`${proxied.url}/api/bgp-peers`, {
      ...fromDashboard(
        proxied,
        "POST",
        { [PROXY_USER_HEADER]: user, ...SECRET },
        {
          account: "network",
          region: "us-east-1",
          virtualInterfaceId,
          addressFamily: "ipv4",
          asn: 65010,
        },
      ),
      localAddress: PROXY_ADDRESS,
    });

  test("believes the user header from the proxy's address, with its secret", async () => {
    const res = await get(
      "/api/config",
      { [PROXY_USER_HEADER]: "carol", ...SECRET },
      PROXY_ADDRESS,
    );
    expect(res.status).toBe(200);
    // carol is not among DX_WRITERS: read-only.
    expect(JSON.parse(res.body)).toMatchObject({ user: "carol", readOnly: true });
    expect(
      (await get("/", { [PROXY_USER_HEADER]: "carol", ...SECRET }, PROXY_ADDRESS)).status,
    ).toBe(200);
  });

  test("refuses the proxy's own address without the shared secret", async () => {
    const secrets: Record<string, string>[] = [
      {},
      { [PROXY_SECRET_HEADER]: "" },
      { [PROXY_SECRET_HEADER]: `${PROXY_SECRET}x` },
      { [PROXY_SECRET_HEADER]: PROXY_SECRET.slice(0, -1) },
      { [PROXY_SECRET_HEADER]: PROXY_SECRET.toUpperCase() },
      { "x-forwarded-secret": PROXY_SECRET },
    ];
    for (const secret of secrets) {
      for (const path of ["/api/config", "/api/topology", "/"]) {
        const res = await get(path, { [PROXY_USER_HEADER]: "dave", ...secret }, PROXY_ADDRESS);
        expect(res.status, `${path} with ${JSON.stringify(secret)}`).toBe(401);
        expect(res.body).not.toContain("dxvif-");
      }
    }
  });

  test("ignores the user header from anywhere else, even with the secret or a forged peer address", async () => {
    const attempts: Record<string, string>[] = [
      { [PROXY_USER_HEADER]: "carol" },
      { [PROXY_USER_HEADER]: "carol", ...SECRET },
      { [PROXY_USER_HEADER]: "carol", ...SECRET, "x-dxmap-peer-address": PROXY_ADDRESS },
      {
        [PROXY_USER_HEADER]: "carol",
        ...SECRET,
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
    expect((await get("/api/config", SECRET, PROXY_ADDRESS)).status).toBe(401);
    expect((await get("/", { [PROXY_USER_HEADER]: "", ...SECRET }, PROXY_ADDRESS)).status).toBe(
      401,
    );
  });

  test("compares user names without case: BOB is read-only, DAVE may change things, carol may not", async () => {
    const config = async (user: string) =>
      JSON.parse(
        (await get("/api/config", { [PROXY_USER_HEADER]: user, ...SECRET }, PROXY_ADDRESS)).body,
      ) as { user: string; readOnly: boolean };
    expect(await config("BOB")).toEqual(expect.objectContaining({ user: "bob", readOnly: true }));
    expect(await config("carol")).toEqual(expect.objectContaining({ readOnly: true }));
    expect(await config(" DAVE ")).toEqual(
      expect.objectContaining({ user: "dave", readOnly: false }),
    );

    for (const [user, id] of [
      ["BOB", "dxvif-e2ebobro"],
      ["Bob", "dxvif-e2ebobro"],
      ["carol", "dxvif-e2ecarol"],
    ] as const) {
      const res = await change(user, id);
      expect(res.status, user).toBe(403);
      expect(errorCode(res.body)).toBe("read_only");
    }
    // dave's change passes every check; AWS refuses it (no such interface), audited under "dave".
    const res = await change("DAVE", "dxvif-e2edave0");
    expect(res.status, res.body).toBe(400);
    expect(errorCode(res.body)).toBe("aws_refused");
    expect(
      auditRecords(proxied.auditLog).find(
        (r) => r.targetId === "dxvif-e2edave0" && r.phase === "outcome",
      ),
    ).toMatchObject({ user: "dave", outcome: "failure", errorCode: "aws_refused" });
  });
});
