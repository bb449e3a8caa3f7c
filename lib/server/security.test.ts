import { afterEach, describe, expect, it } from "vitest";

import { reloadDxConfig } from "./config";
import { ApiError } from "./errors";
import { checkHost, checkMutationRequest, contentSecurityPolicy, isAllowedHost } from "./security";

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

function refusal(check: () => void): { code: string; status: number } | null {
  try {
    check();
    return null;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { code: error.code, status: error.status };
  }
}

describe("the Host allowlist", () => {
  const defaults = ["localhost", "127.0.0.1", "[::1]"];

  it.each([
    ["localhost:3000", true],
    ["LOCALHOST:3000", true],
    ["127.0.0.1", true],
    ["127.0.0.1:3100", true],
    ["[::1]:3000", true],
    ["evil.example", false],
    ["evil.example:3000", false],
    ["localhost.evil.example", false],
    ["127.0.0.1.nip.io:3000", false],
    ["localhost.", false],
    ["0.0.0.0:3000", false],
    ["127.0.0.2:3000", false],
    ["user@localhost:3000", false],
    ["localhost:3000/path", false],
    ["", false],
  ])("Host %j allowed: %s", (host, allowed) => {
    expect(isAllowedHost(host, defaults)).toBe(allowed);
  });

  it("refuses a request without Host", () => {
    expect(isAllowedHost(null, defaults)).toBe(false);
  });

  it("adds the public host and extra hosts; an entry with a port allows only that port", () => {
    withEnv({ DX_PUBLIC_HOST: "dx.example.com", DX_ALLOWED_HOSTS: "dx-internal:8443, 10.1.2.3" });
    const req = (host: string) => new Request("http://x/api/config", { headers: { host } });
    expect(refusal(() => checkHost(req("dx.example.com")))).toBeNull();
    expect(refusal(() => checkHost(req("dx.example.com:443")))).toBeNull();
    expect(refusal(() => checkHost(req("dx-internal:8443")))).toBeNull();
    expect(refusal(() => checkHost(req("dx-internal:3000")))).toEqual({
      code: "forbidden",
      status: 403,
    });
    expect(refusal(() => checkHost(req("10.1.2.3:3000")))).toBeNull();
    expect(refusal(() => checkHost(req("localhost:3000")))).toBeNull();
    expect(refusal(() => checkHost(req("evil.example")))).toEqual({
      code: "forbidden",
      status: 403,
    });
  });
});

describe("mutation requests", () => {
  const OWN = "http://localhost:3000";
  const json = { "content-type": "application/json" };
  const mutation = (headers: Record<string, string>) =>
    new Request(`${OWN}/api/bgp-peers`, {
      method: "POST",
      headers: { host: "localhost:3000", ...headers },
      body: "{}",
    });

  it.each([
    ["the dashboard's own fetch", { origin: OWN, "sec-fetch-site": "same-origin", ...json }],
    ["a browser that sends no Sec-Fetch-Site", { origin: OWN, ...json }],
    ["JSON with a charset", { origin: OWN, "content-type": "application/json; charset=utf-8" }],
    ["the public origin behind a TLS proxy", { origin: "https://localhost:3000", ...json }],
  ])("accepts %s", (_what, headers) => {
    expect(refusal(() => checkMutationRequest(mutation(headers)))).toBeNull();
  });

  it.each([
    [
      "a cross-site form post",
      {
        origin: "http://evil.example",
        "sec-fetch-site": "cross-site",
        "content-type": "application/x-www-form-urlencoded",
      },
      403,
    ],
    [
      "a cross-site JSON fetch",
      { origin: "http://evil.example", "sec-fetch-site": "cross-site", ...json },
      403,
    ],
    ["a missing Origin", { ...json }, 403],
    [
      "a missing Origin even when Sec-Fetch-Site says same-origin",
      { "sec-fetch-site": "same-origin", ...json },
      403,
    ],
    ["Origin null (sandboxed frame, file://)", { origin: "null", ...json }, 403],
    ["an unparsable Origin", { origin: "::::", ...json }, 403],
    ["another port on the same host", { origin: "http://localhost:8080", ...json }, 403],
    ["another loopback name", { origin: "http://127.0.0.1:3000", ...json }, 403],
    ["a sibling site", { origin: OWN, "sec-fetch-site": "same-site", ...json }, 403],
    ["a navigation typed by the user", { origin: OWN, "sec-fetch-site": "none", ...json }, 403],
    ["a non-web scheme", { origin: "chrome-extension://localhost:3000", ...json }, 403],
    [
      "text/plain from the dashboard's origin",
      { origin: OWN, "sec-fetch-site": "same-origin", "content-type": "text/plain" },
      415,
    ],
    [
      "form data from the dashboard's origin",
      { origin: OWN, "content-type": "multipart/form-data; boundary=x" },
      415,
    ],
    ["no content type", { origin: OWN }, 415],
    ["a JSON look-alike", { origin: OWN, "content-type": "application/jsonp" }, 415],
  ])("refuses %s", (_what, headers, status) => {
    expect(refusal(() => checkMutationRequest(mutation(headers)))?.status).toBe(status);
  });
});

describe("the page Content-Security-Policy", () => {
  const directives = (policy: string) =>
    new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

  it("allows scripts only from dxmap or with the nonce, and no framing, plugins, foreign forms or base", () => {
    const policy = directives(contentSecurityPolicy("abc123"));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect([...policy.values()].flat()).not.toContain("'unsafe-eval'");
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("adds what development needs only in development", () => {
    expect(directives(contentSecurityPolicy("n", true)).get("script-src")).toContain(
      "'unsafe-eval'",
    );
  });
});
