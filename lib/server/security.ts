import "server-only";

import { getDxConfig } from "./config";
import { ApiError } from "./errors";

// Request checks that run before anything else (route() and proxy.ts call them first).
//
// Host allowlist: a page on an attacker's domain that re-points its DNS name at 127.0.0.1 (DNS
// rebinding) is same-origin with itself, not with dxmap, but its requests carry the attacker's name
// in Host. Refusing unknown Host values closes that door for reads as well as writes.
//
// Mutations: a cross-site <form> can POST text/plain or form data without a preflight, and fetch()
// from another origin can send a "simple" request; neither can set Content-Type: application/json
// without a CORS preflight, which dxmap never answers. Origin (and Sec-Fetch-Site where the browser
// sends it) must name the dashboard itself, scheme, host and port; a mutation without Origin is
// refused, since every browser sends Origin on POST and DELETE. The scheme: dxmap itself serves plain
// HTTP, so a page reached directly has an http origin; behind a TLS proxy it is the public URL's
// (DX_PUBLIC_URL). An http page on the same name (a network attacker can make one) is another origin.
//
// Reads: another site's <img> or <script> can make the browser GET the API with the user's basic
// credentials, and every read costs AWS API calls. The browser marks such a request Sec-Fetch-Site:
// cross-site (same-site for a sibling origin, another port of localhost included).

const HOST_SYNTAX = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/;

/** "Example.COM:3000" → { name: "example.com", port: "3000" }; null when it is not a host. */
function parseHost(value: string): { name: string; port: string | null } | null {
  const host = value.trim().toLowerCase();
  const match = HOST_SYNTAX.exec(host);
  if (!match) return null;
  return { name: match[1]!, port: match[2] ? match[2].slice(1) : null };
}

/**
 * Whether a Host header value is on the allowlist. An entry without a port allows any port of that
 * name; an entry with one ("dx.example.com:8443") allows only that port.
 */
export function isAllowedHost(hostHeader: string | null, allowedHosts: readonly string[]): boolean {
  if (!hostHeader) return false;
  const host = parseHost(hostHeader);
  if (!host) return false;
  return allowedHosts.some((entry) => {
    const allowed = parseHost(entry);
    if (!allowed || allowed.name !== host.name) return false;
    return allowed.port === null || allowed.port === host.port;
  });
}

/** The Host header must name this server: localhost, 127.0.0.1, [::1] or a configured host. */
export function checkHost(request: Request): void {
  if (!isAllowedHost(request.headers.get("host"), getDxConfig().security.allowedHosts)) {
    throw new ApiError(
      "forbidden",
      "This host name is not allowed to reach dxmap. Set DX_PUBLIC_URL or DX_ALLOWED_HOSTS to add it.",
    );
  }
}

/** An Origin header as an origin ("https://dx.example.net"), or null for "null", garbage or a non-web scheme. */
function webOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The origin of the page that may send a change addressed to `host`: the public URL's for its host
 * name (whatever port the proxy names in Host), plain HTTP on that Host for any other name.
 */
function dashboardOrigin(host: string, publicOrigin: string | null): string | null {
  const parsed = parseHost(host);
  if (!parsed) return null;
  if (publicOrigin !== null && new URL(publicOrigin).hostname === parsed.name) return publicOrigin;
  return webOrigin(`http://${host.trim().toLowerCase()}`);
}

const CROSS_SITE = "Changes are accepted only from the dxmap dashboard itself.";

/** Mutations: JSON only, from the dashboard's own origin. Call after checkHost. */
export function checkMutationRequest(request: Request): void {
  const headers = request.headers;
  const origin = headers.get("origin");
  const expected = dashboardOrigin(headers.get("host") ?? "", getDxConfig().security.publicOrigin);
  // Origin carries no path: scheme, host and port are the whole of what the browser says of the caller.
  if (origin === null || expected === null || webOrigin(origin) !== expected)
    throw new ApiError("forbidden", CROSS_SITE);
  // Sec-Fetch-Site is set by the browser and cannot be forged by a page; it also catches a
  // same-host request from a sandboxed or opaque context that somehow kept a matching Origin.
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") throw new ApiError("forbidden", CROSS_SITE);
  const type = (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError("unsupported_media_type", "Changes must be sent as application/json.");
  }
}

/** Reads: refused to other sites' pages (an <img> on any site would do). Call after checkHost. */
export function checkReadRequest(request: Request): void {
  const site = request.headers.get("sec-fetch-site")?.toLowerCase();
  if (site === "cross-site" || site === "same-site")
    throw new ApiError("forbidden", "dxmap's API answers only the dxmap dashboard itself.");
}

/**
 * Strict-Transport-Security when people reach dxmap over https (DX_PUBLIC_URL): browsers then never
 * use plain HTTP for that name again, where a network attacker could serve them a page. A year, and
 * not the sibling names (includeSubDomains), which dxmap does not serve.
 */
export function strictTransportSecurity(): string | null {
  return getDxConfig().security.publicOrigin?.startsWith("https:") ? "max-age=31536000" : null;
}

/**
 * The Content-Security-Policy of every page. Scripts run only from dxmap's origin or with this
 * response's nonce (Next.js puts the nonce on its own inline hydration scripts when it finds it in
 * the request's policy); 'strict-dynamic' lets those scripts load the chunks they need. Styles may
 * be inline: React and React Flow position elements with style attributes, and sonner and Radix
 * (react-remove-scroll) insert <style> elements without a nonce; a style cannot run code. Nothing
 * may frame the dashboard, post a form elsewhere, change the base URL or load plugins. Development
 * adds 'unsafe-eval', which React uses there to rebuild server error stacks.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
