import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { DxTopology } from "@/lib/dx/types";

import { buildGraph, findNode, findNodes, layoutGraph, scopeTopology } from "./graph";
import { association, connection, estate, lag, peer, topology, vif } from "./fixtures";

const positions = (g: ReturnType<typeof buildGraph>) =>
  new Map(g.nodes.map((n) => [n.id, `${n.x},${n.y}`]));

describe("buildGraph", () => {
  it("keys nodes by AWS id with edges connection → interface → peer and interface → gateway", () => {
    const c = connection(1);
    const v = vif(1, c.id, { directConnectGatewayId: "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01" });
    const g = buildGraph(topology({ connections: [c], virtualInterfaces: [v] }));
    expect(g.nodes.map((n) => [n.id, n.data.kind])).toEqual([
      [c.id, "connection"],
      [v.id, "vif"],
      [v.bgpPeers[0]!.id, "peer"],
      ["0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01", "dxgw"],
    ]);
    expect(g.edges.map((e) => [e.source, e.target])).toEqual([
      [c.id, v.id],
      [v.id, v.bgpPeers[0]!.id],
      [v.id, "0d4f7e2a-9c1b-4b8e-a3f0-5e6d7c8b9a01"],
    ]);
    // A gateway dxmap cannot read is still drawn, as a placeholder with an unknown state.
    expect(g.nodes[3]!.state).toBe("unknown");
  });

  it("reads left to right: connection, interface, peer, gateway columns", () => {
    const c = connection(1);
    const v = vif(1, c.id, { virtualGatewayId: "vgw-12345678" });
    const g = buildGraph(topology({ connections: [c], virtualInterfaces: [v] }));
    const x = (id: string) => g.nodes.find((n) => n.id === id)!.x;
    expect(x(c.id)).toBeLessThan(x(v.id));
    expect(x(v.id)).toBeLessThan(x(v.bgpPeers[0]!.id));
    expect(x(v.bgpPeers[0]!.id)).toBeLessThan(x("vgw-12345678"));
  });

  it("draws LAG members as nodes feeding their LAG", () => {
    const l = lag(1);
    const members = [connection(1, { lagId: l.id }), connection(2, { lagId: l.id })];
    const g = buildGraph(topology({ connections: members, lags: [l] }));
    expect(g.nodes.filter((n) => n.data.kind === "member").map((n) => n.id)).toEqual(
      members.map((m) => m.id),
    );
    expect(g.edges.filter((e) => e.target === l.id)).toHaveLength(2);
  });

  it("never moves a node when only states change", () => {
    const before = estate(10, 5, 2);
    const after = structuredClone(before);
    after.virtualInterfaces.forEach((v, i) => {
      v.state = i % 3 ? "down" : "deleting";
      v.bgpPeers.forEach((p) => ((p.state = "pending"), (p.bgpStatus = "down")));
    });
    after.connections.forEach((c) => (c.state = "down"));
    expect(positions(buildGraph(after))).toEqual(positions(buildGraph(before)));
  });

  it("keeps the layout when only states change: the same graph as a fresh layout, untouched nodes and edges kept", () => {
    const before = estate(10, 5, 2);
    // A poll as React Query hands it over: unchanged resources are the same objects (structural sharing).
    const after: DxTopology = {
      ...before,
      readAt: "2026-11-27T10:00:02.000Z",
      connections: before.connections.map((c, i) => (i === 2 ? { ...c, state: "down" } : c)),
      virtualInterfaces: before.virtualInterfaces.map((v, i) =>
        i === 7
          ? {
              ...v,
              bgpPeers: v.bgpPeers.map((p, k) => (k === 1 ? { ...p, bgpStatus: "down" } : p)),
            }
          : i === 9
            ? { ...v, state: "deleting" }
            : v,
      ),
      directConnectGateways: before.directConnectGateways.map((g, i) =>
        i === 0 ? { ...g, state: "deleting" } : g,
      ),
    };
    const first = buildGraph(before);
    const second = buildGraph(after);
    expect(second).toEqual(layoutGraph(after));
    expect(second.edges).toBe(first.edges);
    const changed = new Set([
      after.connections[2]!.id,
      after.virtualInterfaces[7]!.id,
      ...after.virtualInterfaces[7]!.bgpPeers.map((p) => p.id),
      after.virtualInterfaces[9]!.id,
      ...after.virtualInterfaces[9]!.bgpPeers.map((p) => p.id),
      after.directConnectGateways[0]!.id,
    ]);
    second.nodes.forEach((n, i) =>
      changed.has(n.id) ? expect(n).not.toBe(first.nodes[i]) : expect(n).toBe(first.nodes[i]),
    );
    expect(
      second.nodes.find((n) => n.id === after.virtualInterfaces[7]!.bgpPeers[1]!.id)?.data,
    ).toMatchObject({ resource: { bgpStatus: "down" } });
    // Nothing changed: the same graph.
    expect(buildGraph({ ...after })).toBe(second);
  });

  it("lays out again when the structure changes", () => {
    const before = estate(4, 3, 2);
    buildGraph(before);
    const moved = {
      ...before,
      virtualInterfaces: before.virtualInterfaces.map((v, i) =>
        i === 0 ? { ...v, vlan: 999 } : v,
      ),
    };
    expect(buildGraph(moved)).toEqual(layoutGraph(moved));
    const grown = {
      ...moved,
      virtualInterfaces: [...moved.virtualInterfaces, vif(99, moved.connections[0]!.id)],
    };
    expect(buildGraph(grown)).toEqual(layoutGraph(grown));
    expect(buildGraph(grown).nodes.some((n) => n.id === vif(99, "x").id)).toBe(true);
  });

  it("does not overlap nodes in a column", () => {
    const g = buildGraph(estate(30, 6, 2));
    const byColumn = new Map<number, { y: number; h: number }[]>();
    for (const n of g.nodes)
      byColumn.set(n.x, [...(byColumn.get(n.x) ?? []), { y: n.y, h: n.height }]);
    for (const column of byColumn.values()) {
      column.sort((a, b) => a.y - b.y);
      for (let i = 1; i < column.length; i++)
        expect(column[i]!.y).toBeGreaterThanOrEqual(column[i - 1]!.y + column[i - 1]!.h);
    }
    expect(new Set(g.nodes.map((n) => n.id)).size).toBe(g.nodes.length);
  });

  it("routes each interface's gateway edge around the BGP peers, in a lane of its gateway's own", () => {
    const g = layoutGraph(estate(12, 4, 2));
    const peers = g.nodes.filter((n) => n.data.kind === "peer");
    const gateways = g.nodes.filter((n) => n.data.kind === "dxgw");
    const peerRight = Math.max(...peers.map((n) => n.x + n.width));
    const gatewayLeft = Math.min(...gateways.map((n) => n.x));
    const edges = g.edges.filter((e) => e.kind === "gateway");
    expect(edges).toHaveLength(48);
    for (const e of edges) {
      const { laneY, trunkX } = e.route!;
      // Along the lane the edge crosses the peer column: no peer there.
      const crossed = peers.filter((p) => laneY >= p.y && laneY <= p.y + p.height);
      expect(crossed, `${e.id} runs through a peer`).toEqual([]);
      // The trunk is in the channel between the peers and the gateways.
      expect(trunkX).toBeGreaterThan(peerRight);
      expect(trunkX).toBeLessThan(gatewayLeft);
    }
    // Neighbouring gateways (which share the most height) never share a lane.
    const trunkOf = new Map(edges.map((e) => [e.target, e.route!.trunkX]));
    const byY = [...gateways].sort((a, b) => a.y - b.y).map((n) => trunkOf.get(n.id));
    for (let i = 1; i < byY.length; i++) expect(byY[i]).not.toBe(byY[i - 1]);
  });

  it("starts at the connections when no LAG has members, and leaves room for the members when one has", () => {
    const plain = layoutGraph(estate(2, 1, 1));
    expect(Math.min(...plain.nodes.map((n) => n.x))).toBe(0);
    expect(plain.nodes.find((n) => n.data.kind === "connection")!.x).toBe(0);
    const l = lag(1);
    const withMembers = layoutGraph(
      topology({ connections: [connection(1, { lagId: l.id })], lags: [l] }),
    );
    expect(withMembers.nodes.find((n) => n.data.kind === "member")!.x).toBe(0);
    expect(withMembers.nodes.find((n) => n.data.kind === "lag")!.x).toBeGreaterThan(0);
    expect(withMembers.width).toBeGreaterThan(plain.width);
  });

  it("bands the map by region and account: one labelled group each, apart, holding its own nodes", () => {
    const base = estate(6, 2, 1);
    const t = {
      ...base,
      connections: base.connections.map((c, i) => (i === 5 ? { ...c, account: "workload" } : c)),
    };
    const g = layoutGraph(t);
    // The fixture's last eight Direct Connect gateways have no interface: a global band of their own.
    expect(
      g.groups.map((x) => [x.region, x.account, x.connections, x.interfaces, x.gateways]),
    ).toEqual([
      ["us-east-1", "network", 3, 6, 6],
      ["eu-west-1", "network", 2, 4, 4],
      ["eu-west-1", "workload", 1, 2, 2],
      ["global", "network", 0, 0, 8],
    ]);
    for (let i = 1; i < g.groups.length; i++)
      expect(g.groups[i]!.y - g.groups[i - 1]!.bottom).toBeGreaterThanOrEqual(64);
    // Room for the first label above the first row.
    expect(g.groups[0]!.y).toBeGreaterThanOrEqual(40);
    // Every node sits inside one band, under its label.
    const bandOf = (id: string) => {
      const n = g.nodes.find((x) => x.id === id)!;
      return g.groups.filter((x) => n.y >= x.y && n.y + n.height <= x.bottom);
    };
    for (const n of g.nodes) expect(bandOf(n.id), n.id).toHaveLength(1);
    // An interface is in its connection's band.
    const v = t.virtualInterfaces.find((x) => x.connectionId === t.connections[5]!.id)!;
    expect(bandOf(v.id)[0]).toMatchObject({ region: "eu-west-1", account: "workload" });
  });

  it("draws a placeholder for the connection of an interface whose owner dxmap cannot read", () => {
    const v = vif(1, "dxcon-fzzzzzzz", { account: "workload", ownerAlias: "workload" });
    const g = buildGraph(topology({ virtualInterfaces: [v] }));
    expect(g.nodes[0]).toMatchObject({
      id: "dxcon-fzzzzzzz",
      state: "unknown",
      data: { kind: "connection", resource: null },
    });
  });
});

describe("scope and search", () => {
  it("keeps an allocated interface in the scope of both accounts that see it", () => {
    const c = connection(1);
    const v = vif(1, c.id, {
      account: "workload",
      ownerAlias: "workload",
      visibleTo: ["network", "workload"],
    });
    const t = topology({ connections: [c], virtualInterfaces: [v] });
    expect(scopeTopology(t, ["workload"], []).virtualInterfaces).toHaveLength(1);
    expect(scopeTopology(t, [], ["eu-west-1"]).virtualInterfaces).toHaveLength(0);
  });

  it("keeps the connection under an allocated interface, with its state, when its owner is filtered out", () => {
    const c = connection(1);
    const other = connection(2);
    const v = vif(1, c.id, {
      account: "workload",
      ownerAlias: "workload",
      visibleTo: ["network", "workload"],
    });
    const scoped = scopeTopology(
      topology({ connections: [c, other], virtualInterfaces: [v] }),
      ["workload"],
      [],
    );
    expect(scoped.connections.map((x) => x.id)).toEqual([c.id]);
    expect(findNode(buildGraph(scoped).nodes, c.id)).toMatchObject({
      state: c.state,
      data: { kind: "connection", resource: c },
    });
  });

  it("keeps the virtual gateway of a kept interface, with its state, when its account is filtered out", () => {
    const c = connection(1);
    const v = vif(1, c.id, {
      account: "workload",
      ownerAlias: "workload",
      visibleTo: ["network", "workload"],
      virtualGatewayId: "vgw-12345678",
    });
    const vgws = [
      { id: "vgw-12345678", state: "available", account: "workload", region: "us-east-1" },
      { id: "vgw-87654321", state: "available", account: "workload", region: "us-east-1" },
    ];
    const scoped = scopeTopology(
      { ...topology({ connections: [c], virtualInterfaces: [v] }), virtualGateways: vgws },
      ["network"],
      [],
    );
    expect(scoped.virtualGateways.map((g) => g.id)).toEqual(["vgw-12345678"]);
    expect(findNode(buildGraph(scoped).nodes, "vgw-12345678")).toMatchObject({
      state: "available",
      data: { kind: "vgw", resource: vgws[0] },
    });
  });

  it("finds by id, name, VLAN or ASN", () => {
    const c = connection(1);
    const v = vif(7, c.id, {
      name: "prod-private",
      vlan: 101,
      bgpPeers: [peer(1, { asn: 65123 })],
    });
    const g = buildGraph(topology({ connections: [c], virtualInterfaces: [v] }));
    expect(findNode(g.nodes, "101")?.id).toBe(v.id);
    expect(findNode(g.nodes, "prod")?.id).toBe(v.id);
    expect(findNode(g.nodes, v.id)?.id).toBe(v.id);
    expect(findNode(g.nodes, "65123")?.data.kind).toBe("peer");
    expect(findNode(g.nodes, "nothing-like-this")).toBeUndefined();
  });

  it("lists every match, exact ones first, for a search that goes on to the next", () => {
    const c = connection(1);
    const east = vif(1, c.id, { name: "app-east", vlan: 410 });
    const west = vif(2, c.id, { name: "app-west", vlan: 410 });
    const partial = vif(3, c.id, { name: "edge", vlan: 2410 });
    const g = buildGraph(topology({ connections: [c], virtualInterfaces: [partial, east, west] }));
    const ids = findNodes(g.nodes, "410").map((n) => n.id);
    expect(ids.slice(0, 2).sort()).toEqual([east.id, west.id].sort());
    expect(ids[2]).toBe(partial.id);
    expect(findNodes(g.nodes, " ")).toEqual([]);
  });

  it("finds a peer by its address as typed, with or without the prefix, before one it is a substring of", () => {
    const c = connection(1);
    const first = vif(1, c.id, {
      bgpPeers: [
        peer(1, { amazonAddress: "169.254.250.29/30", customerAddress: "169.254.250.30/30" }),
      ],
    });
    const second = vif(2, c.id, {
      bgpPeers: [
        peer(2, { amazonAddress: "169.254.250.1/30", customerAddress: "169.254.250.2/30" }),
      ],
    });
    const g = buildGraph(topology({ connections: [c], virtualInterfaces: [first, second] }));
    expect(findNode(g.nodes, "169.254.250.2")?.id).toBe(second.bgpPeers[0]!.id);
    expect(findNode(g.nodes, "169.254.250.2/30")?.id).toBe(second.bgpPeers[0]!.id);
    expect(findNodes(g.nodes, "169.254.250.2").map((n) => n.id)).toEqual([
      second.bgpPeers[0]!.id,
      first.bgpPeers[0]!.id,
    ]);
  });
});

describe("buildGraph across polls that move states", () => {
  // Every kind of node: LAGs with members, interfaces on them and on connections to Direct Connect
  // and virtual private gateways, peers, and gateways associated with transit and private gateways.
  const base = estate(6, 2, 2);
  const lags = [lag(1, { numberOfConnections: 2 }), lag(2)];
  const members = [0, 1].map((k) => connection(50 + k, { lagId: lags[0]!.id }));
  const vgws = [0, 1].map((k) => ({
    account: "network",
    region: "us-east-1",
    id: `vgw-0${k}`,
    state: "available" as const,
  }));
  const dxgw = base.directConnectGateways;
  const start: DxTopology = {
    ...base,
    connections: [...base.connections, ...members],
    lags,
    virtualInterfaces: [
      ...base.virtualInterfaces,
      vif(90, lags[0]!.id, { bgpPeers: [peer(900), peer(901, { addressFamily: "ipv6" })] }),
      vif(91, base.connections[0]!.id, {
        directConnectGatewayId: null,
        virtualGatewayId: vgws[0]!.id,
      }),
      vif(92, lags[1]!.id, { directConnectGatewayId: dxgw[1]!.id }),
    ],
    virtualGateways: vgws,
    directConnectGatewayAssociations: [
      association(dxgw[0]!.id, "tgw-0a"),
      association(dxgw[0]!.id, "vgw-0b"),
      association(dxgw[1]!.id, "tgw-0a"),
    ],
  };
  const STATES = ["available", "down", "pending", "deleting"];
  type Edit = { list: number; index: number; state: string; peer: boolean };
  const LISTS = [
    "connections",
    "lags",
    "virtualInterfaces",
    "directConnectGateways",
    "virtualGateways",
    "directConnectGatewayAssociations",
  ] as const;

  /** A poll's read: the edited resources new objects in new states, the rest the same objects. */
  function polled(t: DxTopology, edits: Edit[]): DxTopology {
    const next = { ...t } as Record<(typeof LISTS)[number], { state: string }[]>;
    for (const e of edits) {
      const key = LISTS[e.list % LISTS.length]!;
      const list = [...next[key]];
      const i = e.index % list.length;
      const item = list[i]!;
      list[i] =
        key === "virtualInterfaces" && e.peer
          ? ({
              ...item,
              bgpPeers: (item as DxTopology["virtualInterfaces"][number]).bgpPeers.map((p, k) =>
                k === 0 ? { ...p, bgpStatus: e.state === "available" ? "up" : "down" } : p,
              ),
            } as { state: string })
          : { ...item, state: e.state };
      next[key] = list;
    }
    return next as unknown as DxTopology;
  }

  it("is, poll after poll, the graph a fresh layout makes, with the untouched nodes kept", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.record({
              list: fc.nat(),
              index: fc.nat(),
              state: fc.constantFrom(...STATES),
              peer: fc.boolean(),
            }),
            { maxLength: 6 },
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (polls) => {
          let t = start;
          let graph = buildGraph(t);
          expect(graph).toEqual(layoutGraph(t));
          for (const edits of polls) {
            t = polled(t, edits);
            const next = buildGraph(t);
            expect(next).toEqual(layoutGraph(t));
            expect(next.edges).toBe(graph.edges);
            graph = next;
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
