import { describe, expect, it } from "vitest";

import { clockTime, count } from "./format";

describe("clockTime", () => {
  it("shows local hours, minutes and seconds, two digits each, 24-hour", () => {
    expect(clockTime(new Date(2026, 10, 27, 9, 5, 3).getTime())).toBe("09:05:03");
    expect(clockTime(new Date(2026, 10, 27, 23, 59, 59).toISOString())).toBe("23:59:59");
    expect(clockTime(new Date(2026, 10, 27, 0, 0, 0).toISOString())).toBe("00:00:00");
  });

  it("says so when the time cannot be read", () => {
    expect(clockTime("not a time")).toBe("unknown time");
  });
});

describe("count", () => {
  it("groups thousands with commas, as en-US does", () => {
    for (const n of [0, 7, 999, 1_000, 2_000, 15_626, 100_000, 1_234_567, -4_500]) {
      expect(count(n)).toBe(n.toLocaleString("en-US"));
    }
  });
});
