import { describe, expect, it } from "vitest";

import { connection, lag, peer, topology, vif } from "./fixtures";
import { buildGraph, findNodes } from "./graph";
import {
  connectionFacets,
  interfaceFacets,
  interfaceTerms,
  matchRank,
  parseQuery,
  peerFacets,
  peerTerms,
  type SearchQuery,
} from "./query";

const parsed = (input: string): SearchQuery => {
  const result = parseQuery(input);
  if (!result.ok) throw new Error(result.error);
  return result.query;
};
const errorOf = (input: string) => {
  const result = parseQuery(input);
  return result.ok ? null : result.error;
};

describe("parseQuery", () => {
  it.each([
    ["", {}, ""],
    ["  prod-private ", {}, "prod-private"],
    ["vlan:104 conn:dx-eirdb1-278", { vlan: ["104"], conn: ["dx-eirdb1-278"] }, ""],
    ["VLAN:104 Region:EU-West-1", { vlan: ["104"], region: ["eu-west-1"] }, ""],
    ['conn:"Main link" prod', { conn: ["main link"] }, "prod"],
    ['"conn:literal"', {}, "conn:literal"],
    ['"two words" state:down', { state: ["down"] }, "two words"],
    ["region:us-east-1,eu-west-1", { region: ["us-east-1", "eu-west-1"] }, ""],
    ["type:private type:transit", { type: ["private", "transit"] }, ""],
    ["vlan:0104", { vlan: ["104"] }, ""],
    ["asn:65000 account:network", { asn: ["65000"], account: ["network"] }, ""],
    ["location:EqDC2", { location: ["eqdc2"] }, ""],
    // A peer's IPv6 address, and a time, are free text rather than qualifiers.
    ["fd00:1::2", {}, "fd00:1::2"],
    ["2001:db8::1/125", {}, "2001:db8::1/125"],
    ["10:30", {}, "10:30"],
  ])("%j", (input, qualifiers, text) => {
    expect(parsed(input)).toEqual({ qualifiers, text });
  });

  it("refuses an unknown qualifier, naming the ones there are", () => {
    expect(errorOf("vlan:1 foo:bar")).toBe(
      'Unknown qualifier "foo:" — use vlan:, conn:, asn:, state:, account:, region:, location:, type:',
    );
    expect(errorOf("Foo:bar")).toMatch(/^Unknown qualifier "foo:"/);
  });

  it("refuses a qualifier without a value, and a number that is not one", () => {
    expect(errorOf("vlan:")).toBe('"vlan:" needs a value, e.g. vlan:104');
    expect(errorOf("asn:abc")).toBe('"asn:" takes a number, not "abc" (e.g. asn:65000)');
    expect(errorOf("vlan:104,x")).toMatch(/takes a number, not "x"/);
  });
});

describe("matchRank", () => {
  const c = connection(1, { name: "dx-eirdb1-278", location: "EIrDB1", region: "eu-west-1" });
  const parents = new Map([[c.id, c.name]]);
  const v = vif(4, c.id, {
    name: "prod-private",
    vlan: 104,
    region: "eu-west-1",
    location: "EIrDB1",
    account: "network",
    ownerAlias: "workload",
    ownerAccount: "222222222222",
    visibleTo: ["network", "workload"],
    bgpPeers: [peer(1, { asn: 65010, bgpStatus: "down" }), peer(2, { asn: 65011 })],
  });
  const item = { facets: interfaceFacets(v, parents), terms: interfaceTerms(v) };
  const rank = (q: string) => matchRank(parsed(q), item);

  it("matches an interface on every qualifier it has, with AND between them", () => {
    expect(rank("vlan:104")).toBe(0);
    expect(rank("vlan:104 conn:dx-eirdb1-278")).toBe(0);
    expect(rank(`conn:${c.id}`)).toBe(0);
    expect(rank("vlan:104 region:eu-west-1 account:workload location:eirdb1 type:private")).toBe(0);
    expect(rank("account:222222222222")).toBe(0);
    expect(rank("vlan:104 region:us-east-1")).toBeNull();
    expect(rank("vlan:105")).toBeNull();
    // Exact values: a part of a connection's name is not it.
    expect(rank("conn:dx-eirdb1")).toBeNull();
  });

  it("takes any of a qualifier's values", () => {
    expect(rank("region:us-east-1,eu-west-1")).toBe(0);
    expect(rank("vlan:1 vlan:104")).toBe(0);
  });

  it("matches state: on the interface's own state or its peers' sessions", () => {
    expect(rank("state:available")).toBe(0);
    expect(rank("state:down")).toBe(0);
    expect(rank("state:confirming")).toBeNull();
  });

  it("matches asn: on the customer's, Amazon's or a peer's ASN", () => {
    expect(rank("asn:65011")).toBe(0);
    expect(rank("asn:64512")).toBe(0);
    expect(rank("asn:1")).toBeNull();
  });

  it("keeps free text's meaning beside qualifiers: exact first, then a part", () => {
    expect(rank("prod-private vlan:104")).toBe(0);
    expect(rank("prod vlan:104")).toBe(1);
    expect(rank("staging vlan:104")).toBeNull();
  });

  it("gives a peer its interface's place and its own ASN and state", () => {
    const p = v.bgpPeers[0]!;
    const of = (q: string) =>
      matchRank(parsed(q), { facets: peerFacets(p, v, parents), terms: peerTerms(p) });
    expect(of("vlan:104 conn:dx-eirdb1-278 state:down asn:65010")).toBe(0);
    expect(of("asn:65011")).toBeNull();
    expect(of("type:peer")).toBe(0);
  });

  it("excludes a kind that lacks a qualifier", () => {
    const l = lag(1);
    expect(matchRank(parsed("vlan:104"), { facets: {}, terms: [l.id] })).toBeNull();
    expect(matchRank(parsed("type:lag"), { facets: { type: ["lag"] }, terms: [l.id] })).toBe(0);
    expect(
      matchRank(parsed("vlan:104"), { facets: connectionFacets(c), terms: [c.id] }),
    ).toBeNull();
  });
});

describe("findNodes with qualifiers", () => {
  const c1 = connection(1, { name: "dx-eirdb1-278", region: "eu-west-1" });
  const c2 = connection(2, { name: "dx-eqdc2-1", region: "us-east-1" });
  const west = vif(1, c1.id, { name: "app-west", vlan: 104, region: "eu-west-1" });
  const east = vif(2, c2.id, { name: "app-east", vlan: 104, region: "us-east-1" });
  const g = buildGraph(topology({ connections: [c1, c2], virtualInterfaces: [west, east] }));

  it("narrows by VLAN and region, and by connection name, on the map's nodes", () => {
    expect(findNodes(g.nodes, "vlan:104 region:eu-west-1")[0]?.id).toBe(west.id);
    expect(findNodes(g.nodes, "vlan:104 conn:dx-eqdc2-1")[0]?.id).toBe(east.id);
    expect(
      findNodes(g.nodes, "vlan:104 type:interface")
        .map((n) => n.id)
        .sort(),
    ).toEqual([west.id, east.id].sort());
    expect(findNodes(g.nodes, "type:connection region:us-east-1").map((n) => n.id)).toEqual([
      c2.id,
    ]);
  });

  it("lands on an interface rather than on it and then its peers", () => {
    const withPeers = buildGraph(
      topology({
        connections: [c1],
        virtualInterfaces: [{ ...west, bgpPeers: [peer(1), peer(2, { bgpStatus: "down" })] }],
      }),
    );
    expect(findNodes(withPeers.nodes, "vlan:104").map((n) => n.id)).toEqual([west.id]);
    // A peer the interface does not match through stays: type:peer is the peers'.
    expect(findNodes(withPeers.nodes, "vlan:104 type:peer")).toHaveLength(2);
  });

  it("finds nothing for a query that does not parse", () => {
    expect(findNodes(g.nodes, "foo:bar")).toEqual([]);
  });
});
