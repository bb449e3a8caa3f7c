import { describe, expect, it } from "vitest";

import { connection, peer, topology, vif } from "@/lib/topology/fixtures";

import { DEFAULT_DURATION, failoverPlan, mayStart } from "./failover-plan";

// Two interfaces to one gateway, on connections at two locations: testing one leaves the other.
// (The fixtures number peers like interfaces: the primary's are 1, 5 and 6, the backup's 2.)
const GW = "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01";
const east = connection(1, { location: "EqDC2", awsDevice: "EqDC2-dev1" });
const west = connection(2, { location: "CSVA1", awsDevice: "CSVA1-dev2" });
const primary = vif(1, east.id, {
  name: "primary",
  directConnectGatewayId: GW,
  bgpPeers: [
    peer(1),
    peer(5, { addressFamily: "ipv6" }),
    peer(6, { state: "deleting", bgpStatus: "down" }),
  ],
});
const backup = vif(2, west.id, { name: "backup", directConnectGatewayId: GW });
const estate = (backupUp: boolean) =>
  topology({
    connections: [east, west],
    virtualInterfaces: [
      primary,
      backupUp ? backup : { ...backup, state: "down", bgpPeers: [peer(4, { bgpStatus: "down" })] },
    ],
    directConnectGateways: [
      {
        account: "network",
        id: GW,
        name: "core-dxgw",
        amazonSideAsn: 64512,
        ownerAccount: "111111111111",
        state: "available",
      },
    ],
  });
const live = primary.bgpPeers.slice(0, 2).map((p) => p.id);
const plan = (over: { backupUp?: boolean; selected?: string[]; duration?: string } = {}) =>
  failoverPlan({
    topology: estate(over.backupUp ?? true),
    vif: primary,
    selected: new Set(over.selected ?? live),
    duration: over.duration ?? DEFAULT_DURATION,
  });

describe("the failover test's plan", () => {
  it("takes the live sessions chosen, 180 minutes by default, and shows the gateway staying up through the other path: one click", () => {
    const p = plan();
    expect(p.bgpPeerIds).toEqual(live);
    expect(p.durationMinutes).toBe(180);
    expect(p.errors).toEqual({});
    expect(p.impact.targets).toHaveLength(1);
    const [gateway] = p.impact.targets;
    expect(gateway).toMatchObject({ cutOff: false });
    expect(gateway!.through.map((t) => t.virtualInterfaceId)).toEqual([backup.id]);
    expect(p.confirmation).toBeNull();
    expect(mayStart(p, "")).toBe(true);
  });

  it("asks for the interface's name when the test would cut a target off", () => {
    const p = plan({ backupUp: false });
    expect(p.cutOff.map((t) => t.target.name)).toEqual(["core-dxgw"]);
    expect(p.confirmation).toBe("primary");
    expect(mayStart(p, "")).toBe(false);
    expect(mayStart(p, "Primary")).toBe(false);
    expect(mayStart(p, "primary")).toBe(true);
  });

  it("cuts nothing off while one of the interface's own sessions stays up", () => {
    const p = plan({ backupUp: false, selected: [live[1]!] });
    expect(p.bgpPeerIds).toEqual([live[1]]);
    expect(p.cutOff).toEqual([]);
    expect(p.impact.targets[0]!.through.map((t) => t.virtualInterfaceId)).toEqual([primary.id]);
  });

  it("ignores a session that is going, and needs one chosen", () => {
    expect(plan({ selected: [primary.bgpPeers[2]!.id] }).bgpPeerIds).toEqual([]);
    const none = plan({ selected: [] });
    expect(none.errors.bgpPeerIds).toBe("Choose at least one BGP session to take down.");
    expect(none.impact.targets).toEqual([]);
    expect(mayStart(none, "primary")).toBe(false);
  });

  it.each(["0", "4321", "1.5", "", "three hours", "-5"])(
    "refuses a duration of %j with AWS's limits",
    (duration) => {
      const p = plan({ duration });
      expect(p.durationMinutes).toBeNull();
      expect(p.errors.durationMinutes).toMatch(/1 to 4320 minutes/);
      expect(mayStart(p, "")).toBe(false);
    },
  );

  it("takes AWS's limits themselves, and spaces around the number", () => {
    expect(plan({ duration: "1" }).durationMinutes).toBe(1);
    expect(plan({ duration: " 4320 " }).durationMinutes).toBe(4320);
  });
});
