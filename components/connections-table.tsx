import type { DxAccount, DxConnection } from "@/lib/dx/types";

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

export function ConnectionsTable({
  connections,
  accounts,
}: {
  connections: readonly DxConnection[];
  accounts: readonly DxAccount[];
}) {
  const accountIdOf = (alias: string) => accounts.find((a) => a.alias === alias)?.accountId ?? "";
  return (
    <TableSection
      id="connections"
      title="Connections"
      count={connections.length}
      description="Physical ports at Direct Connect locations, per account and region."
    >
      <table className="min-w-full divide-y divide-border text-sm">
        <caption className="sr-only">Direct Connect connections</caption>
        <thead className="bg-surface-muted/60">
          <tr>
            <HeaderCell>Name</HeaderCell>
            <HeaderCell>ID</HeaderCell>
            <HeaderCell>Location</HeaderCell>
            <HeaderCell>Bandwidth</HeaderCell>
            <HeaderCell>State</HeaderCell>
            <HeaderCell>Account</HeaderCell>
            <HeaderCell>Region</HeaderCell>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {connections.length === 0 ? (
            <EmptyRow colSpan={7}>No connections in any account or region.</EmptyRow>
          ) : (
            connections.map((c) => (
              <tr key={`${c.account}/${c.region}/${c.id}`} data-testid={`connection-${c.id}`}>
                <Cell className="font-medium">{c.name || <Missing />}</Cell>
                <Cell>
                  <ResourceId id={c.id} />
                </Cell>
                <Cell>{c.location || <Missing />}</Cell>
                <Cell className="tabular-nums">{c.bandwidth || <Missing />}</Cell>
                <Cell>
                  <StateBadge state={c.state} />
                </Cell>
                <Cell>
                  <AccountCell
                    alias={c.account}
                    accountId={accountIdOf(c.account) || c.ownerAccount}
                  />
                </Cell>
                <Cell>{c.region}</Cell>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableSection>
  );
}
