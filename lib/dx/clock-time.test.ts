import { describe, expect, it } from "vitest";

import { clockTime } from "./clock-time";

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
