import { describe, expect, it } from "vitest";

import { filterTargets, mapMarks, modelBadge, resilienceCounts, sameMark } from "./present";
import type { ResiliencePath, ResilienceTarget } from "./types";

const path = (vif: string, location: string, device: string, bgpUp = true): ResiliencePath => ({
  virtualInterfaceId: vif,
  connectionId: `dxcon-${vif}`,
  location,
  device,
  logicalDevice: device,
  region: "us-east-1",
  bgpUp,
});

const target = (over: Partial<ResilienceTarget>): ResilienceTarget => ({
  id: "gw-1",
  kind: "direct-connect-gateway",
  name: "core-dxgw",
  account: "network",
  designModel: "high",
  liveModel: "high",
  degraded: false,
  testing: false,
  paths: [path("a", "EqDC2", "EqDC2-d1"), path("b", "CSVA1", "CSVA1-d1")],
  singlePointsOfFailure: [],
  downPaths: [],
  notCounted: [],
  warnings: [],
  ...over,
});

describe("a gateway's model badge", () => {
  it("names the model and the locations it lives in", () => {
    expect(modelBadge(target({}))).toMatchObject({ text: "High · 2 locations", tone: "success" });
  });
  it("says how many paths are up when degraded", () => {
    const t = target({
      liveModel: "single",
      degraded: true,
      paths: [path("a", "EqDC2", "EqDC2-d1"), path("b", "CSVA1", "CSVA1-d1", false)],
    });
    expect(modelBadge(t)).toMatchObject({ text: "Degraded · 1 of 2 up", tone: "danger" });
    expect(modelBadge(t).title).toMatch(/Design: High\. Live: Single device\./);
  });
  it("says a failover test, not a fault, while one holds a path's sessions down", () => {
    const t = target({
      liveModel: "single",
      testing: true,
      paths: [path("a", "EqDC2", "EqDC2-d1"), path("b", "CSVA1", "CSVA1-d1", false)],
    });
    expect(modelBadge(t)).toMatchObject({ text: "Failover test · 1 of 2 up", tone: "progress" });
  });
  it("flags the single-device trap, and leaves a gateway nothing is built to yet unalarmed", () => {
    expect(modelBadge(target({ designModel: "single", liveModel: "single" }))).toMatchObject({
      text: "Single device",
      tone: "attention",
    });
    expect(modelBadge(target({ designModel: "none", liveModel: "none", paths: [] }))).toMatchObject(
      { text: "No path", tone: "neutral" },
    );
  });
});

describe("the map's marks", () => {
  const trap = target({
    designModel: "single",
    liveModel: "single",
    paths: [path("a", "EqDC2", "EqDC2-d1"), path("b", "EqDC2", "EqDC2-d1")],
    singlePointsOfFailure: [
      { kind: "location", id: "us-east-1/EqDC2", reason: "All 2 live paths are at EqDC2." },
      { kind: "device", id: "EqDC2-d1", reason: "All 2 live paths end on one AWS device." },
    ],
  });
  it("outline a location's and a device's connections, each with why, only when asked", () => {
    expect([...mapMarks([trap], false).keys()]).toEqual(["gw-1"]);
    const marks = mapMarks([trap], true);
    expect(marks.get("dxcon-a")?.singlePoint).toEqual([
      "its location, EqDC2, for core-dxgw: All 2 live paths are at EqDC2.",
      "its AWS device, EqDC2-d1, for core-dxgw: All 2 live paths end on one AWS device.",
    ]);
    expect(marks.get("dxcon-b")?.singlePoint).toHaveLength(2);
    expect(marks.get("gw-1")?.model?.text).toBe("Single device");
  });
  it("put a connection, interface or session on its own node, and no badge on public reach", () => {
    const t = target({
      id: "public:111",
      kind: "public",
      singlePointsOfFailure: [{ kind: "bgp-session", id: "dxpeer-1", reason: "only session" }],
    });
    const marks = mapMarks([t], true);
    expect([...marks.keys()]).toEqual(["dxpeer-1"]);
    expect(marks.get("public:111")?.model).toBeUndefined();
  });
  it("compare by what they show", () => {
    expect(sameMark({ singlePoint: ["x"] }, { singlePoint: ["x"] })).toBe(true);
    expect(sameMark({ singlePoint: ["x"] }, undefined)).toBe(false);
  });
});

it("counts the degraded targets and those below high by design", () => {
  expect(
    resilienceCounts([
      target({ degraded: true, liveModel: "single" }),
      target({ designModel: "development", liveModel: "development" }),
      target({ designModel: "single", liveModel: "single" }),
      target({ designModel: "none", liveModel: "none", paths: [] }),
      target({}),
    ]),
  ).toEqual({ degraded: 1, belowHigh: 2 });
});

describe("the page's filters", () => {
  const vifs = new Map([
    ["a", { type: "private", visibleTo: ["network"] }],
    ["b", { type: "transit", visibleTo: ["network", "workload"] }],
  ]);
  const gw = target({});
  const pub = target({ id: "public:1", kind: "public", name: "Public · network", paths: [] });
  const all = { accounts: [], regions: [], types: [], show: "" as const };
  it("keep a target whole when an interface to it is in the account, region or type chosen", () => {
    expect(filterTargets([gw, pub], vifs, { ...all, accounts: ["workload"] })).toEqual([gw]);
    expect(filterTargets([gw, pub], vifs, { ...all, regions: ["us-east-1"] })).toEqual([gw]);
    expect(filterTargets([gw, pub], vifs, { ...all, regions: ["eu-west-1"] })).toEqual([]);
    expect(filterTargets([gw, pub], vifs, { ...all, types: ["public"] })).toEqual([pub]);
    expect(filterTargets([gw, pub], vifs, { ...all, types: ["transit"] })).toEqual([gw]);
  });
  it("show only the degraded, those below high, or those with a single point of failure", () => {
    const degraded = target({ id: "d", degraded: true, liveModel: "single" });
    const dev = target({ id: "v", designModel: "development", liveModel: "development" });
    const spof = target({
      id: "s",
      singlePointsOfFailure: [{ kind: "interface", id: "a", reason: "only one" }],
    });
    const list = [gw, degraded, dev, spof];
    expect(filterTargets(list, vifs, { ...all, show: "degraded" })).toEqual([degraded]);
    expect(filterTargets(list, vifs, { ...all, show: "below-high" })).toEqual([dev]);
    expect(filterTargets(list, vifs, { ...all, show: "single-points" })).toEqual([spof]);
  });
});
