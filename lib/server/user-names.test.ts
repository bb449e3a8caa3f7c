import { describe, expect, it } from "vitest";

import { normalizeUserName } from "./user-names";

describe("user names", () => {
  it.each([
    ["bob", "bob"],
    ["BOB", "bob"],
    [" Bob\t", "bob"],
    // Fullwidth letters, as an IME types them.
    ["\uff22\uff4f\uff42", "bob"],
    // A ligature and a composed letter against their plain and decomposed spellings.
    ["\ufb01ona", "fiona"],
    ["Jos\u0065\u0301", "jos\u00e9"],
    ["JOS\u00c9", "jos\u00e9"],
    ["alice@Example.COM", "alice@example.com"],
  ])("%j is %j", (name, normalized) => {
    expect(normalizeUserName(name)).toBe(normalized);
  });

  it("is idempotent", () => {
    for (const name of ["\u0130stanbul", "\u1e9e", "\u2126mega", "\uff21\u0301"])
      expect(normalizeUserName(normalizeUserName(name))).toBe(normalizeUserName(name));
  });
});
