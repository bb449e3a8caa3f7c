import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import bcrypt from "bcryptjs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import {
  addressInList,
  authenticate,
  BASIC_CHALLENGE,
  forgetSignIns,
  parseBasicAuthorization,
} from "./auth";
import { reloadDxConfig } from "./config";
import { ApiError } from "./errors";
import { hashPassword } from "./password";
import { markPeerAddressTrusted, PEER_ADDRESS_HEADER } from "./peer-address";
import { route } from "./route";
import { SIGN_IN_LIMITS } from "./sign-in-limits";

// Every password check, counted: how many run at once, and how many ran.
const checks = vi.hoisted(() => ({ running: 0, most: 0, total: 0 }));
vi.mock("./password", async (original) => {
  const actual = await original<typeof import("./password")>();
  return {
    ...actual,
    verifyPassword: async (password: string, stored: string) => {
      checks.running++;
      checks.total++;
      checks.most = Math.max(checks.most, checks.running);
      try {
        return await actual.verifyPassword(password, stored);
      } finally {
        checks.running--;
      }
    },
  };
});

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  reloadDxConfig();
  forgetSignIns();
  vi.useRealTimers();
});

function withEnv(env: Record<string, string>) {
  for (const key of Object.keys(process.env)) if (key.startsWith("DX_")) delete process.env[key];
  Object.assign(process.env, env);
  reloadDxConfig();
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const get = (headers: Record<string, string> = {}) =>
  new Request("http://localhost:3000/api/config", {
    headers: { host: "localhost:3000", ...headers },
  });

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

const fromPeer = (peer: string, headers: Record<string, string> = {}) =>
  get({ [PEER_ADDRESS_HEADER]: peer, ...headers });

// Before markPeerAddressTrusted(): as under plain `next start`, where the peer address header could
// have been sent by the client itself. The mark is for the whole process, so these come first.
describe("before dxmap's own server vouches for the peer address", () => {
  it("DX_AUTH_MODE=none refuses everyone with 403, and says how to start dxmap", async () => {
    withEnv({});
    for (const request of [get(), fromPeer("127.0.0.1")]) {
      const error = await refusal(authenticate(request));
      expect(error.status).toBe(403);
      expect(error.message).toMatch(/npm start/);
      expect(error.message).toMatch(/DX_AUTH_MODE/);
    }
  });

  it("DX_AUTH_MODE=proxy refuses everyone with 401", async () => {
    withEnv({ DX_AUTH_MODE: "proxy", DX_AUTH_PROXY_ADDRESSES: "10.0.0.5" });
    const error = await refusal(
      authenticate(fromPeer("10.0.0.5", { "x-forwarded-user": "alice" })),
    );
    expect(error.status).toBe(401);
    expect(error.headers["WWW-Authenticate"]).toBeUndefined();
  });
});

describe("DX_AUTH_MODE=none", () => {
  beforeAll(() => markPeerAddressTrusted());

  it("lets in loopback, with changes allowed unless the server is read-only", async () => {
    withEnv({});
    for (const peer of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.0.0.2"])
      expect(await authenticate(fromPeer(peer)), peer).toEqual({ name: null, readOnly: false });
    withEnv({ DX_READ_ONLY: "true" });
    expect(await authenticate(fromPeer("127.0.0.1"))).toEqual({ name: null, readOnly: true });
    // Nobody is among the writers: a server without sign-in that names writers is read-only.
    withEnv({ DX_WRITERS: "alice" });
    expect(await authenticate(fromPeer("127.0.0.1"))).toEqual({ name: null, readOnly: true });
  });

  it.each(["192.0.2.2", "10.0.0.5", "fd00::2", "::ffff:10.0.0.5", "0.0.0.0", "garbage", ""])(
    "refuses %j with 403: no sign-in only on loopback, whatever Host the client names",
    async (peer) => {
      withEnv({});
      const error = await refusal(authenticate(fromPeer(peer)));
      expect(error.status).toBe(403);
      expect(error.code).toBe("forbidden");
    },
  );

  it("refuses a request without a peer address", async () => {
    withEnv({});
    expect((await refusal(authenticate(get()))).status).toBe(403);
  });
});

describe("DX_AUTH_MODE=basic", () => {
  let users: string;
  beforeAll(async () => {
    users = [
      `alice:${await hashPassword("alice-password-1", { N: 1024 })}`,
      `bob:${await bcrypt.hash("bob-password-22", 4)}`,
      `viewer:${await hashPassword("viewer-password-3", { N: 1024 })}`,
    ].join(",");
  });

  it("accepts a user with the right password, scrypt or bcrypt", async () => {
    withEnv({ DX_AUTH_MODE: "basic", DX_AUTH_USERS: users });
    expect(await authenticate(get({ authorization: basic("alice", "alice-password-1") }))).toEqual({
      name: "alice",
      readOnly: false,
    });
    expect(await authenticate(get({ authorization: basic("bob", "bob-password-22") }))).toEqual({
      name: "bob",
      readOnly: false,
    });
    // Remembered: the second check does not run scrypt again, and still answers the same.
    expect(await authenticate(get({ authorization: basic("alice", "alice-password-1") }))).toEqual({
      name: "alice",
      readOnly: false,
    });
  });

  it.each([
    ["no credentials", {}],
    ["a wrong password", { authorization: basic("alice", "alice-password-2") }],
    ["another user's password", { authorization: basic("alice", "bob-password-22") }],
    ["an unknown user", { authorization: basic("mallory", "alice-password-1") }],
    ["a user named like an object property", { authorization: basic("__proto__", "x") }],
    ["an empty user", { authorization: basic("", "alice-password-1") }],
    ["another scheme", { authorization: "Bearer abc" }],
    ["garbage", { authorization: "Basic !!!" }],
  ])("refuses %s with 401 and a Basic challenge", async (_what, headers) => {
    withEnv({ DX_AUTH_MODE: "basic", DX_AUTH_USERS: users });
    const error = await refusal(authenticate(get(headers)));
    expect(error.status).toBe(401);
    expect(error.headers["WWW-Authenticate"]).toBe(BASIC_CHALLENGE);
    expect(error.message).not.toMatch(/alice-password|bob-password/);
  });

  it("makes named users read-only, or everyone", async () => {
    withEnv({ DX_AUTH_MODE: "basic", DX_AUTH_USERS: users, DX_READ_ONLY_USERS: "viewer" });
    expect(
      (await authenticate(get({ authorization: basic("viewer", "viewer-password-3") }))).readOnly,
    ).toBe(true);
    expect(
      (await authenticate(get({ authorization: basic("alice", "alice-password-1") }))).readOnly,
    ).toBe(false);
    withEnv({ DX_AUTH_MODE: "basic", DX_AUTH_USERS: users, DX_READ_ONLY: "1" });
    expect(
      (await authenticate(get({ authorization: basic("alice", "alice-password-1") }))).readOnly,
    ).toBe(true);
  });

  it("compares user names without case, width or surrounding spaces, and signs them in as configured", async () => {
    withEnv({
      DX_AUTH_MODE: "basic",
      DX_AUTH_USERS: users.replace("alice:", "Alice:"),
      DX_READ_ONLY_USERS: " VIEWER ",
    });
    for (const name of ["alice", "ALICE", " Alice ", "\uff41\uff4c\uff49\uff43\uff45"]) {
      expect(
        await authenticate(get({ authorization: basic(name, "alice-password-1") })),
        name,
      ).toEqual({ name: "alice", readOnly: false });
    }
    expect(
      await authenticate(get({ authorization: basic("Viewer", "viewer-password-3") })),
    ).toEqual({ name: "viewer", readOnly: true });
    // The password is compared as it is.
    expect(
      (await refusal(authenticate(get({ authorization: basic("alice", "ALICE-PASSWORD-1") }))))
        .status,
    ).toBe(401);
  });

  it("with DX_WRITERS, only those users may change anything; DX_READ_ONLY_USERS still wins", async () => {
    const as = async (name: string, password: string) =>
      (await authenticate(get({ authorization: basic(name, password) }))).readOnly;
    withEnv({ DX_AUTH_MODE: "basic", DX_AUTH_USERS: users, DX_WRITERS: "ALICE" });
    expect(await as("alice", "alice-password-1")).toBe(false);
    expect(await as("bob", "bob-password-22")).toBe(true);
    expect(await as("viewer", "viewer-password-3")).toBe(true);
    withEnv({
      DX_AUTH_MODE: "basic",
      DX_AUTH_USERS: users,
      DX_WRITERS: "alice, viewer",
      DX_READ_ONLY_USERS: "viewer",
    });
    expect(await as("alice", "alice-password-1")).toBe(false);
    expect(await as("viewer", "viewer-password-3")).toBe(true);
  });

  it("parses the Authorization header strictly", () => {
    expect(parseBasicAuthorization(basic("a", "p:with:colons"))).toEqual(["a", "p:with:colons"]);
    expect(
      parseBasicAuthorization(`basic ${Buffer.from("ü:pässword").toString("base64")}`),
    ).toEqual(["ü", "pässword"]);
    expect(
      parseBasicAuthorization(`Basic ${Buffer.from("nocolon").toString("base64")}`),
    ).toBeNull();
    expect(parseBasicAuthorization(null)).toBeNull();
  });
});

describe("failed sign-ins (DX_AUTH_MODE=basic)", () => {
  let users: string;
  beforeAll(async () => {
    markPeerAddressTrusted();
    users = `alice:${await hashPassword("alice-password-1", { N: 1024 })}`;
  });
  const attempt = (peer: string, name: string, password: string) =>
    authenticate(fromPeer(peer, { authorization: basic(name, password) }));
  const status = (promise: Promise<unknown>) =>
    promise.then(
      () => 200,
      (e: unknown) => (e instanceof ApiError ? e.status : 500),
    );

  it("are limited per client address: then 429 with Retry-After, and no password is checked", async () => {
    withEnv({ DX_AUTH_MODE: "basic", DX_AUTH_USERS: users });
    for (let i = 0; i < SIGN_IN_LIMITS.failuresPerAddress; i++)
      expect(await status(attempt("10.1.0.1", `guess-${i}`, "wrong"))).toBe(401);
    const checked = checks.total;
    const error = await refusal(attempt("10.1.0.1", "another-guess", "wrong"));
    expect([error.status, error.code]).toEqual([429, "throttled"]);
    const wait = Number(error.headers["Retry-After"]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowMs / 1000);
    // Not even the right password is checked from there now.
    expect(await status(attempt("::ffff:10.1.0.1", "alice", "alice-password-1"))).toBe(429);
    expect(checks.total).toBe(checked);
    // Another address signs in; her remembered sign-in then works from the refused address too.
    expect(await status(attempt("10.1.0.2", "alice", "alice-password-1"))).toBe(200);
    expect(await status(attempt("10.1.0.1", "alice", "alice-password-1"))).toBe(200);
    // After the window, the address may try again.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + SIGN_IN_LIMITS.windowMs + 1_000);
    expect(await status(attempt("10.1.0.1", "guess-again", "wrong"))).toBe(401);
  });

  it("are limited per user name, known or not and whatever its case, from any address", async () => {
    withEnv({ DX_AUTH_MODE: "basic", DX_AUTH_USERS: users });
    for (const name of ["alice", "nobody"]) {
      for (let i = 0; i < SIGN_IN_LIMITS.failuresPerUser; i++)
        expect(await status(attempt(`10.2.${name.length}.${i}`, name, "wrong"))).toBe(401);
      const error = await refusal(attempt("10.2.9.9", name.toUpperCase(), "wrong"));
      expect(error.status).toBe(429);
      expect(Number(error.headers["Retry-After"])).toBeGreaterThan(0);
    }
    // The right password is not checked for a refused name.
    expect(await status(attempt("10.2.9.10", "Alice", "alice-password-1"))).toBe(429);
  });

  it("count an IPv6 client's whole /64 as one address", async () => {
    withEnv({ DX_AUTH_MODE: "basic", DX_AUTH_USERS: users });
    for (let i = 0; i < SIGN_IN_LIMITS.failuresPerAddress; i++)
      expect(await status(attempt(`2001:db8::${i.toString(16)}`, `guess-${i}`, "wrong"))).toBe(401);
    expect(await status(attempt("2001:db8::ffff:1", "guess", "wrong"))).toBe(429);
    expect(await status(attempt("2001:db8:0:1::1", "guess", "wrong"))).toBe(401);
  });

  it("in a flood of 300 parallel attempts: a signed-in user carries on, two checks run at once and the rest wait in a bounded queue or are refused", async () => {
    withEnv({ DX_AUTH_MODE: "basic", DX_AUTH_USERS: users });
    expect(await status(attempt("10.3.0.1", "alice", "alice-password-1"))).toBe(200);
    checks.most = 0;
    const before = checks.total;
    // From 300 addresses, each with a name of its own: neither count stops them, only the queue.
    const flood = Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        status(attempt(`10.4.${i >> 8}.${i & 255}`, `sprayed-${i}`, "wrong")),
      ),
    );
    let floodDone = false;
    void flood.then(() => (floodDone = true));
    // Signed in: answered from memory at once, while the flood is still being checked.
    expect(await status(attempt("10.3.0.1", "alice", "alice-password-1"))).toBe(200);
    expect(floodDone).toBe(false);
    const statuses = await flood;
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const capacity = SIGN_IN_LIMITS.checksAtOnce + SIGN_IN_LIMITS.checksQueued;
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(capacity);
    expect(checks.total - before).toBeLessThanOrEqual(capacity);
    expect(checks.most).toBeLessThanOrEqual(SIGN_IN_LIMITS.checksAtOnce);
    // Once it is over, sign-ins are checked again.
    expect(await status(attempt("10.3.0.2", "sprayed-new", "wrong"))).toBe(401);
  });
});

describe("DX_AUTH_MODE=proxy", () => {
  const env = {
    DX_AUTH_MODE: "proxy",
    DX_AUTH_PROXY_ADDRESSES: "10.0.0.5, 192.168.10.0/24, fd00::/8",
    DX_READ_ONLY_USERS: "viewer",
  };
  const from = (peer: string, user?: string, header = "x-forwarded-user") =>
    get({ [PEER_ADDRESS_HEADER]: peer, ...(user !== undefined ? { [header]: user } : {}) });

  it("believes the user header only from a configured proxy address", async () => {
    markPeerAddressTrusted();
    withEnv(env);
    expect(await authenticate(from("10.0.0.5", "alice"))).toEqual({
      name: "alice",
      readOnly: false,
    });
    expect(await authenticate(from("::ffff:10.0.0.5", "alice"))).toEqual({
      name: "alice",
      readOnly: false,
    });
    expect(await authenticate(from("192.168.10.77", "viewer"))).toEqual({
      name: "viewer",
      readOnly: true,
    });
    expect(await authenticate(from("fd00::1", "alice"))).toEqual({
      name: "alice",
      readOnly: false,
    });
    for (const peer of ["10.0.0.6", "127.0.0.1", "192.168.11.1", "::1", "garbage"]) {
      expect((await refusal(authenticate(from(peer, "alice")))).status, peer).toBe(401);
    }
    expect((await refusal(authenticate(get({ "x-forwarded-user": "alice" })))).status).toBe(401);
  });

  it("refuses a proxied request that names no user, or a name with control characters", async () => {
    markPeerAddressTrusted();
    withEnv(env);
    for (const user of [undefined, "", "   ", "ali\tce", "a".repeat(257)]) {
      expect((await refusal(authenticate(from("10.0.0.5", user)))).status).toBe(401);
    }
  });

  it("compares user names without case or surrounding spaces", async () => {
    markPeerAddressTrusted();
    withEnv({ ...env, DX_READ_ONLY_USERS: "Viewer", DX_WRITERS: "alice,VIEWER" });
    expect(await authenticate(from("10.0.0.5", "VIEWER"))).toEqual({
      name: "viewer",
      readOnly: true,
    });
    expect(await authenticate(from("10.0.0.5", " Alice "))).toEqual({
      name: "alice",
      readOnly: false,
    });
    expect(await authenticate(from("10.0.0.5", "carol"))).toEqual({
      name: "carol",
      readOnly: true,
    });
  });

  it("with DX_AUTH_PROXY_SECRET, believes only requests that carry the secret", async () => {
    markPeerAddressTrusted();
    const secret = "proxy-secret-0123456789";
    withEnv({ ...env, DX_AUTH_PROXY_SECRET: secret });
    const withSecret = (peer: string, value?: string, header = "x-dxmap-proxy-secret") =>
      get({
        [PEER_ADDRESS_HEADER]: peer,
        "x-forwarded-user": "alice",
        ...(value === undefined ? {} : { [header]: value }),
      });
    expect(
      (await refusal(authenticate(withSecret("10.0.0.5", secret, "x-proxy-secret")))).status,
    ).toBe(401);
    expect((await authenticate(withSecret("10.0.0.5", secret))).name).toBe("alice");
    for (const value of [
      undefined,
      "",
      "wrong",
      secret.slice(0, -1),
      `${secret}0`,
      secret.toUpperCase(),
    ])
      expect((await refusal(authenticate(withSecret("10.0.0.5", value)))).status, value).toBe(401);
    // The secret does not stand in for the address.
    expect((await refusal(authenticate(withSecret("10.0.0.6", secret)))).status).toBe(401);
  });

  it("reads the configured header", async () => {
    markPeerAddressTrusted();
    withEnv({ ...env, DX_AUTH_PROXY_HEADER: "X-Auth-Request-User" });
    expect((await authenticate(from("10.0.0.5", "carol", "x-auth-request-user"))).name).toBe(
      "carol",
    );
    expect(
      (await refusal(authenticate(from("10.0.0.5", "carol", "x-forwarded-user")))).status,
    ).toBe(401);
  });

  it("matches addresses and ranges of both families", () => {
    expect(addressInList("10.0.0.5", ["10.0.0.5"])).toBe(true);
    expect(addressInList("::ffff:127.0.0.1", ["127.0.0.1"])).toBe(true);
    expect(addressInList("127.0.0.1", ["::1"])).toBe(false);
    expect(addressInList("10.0.0.5", ["not-an-address", "10.0.0.0/8"])).toBe(true);
    expect(addressInList("", ["10.0.0.0/8"])).toBe(false);
  });
});

describe("route(): authorization in every handler", () => {
  let users: string;
  let auditLog: string;
  beforeAll(async () => {
    users = `alice:${await hashPassword("alice-password-1", { N: 1024 })},viewer:${await hashPassword("viewer-password-3", { N: 1024 })}`;
  });
  const mutation = (headers: Record<string, string>) =>
    new Request("http://localhost:3000/api/bgp-peers", {
      method: "POST",
      headers: {
        host: "localhost:3000",
        origin: "http://localhost:3000",
        "sec-fetch-site": "same-origin",
        "content-type": "application/json",
        ...headers,
      },
      body: JSON.stringify({ account: "network", authKey: "never-logged-key" }),
    });
  const calls: string[] = [];
  const handler = route({ mutation: true, name: "POST /api/test" }, async ({ audit, user }) => {
    calls.push(user.name ?? "anonymous");
    Object.assign(audit, {
      account: "network",
      region: "us-east-1",
      operation: "CreateBGPPeer",
      targetId: "dxvif-abcdefgh",
      parameters: { authKey: "never-logged-key" },
    });
    return { ok: true };
  });
  const segment = { params: Promise.resolve({}) };

  function setUp(extra: Record<string, string> = {}) {
    auditLog = join(mkdtempSync(join(tmpdir(), "dxmap-auth-")), "audit.log");
    withEnv({
      DX_AUTH_MODE: "basic",
      DX_AUTH_USERS: users,
      DX_READ_ONLY_USERS: "viewer",
      DX_AUDIT_LOG: auditLog,
      ...extra,
    });
    calls.length = 0;
  }

  it("answers 401 with a Basic challenge before the handler runs", async () => {
    setUp();
    const res = await handler(mutation({}), segment);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(BASIC_CHALLENGE);
    expect(calls).toEqual([]);
  });

  it("refuses a read-only user's change with 403 read_only, without calling the handler, and audits the attempt", async () => {
    setUp();
    const res = await handler(
      mutation({ authorization: basic("viewer", "viewer-password-3") }),
      segment,
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("read_only");
    expect(calls).toEqual([]);
    const lines = readFileSync(auditLog, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ user: "viewer", outcome: "failure", errorCode: "read_only" });
  });

  it("refuses everyone's change when the whole server is read-only", async () => {
    setUp({ DX_READ_ONLY: "true" });
    const res = await handler(
      mutation({ authorization: basic("alice", "alice-password-1") }),
      segment,
    );
    expect(res.status).toBe(403);
    expect(calls).toEqual([]);
  });

  it("runs a signed-in user's change", async () => {
    setUp();
    const res = await handler(
      mutation({ authorization: basic("alice", "alice-password-1") }),
      segment,
    );
    expect(res.status).toBe(200);
    expect(calls).toEqual(["alice"]);
  });

  it("checks the Host and the origin before it asks who is calling", async () => {
    setUp();
    expect((await handler(mutation({ host: "evil.example" }), segment)).status).toBe(403);
    expect((await handler(mutation({ origin: "http://evil.example" }), segment)).status).toBe(403);
    expect((await handler(mutation({ "content-type": "text/plain" }), segment)).status).toBe(415);
    expect(calls).toEqual([]);
  });
});
