"use client";

import { useState, type ReactNode } from "react";

import type { DxConnection, DxTopology, DxVirtualInterface } from "@/lib/dx/types";
import {
  allocatingAccount,
  awaitingAcceptance,
  awaitingApproval,
  byNameAndRegion,
  connectionOf,
} from "@/lib/dx/rules/approvals";

import { ReadErrorsNotice } from "../read-errors-notice";
import { StateBadge } from "../state-badge";
import { useTopology } from "../use-topology";
import { ApproveInterfaceButton, approvedMarkerId } from "./approve-interface-dialog";
import { HostedConnectionActions } from "./hosted-connection-dialog";
import { LoadError } from "../load-error";
import { useCanMutate } from "./use-can-mutate";
import { OnMap } from "../on-map-link";

// The muted token reads 4.4:1 on the page background (it is made for surfaces): text placed straight on
// the background uses a darker grey to keep AA.
const onBackground = "text-slate-600 dark:text-slate-400";

/** How long an approved interface stays listed, so its move to pending is seen. */
const KEEP_APPROVED_MS = 15_000;
const APPROVALS_HEADING_ID = "approvals-heading";
const HOSTED_HEADING_ID = "hosted-connections-heading";
/** The cells' side padding: narrower below 1280 px, where every column must still fit. */
const CELL_X = "px-3 xl:px-4";
/**
 * A table wider than its box (a narrower window still, long names) scrolls inside the box, which
 * shows that it does: shadows at the edges with more beyond them, and a scrollbar that stays in
 * sight where the system hides them until used (app/globals.css). Positioned, so that the buttons'
 * screen-reader text (absolute, sr-only) is clipped with them: placed by the page instead, it lay
 * past the window's edge and made the whole page scroll sideways.
 */
const TABLE_BOX =
  "dx-scroll-x relative overflow-x-auto rounded-xl border border-border bg-surface shadow-sm";

function HeaderCell({
  children,
  align = "left",
}: {
  children: ReactNode;
  align?: "left" | "right";
}) {
  return (
    <th
      scope="col"
      className={`${CELL_X} py-2.5 ${align === "right" ? "text-right" : "text-left"} align-bottom text-xs font-semibold tracking-wide text-muted uppercase`}
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

function ApprovalRow({
  vif,
  topology,
  canMutate,
  approved,
  onApproved,
}: {
  vif: DxVirtualInterface;
  topology: DxTopology;
  canMutate: boolean;
  approved: boolean;
  onApproved: (resource: DxVirtualInterface) => void;
}) {
  const connection = connectionOf(topology, vif);
  return (
    <tr data-testid={`approval-${vif.id}`}>
      <Cell wraps>
        <Stacked main={<OnMap id={vif.id}>{vif.name || vif.id}</OnMap>} sub={vif.id} />
      </Cell>
      <Cell className="capitalize">{vif.type}</Cell>
      <Cell className="text-right tabular-nums">{vif.vlan ?? "—"}</Cell>
      <Cell>{allocatingAccount(topology, vif)}</Cell>
      <Cell wraps>
        <Stacked main={vif.ownerAlias ?? vif.ownerAccount} sub={vif.ownerAccount} />
      </Cell>
      <Cell wraps>
        {connection ? (
          <Stacked main={connection.name || connection.id} sub={connection.id} />
        ) : (
          <span className="whitespace-nowrap">{vif.connectionId ?? "—"}</span>
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
          ) : (
            <ApproveInterfaceButton vif={vif} topology={topology} onApproved={onApproved} />
          )}
        </Cell>
      ) : null}
    </tr>
  );
}

function ApprovalsTable({ topology }: { topology: DxTopology }) {
  const canMutate = useCanMutate();
  // Approved here a moment ago: kept on the list with their new state, as the mutation returned it
  // until the next read shows it.
  const [approved, setApproved] = useState<Record<string, DxVirtualInterface>>({});
  const onApproved = (resource: DxVirtualInterface) => {
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
  };

  const waiting = awaitingApproval(topology);
  const waitingIds = new Set(waiting.map((v) => v.id));
  // Approved rows keep their place: the list is sorted as a whole.
  const rows = [
    ...waiting.map((v) => approved[v.id] ?? v),
    ...Object.values(approved)
      .filter((v) => !waitingIds.has(v.id))
      .map((v) => topology.virtualInterfaces.find((latest) => latest.id === v.id) ?? v),
  ].sort(byNameAndRegion);

  if (rows.length === 0) {
    return (
      <p className="rounded-xl border border-border bg-surface px-4 py-8 text-center text-sm text-muted shadow-sm">
        Nothing is waiting for approval.
      </p>
    );
  }
  return (
    <div className={TABLE_BOX}>
      <table className="min-w-full divide-y divide-border text-sm">
        <caption className="sr-only">Interfaces awaiting approval</caption>
        <thead className="bg-surface-muted/60">
          <tr>
            <HeaderCell>Interface</HeaderCell>
            <HeaderCell>Type</HeaderCell>
            <HeaderCell align="right">VLAN</HeaderCell>
            <HeaderCell>Allocated by</HeaderCell>
            <HeaderCell>Owner</HeaderCell>
            <HeaderCell>Connection</HeaderCell>
            <HeaderCell>Region</HeaderCell>
            <HeaderCell>State</HeaderCell>
            {canMutate ? (
              <HeaderCell>
                <span className="sr-only">Action</span>
              </HeaderCell>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {rows.map((vif) => (
            <ApprovalRow
              key={vif.id}
              vif={vif}
              topology={topology}
              canMutate={canMutate}
              approved={vif.id in approved}
              onApproved={onApproved}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Hosted connections a partner ordered for a configured account, to accept or decline. */
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
        <p className="rounded-xl border border-border bg-surface px-4 py-6 text-center text-sm text-muted shadow-sm">
          No hosted connection is waiting to be accepted.
        </p>
      ) : (
        <div className={TABLE_BOX}>
          <table className="min-w-full divide-y divide-border text-sm">
            <caption className="sr-only">Hosted connections awaiting acceptance</caption>
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
          </table>
        </div>
      )}
    </section>
  );
}

/** Every interface waiting for a configured account to approve it, across accounts and regions. */
export function ApprovalsView() {
  const { data, error, isFetching, refetch } = useTopology();
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
          brings it up. AWS does not report when an interface was allocated. Hosted connections a
          partner ordered for one of your accounts are below.
        </p>
      </div>
      {data ? (
        <>
          <ReadErrorsNotice
            errors={data.errors}
            missing="Interfaces and connections waiting there are not listed below; everything else is current."
          />
          <ApprovalsTable topology={data} />
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
