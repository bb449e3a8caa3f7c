import { describe, expect, it } from "vitest";

import {
  APPROVAL_COLUMNS,
  APPROVAL_CSV_COLUMNS,
  approvalRows,
  approvalsSlice,
  selectAllState,
  selectedOf,
  toggleAll,
} from "./approvals";
import { connection, lag, topology, vif } from "./fixtures";
import { awaitingAcceptance } from "@/lib/dx/rules/approvals";
import { parseQuery, type SearchQuery } from "./query";
import { sortRows, toCsv } from "./table";

const q = (input: string): SearchQuery => {
  const r = parseQuery(input);
  if (!r.ok) throw new Error(r.error);
  return r.query;
};
const ALL = { accounts: [], regions: [], types: [] };

const main = connection(1, { name: "dx-eqdc2-primary" });
const west = connection(2, { name: "dx-eirdb1-278", region: "eu-west-1" });
const allocated = (i: number, c: typeof main, over: Parameters<typeof vif>[2] = {}) =>
  vif(i, c.id, {
    state: "confirming",
    account: "workload",
    ownerAlias: "workload",
    ownerAccount: "222222222222",
    visibleTo: ["network", "workload"],
    region: c.region,
    ...over,
  });
const app = allocated(1, main, { name: "workload-app", vlan: 210 });
const transit = allocated(2, main, { name: "workload-transit", type: "transit", vlan: 104 });
const far = allocated(3, west, { name: "analytics-feed", vlan: 330 });
const estate = topology({
  connections: [main, west],
  virtualInterfaces: [
    app,
    transit,
    far,
    vif(4, main.id, { name: "prod-private" }), // available: not listed
    allocated(5, main, { name: "unowned", ownerAlias: null, ownerAccount: "999999999999" }),
  ],
});
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe("approvalRows", () => {
  it("lists the interfaces waiting for a configured account, by name, with who allocated them", () => {
    const rows = approvalRows(estate, ALL, q(""));
    expect(ids(rows)).toEqual([far.id, app.id, transit.id]);
    expect(rows[1]).toMatchObject({
      allocatedBy: "network",
      owner: "workload",
      connectionName: "dx-eqdc2-primary",
      connectionId: main.id,
    });
  });

  it("narrows by the map's filters and the search's qualifiers", () => {
    expect(ids(approvalRows(estate, { ...ALL, regions: ["eu-west-1"] }, q("")))).toEqual([far.id]);
    expect(ids(approvalRows(estate, { ...ALL, types: ["transit"] }, q("")))).toEqual([transit.id]);
    expect(ids(approvalRows(estate, ALL, q("conn:dx-eqdc2-primary vlan:210")))).toEqual([app.id]);
    expect(ids(approvalRows(estate, ALL, q("workload")))).toEqual([app.id, transit.id]);
  });

  it("keeps an interface approved a moment ago, whatever its state", () => {
    const later = topology({
      ...estate,
      virtualInterfaces: [{ ...app, state: "pending" }, transit, far],
    });
    expect(ids(approvalRows(later, ALL, q("")))).toEqual([far.id, transit.id]);
    expect(ids(approvalRows(later, ALL, q(""), new Set([app.id])))).toEqual([
      far.id,
      app.id,
      transit.id,
    ]);
  });

  it("sorts by any column, and writes the rows shown as CSV with their ids", () => {
    const rows = approvalRows(estate, ALL, q(""));
    const vlan = APPROVAL_COLUMNS.find((c) => c.key === "vlan")!;
    expect(ids(sortRows(rows, vlan, "asc"))).toEqual([transit.id, app.id, far.id]);
    const region = APPROVAL_COLUMNS.find((c) => c.key === "region")!;
    expect(ids(sortRows(rows, region, "desc"))).toEqual([app.id, transit.id, far.id]);
    const csv = toCsv(APPROVAL_CSV_COLUMNS, sortRows(rows, vlan, "asc")).split("\r\n");
    expect(csv[0]).toBe(
      "Interface,Interface id,Type,VLAN,Allocated by,Owner,Owner account,Connection,Connection id,Region,State",
    );
    expect(csv[1]).toBe(
      `workload-transit,${transit.id},transit,104,network,workload,222222222222,dx-eqdc2-primary,${main.id},us-east-1,confirming`,
    );
    expect(csv).toHaveLength(5); // header, three rows, and the last line's end
  });
});

describe("selection", () => {
  const listed = ["a", "b", "c"];

  it("counts only what is listed and selectable", () => {
    expect(selectedOf(listed, new Set(["c", "a", "hidden"]))).toEqual(["a", "c"]);
  });

  it("selects every listed one, or clears them when all are, leaving hidden ones alone", () => {
    const some = new Set(["a", "hidden"]);
    expect(selectAllState(listed, some)).toBe("some");
    const all = toggleAll(listed, some);
    expect([...all].sort()).toEqual(["a", "b", "c", "hidden"]);
    expect(selectAllState(listed, all)).toBe("all");
    expect([...toggleAll(listed, all)]).toEqual(["hidden"]);
    expect(selectAllState(listed, new Set())).toBe("none");
    expect(selectAllState([], new Set())).toBe("none");
  });
});

describe("approvalsSlice", () => {
  const bundle = lag(1, { name: "lag-west", region: "eu-west-1" });
  const member = connection(7, { lagId: bundle.id, region: "eu-west-1" });
  const ordered = connection(8, { name: "partner-hosted", state: "ordering" });
  const unrelated = connection(9, { name: "other" });
  const onLag = allocated(6, member, { name: "on-the-lag", connectionId: bundle.id });
  const whole = {
    ...estate,
    connections: [...estate.connections, member, ordered, unrelated],
    lags: [bundle],
    virtualInterfaces: [...estate.virtualInterfaces, onLag],
  };
  const slice = approvalsSlice(whole);

  it("lists the same rows as the whole topology, whatever the filters and the query", () => {
    for (const [filter, query] of [
      [ALL, ""],
      [{ ...ALL, regions: ["eu-west-1"] }, ""],
      [{ ...ALL, types: ["transit"] }, ""],
      [ALL, "conn:dx-eqdc2-primary"],
      [ALL, "vlan:330"],
    ] as const) {
      // The same rows, each with the same interface (the slice keeps the interfaces themselves).
      expect(approvalRows(slice, filter, q(query))).toEqual(approvalRows(whole, filter, q(query)));
    }
    expect(awaitingAcceptance(slice)).toEqual([ordered]);
  });

  it("keeps only what waits and what it stands on", () => {
    expect(slice.virtualInterfaces.map((v) => v.name).sort()).toEqual(
      ["analytics-feed", "on-the-lag", "workload-app", "workload-transit"].sort(),
    );
    expect(slice.connections.map((c) => c.id).sort()).toEqual(
      [main.id, west.id, member.id, ordered.id].sort(),
    );
    expect(slice.lags).toEqual([bundle]);
    expect(slice.accounts).toEqual(whole.accounts);
    expect(slice.errors).toEqual(whole.errors);
  });
});
