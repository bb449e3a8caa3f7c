"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useState, type ReactNode } from "react";

import { associatedGatewayKind } from "@/lib/dx/format";
import { UNKNOWN_STATE } from "@/lib/dx/states";
import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";
import { historySubject, type HistorySubject } from "@/lib/history/subject";
import type { GraphNode } from "@/lib/topology/graph";
import { awaitsAcceptance, connectionOf, waitsForApproval } from "@/lib/dx/rules/approvals";
import { familyLabel, peersPerFamily } from "@/lib/dx/rules/peers";

import { buttonClass } from "../actions/styles";
import { InterfaceStateBadge, SessionBadge } from "../failover-test-badges";
import { NodeResilience } from "../resilience/node-resilience";
import { StateBadge } from "../state-badge";
import { FailoverHistory } from "./failover-history";
import { AssociationList, GatewayAttachments } from "./gateway-lists";
import { ResourceLink } from "../selection";
import { whenIdle } from "../when-idle";

// The actions' forms (react-hook-form, zod, dialogs) are not part of the map's first load (nor is this
// panel: topology-view.tsx): the map preloads them once it has painted (preloadActions), and a panel
// opened before that shows its details at once, its buttons when they arrive (each in a Suspense
// boundary of its own: `loading`).
const loadAddPeer = () => import("../actions/add-bgp-peer-dialog");
const loadCreateInterface = () => import("../actions/create-interface-dialog");
const loadDeletePeer = () => import("../actions/delete-peer-dialog");
const loadApprove = () => import("../actions/approve-interface-dialog");
const loadDeleteInterface = () => import("../actions/delete-interface-dialog");
const loadHostedConnection = () => import("../actions/hosted-connection-dialog");
const loadFailoverTest = () => import("../actions/failover-test-dialog");
const loadRouterConfiguration = () => import("../actions/router-configuration-dialog");
const AddBgpPeerButton = dynamic(() => loadAddPeer().then((m) => m.AddBgpPeerButton), {
  loading: () => null,
});
const CreateInterfaceButton = dynamic(
  () => loadCreateInterface().then((m) => m.CreateInterfaceButton),
  { loading: () => null },
);
const DeletePeerButton = dynamic(() => loadDeletePeer().then((m) => m.DeletePeerButton), {
  loading: () => null,
});
const ApproveFromMap = dynamic(() => loadApprove().then((m) => m.ApproveFromMap), {
  loading: () => null,
});
const DeleteInterfaceButton = dynamic(
  () => loadDeleteInterface().then((m) => m.DeleteInterfaceButton),
  { loading: () => null },
);
const HostedConnectionActions = dynamic(
  () => loadHostedConnection().then((m) => m.HostedConnectionActions),
  { loading: () => null },
);
const TestFailoverButton = dynamic(() => loadFailoverTest().then((m) => m.TestFailoverButton), {
  loading: () => null,
});
const StopFailoverTestButton = dynamic(
  () => loadFailoverTest().then((m) => m.StopFailoverTestButton),
  { loading: () => null },
);
// A resource's History is read from the store and drawn only when the person opens it: neither its
// code nor its reads are part of the map's first load.
const ResourceHistory = dynamic(
  () => import("../history/resource-history").then((m) => m.ResourceHistory),
  {
    loading: () => (
      <p role="status" className="text-sm text-muted">
        Reading the history…
      </p>
    ),
  },
);
const RouterConfigurationButton = dynamic(
  () => loadRouterConfiguration().then((m) => m.RouterConfigurationButton),
  { loading: () => null },
);

/** Loads the action forms' code, when the browser is idle after the map's first paint. */
export function preloadActions(): () => void {
  const load = () =>
    void Promise.all([
      loadAddPeer(),
      loadCreateInterface(),
      loadDeletePeer(),
      loadApprove(),
      loadDeleteInterface(),
      loadHostedConnection(),
      loadFailoverTest(),
      loadRouterConfiguration(),
    ]).catch(() => undefined);
  return whenIdle(load, 3_000, 500);
}

// Everything dxmap knows of the selected node (auth keys masked: they never reach the browser), its
// account and region, and the actions that apply to it.

/** A label and its value; `wide` puts the value under its label, across the panel (a list). */
type Row = [label: string, value: ReactNode, wide?: "wide"];

const MASKED = "•••••••• (kept on the server)";

function Fields({ rows }: { rows: Row[] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
      {rows.map(([label, value, wide]) => (
        <div key={label} className="contents">
          <dt className={wide ? "col-span-2 mt-1 text-muted" : "text-muted"}>{label}</dt>
          <dd className={wide ? "col-span-2 min-w-0 break-words" : "min-w-0 break-words"}>
            {value === null || value === undefined || value === "" ? "—" : value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

const mono = (v: string | null | undefined) =>
  v ? <span className="font-mono text-xs">{v}</span> : null;

/**
 * An interface's peers, each with its session's state, its addresses and whether it has an auth key
 * (AWS keeps one per peer; the key itself stays on the server).
 */
function PeerList({ vif }: { vif: DxVirtualInterface }) {
  return (
    <ul className="space-y-1.5">
      {vif.bgpPeers.map((p) => (
        <li key={p.id} className="rounded-md border border-border px-2 py-1.5">
          <span className="mr-1">
            <ResourceLink id={p.id}>
              {familyLabel(p.addressFamily)} · ASN {p.asn ?? "?"}
            </ResourceLink>
          </span>
          <span className="inline-flex flex-wrap gap-1 align-middle">
            <StateBadge state={p.state} label="Peer state" />
            <SessionBadge vif={vif} peer={p} />
          </span>
          {p.amazonAddress || p.customerAddress ? (
            <span className="block font-mono text-xs break-all">
              AWS {p.amazonAddress ?? "?"}
              <br />
              You {p.customerAddress ?? "?"}
            </span>
          ) : null}
          <span className="block text-xs text-muted">
            Auth key: {p.hasAuthKey ? MASKED : "none"}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A Direct Connect gateway by its name, with its id; the id alone when dxmap cannot read it. */
function gatewayName(topology: DxTopology, id: string | null): ReactNode {
  if (!id) return null;
  const name = topology.directConnectGateways.find((g) => g.id === id)?.name;
  return (
    <ResourceLink id={id}>
      {name ? <>{name} </> : null}
      {mono(id)}
    </ResourceLink>
  );
}

/** A resource by its name and id, as a link that selects it on the map. */
function linked(id: string | null | undefined, name?: string | null): ReactNode {
  if (!id) return null;
  return (
    <ResourceLink id={id}>
      {name ? <>{name} </> : null}
      {mono(id)}
    </ResourceLink>
  );
}

/** Resources as a list of links, each with a note (its state, say). */
function linkList(items: { id: string; name?: string | null; note?: ReactNode }[]): ReactNode {
  if (items.length === 0) return null;
  return (
    <ul className="space-y-0.5">
      {items.map((i) => (
        <li key={i.id}>
          {linked(i.id, i.name)}
          {i.note ? <span className="text-xs text-muted"> {i.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** The interfaces on a connection or LAG, by VLAN, as links. */
const interfacesOn = (topology: DxTopology, parentId: string) =>
  linkList(
    topology.virtualInterfaces
      .filter((v) => v.connectionId === parentId)
      .sort((a, b) => (a.vlan ?? 0) - (b.vlan ?? 0))
      .map((v) => ({ id: v.id, name: v.name, note: `VLAN ${v.vlan ?? "?"} (${v.state})` })),
  );

function rowsFor(
  node: GraphNode,
  topology: DxTopology,
): { title: string; kind: string; rows: Row[] } {
  const d = node.data;
  switch (d.kind) {
    case "member":
    case "connection": {
      const c = d.resource;
      if (!c)
        return {
          title: d.kind === "connection" ? d.id : "",
          kind: "Connection",
          rows: [
            ["ID", mono(node.id)],
            ["Note", "Owned by an account dxmap has no credentials for."],
          ],
        };
      return {
        title: c.name || c.id,
        kind:
          d.kind === "member"
            ? "LAG member connection"
            : c.partnerName
              ? "Hosted connection"
              : "Dedicated connection",
        rows: [
          ["ID", mono(c.id)],
          ["State", <StateBadge key="s" state={c.state} />],
          ["Account", `${c.account} (${c.ownerAccount})`],
          ["Region", c.region],
          ["Location", c.location],
          ["Bandwidth", c.bandwidth],
          ["LAG", linked(c.lagId, topology.lags.find((l) => l.id === c.lagId)?.name)],
          ["Partner", c.partnerName],
          ["VLAN", c.vlan],
          ["AWS device", mono(c.awsDevice)],
          ["Logical redundancy", c.hasLogicalRedundancy],
          [
            "Jumbo frames",
            c.jumboFrameCapable === null ? null : c.jumboFrameCapable ? "capable" : "no",
          ],
          ["Interfaces", interfacesOn(topology, c.id), "wide"],
        ],
      };
    }
    case "lag": {
      const l = d.resource;
      return {
        title: l.name || l.id,
        kind: "LAG",
        rows: [
          ["ID", mono(l.id)],
          ["State", <StateBadge key="s" state={l.state} />],
          ["Account", `${l.account} (${l.ownerAccount})`],
          ["Region", l.region],
          ["Location", l.location],
          ["Connections", `${l.numberOfConnections} × ${l.bandwidth}`],
          ["Minimum links", l.minimumLinks],
          [
            "Members",
            linkList(
              l.memberIds.map((id) => {
                const m = topology.connections.find((c) => c.id === id);
                return { id, name: m?.name, note: m ? `(${m.state})` : null };
              }),
            ),
            "wide",
          ],
          ["AWS device", mono(l.awsDevice)],
          ["Interfaces", interfacesOn(topology, l.id), "wide"],
        ],
      };
    }
    case "vif": {
      const v = d.resource;
      const lag = topology.lags.find((l) => l.id === v.connectionId);
      const parent = lag ?? topology.connections.find((c) => c.id === v.connectionId);
      const allocator = parent?.account;
      return {
        title: v.name || v.id,
        kind: `${v.type[0]?.toUpperCase()}${v.type.slice(1)} virtual interface`,
        rows: [
          ["ID", mono(v.id)],
          ["State", <InterfaceStateBadge key="s" vif={v} />],
          ["Owner", v.ownerAlias ? `${v.ownerAlias} (${v.ownerAccount})` : v.ownerAccount],
          [
            "Connection owner",
            allocator && allocator !== v.ownerAlias ? `${allocator} (allocated it)` : allocator,
          ],
          ["Region", v.region],
          [lag ? "LAG" : "Connection", linked(v.connectionId, parent?.name)],
          ["Location", v.location],
          ["VLAN", v.vlan],
          ["ASN", v.asn],
          ["Amazon side ASN", v.amazonSideAsn],
          ["MTU", v.mtu],
          [
            "Jumbo frames",
            v.jumboFrameCapable === null ? null : v.jumboFrameCapable ? "capable" : "no",
          ],
          ["Virtual gateway", linked(v.virtualGatewayId)],
          ["Direct Connect gateway", gatewayName(topology, v.directConnectGatewayId)],
          ["Prefixes", v.routeFilterPrefixes.join(", ")],
          ["BGP peers", v.bgpPeers.length === 0 ? null : <PeerList key="p" vif={v} />, "wide"],
          ["Failover tests", <FailoverHistory key="f" vif={v} topology={topology} />, "wide"],
          // Which configured accounts' Describe calls list it: the connection's owner and the interface's.
          [
            "Listed in",
            v.visibleTo
              .map((a) =>
                a === v.ownerAlias && a === allocator
                  ? a
                  : a === v.ownerAlias
                    ? `${a} (owns the interface)`
                    : a === allocator
                      ? `${a} (owns the connection)`
                      : a,
              )
              .join(", "),
          ],
        ],
      };
    }
    case "peer": {
      const p = d.resource;
      return {
        title: `${familyLabel(p.addressFamily)} peer, ASN ${p.asn ?? "?"}`,
        kind: "BGP peer",
        rows: [
          ["ID", mono(p.id)],
          ["Peer state", <StateBadge key="s" state={p.state} />],
          ["BGP session", <SessionBadge key="b" vif={d.vif} peer={p} />],
          ["Interface", linked(d.vif.id, d.vif.name)],
          ["Account", d.vif.ownerAlias ?? d.vif.ownerAccount],
          ["Region", d.vif.region],
          ["Address family", familyLabel(p.addressFamily)],
          ["ASN", p.asn],
          ["Amazon address", mono(p.amazonAddress)],
          ["Customer address", mono(p.customerAddress)],
          ["Auth key", p.hasAuthKey ? MASKED : "none"],
          ["AWS device", mono(p.awsDevice)],
        ],
      };
    }
    case "dxgw": {
      const g = d.resource;
      return {
        title: g?.name || d.id,
        kind: "Direct Connect gateway",
        rows: [
          ["ID", mono(d.id)],
          ["State", <StateBadge key="s" state={g?.state ?? UNKNOWN_STATE} />],
          ["Owner", g ? `${g.account} (${g.ownerAccount})` : "not readable"],
          ["Region", "global"],
          ["Amazon side ASN", g?.amazonSideAsn],
          [
            "Associated gateways",
            <AssociationList key="s" topology={topology} of={{ directConnectGatewayId: d.id }} />,
            "wide",
          ],
          [
            "Attachments",
            g ? (
              <GatewayAttachments
                key="a"
                gatewayId={d.id}
                account={g.account}
                topology={topology}
              />
            ) : (
              // Not readable as its owner: the interfaces dxmap reads that name it.
              linkList(
                topology.virtualInterfaces
                  .filter((v) => v.directConnectGatewayId === d.id)
                  .map((v) => ({ id: v.id, name: v.name, note: `(${v.region})` })),
              )
            ),
            "wide",
          ],
        ],
      };
    }
    case "vgw": {
      const g = d.resource;
      return {
        title: d.id,
        kind: "Virtual private gateway",
        rows: [
          ["ID", mono(d.id)],
          ["State", <StateBadge key="s" state={g?.state ?? UNKNOWN_STATE} />],
          ["Account", g?.account],
          ["Region", g?.region],
          [
            "Interfaces",
            linkList(
              topology.virtualInterfaces
                .filter((v) => v.virtualGatewayId === d.id)
                .map((v) => ({ id: v.id, name: v.name, note: `(${v.state})` })),
            ),
            "wide",
          ],
          [
            "Direct Connect gateways",
            <AssociationList key="a" topology={topology} of={{ associatedGatewayId: d.id }} />,
            "wide",
          ],
        ],
      };
    }
    case "associated": {
      const first = d.associations[0];
      // A virtual private gateway of a configured account and region: its own state too.
      const vgw = topology.virtualGateways.find((g) => g.id === d.id);
      return {
        title: d.id,
        kind: associatedGatewayKind(first?.associatedGatewayType ?? null),
        rows: [
          ["ID", mono(d.id)],
          ...(vgw
            ? [["Gateway state", <StateBadge key="g" state={vgw.state} />] satisfies Row]
            : []),
          [
            "Owner",
            first?.associatedGatewayOwnerAccount && d.owner !== first.associatedGatewayOwnerAccount
              ? `${d.owner} (${first.associatedGatewayOwnerAccount})`
              : d.owner,
          ],
          ["Region", first?.associatedGatewayRegion],
          [
            "Direct Connect gateways",
            <AssociationList key="a" topology={topology} of={{ associatedGatewayId: d.id }} />,
            "wide",
          ],
        ],
      };
    }
  }
}

function Actions({ node, topology }: { node: GraphNode; topology: DxTopology }) {
  const d = node.data;
  switch (d.kind) {
    case "vif":
      return (
        <>
          {waitsForApproval(d.resource) ? (
            // Approved here, where it was found; the Approvals page lists everything else waiting.
            <>
              <ApproveFromMap vif={d.resource} topology={topology} />
              <Link href="/approvals" prefetch={false} className={buttonClass.secondary}>
                All approvals
              </Link>
            </>
          ) : null}
          <AddBgpPeerButton
            vif={d.resource}
            perFamily={peersPerFamily(connectionOf(topology, d.resource))}
          />
          <TestFailoverButton vif={d.resource} topology={topology} />
          <StopFailoverTestButton vif={d.resource} />
          <RouterConfigurationButton vif={d.resource} />
          <DeleteInterfaceButton vif={d.resource} />
        </>
      );
    case "peer":
      return <DeletePeerButton vif={d.vif} peer={d.resource} />;
    case "connection":
      if (!d.resource) return null;
      // A partner's hosted connection waits for its owner: accept or decline it before anything else.
      return awaitsAcceptance(d.resource) ? (
        <HostedConnectionActions connection={d.resource} />
      ) : (
        <CreateInterfaceButton connection={d.resource} topology={topology} />
      );
    case "lag":
      return <CreateInterfaceButton connection={d.resource} topology={topology} />;
    default:
      return null;
  }
}

/**
 * "History": closed until the person opens it (then its code and its reads load); it stays open from
 * one selection to the next, for walking an interface's peers one by one.
 */
export function HistorySection({
  subject,
  className = "mt-4 border-t border-border pt-3",
}: {
  subject: HistorySubject;
  /** Its place: under the details' fields (the default), or a box of its own. */
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="history-title" className={className}>
      <h3 id="history-title" className="text-sm font-semibold">
        <button
          type="button"
          aria-expanded={open}
          aria-controls="history-body"
          onClick={() => setOpen(!open)}
          className="flex w-full items-center gap-1.5 rounded text-left hover:text-accent focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
        >
          <span aria-hidden="true" className="inline-block w-3 text-muted">
            {open ? "▾" : "▸"}
          </span>
          History
        </button>
      </h3>
      {open ? (
        <div id="history-body" className="mt-1">
          <ResourceHistory key={subject.id} subject={subject} />
        </div>
      ) : null}
    </section>
  );
}

export function DetailsPanel({
  node,
  topology,
  onClose,
}: {
  node: GraphNode;
  topology: DxTopology;
  onClose: () => void;
}) {
  const { title, kind, rows } = rowsFor(node, topology);
  return (
    <section
      aria-labelledby="details-title"
      className="rounded-lg border border-border bg-surface p-4"
      data-testid="details-panel"
    >
      <div className="mb-3 flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="text-xs font-semibold tracking-wide text-muted uppercase">{kind}</p>
          {/* Focusable by script: a node chosen with the keyboard hands focus here, and an approval made here returns to it. */}
          <h2
            id="details-title"
            tabIndex={-1}
            className="truncate text-base font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-accent"
          >
            {title}
          </h2>
        </div>
        <button
          type="button"
          onClick={onClose}
          className="rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-muted focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
        >
          Close<span className="sr-only"> details</span>
        </button>
      </div>
      <Fields rows={rows} />
      <NodeResilience id={node.id} topology={topology} />
      <div className="mt-4 flex flex-wrap gap-2">
        <Actions node={node} topology={topology} />
      </div>
      <HistorySection subject={historySubject(node, topology)} />
    </section>
  );
}
