import { describe, expect, it } from "vitest";

import { connection, estate, lag, peer, topology, vif } from "./fixtures";
import { parseQuery, type SearchQuery } from "./query";
import {
  compareText,
  CONNECTION_COLUMNS,
  csvCell,
  INTERFACE_COLUMNS,
  PEER_COLUMNS,
  sortRows,
  tableRows,
  toCsv,
  type TableFilter,
} from "./table";

const NONE: TableFilter = { accounts: [], regions: [], states: [], types: [] };
const q = (input: string): SearchQuery => {
  const r = parseQuery(input);
  if (!r.ok) throw new Error(r.error);
  return r.query;
};
describe("tableRows", () => {
  const c1 = connection(1, { name: "dx-eirdb1-278", region: "eu-west-1", location: "EIrDB1" });
  const l = lag(1, { memberIds: [] });
  const west = vif(1, c1.id, {
    name: "app-west",
    vlan: 104,
    region: "eu-west-1",
    type: "transit",
    bgpPeers: [peer(1, { bgpStatus: "down" }), peer(2)],
  });
  const onLag = vif(2, l.id, { name: "app-lag", vlan: 104, state: "confirming" });
  const allocated = vif(3, c1.id, {
    name: "workload-app",
    vlan: 300,
    region: "eu-west-1",
    account: "workload",
    ownerAlias: "workload",
    ownerAccount: "222222222222",
    visibleTo: ["network", "workload"],
  });
  const t = topology({
    connections: [c1],
    lags: [l],
    virtualInterfaces: [west, onLag, allocated],
  });

  it("lists every interface, connection and LAG, and peer", () => {
    expect(tableRows(t, "interfaces", NONE, q("")).map((r) => r.id)).toEqual([
      west.id,
      onLag.id,
      allocated.id,
    ]);
    expect(tableRows(t, "connections", NONE, q("")).map((r) => r.id)).toEqual([c1.id, l.id]);
    expect(tableRows(t, "peers", NONE, q(""))).toHaveLength(4);
  });

  it("names each interface's connection or LAG, owner and sessions", () => {
    const [row] = tableRows(t, "interfaces", NONE, q("app-west"));
    expect(row).toMatchObject({ parentName: "dx-eirdb1-278", owner: "network" });
    expect(INTERFACE_COLUMNS.find((c) => c.key === "bgp")!.value(row!)).toBe("1 down, 1 up");
    const lagRow = tableRows(t, "connections", NONE, q(l.id))[0]!;
    expect(lagRow).toMatchObject({ type: "LAG", interfaces: 1 });
  });

  it("narrows by qualifiers and free text, exact matches first", () => {
    const ids = (query: string) => tableRows(t, "interfaces", NONE, q(query)).map((r) => r.id);
    expect(ids("vlan:104 region:eu-west-1")).toEqual([west.id]);
    expect(ids("conn:dx-eirdb1-278")).toEqual([west.id, allocated.id]);
    expect(ids("app")).toEqual([west.id, onLag.id, allocated.id]);
    expect(ids("app-lag vlan:104")).toEqual([onLag.id]);
    expect(tableRows(t, "peers", NONE, q("vlan:104 state:down")).map((r) => r.id)).toEqual([
      west.bgpPeers[0]!.id,
    ]);
  });

  it("takes the map's filters: accounts and regions as the map scopes them, states and types", () => {
    const ids = (f: Partial<TableFilter>, kind: "interfaces" | "connections" = "interfaces") =>
      tableRows(t, kind, { ...NONE, ...f }, q("")).map((r) => r.id);
    expect(ids({ accounts: ["workload"] })).toEqual([allocated.id]);
    // The connection under an interface allocated to the chosen account stays, as on the map.
    expect(ids({ accounts: ["workload"] }, "connections")).toEqual([c1.id]);
    expect(ids({ regions: ["us-east-1"] })).toEqual([onLag.id]);
    expect(ids({ types: ["transit"] })).toEqual([west.id]);
    expect(ids({ types: ["transit"] }, "connections")).toEqual([c1.id]);
    // An interface is in a state when it is, or one of its peers' sessions is.
    expect(ids({ states: ["down"] })).toEqual([west.id]);
    expect(ids({ states: ["attention"] })).toEqual([west.id, onLag.id]);
  });

  it("counts no session a failover test holds down as needing attention", () => {
    const testing = {
      ...west,
      state: "testing",
      failoverTest: { testId: "t-1", bgpPeerIds: [west.bgpPeers[0]!.id], endsAt: null },
    };
    const tested = { ...t, virtualInterfaces: [testing, onLag, allocated] };
    const attention = { ...NONE, states: ["attention"] };
    expect(tableRows(tested, "interfaces", attention, q("")).map((r) => r.id)).toEqual([onLag.id]);
    expect(tableRows(tested, "peers", attention, q(""))).toEqual([]);
  });
});

describe("rows across polls", () => {
  it("are the same objects for the resources that did not change, new for those that did", () => {
    const c = connection(1);
    const a = vif(1, c.id);
    const b = vif(2, c.id);
    const before = topology({ connections: [c], virtualInterfaces: [a, b] });
    const changedB = { ...b, state: "down" };
    const after = { ...before, virtualInterfaces: [a, changedB] };
    const [a1, b1] = tableRows(before, "interfaces", NONE, q(""));
    const [a2, b2] = tableRows(after, "interfaces", NONE, q(""));
    expect(a2).toBe(a1);
    expect(b2).not.toBe(b1);
    expect(b2!.state).toBe("down");
    const peersBefore = tableRows(before, "peers", NONE, q(""));
    const peersAfter = tableRows(after, "peers", NONE, q(""));
    expect(peersAfter[0]).toBe(peersBefore[0]);
    // The peer is the same object, its interface is not: its row is made again.
    expect(peersAfter[1]).not.toBe(peersBefore[1]);
    // A renamed connection is seen on the rows of its interfaces.
    const renamed = { ...after, connections: [{ ...c, name: "renamed" }] };
    expect(tableRows(renamed, "interfaces", NONE, q(""))[0]!.parentName).toBe("renamed");
  });
});

describe("sortRows", () => {
  const t = estate(3, 3, 1);
  const rows = tableRows(t, "interfaces", NONE, q(""));
  const by = (key: string, dir: "asc" | "desc") =>
    sortRows(
      rows,
      INTERFACE_COLUMNS.find((c) => c.key === key)!,
      dir,
    );

  it("sorts numbers by value and keeps ties in their order (stable)", () => {
    const asc = by("vlan", "asc");
    expect(asc.map((r) => r.vlan)).toEqual([100, 100, 100, 101, 101, 101, 102, 102, 102]);
    // Ties in the order given.
    expect(asc.slice(0, 3).map((r) => r.id)).toEqual(
      rows.filter((r) => r.vlan === 100).map((r) => r.id),
    );
    expect(by("vlan", "desc")[0]!.vlan).toBe(102);
  });

  it("sorts text as a person reads it, digits by value", () => {
    expect(by("name", "asc").map((r) => r.name)).toEqual([
      "vif-0",
      "vif-1",
      "vif-2",
      "vif-3",
      "vif-4",
      "vif-5",
      "vif-6",
      "vif-7",
      "vif-8",
    ]);
    expect(compareText("conn-2", "conn-10")).toBeLessThan(0);
    expect(compareText("169.254.10.1", "169.254.2.1")).toBeGreaterThan(0);
    expect(compareText("Abc", "abd")).toBeLessThan(0);
    expect(compareText("a", "a1")).toBeLessThan(0);
    expect(compareText("x007", "x7")).not.toBe(0);
  });

  it("puts empty cells last in either direction", () => {
    const c = connection(1);
    const withVlan = vif(1, c.id, { vlan: 5 });
    const without = vif(2, c.id, { vlan: null });
    const r = tableRows(
      topology({ connections: [c], virtualInterfaces: [without, withVlan] }),
      "interfaces",
      NONE,
      q(""),
    );
    const vlan = INTERFACE_COLUMNS.find((x) => x.key === "vlan")!;
    expect(sortRows(r, vlan, "asc").map((x) => x.id)).toEqual([withVlan.id, without.id]);
    expect(sortRows(r, vlan, "desc").map((x) => x.id)).toEqual([withVlan.id, without.id]);
  });

  it("sorts BGP by sessions down", () => {
    const c = connection(1);
    const ok = vif(1, c.id, { bgpPeers: [peer(1), peer(2)] });
    const bad = vif(2, c.id, { bgpPeers: [peer(3, { bgpStatus: "down" }), peer(4)] });
    const r = tableRows(
      topology({ connections: [c], virtualInterfaces: [ok, bad] }),
      "interfaces",
      NONE,
      q(""),
    );
    const bgp = INTERFACE_COLUMNS.find((x) => x.key === "bgp")!;
    expect(sortRows(r, bgp, "desc").map((x) => x.id)).toEqual([bad.id, ok.id]);
  });
});

describe("CSV", () => {
  it.each([
    [null, ""],
    [104, "104"],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    [" padded", '" padded"'],
    ["=HYPERLINK(1)", "'=HYPERLINK(1)"],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@sum", "'@sum"],
    ["=a,b", '"\'=a,b"'],
  ])("cell %j → %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("writes a header and exactly the rows given, in their order", () => {
    const c = connection(1, { name: "main, primary" });
    const a = vif(1, c.id, { name: 'say "a"', vlan: 7 });
    const b = vif(2, c.id, { name: "b", vlan: 3 });
    const rows = tableRows(
      topology({ connections: [c], virtualInterfaces: [a, b] }),
      "interfaces",
      NONE,
      q(""),
    );
    const sorted = sortRows(
      rows,
      INTERFACE_COLUMNS.find((x) => x.key === "vlan")!,
      "asc",
    );
    const csv = toCsv(INTERFACE_COLUMNS, sorted);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "Name,Id,Type,State,VLAN,Connection / LAG,Location,Region,Owner,ASN,Gateway,BGP,MTU",
    );
    expect(lines[1]).toBe(
      `b,${b.id},private,available,3,"main, primary",EqDC2,us-east-1,network,65000,,1 up,1500`,
    );
    expect(lines[2]!.startsWith(`"say ""a""",${a.id},`)).toBe(true);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
  });

  it("holds no secret: a peer says whether it has an auth key, never the key", () => {
    const c = connection(1);
    const v = vif(1, c.id, { bgpPeers: [peer(1, { hasAuthKey: true })] });
    const rows = tableRows(
      topology({ connections: [c], virtualInterfaces: [v] }),
      "peers",
      NONE,
      q(""),
    );
    const csv = toCsv(PEER_COLUMNS, rows);
    expect(csv).toContain(",set\r\n");
    expect(Object.keys(rows[0]!.resource)).not.toContain("authKey");
    expect(toCsv(CONNECTION_COLUMNS, [])).toBe(
      "Name,Id,Type,State,Bandwidth,Location,Region,Account,Owner,LAG,VLAN,Partner,Interfaces\r\n",
    );
  });
});
