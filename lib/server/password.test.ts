import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";

import {
  decoyHashLike,
  hashPassword,
  passwordHashProblem,
  SCRYPT_DEFAULTS,
  verifyPassword,
} from "./password";

describe("password hashes for basic auth", () => {
  it("hashes with scrypt in the documented format and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery staple");
    const [scheme, N, r, p, salt, key] = hash.split("$");
    expect([scheme, Number(N), Number(r), Number(p)]).toEqual([
      "scrypt",
      SCRYPT_DEFAULTS.N,
      SCRYPT_DEFAULTS.r,
      SCRYPT_DEFAULTS.p,
    ]);
    expect(Buffer.from(salt!, "base64")).toHaveLength(SCRYPT_DEFAULTS.saltBytes);
    expect(Buffer.from(key!, "base64")).toHaveLength(SCRYPT_DEFAULTS.keyBytes);
    expect(passwordHashProblem(hash)).toBeNull();
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([
      hashPassword("same", { N: 1024 }),
      hashPassword("same", { N: 1024 }),
    ]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same", a)).toBe(true);
    expect(await verifyPassword("same", b)).toBe(true);
  });

  it("treats composed and decomposed Unicode passwords alike", async () => {
    const hash = await hashPassword("caf\u00e9-password", { N: 1024 });
    expect(await verifyPassword("cafe\u0301-password", hash)).toBe(true);
  });

  it("verifies bcrypt hashes ($2a$, $2b$ and $2y$)", async () => {
    const hash = await bcrypt.hash("s3cret-bcrypt", 4);
    expect(hash).toMatch(/^\$2b\$04\$/);
    for (const variant of [hash, hash.replace("$2b$", "$2a$"), hash.replace("$2b$", "$2y$")]) {
      expect(passwordHashProblem(variant)).toBeNull();
      expect(await verifyPassword("s3cret-bcrypt", variant)).toBe(true);
      expect(await verifyPassword("s3cret-bcryp", variant)).toBe(false);
    }
  });

  it("never matches a password over 72 bytes against a bcrypt hash, which would see only its first 72", async () => {
    // bcrypt reads 72 bytes of a password and ignores the rest: a password longer than that would
    // match any other with the same first 72 bytes.
    const long = `${"correct horse battery staple ".repeat(3)}and more`; // 95 bytes
    const hash = await bcrypt.hash(long, 4);
    expect(await verifyPassword(long, hash)).toBe(false);
    expect(await verifyPassword(`${long.slice(0, 72)}anything else`, hash)).toBe(false);
    // 72 bytes counted in UTF-8: 36 two-byte letters pass, 37 do not.
    const umlauts = await bcrypt.hash("\u00fc".repeat(37), 4);
    expect(await verifyPassword("\u00fc".repeat(37), umlauts)).toBe(false);
    const fits = await bcrypt.hash("\u00fc".repeat(36), 4);
    expect(await verifyPassword("\u00fc".repeat(36), fits)).toBe(true);
  });

  it("takes scrypt passwords of any length: npm run hash-password is unaffected", async () => {
    const long = "x".repeat(100) + "the end";
    const hash = await hashPassword(long, { N: 1024 });
    expect(await verifyPassword(long, hash)).toBe(true);
    expect(await verifyPassword(long.slice(0, 72), hash)).toBe(false);
    expect(await verifyPassword(`${long.slice(0, 100)}another end`, hash)).toBe(false);
  });

  it("makes decoys like the hash it is given, to be checked as slowly", async () => {
    const scrypt = await hashPassword("x", { N: 1024, r: 4 });
    expect((await decoyHashLike(scrypt)).split("$").slice(0, 4)).toEqual([
      "scrypt",
      "1024",
      "4",
      "1",
    ]);
    expect((await decoyHashLike(await bcrypt.hash("x", 5))).slice(0, 7)).toBe("$2b$05$");
    expect((await decoyHashLike(undefined)).split("$")[1]).toBe(String(SCRYPT_DEFAULTS.N));
  });

  it.each([
    ["plain text", "hunter2", /not a scrypt/],
    ["an unknown scheme", "argon2$v=19$abc", /not a scrypt/],
    ["too few fields", "scrypt$16384$8$1$c2FsdHNhbHQ=", /scrypt\$N\$r\$p\$salt\$hash/],
    [
      "N not a power of two",
      "scrypt$10000$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",
      /power of two/,
    ],
    [
      "N too large for memory",
      "scrypt$1048576$32$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",
      /256 MiB/,
    ],
    ["r out of range", "scrypt$16384$0$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==", /r must be/],
    ["p out of range", "scrypt$16384$8$99$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==", /p must be/],
    ["a salt that is not base64", "scrypt$16384$8$1$sa!t$aGFzaGhhc2hoYXNoaGFzaA==", /base64/],
    ["a short hash", "scrypt$16384$8$1$c2FsdHNhbHQ=$aGFzaA==", /at least 16 bytes/],
    ["a truncated bcrypt hash", "$2b$10$abc", /bcrypt/],
  ])("refuses %s", async (_what, hash, problem) => {
    expect(passwordHashProblem(hash)).toMatch(problem);
    expect(await verifyPassword("anything", hash)).toBe(false);
  });
});
