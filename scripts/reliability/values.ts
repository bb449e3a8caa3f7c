// Hostile values for the fuzzers (fast-check arbitraries): strings that are huge, unicode, control
// characters or lone surrogates; numbers out of every range; the wrong JSON types; near misses of
// ids and addresses; keys that reach the prototype; malformed JSON. Shared by the dashboard's routes
// (fuzz-api.ts) and the emulator's wire (fuzz-emulator.ts).
import fc from "fast-check";

/** A string of `min`-`max` characters: one to three graphemes over and over. */
const repeated = (min: number, max: number) =>
  fc
    .tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }), fc.integer({ min, max }))
    .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n));

/** A string of 1,000-40,000 characters. */
export const hugeString = repeated(1_000, 40_000);

/** Strings a form never sends; `huge` is how long the longest may be. */
const odd = (huge: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 30 }),
    // Any code point, lone surrogates included.
    fc.string({ unit: "binary", maxLength: 30 }),
    huge,
    fc.constantFrom(
      "",
      " ",
      "\u0000",
      "\t\n",
      "null",
      "undefined",
      "NaN",
      "__proto__",
      "constructor",
      "prototype",
      "../../etc/passwd",
      "<script>alert(1)</script>",
      "' OR 1=1 --",
      "%00",
      "${jndi:ldap://127.0.0.1/x}",
      "\u202eevil",
      "ｎｅｔｗｏｒｋ",
      "𝕟𝕖𝕥𝕨𝕠𝕣𝕜",
      "🦜🦜🦜",
      "\ufeffnetwork",
    ),
  );

/** Strings a form never sends, up to 40,000 characters. */
export const oddString = odd(hugeString);

/**
 * The same for a URL: long, but mostly within the 16 KB that Node's HTTP server takes for a request
 * line and its headers (beyond it Node refuses the request before dxmap sees it: a few do).
 */
export const oddUrlString = fc.oneof(
  { weight: 9, arbitrary: odd(repeated(200, 1_500)) },
  { weight: 1, arbitrary: oddString },
);

/** Numbers out of every range a field has: negative, fractional, huge, unsafe. */
export const oddNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    0,
    -1,
    -0,
    0.5,
    1e-7,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    4294967295,
    4294967296,
  ),
);

/** Values of the wrong JSON type for almost any field. */
export const wrongShape = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Anything but a well-formed value. */
export const badValue = fc.oneof(oddString, oddNumber, wrongShape);

/** Near misses of a valid id: wrong case, length, prefix, padding, characters, or `other` strings. */
export function nearId(
  valid: string,
  other: fc.Arbitrary<string> = oddString,
): fc.Arbitrary<string> {
  const prefix = valid.includes("-") ? valid.slice(0, valid.indexOf("-")) : valid.slice(0, 3);
  return fc.oneof(
    fc.constantFrom(
      valid.toUpperCase(),
      `${valid}x`,
      valid.slice(0, -1),
      ` ${valid}`,
      `${valid} `,
      `${valid}\n`,
      valid.replace("-", "_"),
      prefix,
      `${prefix}-`,
      `${valid}/../${valid}`,
    ),
    fc.stringMatching(/^[a-z0-9-]{0,14}$/).map((s) => `${prefix}-${s}`),
    fc.string({ unit: "grapheme", maxLength: 12 }).map((s) => `${prefix}-${s}`),
    other,
  );
}

/** IPv4 CIDRs with any octets and prefix, IPv6 addresses, and garbage. */
export const oddAddress = fc.oneof(
  fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 40 }),
    )
    .map(([o, p]) => `${o.join(".")}/${p}`),
  fc.constantFrom(
    "169.254.10.1",
    "169.254.010.1/30",
    "169.254.10.0/30",
    "169.254.10.3/30",
    "10.0.0.1/30",
    "2001:db8::1/126",
    "::1/128",
    "0.0.0.0/0",
    "255.255.255.255/32",
    "1.2.3.4/33",
  ),
  oddString,
);

/** JSON text that is not an object: other JSON values, and text that is not JSON at all. */
export const notAnObject = fc.oneof(
  fc
    .jsonValue({ maxDepth: 2 })
    .filter((v) => v === null || typeof v !== "object" || Array.isArray(v))
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    "",
    "{",
    "}",
    "{'account':'network'}",
    '{"account":}',
    '{"account":"network",}',
    "[1,",
    "NaN",
    "undefined",
    "\u0000",
    '{"a":1}{"b":2}',
    '{"a":1} garbage',
    "\ufeff{}",
    '{"a":"\\ud800"}',
    "{".repeat(5_000),
    "[".repeat(5_000),
  ),
  fc.string({ unit: "binary", maxLength: 60 }),
);

/**
 * Members put at the start of a JSON object's text: keys that reach an object's prototype, duplicates
 * of a real field, and unknown ones. JSON.parse makes "__proto__" an own member, so they reach the
 * server as sent.
 */
export const noiseMembers = (realField: string) =>
  fc.array(
    fc.oneof(
      fc.constantFrom(
        '"__proto__":{"polluted":true,"account":"network","region":"us-east-1"}',
        '"constructor":{"prototype":{"polluted":true}}',
        '"prototype":{"polluted":true}',
        '"__proto__":null',
        '"__defineGetter__":1',
        '"hasOwnProperty":"x"',
        '"toString":{}',
        `${JSON.stringify(realField)}:"first of two"`,
      ),
      fc
        .tuple(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
        .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`),
    ),
    { maxLength: 3 },
  );

/** `json` (an object's text) with `members` put first. */
export function withMembers(json: string, members: readonly string[]): string {
  if (members.length === 0 || !json.startsWith("{")) return json;
  const rest = json.slice(1);
  return `{${members.join(",")}${rest === "}" ? "" : ","}${rest}`;
}

/**
 * `body`'s text with `members` put first, unless one of them would change what one of `fields` reads
 * as (a removed field given back by a duplicate, say): then without them. A case that must be refused
 * for what its fields hold stays refused.
 */
export function withNoise(
  body: Record<string, unknown>,
  members: readonly string[],
  fields: readonly string[],
): string {
  const plain = JSON.stringify(body);
  const noisy = withMembers(plain, members);
  try {
    const parsed = JSON.parse(noisy) as Record<string, unknown>;
    const same = fields.every(
      (f) =>
        JSON.stringify(Object.hasOwn(parsed, f) ? parsed[f] : undefined) ===
        JSON.stringify(Object.hasOwn(body, f) ? body[f] : undefined),
    );
    return same ? noisy : plain;
  } catch {
    return plain;
  }
}

/** Header values a client can send (no control characters), odd ones included. */
export const headerValue = fc.oneof(
  fc.string({ unit: "grapheme-ascii", maxLength: 60 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, "")),
  fc.constantFrom(
    "",
    "*",
    '""',
    "W/",
    '"',
    '"a", "b"',
    "gzip;q=0",
    "identity;q=0, *;q=0",
    "x".repeat(8_000),
  ),
);
