import "server-only";

import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

import ipaddr from "ipaddr.js";

import { getDxConfig, type SecurityConfig } from "./config";
import { ApiError } from "./errors";
import { decoyHashLike, verifyPassword } from "./password";
import { isPeerAddressTrusted, PEER_ADDRESS_HEADER } from "./peer-address";
import { ConcurrencyGate, FailureLimit, SIGN_IN_LIMITS } from "./sign-in-limits";
import { normalizeUserName } from "./user-names";

// Who is asking. Every route handler calls authenticate() through route(); proxy.ts calls it too so
// that pages ask for credentials, but the handlers never rely on proxy.ts having run.
//   none  – nobody signs in, so only loopback may ask: a request whose TCP peer is not loopback, or
//           whose peer dxmap cannot tell (a server other than scripts/serve.ts), is refused, however
//           the server was started and whatever Host the client names.
//   basic – HTTP basic auth against DX_AUTH_USERS (scrypt or bcrypt hashes, see password.ts), with
//           failed sign-ins limited (sign-in-limits.ts).
//   proxy – an authenticating reverse proxy names the user in DX_AUTH_PROXY_HEADER; the header is
//           believed only on connections from DX_AUTH_PROXY_ADDRESSES that carry
//           DX_AUTH_PROXY_SECRET when one is set.
// User names are compared normalised (user-names.ts), and the user is known by that form.

export interface DxUser {
  /** null when DX_AUTH_MODE=none. */
  name: string | null;
  readOnly: boolean;
}

export const BASIC_CHALLENGE = 'Basic realm="dxmap", charset="UTF-8"';

function unauthorized(message: string, mode: SecurityConfig["authMode"]): ApiError {
  return new ApiError(
    "unauthorized",
    message,
    {},
    mode === "basic" ? { "WWW-Authenticate": BASIC_CHALLENGE } : {},
  );
}

/** A deny-list (DX_READ_ONLY_USERS) that wins over an allow-list (DX_WRITERS), when there is one. */
function user(name: string | null, security: SecurityConfig): DxUser {
  const denied = name !== null && security.readOnlyUsers.includes(name);
  const allowed = security.writers === null || (name !== null && security.writers.includes(name));
  return { name, readOnly: security.readOnly || denied || !allowed };
}

export async function authenticate(request: Request): Promise<DxUser> {
  const { security } = getDxConfig();
  switch (security.authMode) {
    case "none":
      loopbackOnly(request);
      return user(null, security);
    case "basic":
      return user(await basicUser(request, security), security);
    case "proxy":
      return user(proxyUser(request, security), security);
  }
}

/** The TCP peer's address as scripts/serve.ts wrote it; null where no dxmap server vouches for it. */
function peerAddress(request: Request): string | null {
  return isPeerAddressTrusted() ? request.headers.get(PEER_ADDRESS_HEADER) : null;
}

// --- none ----------------------------------------------------------------------------------------

const LOOPBACK = ["127.0.0.0/8", "::1/128"];
let warnedUnknownPeer = false;

function loopbackOnly(request: Request): void {
  if (!isPeerAddressTrusted()) {
    if (!warnedUnknownPeer)
      console.error(
        "[dxmap] DX_AUTH_MODE=none answers loopback only, and only dxmap's own server (npm start) " +
          "can tell where a request comes from; refusing every request.",
      );
    warnedUnknownPeer = true;
    throw new ApiError(
      "forbidden",
      "dxmap cannot tell where this request comes from, and without sign-in it answers only this " +
        "machine: start it with npm start, or choose an auth mode (DX_AUTH_MODE=basic or proxy).",
    );
  }
  const peer = request.headers.get(PEER_ADDRESS_HEADER);
  if (!peer || !addressInList(peer, LOOPBACK)) {
    throw new ApiError(
      "forbidden",
      "Without sign-in (DX_AUTH_MODE=none) dxmap answers only this machine (loopback).",
    );
  }
}

// --- basic -------------------------------------------------------------------------------------

/** "Basic dXNlcjpwYXNz" → ["user", "pass"]; null when absent or malformed. */
export function parseBasicAuthorization(header: string | null): [string, string] | null {
  const match = /^basic[ ]+([A-Za-z0-9+/]+={0,2})[ ]*$/i.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

// A password check costs tens of milliseconds and the dashboard polls every few seconds, so a
// successful check is remembered while the user keeps using dxmap (and a while after). The key is an
// HMAC under a key that lives only in this process, so the cache holds nothing that verifies a
// password outside it. A remembered sign-in skips the limits below: a flood of bad sign-ins never
// slows down or locks out someone already signed in.
const VERIFIED_IDLE_MS = 10 * 60_000;
const VERIFIED_MAX = 1_000;

// Next.js bundles proxy.ts apart from the route handlers, each with its own copy of this module:
// what sign-in remembers and counts is kept once per process, on globalThis, so that both see the
// same failures, the same remembered sign-ins and one bound on checks at once.
interface SignInState {
  cacheKey: Buffer;
  verified: Map<string, number>;
  failuresByAddress: FailureLimit;
  failuresByUser: FailureLimit;
  checking: ConcurrencyGate;
}
const STATE = Symbol.for("dxmap.signIns");
const state = ((globalThis as Record<symbol, SignInState | undefined>)[STATE] ??= {
  cacheKey: randomBytes(32),
  verified: new Map(),
  failuresByAddress: new FailureLimit(SIGN_IN_LIMITS.failuresPerAddress, SIGN_IN_LIMITS.windowMs),
  failuresByUser: new FailureLimit(SIGN_IN_LIMITS.failuresPerUser, SIGN_IN_LIMITS.windowMs),
  checking: new ConcurrencyGate(SIGN_IN_LIMITS.checksAtOnce, SIGN_IN_LIMITS.checksQueued),
});

function verifiedKey(name: string, password: string, stored: string): string {
  return createHmac("sha256", state.cacheKey)
    .update(`${name}\0${password}\0${stored}`)
    .digest("base64");
}

function remembered(key: string): boolean {
  const until = state.verified.get(key);
  if (until === undefined || until <= Date.now()) return false;
  state.verified.set(key, Date.now() + VERIFIED_IDLE_MS);
  return true;
}

/** Tests: forgets remembered sign-ins and failed attempts. */
export function forgetSignIns(): void {
  state.verified.clear();
  state.failuresByAddress.clear();
  state.failuresByUser.clear();
}

/** Whose failures an attempt counts as: the client's address, an IPv6 client's whole /64. */
function clientKey(request: Request): string {
  const peer = peerAddress(request);
  if (!peer) return "unknown";
  try {
    const address = ipaddr.process(peer);
    if (address.kind() === "ipv4") return address.toString();
    return `${(address as ipaddr.IPv6).parts
      .slice(0, 4)
      .map((p) => p.toString(16))
      .join(":")}::/64`;
  } catch {
    return peer;
  }
}

function tooManyAttempts(seconds: number, message: string): ApiError {
  return new ApiError("throttled", message, {}, { "Retry-After": String(seconds) });
}

// Unknown users are checked against a throwaway hash made like a configured one, so the answer takes
// as long as for a known user. Made again when the settings are.
let decoy: { users: SecurityConfig["basicUsers"]; hash: Promise<string> } | undefined;

function decoyHash(security: SecurityConfig): Promise<string> {
  if (decoy?.users !== security.basicUsers)
    decoy = {
      users: security.basicUsers,
      hash: decoyHashLike(Object.values(security.basicUsers)[0]),
    };
  return decoy.hash;
}

async function basicUser(request: Request, security: SecurityConfig): Promise<string> {
  const credentials = parseBasicAuthorization(request.headers.get("authorization"));
  if (!credentials) throw unauthorized("Sign in to dxmap.", "basic");
  const name = normalizeUserName(credentials[0]);
  const password = credentials[1];
  const stored = Object.hasOwn(security.basicUsers, name) ? security.basicUsers[name] : undefined;
  const key = stored === undefined ? undefined : verifiedKey(name, password, stored);
  if (key !== undefined && remembered(key)) return name;

  const client = clientKey(request);
  const { failuresByAddress, failuresByUser, checking, verified } = state;
  const wait = Math.max(failuresByAddress.retryAfter(client), failuresByUser.retryAfter(name));
  if (wait > 0)
    throw tooManyAttempts(wait, `Too many failed sign-ins: try again in ${wait} seconds.`);
  failuresByAddress.begin(client);
  failuresByUser.begin(name);
  let signedIn = false;
  let checked = false;
  try {
    const place = checking.enter();
    if (!place)
      throw tooManyAttempts(1, "dxmap is checking too many sign-ins at once: try again shortly.");
    const release = await place;
    try {
      const hash = stored ?? (await decoyHash(security));
      signedIn = (await verifyPassword(password, hash)) && key !== undefined;
      checked = true;
    } finally {
      release();
    }
  } finally {
    // Only a wrong password counts: not one refused because the queue was full.
    failuresByAddress.end(client, checked && !signedIn);
    failuresByUser.end(name, checked && !signedIn);
  }
  if (!signedIn || key === undefined) throw unauthorized("Wrong user name or password.", "basic");
  if (verified.size >= VERIFIED_MAX) verified.clear();
  verified.set(key, Date.now() + VERIFIED_IDLE_MS);
  return name;
}

// --- proxy -------------------------------------------------------------------------------------

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function parseRange(entry: string): Range | null {
  try {
    if (ipaddr.isValidCIDR(entry)) return ipaddr.parseCIDR(entry);
    const address = ipaddr.process(entry);
    return [address, address.kind() === "ipv4" ? 32 : 128];
  } catch {
    return null;
  }
}

/** Whether `address` (as a socket reports it, IPv4-mapped IPv6 included) is one of `entries`. */
export function addressInList(address: string, entries: readonly string[]): boolean {
  let peer: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    peer = ipaddr.process(address);
  } catch {
    return false;
  }
  return entries.some((entry) => {
    const range = parseRange(entry);
    return range !== null && range[0].kind() === peer.kind() && peer.match(range);
  });
}

/** Where the proxy sends DX_AUTH_PROXY_SECRET. */
export const PROXY_SECRET_HEADER = "x-dxmap-proxy-secret";

/** Compared as SHA-256 digests: equal lengths for timingSafeEqual, and no early exit on a prefix. */
function sameSecret(given: string | null, secret: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return given !== null && timingSafeEqual(digest(given), digest(secret));
}

const USER_NAME = /^[^\p{Cc}]{1,256}$/u;
let warnedUntrusted = false;

function proxyUser(request: Request, security: SecurityConfig): string {
  if (!isPeerAddressTrusted()) {
    // Under plain `next start` the peer address header could come from the client itself.
    if (!warnedUntrusted)
      console.error(
        "[dxmap] DX_AUTH_MODE=proxy needs dxmap's own server (npm start); refusing every request.",
      );
    warnedUntrusted = true;
    throw unauthorized("dxmap cannot tell who is connecting: start it with npm start.", "proxy");
  }
  const peer = request.headers.get(PEER_ADDRESS_HEADER);
  if (!peer || !addressInList(peer, security.proxyAddresses))
    throw unauthorized("Sign in through the authenticating proxy.", "proxy");
  // Any local process can connect from a loopback proxy address: the secret tells the proxy apart.
  if (
    security.proxySecret !== null &&
    !sameSecret(request.headers.get(PROXY_SECRET_HEADER), security.proxySecret)
  )
    throw unauthorized("Sign in through the authenticating proxy.", "proxy");
  const raw = request.headers.get(security.proxyUserHeader)?.trim();
  const name = raw && USER_NAME.test(raw) ? normalizeUserName(raw) : "";
  if (!name) throw unauthorized("The authenticating proxy named no user.", "proxy");
  return name;
}
