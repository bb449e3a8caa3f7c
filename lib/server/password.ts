import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

import bcrypt from "bcryptjs";

// Password hashes for HTTP basic auth (DX_AUTH_USERS). Two formats are accepted:
//   scrypt$<N>$<r>$<p>$<salt, base64>$<hash, base64>   (what `npm run hash-password` prints)
//   $2a$ / $2b$ / $2y$<cost>$...                         (bcrypt, from htpasswd -B or any bcrypt tool)
// bcrypt reads only the first 72 bytes of a password: a longer one is never a match here, or any
// password sharing those 72 bytes would sign in. scrypt takes a password of any length.
// No "server-only" marker: scripts/start.ts (to refuse a malformed hash before listening) and
// scripts/hash-password.ts use it outside Next.js. It holds no secret of its own.

/** Work factors for new hashes: 32 MiB and a few tens of milliseconds per check. */
export const SCRYPT_DEFAULTS = { N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

// Bounds for hashes read from configuration, so a typo cannot ask for gigabytes per login.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY = 256 * 1024 * 1024;

interface ScryptHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

const BCRYPT = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseScrypt(text: string): ScryptHash | string {
  const parts = text.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return "a scrypt hash is scrypt$N$r$p$salt$hash";
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^\d+$/.test(s ?? "") ? Number(s) : NaN)) as [
    number,
    number,
    number,
  ];
  if (!Number.isSafeInteger(N) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0)
    return `N must be a power of two up to ${MAX_N}`;
  if (!Number.isSafeInteger(r) || r < 1 || r > MAX_R) return `r must be 1..${MAX_R}`;
  if (!Number.isSafeInteger(p) || p < 1 || p > MAX_P) return `p must be 1..${MAX_P}`;
  if (128 * N * r > MAX_MEMORY) return "N × r asks for more than 256 MiB";
  const [salt, hash] = [parts[4]!, parts[5]!];
  if (!BASE64.test(salt) || !BASE64.test(hash)) return "salt and hash must be base64";
  const parsed = { N, r, p, salt: Buffer.from(salt, "base64"), hash: Buffer.from(hash, "base64") };
  if (parsed.salt.length < 8) return "the salt must be at least 8 bytes";
  if (parsed.hash.length < 16) return "the hash must be at least 16 bytes";
  return parsed;
}

/** Why a configured hash cannot be used, or null when it is a well-formed scrypt or bcrypt hash. */
export function passwordHashProblem(text: string): string | null {
  if (text.startsWith("$2"))
    return BCRYPT.test(text) ? null : "not a well-formed bcrypt hash ($2b$<cost>$<53 characters>)";
  if (text.startsWith("scrypt$")) {
    const parsed = parseScrypt(text);
    return typeof parsed === "string" ? parsed : null;
  }
  return "not a scrypt (scrypt$...) or bcrypt ($2b$...) hash";
}

function scryptAsync(
  password: string,
  salt: Buffer,
  keyBytes: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, keyBytes, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

const scryptOptions = (h: { N: number; r: number; p: number }): ScryptOptions => ({
  N: h.N,
  r: h.r,
  p: h.p,
  maxmem: 128 * h.N * h.r * 2,
});

/** A new scrypt hash of `password`, in the format above. */
export async function hashPassword(
  password: string,
  params: Partial<Record<keyof typeof SCRYPT_DEFAULTS, number>> = {},
): Promise<string> {
  const { N, r, p, saltBytes, keyBytes } = { ...SCRYPT_DEFAULTS, ...params };
  const salt = randomBytes(saltBytes);
  const hash = await scryptAsync(password, salt, keyBytes, scryptOptions({ N, r, p }));
  return ["scrypt", N, r, p, salt.toString("base64"), hash.toString("base64")].join("$");
}

/**
 * A hash of a random password made like `stored` (the same algorithm and cost), for checking unknown
 * users against: the answer then takes as long as for a known user. scrypt's defaults without one.
 */
export async function decoyHashLike(stored: string | undefined): Promise<string> {
  const random = randomBytes(16).toString("hex");
  if (stored !== undefined && BCRYPT.test(stored))
    return bcrypt.hash(random, Number(stored.slice(4, 6)));
  const parsed = stored === undefined ? "none" : parseScrypt(stored);
  if (typeof parsed === "string") return hashPassword(random);
  return hashPassword(random, {
    N: parsed.N,
    r: parsed.r,
    p: parsed.p,
    keyBytes: parsed.hash.length,
  });
}

/** The longest password (UTF-8) that a bcrypt hash takes whole. */
export const BCRYPT_MAX_PASSWORD_BYTES = 72;

/** Whether `password` matches `stored` (scrypt or bcrypt). A malformed stored hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith("$2")) {
    if (!BCRYPT.test(stored)) return false;
    if (Buffer.byteLength(password, "utf8") > BCRYPT_MAX_PASSWORD_BYTES) return false;
    // bcryptjs does not know the $2y$ prefix (PHP's name for the same algorithm as $2b$).
    return bcrypt.compare(password, stored.replace(/^\$2y\$/, "$2b$"));
  }
  const parsed = parseScrypt(stored);
  if (typeof parsed === "string") return false;
  const actual = await scryptAsync(
    password,
    parsed.salt,
    parsed.hash.length,
    scryptOptions(parsed),
  );
  return timingSafeEqual(actual, parsed.hash);
}
