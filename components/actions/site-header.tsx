"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { ResilienceLink } from "../resilience/resilience-link";
import { useDxConfig } from "../use-topology";
import { ApprovalsLink } from "./approvals-link";
import { navLinkClass } from "./styles";

/** "Map" in the header: the way back from Approvals (the logo alone did not say where it goes). */
function MapLink() {
  const current = usePathname() === "/";
  return (
    <Link href="/" aria-current={current ? "page" : undefined} className={navLinkClass}>
      Map
    </Link>
  );
}

/** "Table": the estate as rows to sort, filter and download. */
function TableLink() {
  const current = usePathname() === "/table";
  return (
    <Link
      href="/table"
      // Not prefetched, as Approvals: on the map's first load it would compete with the graph.
      prefetch={false}
      aria-current={current ? "page" : undefined}
      className={navLinkClass}
    >
      Table
    </Link>
  );
}

/** "Events": every change the store recorded, estate-wide, and the sessions flapping. */
function EventsLink() {
  const current = usePathname() === "/events";
  return (
    <Link
      href="/events"
      // Not prefetched, as Table: on the map's first load it would compete with the graph.
      prefetch={false}
      aria-current={current ? "page" : undefined}
      className={navLinkClass}
    >
      Events
    </Link>
  );
}

/** The bar above every page (3.5rem tall, which the graph page subtracts from the viewport). */
export function SiteHeader() {
  const { data: config } = useDxConfig();
  return (
    <header className="flex h-14 items-center gap-4 border-b border-border bg-surface px-4 sm:px-6">
      <Link
        href="/"
        className="flex items-center gap-2 rounded-lg px-1 text-lg font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
      >
        <span aria-hidden="true" className="inline-block size-3 rounded-sm bg-accent" />
        dxmap
      </Link>
      <nav aria-label="Main" className="flex items-center gap-1">
        <MapLink />
        <TableLink />
        <ApprovalsLink />
        <ResilienceLink />
        <EventsLink />
      </nav>
      <div className="ml-auto flex items-center gap-3 text-sm">
        {config?.readOnly ? (
          <span
            title="You can look but not change anything: the server refuses every change."
            className="rounded-full bg-surface-muted px-2.5 py-0.5 text-xs font-medium text-foreground ring-1 ring-border"
          >
            Read-only
          </span>
        ) : null}
        {config?.user ? (
          <span className="text-muted">
            Signed in as <span className="font-medium text-foreground">{config.user}</span>
          </span>
        ) : null}
      </div>
    </header>
  );
}
