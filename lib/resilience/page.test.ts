import { describe, expect, it } from "vitest";

import { estate } from "@/lib/topology/fixtures";

import { analyzeResilience } from "./analysis";
import {
  readResilienceState,
  resiliencePreview,
  resilienceRows,
  writeResilienceState,
  type PathInterface,
} from "./page";

const params = (query: string) => new URLSearchParams(query);

// 40 connections in two regions, 3 interfaces each to 20 Direct Connect gateways; every session to
// gateways 3 and 11 down (degraded).
const whole = estate(40, 3, 2);
whole.virtualInterfaces.forEach((v, i) => {
  if (i % 20 === 3 || i % 20 === 11) for (const p of v.bgpPeers) p.bgpStatus = "down";
});
const targets = analyzeResilience(whole);
const vifs = new Map<string, PathInterface>(whole.virtualInterfaces.map((v) => [v.id, v]));

describe("readResilienceState", () => {
  it("reads the page's URL, and keeps an unknown show= out", () => {
    expect(
      readResilienceState(
        params("accounts=network&regions=eu-west-1&show=degraded&sort=live&dir=desc"),
      ),
    ).toEqual({
      accounts: ["network"],
      regions: ["eu-west-1"],
      types: [],
      show: "degraded",
      sort: "live",
      dir: "desc",
    });
    expect(readResilienceState(params("show=everything")).show).toBe("");
    expect(writeResilienceState(readResilienceState(params("sort=name")))).toMatchObject({
      sort: "name",
      dir: "",
    });
  });
});

describe("resiliencePreview", () => {
  it("gives the first rows and the counts the browser's own analysis lists", () => {
    for (const query of ["", "show=degraded", "regions=eu-west-1", "sort=name&dir=desc"]) {
      const state = readResilienceState(params(query));
      const full = resilienceRows(targets, vifs, state);
      const preview = resiliencePreview(whole, targets, state, 5);
      expect(preview.rows).toEqual(full.rows.slice(0, 5));
      expect(preview.totals).toEqual(full.totals);
    }
    const degraded = resiliencePreview(
      whole,
      targets,
      readResilienceState(params("show=degraded")),
      5,
    );
    expect(degraded.totals.listed).toBe(targets.filter((t) => t.degraded).length);
    expect(degraded.totals.listed).toBeGreaterThan(0);
    expect(degraded.totals.listed).toBeLessThan(degraded.totals.targets);
  });

  it("names only the interfaces of its rows, without their peers", () => {
    const preview = resiliencePreview(whole, targets, readResilienceState(params("")), 2);
    const named = new Set(preview.rows.flatMap((t) => t.paths.map((p) => p.virtualInterfaceId)));
    expect(new Set(preview.vifs.map((v) => v.id))).toEqual(named);
    expect(preview.vifs.length).toBeLessThan(whole.virtualInterfaces.length);
    expect(Object.keys(preview.vifs[0]!).sort()).toEqual(["id", "name", "type", "visibleTo"]);
  });
});
