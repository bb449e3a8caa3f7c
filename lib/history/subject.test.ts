import { describe, expect, it } from "vitest";

import type { GraphNode } from "@/lib/topology/graph";
import { association, connection, lag, peer, topology, vif } from "@/lib/topology/fixtures";

import { goneSubject, historySubject } from "./subject";

const at = (id: string, data: GraphNode["data"]): GraphNode =>
  ({ id, data, x: 0, y: 0 }) as GraphNode;

describe("historySubject", () => {
  it("of an interface summarises its peers' sessions and reads their audit entries", () => {
    const v = vif(1, "dxcon-1", {
      bgpPeers: [peer(1), peer(2, { addressFamily: "ipv6", bgpStatus: "down" })],
    });
    const s = historySubject(at(v.id, { kind: "vif", resource: v }), topology());
    expect(s.session).toBe(false);
    expect(s.current).toEqual({ state: "available" });
    expect(s.children.map((c) => [c.label, c.current])).toEqual([
      [`IPv4 peer ${v.bgpPeers[0]!.id}`, { state: "available", bgpStatus: "up" }],
      [`IPv6 peer ${v.bgpPeers[1]!.id}`, { state: "available", bgpStatus: "down" }],
    ]);
    expect(s.auditRelated).toEqual(v.bgpPeers.map((p) => p.id));
    expect(s.names[v.bgpPeers[1]!.id]).toBe(`IPv6 peer ${v.bgpPeers[1]!.id}`);
  });

  it("of a peer has its session, and its interface's audit entries (adding it, failover tests)", () => {
    const v = vif(1, "dxcon-1");
    const p = v.bgpPeers[0]!;
    const s = historySubject(at(p.id, { kind: "peer", resource: p, vif: v }), topology());
    expect(s.session).toBe(true);
    expect(s.current).toEqual({ state: "available", bgpStatus: "up" });
    expect(s.auditRelated).toEqual([v.id]);
    expect(s.names[v.id]).toBe("interface vif-1");
  });

  it("of a LAG names its members; of an associated gateway reads its associations' events", () => {
    const l = lag(1);
    const member = connection(2, { lagId: l.id, name: "member-a" });
    const s = historySubject(
      at(l.id, { kind: "lag", resource: l }),
      topology({ lags: [l], connections: [member] }),
    );
    expect(s.names).toEqual({ [member.id]: "member-a" });

    const a = association("dxgw-1", "tgw-1", { state: "associating" });
    const g = historySubject(
      at("tgw-1", { kind: "associated", id: "tgw-1", associations: [a], owner: "network" }),
      topology(),
    );
    expect(g.alsoIds).toEqual([a.id]);
    expect(g.current).toEqual({ state: "associating" });
  });

  it("of a connection dxmap cannot read has no current state", () => {
    const s = historySubject(
      at("dxcon-x", { kind: "connection", resource: null, id: "dxcon-x" }),
      topology(),
    );
    expect(s.current).toEqual({ state: null });
  });
});

describe("goneSubject", () => {
  it("takes a peer's id to mean a session", () => {
    expect(goneSubject("dxpeer-1").session).toBe(true);
    expect(goneSubject("dxvif-1").session).toBe(false);
  });
});
