import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import bcrypt from "bcryptjs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { addressInList, authenticate, BASIC_CHALLENGE, parseBasicAuthorization } from "./auth";
import { reloadDxConfig } from "./config";
import { ApiError } from "./errors";
import { hashPassword } from "./password";
import { markPeerAddressTrusted, PEER_ADDRESS_HEADER } from "./peer-address";
import { route } from "./route";

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  reloadDxConfig();
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

describe("DX_AUTH_MODE=none", () => {
  it("lets everyone in, with changes allowed unless the server is read-only", async () => {
    withEnv({});
    expect(await authenticate(get())).toEqual({ name: null, readOnly: false });
    withEnv({ DX_READ_ONLY: "true" });
    expect(await authenticate(get())).toEqual({ name: null, readOnly: true });
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

describe("DX_AUTH_MODE=proxy", () => {
  const env = {
    DX_AUTH_MODE: "proxy",
    DX_AUTH_PROXY_ADDRESSES: "10.0.0.5, 192.168.10.0/24, fd00::/8",
    DX_READ_ONLY_USERS: "viewer",
  };
  const from = (peer: string, user?: string, header = "x-forwarded-user") =>
    get({ [PEER_ADDRESS_HEADER]: peer, ...(user !== undefined ? { [header]: user } : {}) });

  it("refuses everyone until dxmap's own server vouches for the peer address", async () => {
    withEnv(env);
    // Under plain `next start` the peer address header could have been sent by the client itself.
    const error = await refusal(authenticate(from("10.0.0.5", "alice")));
    expect(error.status).toBe(401);
    expect(error.headers["WWW-Authenticate"]).toBeUndefined();
  });

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
