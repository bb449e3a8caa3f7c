"use client";

import type { Node, NodeProps } from "@xyflow/react";
import { createContext, memo, use, type ReactNode } from "react";

import { associatedGatewayKind } from "@/lib/dx/format";
import { UNKNOWN_STATE } from "@/lib/dx/states";
import { singlePointSentence, type NodeMark } from "@/lib/resilience/present";
import type { GraphNodeData } from "@/lib/topology/graph";
import { familyLabel } from "@/lib/dx/rules/peers";

import { heldDownByTest, InterfaceStateBadge, SessionBadge } from "../failover-test-badges";
import { StateBadge } from "../state-badge";

// One component per node kind, each memoized: a node re-renders only when its own object changes,
// which the page arranges to happen only when its resource, selection or highlight changes.

export type DxNodeData = GraphNodeData & { changed?: boolean; mark?: NodeMark };
export type DxNode = Node<DxNodeData & Record<string, unknown>>;

const KIND_LABEL: Record<GraphNodeData["kind"], string> = {
  member: "LAG member",
  connection: "Connection",
  lag: "LAG",
  vif: "Interface",
  peer: "BGP peer",
  dxgw: "DX gateway",
  vgw: "VGW",
  associated: "Associated gateway",
};

/** A node's handle: where edges meet it, in on its left and out on its right. */
export type HandleProps = { type: "source" | "target" };
/** The handle's look, React Flow's or the first frame's. */
export const HANDLE_CLASS = "!border-0 !bg-muted/60";

/**
 * The first frame's handle (components/graph/first-frame.tsx, drawn before React Flow's code has
 * loaded): a dot with React Flow's classes, so it looks as React Flow's does.
 */
function plainHandle(type: HandleProps["type"]) {
  const side = type === "target" ? "left" : "right";
  return (
    <div className={`react-flow__handle react-flow__handle-${side} ${type} ${HANDLE_CLASS}`} />
  );
}

/** Draws a node's handle: React Flow's canvas provides its own (node-cache.ts declares where they are). */
export const HandleRenderer = createContext<(type: HandleProps["type"]) => ReactNode>(plainHandle);

export function NodeHandle({ type }: HandleProps) {
  return use(HandleRenderer)(type);
}

function Shell({
  data,
  selected,
  title,
  id,
  children,
  badges,
  kind = KIND_LABEL[data.kind],
}: {
  data: DxNodeData;
  selected: boolean;
  title: string;
  id: string;
  children?: ReactNode;
  badges: ReactNode;
  /** What the node is, above its title: its kind's label unless said otherwise. */
  kind?: string;
}) {
  const singlePoint = data.mark?.singlePoint;
  return (
    <div
      className={`h-full w-full overflow-hidden rounded-lg border bg-surface px-3 py-2 text-left shadow-sm transition-shadow ${
        selected ? "border-accent ring-2 ring-accent" : "border-border"
      } ${data.changed ? "dx-changed" : ""} ${singlePoint ? "dx-spof" : ""}`}
      // Hover says why it is a single point of failure; focus shows the first reason in its last line.
      title={singlePoint ? singlePoint.map(singlePointSentence).join("\n") : undefined}
      data-spof={singlePoint ? "" : undefined}
    >
      <NodeHandle type="target" />
      <div className="flex items-center justify-between gap-2">
        <span className="text-[10px] font-semibold tracking-wide text-muted uppercase">{kind}</span>
        <span className="flex items-center gap-1">{badges}</span>
      </div>
      <div className="truncate text-sm font-semibold" title={title}>
        {title}
      </div>
      {title !== id ? <div className="truncate font-mono text-[11px] text-muted">{id}</div> : null}
      {/* Cut short on a narrow node: the whole line is its tooltip. */}
      <div
        className="dx-facts mt-0.5 truncate text-xs text-muted"
        title={typeof children === "string" ? children : undefined}
      >
        {children}
      </div>
      {singlePoint ? (
        <div className="dx-spof-reason mt-0.5 truncate text-xs font-medium text-rose-700 dark:text-rose-300">
          {singlePointSentence(singlePoint[0]!)}
        </div>
      ) : null}
      <NodeHandle type="source" />
    </div>
  );
}

/** A node's facts as one line (a string, so that the node can give it whole as its tooltip). */
const facts = (items: (string | null | undefined | false)[]) => items.filter(Boolean).join(" · ");

export const ConnectionNode = memo(function ConnectionNode({
  id,
  data,
  selected,
}: NodeProps<DxNode>) {
  if (data.kind !== "connection" && data.kind !== "member") return null;
  const c = data.resource;
  return (
    <Shell
      data={data}
      selected={selected}
      id={id}
      title={c?.name || id}
      badges={<StateBadge state={c?.state ?? UNKNOWN_STATE} label="State" />}
    >
      {c
        ? facts([
            c.location,
            c.bandwidth,
            c.partnerName && `hosted by ${c.partnerName}`,
            `${c.account} · ${c.region}`,
          ])
        : "Not readable with the configured accounts"}
    </Shell>
  );
});

export const LagNode = memo(function LagNode({ id, data, selected }: NodeProps<DxNode>) {
  if (data.kind !== "lag") return null;
  const l = data.resource;
  return (
    <Shell
      data={data}
      selected={selected}
      id={id}
      title={l.name || id}
      badges={<StateBadge state={l.state} label="State" />}
    >
      {facts([
        l.location,
        `${l.numberOfConnections} × ${l.bandwidth}`,
        `${l.account} · ${l.region}`,
      ])}
    </Shell>
  );
});

export const VifNode = memo(function VifNode({ id, data, selected }: NodeProps<DxNode>) {
  if (data.kind !== "vif") return null;
  const v = data.resource;
  return (
    <Shell
      data={data}
      selected={selected}
      id={id}
      title={v.name || id}
      badges={<InterfaceStateBadge vif={v} />}
    >
      {/* A deleted interface has no peers, so no ASN: left out rather than shown as "?". */}
      {facts([
        v.type,
        v.vlan !== null && `VLAN ${v.vlan}`,
        v.asn !== null && `ASN ${v.asn}`,
        v.ownerAlias ?? `account ${v.ownerAccount}`,
        v.region,
      ])}
    </Shell>
  );
});

export const PeerNode = memo(function PeerNode({ id, data, selected }: NodeProps<DxNode>) {
  if (data.kind !== "peer") return null;
  const p = data.resource;
  return (
    <Shell
      data={data}
      selected={selected}
      id={id}
      title={`${familyLabel(p.addressFamily)} · ASN ${p.asn ?? "?"}`}
      badges={
        <>
          {/* A tested session's badge is long; the peer it names is set up (AWS tests no other). */}
          {heldDownByTest(data.vif, p) ? null : <StateBadge state={p.state} label="Peer state" />}
          <SessionBadge vif={data.vif} peer={p} />
        </>
      }
    >
      <span className="block truncate font-mono">AWS {p.amazonAddress ?? "?"}</span>
      <span className="block truncate font-mono">You {p.customerAddress ?? "?"}</span>
    </Shell>
  );
});

export const GatewayNode = memo(function GatewayNode({ id, data, selected }: NodeProps<DxNode>) {
  if (data.kind !== "dxgw" && data.kind !== "vgw") return null;
  const name = data.kind === "dxgw" ? data.resource?.name : undefined;
  const items =
    data.kind === "dxgw"
      ? [
          data.resource
            ? `ASN ${data.resource.amazonSideAsn ?? "?"}`
            : "Not readable with the configured accounts",
          data.resource?.account,
          "global",
        ]
      : [
          data.resource
            ? `${data.resource.account} · ${data.resource.region}`
            : "Not readable with the configured accounts",
        ];
  return (
    <Shell
      data={data}
      selected={selected}
      id={id}
      title={name || id}
      badges={<StateBadge state={data.resource?.state ?? UNKNOWN_STATE} label="State" />}
    >
      {data.mark?.model ? (
        <span className="flex items-center gap-1.5" title={`Resilience: ${data.mark.model.title}`}>
          <StateBadge state={data.mark.model.text} tone={data.mark.model.tone} label="Resilience" />
          <span className="truncate">{facts(items)}</span>
        </span>
      ) : (
        facts(items)
      )}
    </Shell>
  );
});

/**
 * A transit or virtual private gateway at the map's right edge, with the state of its association
 * (of each, when it has several in different states).
 */
export const AssociatedGatewayNode = memo(function AssociatedGatewayNode({
  id,
  data,
  selected,
}: NodeProps<DxNode>) {
  if (data.kind !== "associated") return null;
  const first = data.associations[0];
  const states = [...new Set(data.associations.map((a) => a.state))];
  return (
    <Shell
      data={data}
      selected={selected}
      id={id}
      title={id}
      kind={associatedGatewayKind(first?.associatedGatewayType ?? null)}
      badges={states.map((s) => (
        <StateBadge key={s} state={s} label="Association" />
      ))}
    >
      {facts([
        first?.associatedGatewayRegion,
        data.owner,
        data.associations.length > 1 && `${data.associations.length} Direct Connect gateways`,
      ])}
    </Shell>
  );
});

/** At module scope, so React Flow never sees a new object and never remounts nodes. */
export const nodeTypes = {
  member: ConnectionNode,
  connection: ConnectionNode,
  lag: LagNode,
  vif: VifNode,
  peer: PeerNode,
  dxgw: GatewayNode,
  vgw: GatewayNode,
  associated: AssociatedGatewayNode,
};

/** What a screen reader hears for a node. */
export function nodeLabel(data: GraphNodeData, id: string): string {
  switch (data.kind) {
    case "vif":
      return `Interface ${data.resource.name || id}, ${data.resource.type}, VLAN ${data.resource.vlan}, state ${data.resource.state}`;
    case "peer":
      return `BGP peer ${data.resource.addressFamily} ASN ${data.resource.asn}, state ${data.resource.state}, BGP ${data.resource.bgpStatus}`;
    case "lag":
      return `LAG ${data.resource.name || id}, state ${data.resource.state}`;
    case "member":
      return `LAG member connection ${data.resource.name || id}, state ${data.resource.state}`;
    case "connection":
      return `Connection ${data.resource?.name || id}, state ${data.resource?.state ?? UNKNOWN_STATE}`;
    case "dxgw":
      return `Direct Connect gateway ${data.resource?.name || id}, state ${data.resource?.state ?? UNKNOWN_STATE}`;
    case "vgw":
      return `Virtual private gateway ${id}, state ${data.resource?.state ?? UNKNOWN_STATE}`;
    case "associated":
      return `${associatedGatewayKind(data.associations[0]?.associatedGatewayType ?? null)} ${id}, association ${data.associations.map((a) => a.state).join(", ")}`;
  }
}
