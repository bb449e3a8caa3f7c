// The Approvals page's list: the interfaces waiting for a configured account to approve them, narrowed
// by the table's filters and the search's qualifiers (the same URL names, the same meaning), sorted by
// a column, written as CSV, and what "select all" and the selection count mean over it. No React, so
// each is tested on its own; the rules of approving itself are lib/dx/rules/approvals.ts's.
import {
  allocatingAccount,
  awaitsAcceptance,
  byNameAndRegion,
  connectionOf,
  waitsForApproval,
} from "@/lib/dx/rules/approvals";
import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";

import type { SearchQuery } from "./query";
import { tableRows, type Column, type TableFilter } from "./table";

export interface ApprovalRow {
  id: string;
  name: string;
  type: string;
  vlan: number | null;
  /** The account that allocated it: its connection's owner. */
  allocatedBy: string;
  /** The owner, who approves it: its alias. */
  owner: string;
  ownerAccount: string;
  connectionId: string | null;
  connectionName: string | null;
  region: string;
  state: string;
  resource: DxVirtualInterface;
}

/** The filters the list takes: the table's, but for state (every row waits for approval). */
export type ApprovalFilter = Omit<TableFilter, "states">;

/**
 * The interfaces waiting for approval that the filters and the query keep, by name and region (the
 * list's order before any column is chosen), and those in `kept` whatever their state: an interface
 * approved a moment ago stays listed until its new state has been seen.
 */
export function approvalRows(
  topology: DxTopology,
  filter: ApprovalFilter,
  query: SearchQuery,
  kept: ReadonlySet<string> = new Set(),
): ApprovalRow[] {
  // The table's rows narrow as the map's search does (scoped by account and region, matched by the
  // qualifiers): the list is those rows of interfaces that wait, not a second matcher.
  return tableRows(topology, "interfaces", { ...filter, states: [] }, query)
    .filter((r) => waitsForApproval(r.resource) || kept.has(r.id))
    .map((r) => r.resource)
    .sort(byNameAndRegion)
    .map((v) => {
      const connection = connectionOf(topology, v);
      return {
        id: v.id,
        name: v.name,
        type: v.type,
        vlan: v.vlan,
        allocatedBy: allocatingAccount(topology, v),
        owner: v.ownerAlias ?? v.account,
        ownerAccount: v.ownerAccount,
        connectionId: v.connectionId,
        connectionName: connection?.name || null,
        region: v.region,
        state: v.state,
        resource: v,
      };
    });
}

/** The list's columns, as shown and sorted; the interface column sorts by name, then region and id. */
export const APPROVAL_COLUMNS: Column<ApprovalRow>[] = [
  { key: "name", label: "Interface", value: (r) => r.name || r.id },
  { key: "type", label: "Type", value: (r) => r.type },
  { key: "vlan", label: "VLAN", value: (r) => r.vlan, numeric: true },
  { key: "allocatedBy", label: "Allocated by", value: (r) => r.allocatedBy },
  { key: "owner", label: "Owner", value: (r) => r.owner },
  { key: "connection", label: "Connection", value: (r) => r.connectionName ?? r.connectionId },
  { key: "region", label: "Region", value: (r) => r.region },
  { key: "state", label: "State", value: (r) => r.state },
];

/** The CSV's columns: the ids the screen shows under the names get columns of their own. */
export const APPROVAL_CSV_COLUMNS: Column<ApprovalRow>[] = [
  { key: "name", label: "Interface", value: (r) => r.name },
  { key: "id", label: "Interface id", value: (r) => r.id },
  { key: "type", label: "Type", value: (r) => r.type },
  { key: "vlan", label: "VLAN", value: (r) => r.vlan, numeric: true },
  { key: "allocatedBy", label: "Allocated by", value: (r) => r.allocatedBy },
  { key: "owner", label: "Owner", value: (r) => r.owner },
  { key: "ownerAccount", label: "Owner account", value: (r) => r.ownerAccount },
  { key: "connection", label: "Connection", value: (r) => r.connectionName },
  { key: "connectionId", label: "Connection id", value: (r) => r.connectionId },
  { key: "region", label: "Region", value: (r) => r.region },
  { key: "state", label: "State", value: (r) => r.state },
];

// Selection. Only what is listed can be selected and approved: a selected interface that a filter
// hides, or that left the list, is not approved with the others unseen.

/** The ids selected among those listed and still selectable, in the list's order. */
export function selectedOf(selectable: readonly string[], selected: ReadonlySet<string>): string[] {
  return selectable.filter((id) => selected.has(id));
}

/** "Select all": every listed selectable id, or none when they all are already. */
export function toggleAll(
  selectable: readonly string[],
  selected: ReadonlySet<string>,
): Set<string> {
  const all = selectable.length > 0 && selectable.every((id) => selected.has(id));
  const next = new Set(selected);
  for (const id of selectable) {
    if (all) next.delete(id);
    else next.add(id);
  }
  return next;
}

/** The header checkbox: checked when every listed one is, mixed when some are. */
export function selectAllState(
  selectable: readonly string[],
  selected: ReadonlySet<string>,
): "none" | "some" | "all" {
  const n = selectedOf(selectable, selected).length;
  return n === 0 ? "none" : n === selectable.length ? "all" : "some";
}

/**
 * What the Approvals page's two lists are made of, cut from a whole topology: the interfaces waiting
 * for approval with their connections and LAGs (and any gateway one names), the hosted connections
 * waiting for acceptance, and the accounts, regions, locations and read errors. The page is rendered
 * on the server with it, so that its rows are there as the HTML arrives; across 200 accounts the
 * whole topology is tens of megabytes, this a few hundred kilobytes. Approving needs the owners'
 * gateways: the page's buttons wait for the whole topology, read in the browser.
 */
export function approvalsSlice(topology: DxTopology): DxTopology {
  const virtualInterfaces = topology.virtualInterfaces.filter(waitsForApproval);
  const parents = new Set(virtualInterfaces.map((v) => v.connectionId));
  const gateways = new Set(
    virtualInterfaces.flatMap((v) => [v.directConnectGatewayId, v.virtualGatewayId]),
  );
  return {
    readAt: topology.readAt,
    backend: topology.backend,
    accounts: topology.accounts,
    regions: topology.regions,
    connections: topology.connections.filter(
      (c) => awaitsAcceptance(c) || parents.has(c.id) || (c.lagId !== null && parents.has(c.lagId)),
    ),
    lags: topology.lags.filter((l) => parents.has(l.id)),
    virtualInterfaces,
    directConnectGateways: topology.directConnectGateways.filter((g) => gateways.has(g.id)),
    directConnectGatewayAssociations: [],
    virtualGateways: topology.virtualGateways.filter((g) => gateways.has(g.id)),
    locations: topology.locations,
    errors: topology.errors,
  };
}
