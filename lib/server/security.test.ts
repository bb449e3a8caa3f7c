import { afterEach, describe, expect, it } from "vitest";

import { reloadDxConfig } from "./config";
import { ApiError } from "./errors";
import {
  checkHost,
  checkMutationRequest,
  checkReadRequest,
  contentSecurityPolicy,
  isAllowedHost,
  strictTransportSecurity,
} from "./security";

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

  it("adds the public URL's host and extra hosts; an entry with a port allows only that port", () => {
    withEnv({
      DX_PUBLIC_URL: "https://dx.example.com",
      DX_ALLOWED_HOSTS: "dx-internal:8443, 10.1.2.3",
    });
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
    [
      "another scheme on the same host and port",
      { origin: "https://localhost:3000", ...json },
      403,
    ],
    ["a WebSocket scheme", { origin: "ws://localhost:3000", ...json }, 403],
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

describe("mutations at a public URL (DX_PUBLIC_URL)", () => {
  const json = { "content-type": "application/json" };
  const mutation = (host: string, origin: string) =>
    new Request(`http://${host}/api/bgp-peers`, {
      method: "POST",
      headers: { host, origin, ...json },
      body: "{}",
    });
  const status = (host: string, origin: string) =>
    refusal(() => checkMutationRequest(mutation(host, origin)))?.status ?? 200;

  it("behind TLS: only the https origin of that URL, whatever port the proxy names in Host", () => {
    withEnv({ DX_PUBLIC_URL: "https://dx.example.com/" });
    for (const host of ["dx.example.com", "dx.example.com:443", "DX.example.com:3000"]) {
      expect(status(host, "https://dx.example.com"), host).toBe(200);
      expect(status(host, "https://dx.example.com:443"), host).toBe(200);
      expect(status(host, "http://dx.example.com"), host).toBe(403);
      expect(status(host, "https://dx.example.com:8443"), host).toBe(403);
      expect(status(host, "https://evil.example"), host).toBe(403);
    }
    // Reached directly on loopback, the dashboard is plain HTTP.
    expect(status("localhost:3000", "http://localhost:3000")).toBe(200);
    expect(status("localhost:3000", "https://localhost:3000")).toBe(403);
  });

  it("plain HTTP on another port: that scheme and port", () => {
    withEnv({ DX_PUBLIC_URL: "http://dx.example.com:8080" });
    expect(status("dx.example.com:8080", "http://dx.example.com:8080")).toBe(200);
    expect(status("dx.example.com:8080", "https://dx.example.com:8080")).toBe(403);
    expect(status("dx.example.com:8080", "http://dx.example.com")).toBe(403);
  });

  it("sends HSTS only when the public URL is https", () => {
    withEnv({});
    expect(strictTransportSecurity()).toBeNull();
    withEnv({ DX_PUBLIC_URL: "http://dx.example.com" });
    expect(strictTransportSecurity()).toBeNull();
    withEnv({ DX_PUBLIC_URL: "https://dx.example.com" });
    expect(strictTransportSecurity()).toMatch(/^max-age=\d{7,}$/);
  });
});

describe("reads", () => {
  const read = (headers: Record<string, string>) =>
    new Request("http://localhost:3000/api/topology", {
      headers: { host: "localhost:3000", ...headers },
    });

  it.each([
    ["the dashboard's own fetch", { "sec-fetch-site": "same-origin" }],
    ["an address typed by hand", { "sec-fetch-site": "none" }],
    ["a script or an older browser", {}],
  ])("serves %s", (_what, headers) => {
    expect(refusal(() => checkReadRequest(read(headers)))).toBeNull();
  });

  it.each([
    ["another site's <img>", { "sec-fetch-site": "cross-site" }],
    ["a sibling site (another port of localhost)", { "sec-fetch-site": "same-site" }],
    ["any spelling", { "sec-fetch-site": "Cross-Site" }],
  ])("refuses %s with 403", (_what, headers) => {
    expect(refusal(() => checkReadRequest(read(headers)))).toEqual({
      code: "forbidden",
      status: 403,
    });
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
