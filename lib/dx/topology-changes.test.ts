import { describe, expect, it } from "vitest";

import { connection, topology, vif } from "@/lib/topology/fixtures";

import { applyTopologyChanges, type DxTopologyChanges } from "./topology-changes";

const base = topology({
  version: "v1",
  connections: [connection(1), connection(2)],
  virtualInterfaces: [vif(1, "dxcon-1"), vif(2, "dxcon-1"), vif(3, "dxcon-2")],
});
const delta = (
  changes: DxTopologyChanges["changes"],
  over: Partial<DxTopologyChanges> = {},
): DxTopologyChanges => ({
  base: "v1",
  version: "v2",
  readAt: "2026-11-27T12:00:00.000Z",
  changes,
  ...over,
});

describe("applyTopologyChanges", () => {
  it("replaces the items that changed by position and keeps every other object as it was", () => {
    const changed = { ...base.virtualInterfaces[1]!, state: "down" as const };
    const next = applyTopologyChanges(base, delta({ virtualInterfaces: { at: [[1, changed]] } }))!;
    expect(next.version).toBe("v2");
    expect(next.readAt).toBe("2026-11-27T12:00:00.000Z");
    expect(next.virtualInterfaces.map((v) => v.state)).toEqual(["available", "down", "available"]);
    expect(next.virtualInterfaces[0]).toBe(base.virtualInterfaces[0]);
    expect(next.virtualInterfaces[2]).toBe(base.virtualInterfaces[2]);
    expect(next.connections).toBe(base.connections);
    // The data the dashboard holds is never changed in place.
    expect(base.virtualInterfaces[1]!.state).toBe("available");
    expect(base.version).toBe("v1");
  });

  it("takes a whole member, and drops a removed one", () => {
    const next = applyTopologyChanges(
      base,
      delta({ connections: { all: [connection(3)] }, lags: { removed: true } }),
    )!;
    expect(next.connections.map((c) => c.id)).toEqual([connection(3).id]);
    expect("lags" in next).toBe(false);
  });

  it("does not apply to another version, to a position outside the list, or to a member that is not a list", () => {
    expect(applyTopologyChanges(base, delta({}, { base: "v0" }))).toBeNull();
    expect(applyTopologyChanges({ ...base, version: undefined }, delta({}))).toBeNull();
    expect(
      applyTopologyChanges(base, delta({ virtualInterfaces: { at: [[3, vif(4, "dxcon-1")]] } })),
    ).toBeNull();
    expect(
      applyTopologyChanges(base, delta({ virtualInterfaces: { at: [[-1, vif(4, "dxcon-1")]] } })),
    ).toBeNull();
    expect(applyTopologyChanges(base, delta({ backend: { at: [[0, "x"]] } }))).toBeNull();
  });
});
