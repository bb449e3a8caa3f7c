import { describe, expect, it } from "vitest";

import { diffStates } from "./changes";
import { connection, estate, peer, topology, vif } from "./fixtures";
import { buildGraph } from "./graph";
import { visibleIds } from "./visibility";

const c = connection(1);
const up = vif(1, c.id, { name: "up", directConnectGatewayId: "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01" });
const down = vif(2, c.id, { name: "down", state: "down", type: "public", bgpPeers: [peer(9, { bgpStatus: "down" })] });
const t = topology({ connections: [c], virtualInterfaces: [up, down] });
const graph = buildGraph(t);

describe("visibleIds", () => {
  it("shows everything when nothing is filtered", () => {
    expect(visibleIds(graph, { states: [], types: [] })).toBeNull();
  });

  it("shows matches of a state with their connection, and hides the rest", () => {
    const shown = visibleIds(graph, { states: ["down"], types: [] })!;
    expect(shown.has(down.id)).toBe(true);
    expect(shown.has(down.bgpPeers[0]!.id)).toBe(true); // its BGP status is down
    expect(shown.has(c.id)).toBe(true);
    expect(shown.has(up.id)).toBe(false);
    expect(shown.has(up.bgpPeers[0]!.id)).toBe(false);
  });

  it("shows interfaces of a type with their peers, gateways and connection", () => {
    const shown = visibleIds(graph, { states: [], types: ["private"] })!;
    expect([...shown].sort()).toEqual([c.id, up.id, up.bgpPeers[0]!.id, "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01"].sort());
  });
});

describe("diffStates", () => {
  it("lists state changes of resources present in both reads", () => {
    const after = structuredClone(t);
    after.virtualInterfaces[1]!.state = "available";
    after.virtualInterfaces[1]!.bgpPeers[0]!.bgpStatus = "up";
    after.virtualInterfaces.push(vif(3, c.id));
    expect(diffStates(t, after)).toEqual([
      { id: down.id, label: "Interface down", from: "down", to: "available" },
      { id: down.bgpPeers[0]!.id, label: "BGP peer ipv4 on down", from: "available/down", to: "available/up" },
    ]);
  });

  it("finds the changes among resources a poll hands over unchanged (the same objects)", () => {
    const before = estate(6, 4, 2);
    const after = {
      ...before,
      connections: before.connections.map((x, i) => (i === 5 ? { ...x, state: "down" } : x)),
      virtualInterfaces: before.virtualInterfaces.map((v, i) => (i === 3 ? { ...v, bgpPeers: v.bgpPeers.map((p, k) => (k === 1 ? { ...p, state: "deleting" } : p)) } : v)),
    };
    const v = before.virtualInterfaces[3]!;
    expect(diffStates(before, after)).toEqual([
      { id: before.connections[5]!.id, label: "Connection conn-5", from: "available", to: "down" },
      { id: v.bgpPeers[1]!.id, label: `BGP peer ipv6 on ${v.name}`, from: "available/up", to: "deleting/up" },
    ]);
    expect(diffStates(after, after)).toEqual([]);
    expect(diffStates(before, structuredClone(before))).toEqual([]);
  });
});
