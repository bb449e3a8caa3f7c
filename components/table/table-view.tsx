"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useMemo, useRef, type ReactNode } from "react";

import { count } from "@/lib/dx/format";
import type { DxTopology } from "@/lib/dx/types";
import {
  COLUMNS,
  sortRows,
  tableRows,
  TABLE_KINDS,
  toCsv,
  type Column,
  type InterfaceRow,
  type PeerRow,
  type SortDirection,
  type TableKind,
  type TableRow,
} from "@/lib/topology/table";

import { LoadError } from "../load-error";
import { ScopeFilters, StateSelect } from "../graph/filters";
import { ReadErrorsNotice } from "../read-errors-notice";
import { StateBadge } from "../state-badge";
import { useTopology } from "../use-topology";
import { DownloadCsvButton } from "./download-csv";
import { QuerySearch, useQueryText } from "./query-search";
import { ariaSort, nextSort, SortButton } from "./sort-button";
import { useTableState } from "./use-table-state";
import { OnMap } from "../on-map-link";

// Every interface, connection and LAG, or BGP peer of the estate as one table: the map's filters and
// search (the same URL), sorted by a column, downloadable as CSV. Only the rows in view (and a few
// either side) are in the DOM: at L that is ~40 rows of 5,000, so scrolling costs what a short table
// costs. @tanstack/react-virtual does the windowing; rows have one fixed height, so nothing is measured.

const ROW_HEIGHT = 36;
const OVERSCAN = 12;

const KIND_LABEL: Record<TableKind, string> = {
  interfaces: "Interfaces",
  connections: "Connections & LAGs",
  peers: "BGP peers",
};
const NOUN: Record<TableKind, [string, string]> = {
  interfaces: ["interface", "interfaces"],
  connections: ["connection or LAG", "connections and LAGs"],
  peers: ["BGP peer", "BGP peers"],
};

/** Column widths (px): every row is laid out alike, so the header lines up without a table layout pass. */
const WIDTHS: Record<string, number> = {
  name: 170,
  id: 130,
  type: 84,
  state: 112,
  vlan: 60,
  connection: 140,
  location: 90,
  region: 100,
  owner: 100,
  asn: 76,
  gateway: 150,
  bgp: 110,
  mtu: 56,
  bandwidth: 96,
  account: 100,
  ownerAccount: 120,
  lag: 150,
  partner: 120,
  interfaces: 96,
  interface: 170,
  bgpStatus: 100,
  family: 64,
  amazonAddress: 170,
  customerAddress: 170,
  authKey: 84,
};
/** Where a kind's column needs other room: "hosted connection", a peer's id. */
const WIDER: Partial<Record<TableKind, Record<string, number>>> = {
  connections: { type: 136, name: 200, id: 150 },
  peers: { id: 150 },
};
const widthOf = (kind: TableKind, key: string) => WIDER[kind]?.[key] ?? WIDTHS[key] ?? 120;

const empty = <span className="text-muted">—</span>;

/** An interface's sessions: the worst as a badge, and how many (down of all, when some are down). */
function BgpCell({ row }: { row: InterfaceRow }) {
  const { up, down, other } = row.bgp;
  if (up + down + other === 0) return <span className="text-muted">no peers</span>;
  const worst = down > 0 ? "down" : other > 0 ? "unknown" : "up";
  return (
    <span className="flex items-center gap-1.5">
      <StateBadge state={worst} label="BGP" />
      <span className="text-xs text-muted tabular-nums">
        {down > 0 ? `${down}/${up + down + other}` : `${up + other}`}
      </span>
    </span>
  );
}

function cellOf(row: TableRow, column: Column<TableRow>): ReactNode {
  switch (column.key) {
    case "name":
      return (
        <OnMap className="font-medium text-accent" id={row.id}>
          {row.kind === "peers" ? row.id : row.name || row.id}
        </OnMap>
      );
    case "id":
      return row.kind === "peers" ? (
        <OnMap className="font-medium text-accent" id={row.id}>
          {row.id}
        </OnMap>
      ) : (
        <span className="font-mono text-xs">{row.id}</span>
      );
    case "interface": {
      const p = row as PeerRow;
      return (
        <OnMap className="font-medium text-accent" id={p.interfaceId}>
          {p.interfaceName || p.interfaceId}
        </OnMap>
      );
    }
    case "state":
      return <StateBadge state={row.state} />;
    case "bgpStatus":
      return <StateBadge state={(row as PeerRow).bgpStatus} label="BGP" />;
    case "bgp":
      return <BgpCell row={row as InterfaceRow} />;
  }
  const value = column.value(row);
  return value === null || value === "" ? empty : String(value);
}

const Row = memo(function Row({
  row,
  index,
  start,
  columns,
}: {
  row: TableRow;
  index: number;
  start: number;
  columns: Column<TableRow>[];
}) {
  return (
    <tr
      aria-rowindex={index + 2}
      data-testid="table-row"
      data-id={row.id}
      className="absolute top-0 left-0 flex w-full border-b border-border bg-background hover:bg-surface-muted"
      // Contained: a row coming or going lays out itself only, not the table.
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)`, contain: "strict" }}
    >
      {columns.map((c) => (
        <td
          key={c.key}
          className={`flex shrink-0 items-center truncate px-2 text-sm ${c.numeric ? "justify-end tabular-nums" : ""}`}
          style={{ width: widthOf(row.kind, c.key) }}
        >
          <span className="truncate">{cellOf(row, c)}</span>
        </td>
      ))}
    </tr>
  );
});

function HeaderCell({
  column,
  kind,
  sort,
  dir,
  onSort,
}: {
  column: Column<TableRow>;
  kind: TableKind;
  sort: string;
  dir: SortDirection;
  onSort: (key: string) => void;
}) {
  const sorted = sort === column.key;
  return (
    <th
      scope="col"
      aria-sort={ariaSort(sorted, dir)}
      className="flex shrink-0"
      style={{ width: widthOf(kind, column.key) }}
    >
      <SortButton
        label={column.label}
        numeric={column.numeric}
        sorted={sorted}
        dir={dir}
        onSort={() => onSort(column.key)}
      />
    </th>
  );
}

/**
 * The scrolling table: header and the rows in view. A component of its own, so that scrolling
 * (which re-renders it through the virtualizer) leaves the toolbar and its inputs alone.
 */
const Grid = memo(function Grid({
  kind,
  rows,
  columns,
  sort,
  dir,
  onSort,
}: {
  kind: TableKind;
  rows: TableRow[];
  columns: Column<TableRow>[];
  sort: string;
  dir: SortDirection;
  onSort: (key: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // A key that is the same function while the rows are: the virtualizer recomputes every row's
  // position when it changes.
  const getItemKey = useCallback((index: number) => rows[index]!.id, [rows]);
  // The React Compiler is not used (next.config.mjs): the virtualizer re-renders this component as it scrolls.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey,
  });
  const width = columns.reduce((w, c) => w + widthOf(kind, c.key), 0);
  return (
    <div
      ref={scrollRef}
      id="table-panel"
      role="tabpanel"
      aria-label={KIND_LABEL[kind]}
      data-testid="table-scroll"
      className="relative min-h-0 flex-1 overflow-auto"
    >
      <table
        aria-rowcount={rows.length + 1}
        aria-label={`${KIND_LABEL[kind]}: ${count(rows.length)} rows`}
        className="grid"
        style={{ width, minWidth: "100%" }}
      >
        <thead className="sticky top-0 z-10 grid border-b border-border bg-surface">
          <tr aria-rowindex={1} className="flex w-full">
            {columns.map((c) => (
              <HeaderCell
                key={c.key}
                column={c}
                kind={kind}
                sort={sort}
                dir={dir}
                onSort={onSort}
              />
            ))}
          </tr>
        </thead>
        <tbody className="relative grid" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => (
            <Row
              key={item.key}
              row={rows[item.index]!}
              index={item.index}
              start={item.start}
              columns={columns}
            />
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? (
        <p className="p-8 text-center text-muted">No {NOUN[kind][1]} match these filters.</p>
      ) : null}
    </div>
  );
});

/** The states the rows of a kind are in (and their sessions'), for the state filter's choices. */
function statesOf(topology: DxTopology, kind: TableKind): string[] {
  const states = new Set<string>();
  if (kind === "connections") {
    for (const c of topology.connections) states.add(c.state);
    for (const l of topology.lags) states.add(l.state);
  } else
    for (const v of topology.virtualInterfaces) {
      if (kind === "interfaces") states.add(v.state);
      for (const p of v.bgpPeers) {
        states.add(p.bgpStatus);
        if (kind === "peers") states.add(p.state);
      }
    }
  return [...states].sort();
}

function Table({ topology: arrived }: { topology: DxTopology }) {
  // A poll that finds the estate unchanged hands on a new topology object around the same lists
  // (use-topology.ts): the rows are built again only when a list is new.
  const topology = useMemo(
    () => arrived,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- by its lists, not by the object
    [
      arrived.connections,
      arrived.lags,
      arrived.virtualInterfaces,
      arrived.directConnectGateways,
      arrived.accounts,
      arrived.regions,
      arrived.errors,
    ],
  );
  const [state, update] = useTableState();
  const { text, setText, parsed, query } = useQueryText(state.q);
  const filter = useMemo(
    () => ({
      accounts: state.accounts,
      regions: state.regions,
      states: state.states,
      types: state.types,
    }),
    [state.accounts, state.regions, state.states, state.types],
  );
  const columns = COLUMNS[state.kind] as Column<TableRow>[];
  const all = useMemo(
    () => tableRows(topology, state.kind, filter, query) as TableRow[],
    [topology, state.kind, filter, query],
  );
  const sortColumn = columns.find((c) => c.key === state.sort);
  const rows = useMemo(
    () => (sortColumn ? sortRows(all, sortColumn, state.dir) : all),
    [all, sortColumn, state.dir],
  );
  const total = useMemo(
    () =>
      state.kind === "interfaces"
        ? topology.virtualInterfaces.length
        : state.kind === "connections"
          ? topology.connections.length + topology.lags.length
          : topology.virtualInterfaces.reduce((n, v) => n + v.bgpPeers.length, 0),
    [topology, state.kind],
  );
  const states = useMemo(() => statesOf(topology, state.kind), [topology, state.kind]);

  const onSort = useCallback(
    (key: string) => update(nextSort({ sort: state.sort, dir: state.dir }, key)),
    [update, state.sort, state.dir],
  );
  const [one, many] = NOUN[state.kind];
  const filtered =
    state.accounts.length + state.regions.length + state.states.length + state.types.length > 0;

  return (
    <>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 border-b border-border bg-surface px-4 py-2">
        <div role="tablist" aria-label="What to list" className="flex gap-1">
          {TABLE_KINDS.map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              aria-selected={state.kind === k}
              aria-controls="table-panel"
              onClick={() => update({ kind: k })}
              className="rounded-md px-2.5 py-1 text-sm font-medium hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-accent aria-selected:bg-accent aria-selected:text-white dark:aria-selected:text-slate-950"
            >
              {KIND_LABEL[k]}
            </button>
          ))}
        </div>
        <QuerySearch
          id="table-search"
          label="Filter by id, name, VLAN, ASN or address, and qualifiers"
          placeholder="vlan:104 region:eu-west-1 prod"
          title="Id, name, VLAN, ASN or address, narrowed by vlan:, conn:, asn:, state:, account:, region:, location:, type:"
          statusId="table-search-status"
          invalid={!parsed.ok}
          value={text}
          onChange={(value) => {
            setText(value);
            update({ q: value });
          }}
          className="w-72 border-border bg-background"
        />
        <ScopeFilters
          accounts={topology.accounts.map((a) => a.alias)}
          regions={topology.regions}
          chosen={state}
          update={update}
        />
        <StateSelect
          chosen={state.states}
          states={states}
          onChange={(states) => update({ states })}
        />
        {filtered ? (
          <button
            type="button"
            onClick={() => update({ accounts: [], regions: [], states: [], types: [] })}
            className="rounded-md px-2 py-1 text-sm text-accent underline-offset-2 hover:underline focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
          >
            Clear filters
          </button>
        ) : null}
        <div className="ml-auto flex items-center gap-3">
          <p
            id="table-search-status"
            role="status"
            data-testid="table-count"
            className={
              parsed.ok ? "text-sm text-muted" : "text-sm text-rose-700 dark:text-rose-300"
            }
          >
            {parsed.ok
              ? rows.length === total
                ? `${count(total)} ${total === 1 ? one : many}`
                : `${count(rows.length)} of ${count(total)} ${many}`
              : parsed.error}
          </p>
          <DownloadCsvButton
            what={state.kind}
            disabled={rows.length === 0}
            csv={() => toCsv(columns, rows)}
          />
        </div>
      </div>
      {topology.errors.length > 0 ? (
        <div className="border-b border-border px-4 py-2">
          <ReadErrorsNotice errors={topology.errors} compact />
        </div>
      ) : null}
      <Grid
        kind={state.kind}
        rows={rows}
        columns={columns}
        sort={sortColumn ? state.sort : ""}
        dir={state.dir}
        onSort={onSort}
      />
    </>
  );
}

/** The estate as a table (/table): interfaces, connections and LAGs, or BGP peers. */
export function TableView() {
  const { data, error, isFetching, refetch } = useTopology();
  return (
    <main className="flex h-[calc(100vh-3.5rem)] flex-col">
      <h1 className="sr-only">Direct Connect resources as a table</h1>
      {data ? (
        <Table topology={data} />
      ) : error ? (
        <LoadError
          what="The topology"
          message={error.message}
          retrying={isFetching}
          onRetry={() => void refetch()}
          className="m-8"
        />
      ) : (
        <p role="status" className="p-8 text-muted">
          Loading the Direct Connect topology…
        </p>
      )}
    </main>
  );
}
