"use client";

import { useQuery } from "@tanstack/react-query";

import { dateTime, endTime, minutesText } from "@/lib/dx/format";
import { testEndsAt } from "@/lib/dx/rules/failover-test";
import { familyLabel } from "@/lib/dx/rules/peers";
import { dxKeys } from "@/lib/dx/query-keys";
import type { DxFailoverTests, DxTopology, DxVirtualInterface } from "@/lib/dx/types";

import { fetchJson } from "../fetch-json";
import { StateBadge } from "../state-badge";
import { SLOW_POLL_MS } from "../use-topology";
import { Read } from "./gateway-lists";

// An interface's failover tests, newest first, read while its details are open: AWS lists them to
// the interface's owner only. Read again while one is in progress (it may end by itself), and after
// a test is started or stopped here (the mutation invalidates every dxmap read).

const IN_PROGRESS = "in-progress";

export function FailoverHistory({
  vif,
  topology,
}: {
  vif: DxVirtualInterface;
  topology: DxTopology;
}) {
  const account = vif.ownerAlias;
  const query = useQuery({
    queryKey: dxKeys.failoverTests(account ?? "", vif.region, vif.id),
    queryFn: ({ signal }) =>
      fetchJson<DxFailoverTests>(
        `/api/virtual-interfaces/${encodeURIComponent(vif.id)}/failover-tests?${new URLSearchParams({ account: account ?? "", region: vif.region })}`,
        { signal },
      ),
    enabled: account !== null,
    refetchInterval: (q) =>
      q.state.data?.tests.some((t) => t.status === IN_PROGRESS) ? SLOW_POLL_MS : false,
  });
  if (account === null)
    return (
      <p className="text-muted">
        AWS lists them to the owner account {vif.ownerAccount} only, and dxmap has no credentials
        for it.
      </p>
    );
  const aliases = new Map(topology.accounts.map((a) => [a.accountId, a.alias]));
  const peers = new Map(vif.bgpPeers.map((p) => [p.id, p]));
  return (
    <div data-testid="failover-history">
      <Read
        query={query}
        label="Failover tests"
        items={(d) => d.tests}
        item={(t) => {
          const ends = testEndsAt(t);
          const owner = aliases.get(t.ownerAccount);
          return (
            <li
              key={t.testId}
              data-testid={`failover-test-${t.testId}`}
              className="rounded-md border border-border px-2 py-1.5"
            >
              <span className="inline-flex flex-wrap items-center gap-1.5">
                <StateBadge
                  state={t.status}
                  label="Test"
                  tone={t.status === IN_PROGRESS ? "progress" : "neutral"}
                />
                <span>{t.durationMinutes === null ? "" : minutesText(t.durationMinutes)}</span>
              </span>
              <span className="block text-xs">
                {t.startTime ? `Started ${dateTime(t.startTime)}` : "Start unknown"}
                {t.endTime
                  ? ` · ended ${dateTime(t.endTime)}`
                  : ends
                    ? ` · ends ${endTime(ends)}`
                    : ""}
              </span>
              <span className="block text-xs">
                Sessions:{" "}
                {t.bgpPeerIds
                  .map((id) => {
                    const p = peers.get(id);
                    return p ? `${familyLabel(p.addressFamily)} ${id}` : id;
                  })
                  .join(", ") || "every session"}
              </span>
              <span className="block text-xs text-muted">
                Owner {owner ? `${owner} (${t.ownerAccount})` : t.ownerAccount}
              </span>
            </li>
          );
        }}
      />
    </div>
  );
}
