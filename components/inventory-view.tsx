"use client";

import type { DxTopology } from "@/lib/dx/types";

import { ConnectionsTable } from "./connections-table";
import { ReadErrorsNotice } from "./read-errors-notice";
import { useTopology } from "./use-topology";
import { VirtualInterfacesTable } from "./virtual-interfaces-table";

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}

function Stat({
  label,
  value,
  detail,
}: {
  label: string;
  value: string | number;
  detail?: string;
}) {
  return (
    <div className="rounded-xl border border-border bg-surface px-4 py-3 shadow-sm">
      <dt className="text-xs font-medium tracking-wide text-muted uppercase">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {detail ? <dd className="truncate text-xs text-muted">{detail}</dd> : null}
    </div>
  );
}

function Summary({ inventory }: { inventory: DxTopology }) {
  const peers = inventory.virtualInterfaces.flatMap((v) => v.bgpPeers);
  const up = peers.filter((p) => p.bgpStatus === "up").length;
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Stat label="Connections" value={inventory.connections.length} />
      <Stat label="Virtual interfaces" value={inventory.virtualInterfaces.length} />
      <Stat label="BGP sessions up" value={`${up} / ${peers.length}`} />
      <Stat
        label="Accounts × regions"
        value={`${inventory.accounts.length} × ${inventory.regions.length}`}
        detail={`${inventory.accounts.map((a) => a.alias).join(", ")} · ${inventory.regions.join(", ")}`}
      />
    </dl>
  );
}

function LoadingState() {
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <p className="text-sm text-muted">Loading the Direct Connect inventory…</p>
      <div aria-hidden="true" className="grid animate-pulse grid-cols-2 gap-3 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-20 rounded-xl border border-border bg-surface-muted" />
        ))}
      </div>
      <div
        aria-hidden="true"
        className="h-64 animate-pulse rounded-xl border border-border bg-surface-muted"
      />
    </div>
  );
}

function ErrorState({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div
      role="alert"
      className="rounded-xl border border-rose-300 bg-rose-50 px-4 py-4 text-sm text-rose-900 dark:border-rose-400/30 dark:bg-rose-400/10 dark:text-rose-200"
    >
      <h2 className="font-semibold">The inventory could not be loaded</h2>
      <p className="mt-1">{message}</p>
      <button
        type="button"
        onClick={onRetry}
        className="mt-3 rounded-lg bg-rose-600 px-3 py-1.5 font-medium text-white hover:bg-rose-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-600"
      >
        Try again
      </button>
    </div>
  );
}

export function InventoryView() {
  const query = useTopology();
  const { data, error, isFetching, refetch } = query;

  return (
    <main className="mx-auto max-w-7xl space-y-8 px-4 py-8 sm:px-6 lg:px-8">
      <header className="flex flex-wrap items-end justify-between gap-4 border-b border-border pb-6">
        <div>
          <h1 className="flex items-center gap-2 text-2xl font-semibold tracking-tight">
            <span aria-hidden="true" className="inline-block size-3 rounded-sm bg-accent" />
            dxmap
          </h1>
          <p className="mt-1 text-sm text-muted">A live map of AWS Direct Connect</p>
        </div>
        <div className="flex items-center gap-3 text-sm text-muted">
          {data ? (
            <>
              <span className="rounded-full bg-surface-muted px-2.5 py-0.5 text-xs font-medium">
                backend: {data.backend}
              </span>
              <span aria-live="polite">
                Updated <time dateTime={data.readAt}>{formatTime(data.readAt)}</time>
              </span>
            </>
          ) : null}
          <button
            type="button"
            onClick={() => void refetch()}
            disabled={isFetching}
            className="rounded-lg border border-border bg-surface px-3 py-1.5 font-medium text-foreground shadow-sm hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:opacity-60"
          >
            {isFetching ? "Refreshing…" : "Refresh"}
          </button>
        </div>
      </header>

      {data ? (
        <>
          {error ? (
            <p role="status" className="text-sm text-rose-700 dark:text-rose-300">
              The last refresh failed ({error.message}); showing the data read at{" "}
              {formatTime(data.readAt)}.
            </p>
          ) : null}
          <Summary inventory={data} />
          <ReadErrorsNotice errors={data.errors} />
          <ConnectionsTable connections={data.connections} accounts={data.accounts} />
          <VirtualInterfacesTable vifs={data.virtualInterfaces} />
        </>
      ) : error ? (
        <ErrorState message={error.message} onRetry={() => void refetch()} />
      ) : (
        <LoadingState />
      )}
    </main>
  );
}
