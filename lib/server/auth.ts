import "server-only";

import { createHmac, randomBytes } from "node:crypto";

import ipaddr from "ipaddr.js";

import { getDxConfig, type SecurityConfig } from "./config";
import { ApiError } from "./errors";
import { hashPassword, verifyPassword } from "./password";
import { isPeerAddressTrusted, PEER_ADDRESS_HEADER } from "./peer-address";

// Who is asking. Every route handler calls authenticate() through route(); proxy.ts calls it too so
// that pages ask for credentials, but the handlers never rely on proxy.ts having run.
//   none  – nobody signs in (only allowed on loopback: scripts/start.ts refuses otherwise).
//   basic – HTTP basic auth against DX_AUTH_USERS (scrypt or bcrypt hashes, see password.ts).
//   proxy – an authenticating reverse proxy names the user in DX_AUTH_PROXY_HEADER; the header is
//           believed only on connections from DX_AUTH_PROXY_ADDRESSES.

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

function user(name: string | null, security: SecurityConfig): DxUser {
  return {
    name,
    readOnly: security.readOnly || (name !== null && security.readOnlyUsers.includes(name)),
  };
}

export async function authenticate(request: Request): Promise<DxUser> {
  const { security } = getDxConfig();
  switch (security.authMode) {
    case "none":
      return user(null, security);
    case "basic":
      return user(await basicUser(request, security), security);
    case "proxy":
      return user(proxyUser(request, security), security);
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

// A scrypt check costs tens of milliseconds and the dashboard polls every few seconds, so a
// successful check is remembered for a while. The key is an HMAC under a key that lives only in
// this process, so the cache holds nothing that verifies a password outside it.
const VERIFIED_TTL_MS = 10 * 60_000;
const VERIFIED_MAX = 1_000;
const cacheKey = randomBytes(32);
const verified = new Map<string, number>();

function verifiedKey(name: string, password: string, stored: string): string {
  return createHmac("sha256", cacheKey).update(`${name}\0${password}\0${stored}`).digest("base64");
}

// Unknown users are checked against a throwaway hash, so the answer takes as long as for a known one.
let decoyHash: Promise<string> | undefined;

async function basicUser(request: Request, security: SecurityConfig): Promise<string> {
  const credentials = parseBasicAuthorization(request.headers.get("authorization"));
  if (!credentials) throw unauthorized("Sign in to dxmap.", "basic");
  const [name, password] = credentials;
  const stored = Object.hasOwn(security.basicUsers, name) ? security.basicUsers[name] : undefined;
  if (!stored) {
    await verifyPassword(
      password,
      await (decoyHash ??= hashPassword(randomBytes(16).toString("hex"))),
    );
    throw unauthorized("Wrong user name or password.", "basic");
  }
  const key = verifiedKey(name, password, stored);
  if ((verified.get(key) ?? 0) > Date.now()) return name;
  if (!(await verifyPassword(password, stored)))
    throw unauthorized("Wrong user name or password.", "basic");
  if (verified.size >= VERIFIED_MAX) verified.clear();
  verified.set(key, Date.now() + VERIFIED_TTL_MS);
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
  const name = request.headers.get(security.proxyUserHeader)?.trim();
  if (!name || !USER_NAME.test(name))
    throw unauthorized("The authenticating proxy named no user.", "proxy");
  return name;
}
