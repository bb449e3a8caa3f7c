import { describe, expect, it } from "vitest";

import { connection, lag, peer, topology, vif } from "./fixtures";
import { layoutGraph } from "./graph";
import { layoutOverview, locationKey, opensFor, regionKey, type Overview } from "./overview";

// Two regions; us-east-1 has two locations (a LAG at one), eu-west-1 one. Interfaces: one confirming,
// one with its BGP session down, and a placeholder connection nobody can read.
const c1 = connection(1, { name: "dc-a", location: "EqDC2" });
const c2 = connection(2, { name: "dc-b", location: "EqDC2" });
const c3 = connection(3, { name: "ny-a", location: "EqNY5" });
const l1 = lag(1, { name: "lag-ny", location: "EqNY5" });
const c4 = connection(4, { name: "dub-a", location: "EirDB1", region: "eu-west-1" });
const estate = topology({
  regions: ["us-east-1", "eu-west-1"],
  connections: [c1, c2, c3, c4],
  lags: [l1],
  virtualInterfaces: [
    vif(1, c1.id, { bgpPeers: [peer(1), peer(2, { addressFamily: "ipv6" })] }),
    vif(2, c1.id, { state: "confirming", bgpPeers: [peer(3, { state: "pending" })] }),
    vif(3, c2.id, { bgpPeers: [peer(7, { bgpStatus: "down" })] }),
    vif(4, l1.id),
    vif(5, c4.id, { region: "eu-west-1" }),
    vif(6, "dxcon-unread", { region: "eu-west-1" }),
  ],
  locations: [
    { region: "us-east-1", code: "EqDC2", name: "Equinix DC2, Ashburn" },
    { region: "us-east-1", code: "EqNY5", name: "Equinix NY5" },
  ],
});
const graph = layoutGraph(estate);
const overview = (open: string[] = []) =>
  layoutOverview(graph, estate.regions, estate.locations, new Set(open));
const node = (o: Overview, id: string) => o.nodes.find((n) => n.id === id);
const at = (o: Overview) => new Map(o.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));

describe("layoutOverview", () => {
  it("shows regions and their locations, with counts and health, and nothing more until opened", () => {
    const o = overview();
    expect(o.nodes.map((n) => n.id)).toEqual([
      regionKey("us-east-1"),
      locationKey("us-east-1", "EqDC2"),
      locationKey("us-east-1", "EqNY5"),
      regionKey("eu-west-1"),
      locationKey("eu-west-1", "EirDB1"),
      // The connection no account reads: its location is unknown, and listed last.
      locationKey("eu-west-1", ""),
    ]);
    expect(node(o, regionKey("us-east-1"))!.data).toMatchObject({
      counts: { locations: 2, connections: 3, lags: 1, interfaces: 4, peers: 5 },
      // The confirming interface (its pending peer is its own problem, counted once) and the session down.
      health: { attention: 2, bgpDown: 1, confirming: 1 },
    });
    expect(node(o, locationKey("us-east-1", "EqDC2"))!.data).toMatchObject({
      name: "Equinix DC2, Ashburn",
      open: false,
      counts: { locations: 1, connections: 2, lags: 0, interfaces: 3, peers: 4 },
      health: { attention: 2, bgpDown: 1, confirming: 1 },
    });
    expect(node(o, locationKey("us-east-1", "EqNY5"))!.data).toMatchObject({
      counts: { connections: 1, lags: 1, interfaces: 1 },
      health: { attention: 0, bgpDown: 0, confirming: 0 },
    });
    expect(o.edges.map((e) => e.id)).toContain(
      `${regionKey("us-east-1")}->${locationKey("us-east-1", "EqDC2")}`,
    );
  });

  it("each region's node spans its band, and bands do not overlap", () => {
    const o = overview([locationKey("us-east-1", "EqDC2")]);
    const [east, west] = o.regions;
    expect(node(o, regionKey("us-east-1"))).toMatchObject({ y: east!.y });
    expect(node(o, regionKey("us-east-1"))!.height).toBe(east!.bottom - east!.y);
    expect(west!.y).toBeGreaterThan(east!.bottom);
    for (const n of o.nodes.filter((n) => n.data.kind !== "region")) {
      const band = o.regions.find((b) => n.y >= b.y && n.y + n.height <= b.bottom);
      expect(band, n.id).toBeDefined();
    }
  });

  it("a location opens into its connections and LAGs; a connection into its interfaces and their peers", () => {
    const o = overview([locationKey("us-east-1", "EqDC2"), c1.id]);
    const ids = o.nodes.map((n) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining([c1.id, c2.id, "dxvif-f0000001", "dxpeer-f0000002"]),
    );
    expect(ids).not.toContain("dxvif-f0000003"); // c2 is not open
    expect(ids).not.toContain(c3.id); // EqNY5 is not open
    expect(node(o, c1.id)!.data).toMatchObject({
      kind: "parent",
      open: true,
      counts: { connections: 1, interfaces: 2, peers: 3 },
    });
    expect(node(o, "dxvif-f0000001")!.data.kind).toBe("vif");
    // Each interface level with its first peer, the next peer below it.
    const first = node(o, "dxpeer-f0000001")!;
    expect(first.y).toBe(node(o, "dxvif-f0000001")!.y);
    expect(node(o, "dxpeer-f0000002")!.y).toBeGreaterThan(first.y + first.height);
    expect(o.edges.map((e) => e.id)).toEqual(
      expect.arrayContaining([
        `${locationKey("us-east-1", "EqDC2")}->${c1.id}`,
        `${c1.id}->dxvif-f0000001`,
        "dxvif-f0000001->dxpeer-f0000001",
      ]),
    );
  });

  it("is stable as parts open: nothing above or at the opened node moves, what is below only moves down", () => {
    const before = overview([locationKey("us-east-1", "EqDC2")]);
    const after = overview([locationKey("us-east-1", "EqDC2"), c2.id]);
    const was = at(before);
    const opened = node(after, c2.id)!;
    for (const [id, p] of at(after)) {
      const old = was.get(id);
      if (!old) continue;
      expect(p.x, id).toBe(old.x);
      if (old.y <= opened.y) expect(p.y, id).toBe(old.y);
      else expect(p.y, id).toBeGreaterThanOrEqual(old.y);
    }
    // And closing it again puts everything back.
    expect(at(overview([locationKey("us-east-1", "EqDC2")]))).toEqual(was);
  });

  it("no node overlaps another, however much is open", () => {
    const o = overview([
      locationKey("us-east-1", "EqDC2"),
      locationKey("us-east-1", "EqNY5"),
      locationKey("eu-west-1", "EirDB1"),
      c1.id,
      c2.id,
      l1.id,
    ]);
    const boxes = o.nodes.filter((n) => n.data.kind !== "region");
    for (const a of boxes)
      for (const b of boxes) {
        if (a === b) continue;
        const apart =
          a.x + a.width <= b.x ||
          b.x + b.width <= a.x ||
          a.y + a.height <= b.y ||
          b.y + b.height <= a.y;
        expect(apart, `${a.id} / ${b.id}`).toBe(true);
      }
  });
});

describe("opensFor", () => {
  it("names what must be open for a resource to be on the overview", () => {
    expect(opensFor(graph, c1.id)).toEqual([locationKey("us-east-1", "EqDC2")]);
    expect(opensFor(graph, "dxvif-f0000004")).toEqual([locationKey("us-east-1", "EqNY5"), l1.id]);
    expect(opensFor(graph, "dxpeer-f0000007")).toEqual([locationKey("us-east-1", "EqDC2"), c2.id]);
    expect(opensFor(graph, "dxvif-f0000006")).toEqual([
      locationKey("eu-west-1", ""),
      "dxcon-unread",
    ]);
    expect(opensFor(graph, "nothing-like-it")).toBeNull();
  });
});
