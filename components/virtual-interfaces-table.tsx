import type { DxBgpPeer, DxVirtualInterface } from "@/lib/dx/types";

import { StateBadge } from "./state-badge";
import {
  AccountCell,
  Cell,
  EmptyRow,
  HeaderCell,
  Missing,
  ResourceId,
  TableSection,
} from "./table-parts";

function BgpPeers({ peers }: { peers: readonly DxBgpPeer[] }) {
  if (peers.length === 0) return <Missing />;
  return (
    <ul className="space-y-1">
      {peers.map((peer) => (
        <li key={peer.id} className="flex items-center gap-2">
          <span className="w-9 font-mono text-xs text-muted">{peer.addressFamily}</span>
          <StateBadge state={peer.bgpStatus} label="BGP" />
          {/* The peer's own state matters only while it is not settled. */}
          {peer.state !== "available" ? <StateBadge state={peer.state} label="Peer" /> : null}
        </li>
      ))}
    </ul>
  );
}

export function VirtualInterfacesTable({ vifs }: { vifs: readonly DxVirtualInterface[] }) {
  return (
    <TableSection
      id="virtual-interfaces"
      title="Virtual interfaces"
      count={vifs.length}
      description="VLANs on a connection with their BGP sessions; an allocated interface is listed once, under its owner."
    >
      <table className="min-w-full divide-y divide-border text-sm">
        <caption className="sr-only">Direct Connect virtual interfaces</caption>
        <thead className="bg-surface-muted/60">
          <tr>
            <HeaderCell>Name</HeaderCell>
            <HeaderCell>ID</HeaderCell>
            <HeaderCell>Type</HeaderCell>
            <HeaderCell align="right">VLAN</HeaderCell>
            <HeaderCell align="right">ASN</HeaderCell>
            <HeaderCell>Owner</HeaderCell>
            <HeaderCell>Region</HeaderCell>
            <HeaderCell>State</HeaderCell>
            <HeaderCell>BGP peers</HeaderCell>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {vifs.length === 0 ? (
            <EmptyRow colSpan={9}>No virtual interfaces in any account or region.</EmptyRow>
          ) : (
            vifs.map((v) => (
              <tr key={v.id} data-testid={`vif-${v.id}`}>
                <Cell className="font-medium">{v.name || <Missing />}</Cell>
                <Cell>
                  <ResourceId id={v.id} />
                </Cell>
                <Cell className="capitalize">{v.type}</Cell>
                <Cell className="text-right tabular-nums">{v.vlan ?? <Missing />}</Cell>
                <Cell className="text-right tabular-nums">{v.asn ?? <Missing />}</Cell>
                <Cell>
                  <AccountCell alias={v.ownerAlias} accountId={v.ownerAccount} />
                </Cell>
                <Cell>{v.region}</Cell>
                <Cell>
                  <StateBadge state={v.state} />
                </Cell>
                <Cell>
                  <BgpPeers peers={v.bgpPeers} />
                </Cell>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableSection>
  );
}
