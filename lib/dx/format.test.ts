import { describe, expect, it } from "vitest";

import {
  clockTime,
  count,
  dateTime,
  durationText,
  endTime,
  eventTime,
  failoverTestText,
  minutesText,
  percentText,
} from "./format";

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

describe("a failover test's times", () => {
  // Local times: what the person reads is their own clock.
  const now = new Date(2026, 10, 27, 9, 15).getTime();
  const at = (day: number, h: number, m: number) => new Date(2026, 10, day, h, m).toISOString();

  it("says the end as a clock: today its time, this week its day, later its date", () => {
    expect(endTime(at(27, 14, 32), now)).toBe("14:32");
    expect(endTime(at(27, 0, 5), now)).toBe("00:05");
    expect(endTime(at(28, 9, 0), now)).toBe("Sat 09:00");
    expect(endTime(at(30, 23, 59), now)).toBe("Mon 23:59");
    expect(endTime(at(26, 14, 32), now)).toBe("26 Nov 14:32");
    expect(endTime(new Date(2027, 0, 2, 8, 0).getTime(), now)).toBe("2 Jan 2027 08:00");
    expect(endTime("soon", now)).toBe("unknown time");
  });

  it("labels an interface under test with when the test ends, or without when AWS did not say", () => {
    expect(failoverTestText({ endsAt: at(27, 14, 32) }, now)).toBe("Failover test · ends 14:32");
    expect(failoverTestText({ endsAt: null }, now)).toBe("Failover test");
    expect(failoverTestText(null, now)).toBe("Failover test");
  });

  it("says durations in minutes and hours", () => {
    expect(minutesText(1)).toBe("1 min");
    expect(minutesText(59)).toBe("59 min");
    expect(minutesText(180)).toBe("3 h");
    expect(minutesText(90)).toBe("1 h 30 min");
    expect(minutesText(4320)).toBe("72 h");
  });

  it("dates a test's start and end, with the year only when it is not this one", () => {
    expect(dateTime(at(3, 7, 4), now)).toBe("3 Nov 07:04");
    expect(dateTime(new Date(2025, 11, 31, 23, 0).getTime(), now)).toBe("31 Dec 2025 23:00");
  });
});

describe("durationText", () => {
  it("says a duration in its two largest units", () => {
    const s = 1000;
    const min = 60 * s;
    const h = 60 * min;
    expect(durationText(0)).toBe("0 s");
    expect(durationText(999)).toBe("0 s");
    expect(durationText(12 * s)).toBe("12 s");
    expect(durationText(3 * min + 40 * s)).toBe("3 min");
    expect(durationText(3 * h)).toBe("3 h");
    expect(durationText(3 * h + 12 * min + 5 * s)).toBe("3 h 12 min");
    expect(durationText(24 * h)).toBe("1 d");
    expect(durationText(52 * h + 30 * min)).toBe("2 d 4 h");
  });

  it("refuses what is no duration", () => {
    expect(durationText(-1)).toBe("—");
    expect(durationText(Number.NaN)).toBe("—");
  });
});

describe("percentText", () => {
  it("keeps one decimal and never rounds a shortfall up to 100 %", () => {
    expect(percentText(1)).toBe("100 %");
    expect(percentText(0.99999)).toBe("99.9 %");
    expect(percentText(0.5)).toBe("50 %");
    expect(percentText(0.1234)).toBe("12.3 %");
    expect(percentText(0)).toBe("0 %");
  });
});

describe("eventTime", () => {
  const now = new Date(2026, 11, 6, 12, 0).getTime();
  it("says the clock today and the date before", () => {
    expect(eventTime(new Date(2026, 11, 6, 9, 5, 7).toISOString(), now)).toBe("09:05:07");
    expect(eventTime(new Date(2026, 11, 5, 23, 59).toISOString(), now)).toBe("5 Dec 23:59");
    expect(eventTime(new Date(2025, 11, 5, 23, 59).toISOString(), now)).toBe("5 Dec 2025 23:59");
    expect(eventTime("never", now)).toBe("unknown time");
  });
});
