import { existsSync, readFileSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { chromium, expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium";
import { errorCode, raw } from "./http";
import { bgpAuthKeys, emulatorAccountKeys, filesUnder, leaks } from "./secrets";
import { E2E_SERVERS } from "./servers";

// The trust boundaries of the dashboard as `npm start` runs it (loopback, no sign-in), over real HTTP
// against the production build: the Host allowlist, what a mutation must look like, cross-site reads,
// the body limit, no CORS, the security headers, the CSP in Chromium, that the embedded emulator
// refuses web pages, and that no secret reaches a response, a page, the client bundle, the audit log
// or the server's output. And that without sign-in nothing is served beyond loopback, however the
// server was started.

const main = E2E_SERVERS.main;
const OWN_ORIGIN = main.url;
const HOST = new URL(main.url).host;

/** Ids no seeded resource has: a request that reached AWS with one would leave an audit record. */
const NEVER_SENT_VIF = "dxvif-e2enever";
const NEVER_SENT_PEER = "dxpeer-e2enever";

const peerBody = (virtualInterfaceId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    account: "network",
    region: "us-east-1",
    virtualInterfaceId,
    addressFamily: "ipv4",
    asn: 65010,
    ...extra,
  });

const auditRecords = (): Record<string, unknown>[] =>
  existsSync(main.auditLog)
    ? readFileSync(main.auditLog, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];

test.describe("the Host allowlist", () => {
  for (const host of [HOST, `localhost:${main.port}`, `[::1]:${main.port}`]) {
    test(`serves Host ${host}`, async () => {
      expect((await raw(`${main.url}/api/config`, { headers: { host } })).status).toBe(200);
    });
  }

  for (const host of [
    "evil.example",
    `evil.example:${main.port}`,
    `127.0.0.1.nip.io:${main.port}`,
    `localhost.evil.example:${main.port}`,
  ]) {
    test(`refuses Host ${host} on the API, the pages and mutations`, async () => {
      const api = await raw(`${main.url}/api/topology`, { headers: { host } });
      expect(api.status).toBe(403);
      expect(errorCode(api.body)).toBe("forbidden");
      expect(api.body).not.toContain("virtualInterfaces");

      const page = await raw(`${main.url}/`, { headers: { host } });
      expect(page.status).toBe(403);
      expect(page.body).not.toContain("<html");

      // A rebinding page is same-origin with itself: its Origin matches its own Host.
      const mutation = await raw(`${main.url}/api/bgp-peers`, {
        method: "POST",
        headers: {
          host,
          origin: `http://${host}`,
          "sec-fetch-site": "same-origin",
          "content-type": "application/json",
        },
        body: peerBody(NEVER_SENT_VIF),
      });
      expect(mutation.status).toBe(403);
    });
  }

  test("refuses a request without Host", async () => {
    const res = await raw(`${main.url}/api/config`, { headers: {} });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

test.describe("mutations accept only same-origin JSON", () => {
  const cases: {
    name: string;
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
    status: number;
  }[] = [
    {
      name: "a cross-site form post",
      method: "POST",
      path: "/api/bgp-peers",
      headers: {
        origin: "http://evil.example",
        "sec-fetch-site": "cross-site",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: `account=network&region=us-east-1&virtualInterfaceId=${NEVER_SENT_VIF}&addressFamily=ipv4&asn=65010`,
      status: 403,
    },
    {
      name: "a cross-site text/plain post carrying JSON",
      method: "POST",
      path: "/api/bgp-peers",
      headers: {
        origin: "http://evil.example",
        "sec-fetch-site": "cross-site",
        "content-type": "text/plain",
      },
      body: peerBody(NEVER_SENT_VIF),
      status: 403,
    },
    {
      name: "text/plain from the dashboard's own origin",
      method: "POST",
      path: "/api/bgp-peers",
      headers: {
        origin: OWN_ORIGIN,
        "sec-fetch-site": "same-origin",
        "content-type": "text/plain",
      },
      body: peerBody(NEVER_SENT_VIF),
      status: 415,
    },
    {
      name: "JSON from a foreign origin",
      method: "POST",
      path: "/api/bgp-peers",
      headers: { origin: "http://evil.example", "content-type": "application/json" },
      body: peerBody(NEVER_SENT_VIF),
      status: 403,
    },
    {
      name: "JSON from another port of the same host",
      method: "POST",
      path: "/api/bgp-peers",
      headers: { origin: "http://127.0.0.1:8080", "content-type": "application/json" },
      body: peerBody(NEVER_SENT_VIF),
      status: 403,
    },
    {
      name: "JSON from the same host and port over another scheme",
      method: "POST",
      path: "/api/bgp-peers",
      headers: { origin: `https://${HOST}`, "content-type": "application/json" },
      body: peerBody(NEVER_SENT_VIF),
      status: 403,
    },
    {
      name: "JSON without Origin",
      method: "POST",
      path: "/api/bgp-peers",
      headers: { "content-type": "application/json" },
      body: peerBody(NEVER_SENT_VIF),
      status: 403,
    },
    {
      name: "JSON with Origin null",
      method: "POST",
      path: "/api/bgp-peers",
      headers: { origin: "null", "content-type": "application/json" },
      body: peerBody(NEVER_SENT_VIF),
      status: 403,
    },
    {
      name: "a same-site (not same-origin) request",
      method: "POST",
      path: "/api/bgp-peers",
      headers: {
        origin: OWN_ORIGIN,
        "sec-fetch-site": "same-site",
        "content-type": "application/json",
      },
      body: peerBody(NEVER_SENT_VIF),
      status: 403,
    },
    {
      name: "a cross-site peer deletion",
      method: "DELETE",
      path: `/api/bgp-peers/${NEVER_SENT_PEER}`,
      headers: {
        origin: "http://evil.example",
        "sec-fetch-site": "cross-site",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        account: "network",
        region: "us-east-1",
        virtualInterfaceId: NEVER_SENT_VIF,
      }),
      status: 403,
    },
    {
      name: "an interface deletion without Origin",
      method: "DELETE",
      path: `/api/virtual-interfaces/${NEVER_SENT_VIF}`,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ account: "network", region: "us-east-1" }),
      status: 403,
    },
    {
      name: "a cross-site confirmation as a form",
      method: "POST",
      path: `/api/virtual-interfaces/${NEVER_SENT_VIF}/confirm`,
      headers: { origin: "http://evil.example", "content-type": "multipart/form-data; boundary=x" },
      body: "--x--",
      status: 403,
    },
    {
      name: "an interface creation as text/plain from the dashboard's origin",
      method: "POST",
      path: "/api/virtual-interfaces",
      headers: { origin: OWN_ORIGIN, "content-type": "text/plain" },
      body: "{}",
      status: 415,
    },
  ];

  for (const c of cases) {
    test(`refuses ${c.name} before anything else happens`, async () => {
      const res = await raw(`${main.url}${c.path}`, {
        method: c.method,
        headers: { host: HOST, ...c.headers },
        ...(c.body ? { body: c.body } : {}),
      });
      expect(res.status).toBe(c.status);
      expect(errorCode(res.body)).toBe(c.status === 415 ? "unsupported_media_type" : "forbidden");
      expect(res.headers["access-control-allow-origin"]).toBeUndefined();
      // Refused before any AWS call: nothing was audited for the never-sent ids.
      expect(
        auditRecords().filter(
          (r) => r.targetId === NEVER_SENT_VIF || r.targetId === NEVER_SENT_PEER,
        ),
      ).toEqual([]);
    });
  }

  test("passes the dashboard's own JSON request on to AWS, and audits it with the key redacted", async ({
    request,
  }) => {
    const authKey = `e2e-audit-${Date.now().toString(36)}`;
    const target = "dxvif-e2eabsnt";
    const res = await request.post("/api/bgp-peers", {
      headers: { origin: OWN_ORIGIN, "content-type": "application/json" },
      data: peerBody(target, { authKey }),
    });
    // The interface does not exist: AWS's own refusal, with its request id.
    expect(res.status()).toBe(400);
    const body = (await res.json()) as { error: { code: string; requestId?: string } };
    expect(body.error.code).toBe("aws_refused");
    expect(JSON.stringify(body)).not.toContain(authKey);

    // The intent, written before AWS was called, and the outcome, linked by dxmap's request id.
    const records = auditRecords().filter((r) => r.targetId === target);
    const record = records.find((r) => r.phase === "outcome");
    expect(records.map((r) => [r.phase, r.requestId])).toEqual([
      ["intent", record?.requestId],
      ["outcome", record?.requestId],
    ]);
    expect(record).toMatchObject({
      user: "anonymous",
      account: "network",
      region: "us-east-1",
      operation: "CreateBGPPeer",
      outcome: "failure",
      errorCode: "aws_refused",
      awsRequestId: body.error.requestId,
      parameters: { authKey: "[redacted]", asn: 65010, virtualInterfaceId: target },
    });
    expect(typeof record?.time).toBe("string");
    expect(readFileSync(main.auditLog, "utf8")).not.toContain(authKey);
  });
});

test.describe("the body limit", () => {
  // 65 KB of JSON to a change no one could have sent to AWS: refused before it is parsed.
  const oversized = peerBody(NEVER_SENT_VIF, { note: "x".repeat(65 * 1024) });
  const own = { host: HOST, origin: OWN_ORIGIN, "content-type": "application/json" };

  test("refuses a 65 KB body with its Content-Length with 413", async () => {
    const res = await raw(`${main.url}/api/bgp-peers`, {
      method: "POST",
      headers: own,
      body: oversized,
    });
    expect(res.status).toBe(413);
    expect(errorCode(res.body)).toBe("payload_too_large");
  });

  test("refuses a 65 KB chunked body, without Content-Length, with 413", async () => {
    const target = new URL(`${main.url}/api/bgp-peers`);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: { ...own, "transfer-encoding": "chunked" },
          setHost: false,
        },
        (r) => {
          let body = "";
          r.setEncoding("utf8");
          r.on("data", (chunk: string) => (body += chunk));
          r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
        },
      );
      // The server may answer and close before the last chunks are written.
      req.on("error", (error: NodeJS.ErrnoException) =>
        error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error),
      );
      for (let at = 0; at < oversized.length; at += 4096) req.write(oversized.slice(at, at + 4096));
      req.end();
    });
    expect(res.status).toBe(413);
    expect(errorCode(res.body)).toBe("payload_too_large");
    expect(
      auditRecords().filter((r) => r.targetId === NEVER_SENT_VIF && r.outcome === "success"),
    ).toEqual([]);
  });
});

test.describe("reads refuse other sites", () => {
  const paths = [
    "/api/topology",
    "/api/config",
    "/api/direct-connect-gateways/associations?account=network",
  ];

  for (const site of ["cross-site", "same-site"]) {
    test(`a ${site} GET of the API is refused before any AWS call`, async () => {
      for (const p of paths) {
        const res = await raw(`${main.url}${p}`, {
          headers: { host: HOST, "sec-fetch-site": site },
        });
        expect(res.status, p).toBe(403);
        expect(errorCode(res.body)).toBe("forbidden");
        expect(res.body).not.toContain("dxvif-");
      }
    });
  }

  test("the dashboard's own reads, an address typed by hand and a script are served", async () => {
    for (const headers of [
      { "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "none" },
      {},
    ] as Record<string, string>[])
      for (const p of paths) {
        const res = await raw(`${main.url}${p}`, { headers: { host: HOST, ...headers } });
        expect(res.status, `${p} with ${JSON.stringify(headers)}`).toBe(200);
      }
  });
});

test.describe("no CORS", () => {
  test("a preflight gets no Access-Control-Allow-* header", async () => {
    for (const p of [
      "/api/bgp-peers",
      "/api/topology",
      `/api/virtual-interfaces/${NEVER_SENT_VIF}/confirm`,
    ]) {
      const res = await raw(`${main.url}${p}`, {
        method: "OPTIONS",
        headers: {
          host: HOST,
          origin: "http://evil.example",
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
      expect(
        Object.keys(res.headers).filter((h) => h.startsWith("access-control-")),
        p,
      ).toEqual([]);
    }
  });

  test("a cross-origin read gets no Access-Control-Allow-* header", async () => {
    for (const p of ["/api/topology", "/api/config", "/"]) {
      const res = await raw(`${main.url}${p}`, {
        headers: { host: HOST, origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      });
      expect(
        Object.keys(res.headers).filter((h) => h.startsWith("access-control-")),
        p,
      ).toEqual([]);
    }
  });
});

test.describe("security headers", () => {
  const directives = (policy: string) =>
    new Map(
      policy
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );

  test("pages carry a nonce-based CSP, nosniff and no referrer", async () => {
    const first = await raw(`${main.url}/`, { headers: { host: HOST } });
    const second = await raw(`${main.url}/`, { headers: { host: HOST } });
    expect(first.status).toBe(200);
    const policy = directives(String(first.headers["content-security-policy"]));
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    const script = policy.get("script-src") ?? [];
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    const nonce = script.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce).toBeTruthy();
    // A fresh nonce per response, on every script of the page.
    expect(String(second.headers["content-security-policy"])).not.toContain(nonce);
    const scripts = first.body.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(first.headers["x-content-type-options"]).toBe("nosniff");
    expect(first.headers["referrer-policy"]).toBe("no-referrer");
    expect(first.headers["x-frame-options"]).toBe("DENY");
    expect(first.headers["x-powered-by"]).toBeUndefined();
    // Plain HTTP on loopback: no HSTS (a dashboard published at an https address sends it).
    expect(first.headers["strict-transport-security"]).toBeUndefined();
  });

  test("API responses carry nosniff and a CSP that allows nothing", async () => {
    const res = await raw(`${main.url}/api/config`, { headers: { host: HOST } });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(directives(String(res.headers["content-security-policy"])).get("default-src")).toEqual([
      "'none'",
    ]);
    expect(
      directives(String(res.headers["content-security-policy"])).get("frame-ancestors"),
    ).toEqual(["'none'"]);
  });
});

test.describe("in Chromium", () => {
  async function recordViolations(page: Page): Promise<string[]> {
    const violations: string[] = [];
    page.on("console", (msg) => {
      if (/content security policy|refused to (load|execute|apply|frame|connect)/i.test(msg.text()))
        violations.push(msg.text());
    });
    await page.exposeFunction("__dxmapCspViolation", (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { __dxmapCspViolation(t: string): void }).__dxmapCspViolation(
          `${e.violatedDirective} blocked ${e.blockedURI}`,
        );
      });
    });
    return violations;
  }

  test("the dashboard runs under its CSP without a single violation", async ({ page }) => {
    const violations = await recordViolations(page);
    const topology = page.waitForResponse(
      (r) => r.url().includes("/api/topology") && r.status() === 200,
    );
    await page.goto("/");
    // Hydrated: the client fetched the topology, which only runs if the scripts were allowed.
    await topology;
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
  });

  test("another site can neither frame the dashboard nor post a form to it", async ({ page }) => {
    // A page on another origin (served by Playwright, as an attacker's site would serve it).
    await page.route("http://evil.example/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><title>evil</title>
          <iframe id="frame" src="${main.url}/"></iframe>
          <form id="form" method="post" action="${main.url}/api/bgp-peers" enctype="text/plain">
            <input name='{"account":"network","region":"us-east-1","virtualInterfaceId":"${NEVER_SENT_VIF}","addressFamily":"ipv4","asn":65010,"x":"' value='"}'>
          </form>`,
      }),
    );
    await page.goto("http://evil.example/");
    // frame-ancestors 'none': Chromium replaces the frame with its error page instead of the dashboard.
    const frame = page.frames().find((f) => f.parentFrame() === page.mainFrame());
    await expect.poll(() => frame?.url()).toMatch(/^chrome-error:/);

    const posted = page.waitForResponse((r) => r.url() === `${main.url}/api/bgp-peers`);
    await page.evaluate(() => (document.getElementById("form") as HTMLFormElement).submit());
    const response = await posted;
    expect(response.status()).toBe(403);
    const sent = response.request().headers();
    expect(sent.origin).toBe("http://evil.example");

    // The form took the page to dxmap's refusal; back on the attacker's page (never evaluating while
    // that navigation is still under way: its context would be destroyed mid-call).
    await page.waitForURL(`${main.url}/api/bgp-peers`);
    await page.goto("http://evil.example/");
    // A JSON fetch needs a preflight, which dxmap never answers with CORS: the browser never sends it.
    const fetched = await page.evaluate(async (url) => {
      try {
        await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        });
        return "sent";
      } catch {
        return "blocked";
      }
    }, `${main.url}/api/bgp-peers`);
    expect(fetched).toBe("blocked");
    expect(auditRecords().filter((r) => r.targetId === NEVER_SENT_VIF)).toEqual([]);
  });
});

test.describe("the emulator, from a web page in Chromium", () => {
  // The proxy dashboard's emulator: its dashboard only reads, so no other test depends on its estate
  // staying as it is (the journeys use the main one).
  const emulator = E2E_SERVERS.proxy.emulatorUrl;
  const health = async (request: APIRequestContext) =>
    (await (await request.get(`${emulator}/_dxmap/health`)).json()) as { seed: string };

  test("another site's form cannot reset it", async ({ page, request }) => {
    await request.post(`${emulator}/_dxmap/reset`, { data: { seed: "default" } });
    // text/plain sends `name=value`: the second "seed" (the one JSON.parse keeps) swallows the "=".
    await page.route("http://evil.example/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><title>evil</title>
          <form id="form" method="post" action="${emulator}/_dxmap/reset" enctype="text/plain">
            <input name='{"seed":"' value='","seed":"empty"}'>
          </form>`,
      }),
    );
    await page.goto("http://evil.example/");
    const posted = page.waitForResponse((r) => r.url() === `${emulator}/_dxmap/reset`);
    await page.evaluate(() => (document.getElementById("form") as HTMLFormElement).submit());
    const reset = await posted;
    const sent = reset.request().headers();
    expect(sent.origin).toBe("http://evil.example");
    expect(sent["content-type"]).toBe("text/plain");
    expect(reset.status()).toBe(403);
    expect((await health(request)).seed).toBe("default");
  });

  test("a DNS-rebinding page, same-origin with the emulator, is refused and reads nothing", async () => {
    const { port } = new URL(emulator);
    // The attacker's name now resolves to this machine, as a rebinding DNS server makes it do.
    const browser = await chromium.launch({
      ...(CHROMIUM_PATH ? { executablePath: CHROMIUM_PATH } : {}),
      args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP rebind.example 127.0.0.1"],
    });
    try {
      const page = await browser.newPage();
      const landing = await page.goto(`http://rebind.example:${port}/_dxmap/health`);
      expect(landing?.status()).toBe(403);
      // Same origin: the browser would hand the page whatever the emulator answered.
      const read = await page.evaluate(async () => {
        const res = await fetch("/_dxmap/calls");
        return { status: res.status, text: await res.text() };
      });
      expect(read.status).toBe(403);
      expect(read.text).not.toContain("byOperation");
    } finally {
      await browser.close();
    }
  });
});

test.describe("another site's image", () => {
  test("is refused before the route runs", async ({ page }) => {
    // A cross-site <img> carries the user's cookies and basic credentials. Chromium marks it
    // Sec-Fetch-Site: cross-site, and dxmap refuses it (403) before the route runs: it reads nothing,
    // and asks the collector to read nothing at once. (The collector reads AWS on its own schedule,
    // whoever asks, so the emulator's call log is no measure of it any more.) The attacker's page is
    // served on loopback as http://localhost:<port>, another site than 127.0.0.1: Chromium does not
    // let a page from a public address load anything from loopback at all.
    const attacker = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><img src="${main.url}/api/topology?accounts=network">`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    try {
      // The request ends in an error either way: dxmap's Cross-Origin-Resource-Policy keeps any answer
      // from the page, and its status from Playwright's events. Chrome's DevTools protocol still has
      // what was sent and the status line that came back (its ExtraInfo events, in any order).
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Network.enable");
      const ours = new Set<string>();
      const sentSite = new Map<string, string | undefined>();
      const status = new Map<string, number>();
      const seen = new Promise<{ site: string | undefined; status: number }>((resolve) => {
        const check = (id: string) => {
          if (ours.has(id) && sentSite.has(id) && status.has(id))
            resolve({ site: sentSite.get(id), status: status.get(id)! });
        };
        cdp.on("Network.requestWillBeSent", (e) => {
          if (!e.request.url.startsWith(`${main.url}/api/topology`)) return;
          ours.add(e.requestId);
          check(e.requestId);
        });
        cdp.on("Network.requestWillBeSentExtraInfo", (e) => {
          const site = Object.entries(e.headers).find(
            ([k]) => k.toLowerCase() === "sec-fetch-site",
          );
          sentSite.set(e.requestId, site?.[1]);
          check(e.requestId);
        });
        cdp.on("Network.responseReceivedExtraInfo", (e) => {
          status.set(e.requestId, e.statusCode);
          check(e.requestId);
        });
      });
      await page.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
      expect(await seen).toEqual({ site: "cross-site", status: 403 });
    } finally {
      attacker.close();
    }
  });
});

test.describe("without sign-in, only loopback", () => {
  const exposed = E2E_SERVERS.exposed;
  // An address of this machine beyond loopback: a request from it is what another machine's would be.
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === "IPv4")?.address;

  test("a server started on every interface without sign-in refuses everyone but loopback", async () => {
    test.skip(!lan, "this machine has no IPv4 address beyond loopback");
    const url = `http://${lan}:${exposed.port}`;
    // A script names a loopback Host, which the Host allowlist takes.
    const host = `localhost:${exposed.port}`;
    for (const headers of [{ host }, { host, "x-dxmap-peer-address": "127.0.0.1" }] as Record<
      string,
      string
    >[]) {
      for (const p of ["/api/config", "/api/topology", "/"]) {
        const res = await raw(`${url}${p}`, { headers, localAddress: lan });
        expect(res.status, `${p} with ${JSON.stringify(headers)}`).toBe(403);
        expect(res.body).not.toContain("dxvif-");
        expect(res.body).not.toContain("<html");
      }
    }
    const change = await raw(`${url}/api/bgp-peers`, {
      method: "POST",
      headers: { host, origin: `http://${host}`, "content-type": "application/json" },
      body: peerBody(NEVER_SENT_VIF),
      localAddress: lan,
    });
    expect(change.status).toBe(403);
    expect(errorCode(change.body)).toBe("forbidden");
    // The same server answers on loopback.
    const local = await raw(`${exposed.url}/api/config`, { headers: { host } });
    expect(local.status).toBe(200);
  });
});

test.describe("secrets stay on the server", () => {
  let secrets: Record<string, string>;
  let credentials: Record<string, string>;

  test.beforeAll(async () => {
    const keys = emulatorAccountKeys();
    const bgp = await bgpAuthKeys(main.emulatorUrl);
    // The scan means something only if the emulator holds keys to leak.
    expect(bgp.length).toBeGreaterThan(3);
    secrets = Object.fromEntries([
      ...keys.map((k, i) => [`secret access key #${i + 1}`, k.secretAccessKey]),
      ...bgp.map((k, i) => [`BGP auth key #${i + 1}`, k]),
    ]);
    // Access key ids are not secret, but no page or bundle has any business holding one.
    credentials = {
      ...secrets,
      ...Object.fromEntries(keys.map((k, i) => [`access key id #${i + 1}`, k.accessKeyId])),
    };
  });

  test("not in API responses", async ({ request }) => {
    const topology = await request.get("/api/topology");
    expect(topology.status()).toBe(200);
    const text = await topology.text();
    expect(text).toContain("dxvif-");
    expect(leaks(text, credentials)).toEqual([]);
    expect(text).not.toMatch(/"authKey"|customerRouterConfig|secretAccessKey/);
    expect(leaks(await (await request.get("/api/config")).text(), credentials)).toEqual([]);
  });

  test("not in the server-rendered page", async ({ request }) => {
    const html = await (await request.get("/")).text();
    expect(html).toContain("<html");
    expect(leaks(html, credentials)).toEqual([]);
  });

  test("not in the client bundle", () => {
    const files = filesUnder(path.join(process.cwd(), ".next", "static"));
    expect(files.some((f) => f.endsWith(".js"))).toBe(true);
    const found = files.flatMap((f) =>
      leaks(readFileSync(f, "latin1"), credentials).map(
        (name) => `${name} in ${path.relative(process.cwd(), f)}`,
      ),
    );
    expect(found).toEqual([]);
  });

  test("not in the audit log or the server's output", async ({ request }) => {
    // A change that carries a real BGP auth key (AWS refuses it: the interface does not exist).
    const [someKey] = Object.values(secrets).slice(-1);
    const res = await request.post("/api/bgp-peers", {
      headers: { origin: OWN_ORIGIN, "content-type": "application/json" },
      data: peerBody("dxvif-e2escan0", { authKey: someKey }),
    });
    expect(res.status()).toBe(400);
    expect(leaks(await res.text(), secrets)).toEqual([]);
    expect(auditRecords().some((r) => r.targetId === "dxvif-e2escan0")).toBe(true);
    expect(leaks(readFileSync(main.auditLog, "utf8"), secrets)).toEqual([]);
    test.skip(
      !existsSync(main.serverLog),
      "the server was started outside this run, so its output was not captured",
    );
    expect(leaks(readFileSync(main.serverLog, "utf8"), secrets)).toEqual([]);
  });
});
