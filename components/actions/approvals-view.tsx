"use client";

import { useCallback, useMemo, useState, type ReactNode } from "react";

import { count } from "@/lib/dx/format";
import type { DxConnection, DxTopology, DxVirtualInterface } from "@/lib/dx/types";
import { awaitingAcceptance, waitsForApproval } from "@/lib/dx/rules/approvals";
import {
  APPROVAL_COLUMNS,
  APPROVAL_CSV_COLUMNS,
  approvalRows,
  selectAllState,
  selectedOf,
  toggleAll,
  type ApprovalRow,
} from "@/lib/topology/approvals";
import { sortRows, toCsv } from "@/lib/topology/table";

import { ScopeFilters } from "../graph/filters";
import { LoadError } from "../load-error";
import { OnMap } from "../on-map-link";
import { ReadErrorsNotice } from "../read-errors-notice";
import { StateBadge } from "../state-badge";
import { DownloadCsvButton } from "../table/download-csv";
import { QuerySearch, useQueryText } from "../table/query-search";
import { ariaSort, nextSort, SortButton } from "../table/sort-button";
import { useProgressiveCount } from "../use-progressive";
import { useTopology } from "../use-topology";
import { ApproveInterfaceButton, approvedMarkerId } from "./approve-interface-dialog";
import { ApproveSelectedButton } from "./approve-interfaces-dialog";
import { HostedConnectionActions } from "./hosted-connection-dialog";
import { buttonClass, errorTextClass } from "./styles";
import { useApprovalsState } from "./use-approvals-state";
import { AT_ONCE, useBulkApproval, type ApprovalOutcome } from "./use-bulk-approval";
import { useCanMutate } from "./use-can-mutate";

// The muted token reads 4.4:1 on the page background (it is made for surfaces): text placed straight on
// the background uses a darker grey to keep AA.
const onBackground = "text-slate-600 dark:text-slate-400";

const nameOf = (vif: DxVirtualInterface) => vif.name || vif.id;

/** How long an approved interface stays listed, so its move to pending is seen. */
const KEEP_APPROVED_MS = 15_000;
const APPROVALS_HEADING_ID = "approvals-heading";
const PROGRESS_ID = "approvals-progress";
const HOSTED_HEADING_ID = "hosted-connections-heading";
/** The cells' side padding: narrower below 1280 px, where every column must still fit. */
const CELL_X = "px-2 xl:px-4";
/**
 * A table wider than its box (a narrower window still, long names) scrolls inside the box, which
 * shows that it does: shadows at the edges with more beyond them, and a scrollbar that stays in
 * sight where the system hides them until used (app/globals.css). Positioned, so that the buttons'
 * screen-reader text (absolute, sr-only) is clipped with them: placed by the page instead, it lay
 * past the window's edge and made the whole page scroll sideways.
 */
const TABLE_BOX =
  "dx-scroll-x relative overflow-x-auto rounded-xl border border-border bg-surface shadow-sm";

/** A table in its box, which scrolls sideways when the table is wider (TABLE_BOX says how). */
function BoxedTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className={TABLE_BOX}>
      <table className="min-w-full divide-y divide-border text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

/** What a list says in place of its table when it has no rows. */
function EmptyNote({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-xl border border-border bg-surface px-4 py-8 text-center text-sm text-muted shadow-sm">
      {children}
    </p>
  );
}

function HeaderCell({
  children,
  align = "left",
  sorted,
}: {
  children: ReactNode;
  align?: "left" | "right";
  /** For a sortable column: how the rows are sorted by it. */
  sorted?: ReturnType<typeof ariaSort>;
}) {
  return (
    <th
      scope="col"
      aria-sort={sorted}
      className={`${sorted ? "" : `${CELL_X} py-2.5`} ${align === "right" ? "text-right" : "text-left"} align-bottom text-xs font-semibold tracking-wide text-muted uppercase`}
    >
      {children}
    </th>
  );
}

/**
 * A cell keeps to one line unless told otherwise (`wraps`): ids, accounts, states and buttons are
 * never broken; names may wrap, so that the table fits a 1024 px window whole, its action column
 * included (a table's columns shrink to their widest unbreakable line before the table overflows).
 */
function Cell({
  children,
  className = "",
  wraps = false,
}: {
  children: ReactNode;
  className?: string;
  wraps?: boolean;
}) {
  return (
    <td className={`${CELL_X} py-3 align-top ${wraps ? "" : "whitespace-nowrap"} ${className}`}>
      {children}
    </td>
  );
}

/** A name over its id: the name wraps (at its hyphens first), the id stays whole on its line. */
function Stacked({ main, sub }: { main: ReactNode; sub: ReactNode }) {
  return (
    <div className="leading-tight">
      <div className="font-medium wrap-anywhere">{main}</div>
      <div className="font-mono text-xs whitespace-nowrap text-muted">{sub}</div>
    </div>
  );
}

/** The checkbox cell: narrow, its box level with the first line of the row. */
function CheckCell({ children, header = false }: { children: ReactNode; header?: boolean }) {
  const className = "w-px py-3 pr-0 pl-2 align-top xl:pl-4";
  return header ? (
    <th scope="col" className={`${className} align-bottom`}>
      {children}
    </th>
  ) : (
    <td className={className}>{children}</td>
  );
}

const checkboxClass = "size-4 accent-accent";

/** The header's "select all listed": checked when all are, mixed when some are. */
function SelectAll({
  state,
  listed,
  onToggle,
}: {
  state: "none" | "some" | "all";
  listed: number;
  onToggle: () => void;
}) {
  return (
    <input
      type="checkbox"
      className={checkboxClass}
      aria-label={`Select all ${count(listed)} listed`}
      disabled={listed === 0}
      checked={state === "all"}
      ref={(el) => {
        if (el) el.indeterminate = state === "some";
      }}
      onChange={onToggle}
    />
  );
}

function ApprovalRow({
  row,
  vif,
  topology,
  canMutate,
  approved,
  outcome,
  selected,
  selectable,
  onSelect,
  onApproved,
  columns,
}: {
  row: ApprovalRow;
  /** The interface as last known: as the approval returned it until a read shows it. */
  vif: DxVirtualInterface;
  topology: DxTopology;
  canMutate: boolean;
  approved: boolean;
  outcome: ApprovalOutcome | undefined;
  selected: boolean;
  selectable: boolean;
  onSelect: (id: string, selected: boolean) => void;
  onApproved: (resource: DxVirtualInterface) => void;
  columns: number;
}) {
  const said = outcome?.status === "refused" || outcome?.status === "not sent" ? outcome : null;
  return (
    // A body per interface: its row, and under it what became of its approval, across the columns.
    <tbody data-testid={`approval-${vif.id}`}>
      <tr>
        {canMutate ? (
          <CheckCell>
            <input
              type="checkbox"
              className={checkboxClass}
              aria-label={`Select ${nameOf(vif)} (${vif.region})`}
              checked={selected && selectable}
              disabled={!selectable}
              onChange={(e) => onSelect(vif.id, e.target.checked)}
            />
          </CheckCell>
        ) : null}
        <Cell wraps>
          <Stacked main={<OnMap id={vif.id}>{nameOf(vif)}</OnMap>} sub={vif.id} />
        </Cell>
        <Cell className="capitalize">{vif.type}</Cell>
        <Cell className="text-right tabular-nums">{vif.vlan ?? "—"}</Cell>
        <Cell>{row.allocatedBy}</Cell>
        <Cell wraps>
          <Stacked main={row.owner} sub={vif.ownerAccount} />
        </Cell>
        <Cell wraps>
          {row.connectionId ? (
            <Stacked main={row.connectionName ?? row.connectionId} sub={row.connectionId} />
          ) : (
            "—"
          )}
        </Cell>
        <Cell>{vif.region}</Cell>
        <Cell>
          <StateBadge state={vif.state} />
        </Cell>
        {canMutate ? (
          <Cell>
            {approved ? (
              <span
                id={approvedMarkerId(vif.id)}
                tabIndex={-1}
                className="rounded text-sm text-muted focus-visible:outline-2 focus-visible:outline-accent"
              >
                Approved
              </span>
            ) : outcome?.status === "approving" ? (
              <span className="text-sm text-muted">Approving…</span>
            ) : (
              <ApproveInterfaceButton vif={vif} topology={topology} onApproved={onApproved} />
            )}
          </Cell>
        ) : null}
      </tr>
      {said ? (
        <tr>
          <td colSpan={columns} className={`${CELL_X} pb-3`}>
            <p className={errorTextClass}>
              <span className="font-semibold">
                {said.status === "refused" ? "Not approved: " : "Not sent: "}
              </span>
              <span data-testid="outcome">{said.message}</span>
              {said.status === "refused" && said.requestId ? (
                <span className="opacity-80"> (AWS request id {said.requestId})</span>
              ) : null}
            </p>
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}

function ApprovalsTable({ topology, preview }: { topology: DxTopology; preview: boolean }) {
  // The server's slice has no gateways: nothing is approved from it.
  const canMutate = useCanMutate() && !preview;
  const [state, update] = useApprovalsState();
  const { text, setText, parsed, query } = useQueryText(state.q);
  // Approved here a moment ago: kept on the list with their new state, as the mutation returned it
  // until the next read shows it.
  const [approved, setApproved] = useState<Record<string, DxVirtualInterface>>({});
  const onApproved = useCallback((resource: DxVirtualInterface) => {
    setApproved((current) => ({ ...current, [resource.id]: resource }));
    setTimeout(() => {
      // The row leaves the list: focus on its "Approved" goes to the next Approve button, or the heading.
      if (document.activeElement?.id === approvedMarkerId(resource.id)) {
        const next =
          document.querySelector<HTMLElement>("[data-approve-button]") ??
          document.getElementById(APPROVALS_HEADING_ID);
        next?.focus();
      }
      setApproved((current) => {
        const next = { ...current };
        delete next[resource.id];
        return next;
      });
    }, KEEP_APPROVED_MS);
  }, []);
  const bulk = useBulkApproval(onApproved);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const kept = useMemo(() => new Set(Object.keys(approved)), [approved]);
  const filter = useMemo(
    () => ({ accounts: state.accounts, regions: state.regions, types: state.types }),
    [state.accounts, state.regions, state.types],
  );
  const listed = useMemo(
    () => approvalRows(topology, filter, query, kept),
    [topology, filter, query, kept],
  );
  const sortColumn = APPROVAL_COLUMNS.find((c) => c.key === state.sort);
  const rows = useMemo(
    () => (sortColumn ? sortRows(listed, sortColumn, state.dir) : listed),
    [listed, sortColumn, state.dir],
  );
  // Across 200 accounts, hundreds of rows: the first at once, the rest as frames allow.
  const shown = useProgressiveCount(
    rows.length,
    JSON.stringify([filter, query, state.sort, state.dir]),
  );
  const waiting = useMemo(
    () => topology.virtualInterfaces.filter(waitsForApproval).length,
    [topology],
  );
  const vifOf = (row: ApprovalRow) => approved[row.id] ?? row.resource;
  // Neither approved nor on its way: an interface is sent once.
  const selectable = rows
    .filter(
      (r) =>
        waitsForApproval(r.resource) &&
        !(r.id in approved) &&
        bulk.outcomes[r.id]?.status !== "approving",
    )
    .map((r) => r.id);
  const selectableSet = new Set(selectable);
  // Those just approved are listed a while longer, but no longer wait.
  const listedWaiting = rows.filter(
    (r) => waitsForApproval(r.resource) && !(r.id in approved),
  ).length;
  const chosen = selectedOf(selectable, selected);
  const chosenSet = new Set(chosen);
  const chosenVifs = rows.filter((r) => chosenSet.has(r.id)).map((r) => r.resource);
  const onSort = (key: string) => update(nextSort({ sort: state.sort, dir: state.dir }, key));
  const filtered =
    state.accounts.length + state.regions.length + state.types.length > 0 || text !== "";
  const columns = APPROVAL_COLUMNS.length + (canMutate ? 2 : 0);
  const progress = bulk.progress;

  if (waiting === 0 && rows.length === 0) {
    return <EmptyNote>Nothing is waiting for approval.</EmptyNote>;
  }
  return (
    <section aria-labelledby={APPROVALS_HEADING_ID} className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
        <QuerySearch
          id="approvals-search"
          label="Filter by id, name or VLAN, and qualifiers"
          placeholder="vlan:104 region:us-east-1"
          title="Id, name or VLAN, narrowed by vlan:, conn:, asn:, account:, region:, location:, type:"
          statusId="approvals-count"
          invalid={!parsed.ok}
          value={text}
          onChange={(value) => {
            setText(value);
            update({ q: value });
          }}
          className="w-64 border-muted bg-surface"
        />
        <ScopeFilters
          accounts={topology.accounts.map((a) => a.alias)}
          regions={topology.regions}
          chosen={state}
          update={update}
        />
        {filtered ? (
          <button
            type="button"
            onClick={() => {
              setText("");
              update({ accounts: [], regions: [], types: [], q: "" });
            }}
            className="rounded-md px-2 py-1 text-sm text-accent underline-offset-2 hover:underline focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
          >
            Clear filters
          </button>
        ) : null}
        <div className="ml-auto flex items-center gap-3">
          <p
            id="approvals-count"
            role="status"
            data-testid="approvals-count"
            className={parsed.ok ? `text-sm ${onBackground}` : errorTextClass}
          >
            {parsed.ok
              ? listedWaiting === waiting
                ? `${count(waiting)} waiting`
                : `${count(listedWaiting)} of ${count(waiting)} waiting`
              : parsed.error}
          </p>
          <DownloadCsvButton
            what="approvals"
            disabled={rows.length === 0}
            csv={() => toCsv(APPROVAL_CSV_COLUMNS, rows)}
          />
        </div>
      </div>
      {canMutate ? (
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <p className="text-sm" data-testid="approvals-selected">
            {chosen.length === 0 ? "None selected" : `${count(chosen.length)} selected`}
          </p>
          <ApproveSelectedButton
            vifs={chosenVifs}
            topology={topology}
            focusAfter={PROGRESS_ID}
            onStart={(plan) => {
              setSelected(new Set());
              void bulk.start(plan);
            }}
          />
          {chosen.length > 0 ? (
            <button
              type="button"
              className={buttonClass.secondary}
              onClick={() => setSelected(new Set())}
            >
              Clear selection
            </button>
          ) : null}
          <p
            id={PROGRESS_ID}
            tabIndex={-1}
            role="status"
            className={`text-sm ${onBackground} focus-visible:outline-none`}
          >
            {progress && progress.total > 0
              ? progress.done
                ? `Sent ${count(progress.total)}: ${count(progress.approved)} approved, ${count(progress.refused)} refused by AWS${progress.refused > 0 ? " (each refused row says why)" : ""}.`
                : `Approving ${count(progress.total)}, ${count(AT_ONCE)} at a time: ${count(progress.approved)} approved, ${count(progress.refused)} refused so far…`
              : ""}
          </p>
        </div>
      ) : null}
      {rows.length === 0 ? (
        <EmptyNote>No interface waiting for approval matches these filters.</EmptyNote>
      ) : (
        <BoxedTable caption="Interfaces awaiting approval">
          <thead className="bg-surface-muted/60">
            <tr>
              {canMutate ? (
                <CheckCell header>
                  <SelectAll
                    state={selectAllState(selectable, selected)}
                    listed={selectable.length}
                    onToggle={() => setSelected(toggleAll(selectable, selected))}
                  />
                </CheckCell>
              ) : null}
              {APPROVAL_COLUMNS.map((c) => (
                <HeaderCell
                  key={c.key}
                  align={c.numeric ? "right" : "left"}
                  sorted={ariaSort(state.sort === c.key, state.dir)}
                >
                  <SortButton
                    label={c.label}
                    numeric={c.numeric}
                    sorted={state.sort === c.key}
                    dir={state.dir}
                    onSort={() => onSort(c.key)}
                    wraps
                    className={`${CELL_X} py-2.5`}
                  />
                </HeaderCell>
              ))}
              {canMutate ? (
                <HeaderCell>
                  <span className="sr-only">Action</span>
                </HeaderCell>
              ) : null}
            </tr>
          </thead>
          {rows.slice(0, shown).map((row) => (
            <ApprovalRow
              key={row.id}
              row={row}
              vif={vifOf(row)}
              topology={topology}
              canMutate={canMutate}
              approved={row.id in approved}
              outcome={bulk.outcomes[row.id]}
              selected={selected.has(row.id)}
              selectable={selectableSet.has(row.id)}
              onSelect={(id, on) =>
                setSelected((current) => {
                  const next = new Set(current);
                  if (on) next.add(id);
                  else next.delete(id);
                  return next;
                })
              }
              onApproved={onApproved}
              columns={columns}
            />
          ))}
        </BoxedTable>
      )}
    </section>
  );
}

/**
 * Hosted connections a partner ordered for a configured account, to accept or decline: offered from
 * the server's slice too, since accepting needs no gateway (unlike approving an interface).
 */
function HostedConnectionsTable({ topology }: { topology: DxTopology }) {
  const canMutate = useCanMutate();
  const waiting = awaitingAcceptance(topology);
  return (
    <section aria-labelledby={HOSTED_HEADING_ID} className="space-y-3">
      <div>
        <h2
          id={HOSTED_HEADING_ID}
          tabIndex={-1}
          className="text-lg font-semibold focus-visible:outline-none"
        >
          Hosted connections to accept
        </h2>
        <p className={`mt-1 max-w-3xl text-sm ${onBackground}`}>
          A partner orders a hosted connection for your account; it waits, in state ordering, until
          you accept it, and AWS takes no interface on it until then. Accepting starts its port-hour
          billing; declining rejects the order.
        </p>
      </div>
      {waiting.length === 0 ? (
        <EmptyNote>No hosted connection is waiting to be accepted.</EmptyNote>
      ) : (
        <BoxedTable caption="Hosted connections awaiting acceptance">
          <thead className="bg-surface-muted/60">
            <tr>
              <HeaderCell>Connection</HeaderCell>
              <HeaderCell>Partner</HeaderCell>
              <HeaderCell>Bandwidth</HeaderCell>
              <HeaderCell>Location</HeaderCell>
              <HeaderCell align="right">VLAN</HeaderCell>
              <HeaderCell>Owner</HeaderCell>
              <HeaderCell>Region</HeaderCell>
              {canMutate ? (
                <HeaderCell>
                  <span className="sr-only">Actions</span>
                </HeaderCell>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {waiting.map((c: DxConnection) => (
              <tr key={c.id} data-testid={`acceptance-${c.id}`}>
                <Cell wraps>
                  <Stacked main={<OnMap id={c.id}>{c.name || c.id}</OnMap>} sub={c.id} />
                </Cell>
                <Cell wraps className="wrap-anywhere">
                  {c.partnerName ?? "—"}
                </Cell>
                <Cell>{c.bandwidth}</Cell>
                <Cell>{c.location}</Cell>
                <Cell className="text-right tabular-nums">{c.vlan ?? "—"}</Cell>
                <Cell wraps>
                  <Stacked main={c.account} sub={c.ownerAccount} />
                </Cell>
                <Cell>{c.region}</Cell>
                {canMutate ? (
                  <Cell>
                    <span className="inline-flex gap-2">
                      <HostedConnectionActions
                        connection={c}
                        focusAfter={HOSTED_HEADING_ID}
                        compact
                      />
                    </span>
                  </Cell>
                ) : null}
              </tr>
            ))}
          </tbody>
        </BoxedTable>
      )}
    </section>
  );
}

/**
 * Every interface waiting for a configured account to approve it, across accounts and regions.
 * `first`: the server's slice of its snapshot (approvalsSlice), shown until the browser's own read of
 * the whole topology arrives; its rows are in the page's HTML.
 */
export function ApprovalsView({ first }: { first?: DxTopology | undefined }) {
  const query = useTopology();
  const { error, isFetching, refetch } = query;
  const preview = !query.data && !error;
  const data = query.data ?? (error ? undefined : first);
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-4 py-8 sm:px-6 xl:px-8">
      <div>
        <h1
          id={APPROVALS_HEADING_ID}
          tabIndex={-1}
          className="text-2xl font-semibold tracking-tight focus-visible:outline-none"
        >
          Approvals
        </h1>
        <p className={`mt-1 max-w-3xl text-sm ${onBackground}`}>
          Interfaces another account allocated to one of yours wait here until their owner approves
          them. Approving attaches the interface to one of the owner&apos;s gateways; AWS then
          brings it up. Select several to approve them together, one gateway per owner and type. AWS
          does not report when an interface was allocated. Hosted connections a partner ordered for
          one of your accounts are below.
        </p>
      </div>
      {data ? (
        <>
          <ReadErrorsNotice
            errors={data.errors}
            missing="Interfaces and connections waiting there are not listed below; everything else is current."
          />
          {/* The list reads its filters and its sort from the URL (useSearchParams). No Suspense
              boundary around it: the page is rendered per request, where that does not suspend,
              and React would send a boundary this large apart, shown only by a script that waits
              for the stylesheet. */}
          <ApprovalsTable topology={data} preview={preview} />
          <HostedConnectionsTable topology={data} />
        </>
      ) : error ? (
        <LoadError
          what="The interfaces"
          message={error.message}
          retrying={isFetching}
          onRetry={() => void refetch()}
        />
      ) : (
        <p role="status" className={`text-sm ${onBackground}`}>
          Loading the interfaces awaiting approval…
        </p>
      )}
    </main>
  );
}
