"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMemo } from "react";

import { resilienceCounts } from "@/lib/resilience/present";

import { navLinkClass } from "../actions/styles";
import { useResilience } from "./use-resilience";

const chip = {
  danger:
    "min-w-5 rounded-full bg-rose-100 px-1.5 text-center text-xs font-semibold text-rose-900 tabular-nums dark:bg-rose-400/20 dark:text-rose-200",
  attention:
    "min-w-5 rounded-full bg-amber-100 px-1.5 text-center text-xs font-semibold text-amber-900 tabular-nums dark:bg-amber-400/20 dark:text-amber-200",
};

/** "Resilience" in the header, with how many targets are degraded and how many are below high. */
export function ResilienceLink() {
  const { targets } = useResilience();
  const current = usePathname() === "/resilience";
  const { degraded, belowHigh } = useMemo(() => resilienceCounts(targets ?? []), [targets]);
  const said = [degraded > 0 && `${degraded} degraded`, belowHigh > 0 && `${belowHigh} below high`]
    .filter(Boolean)
    .join(", ");
  return (
    <Link
      href="/resilience"
      // Not prefetched, as Approvals: on the map's first load it would compete with the graph.
      prefetch={false}
      aria-current={current ? "page" : undefined}
      className={navLinkClass}
    >
      {said ? <span className="sr-only">Resilience, {said}</span> : null}
      <span aria-hidden={said ? "true" : undefined}>Resilience</span>
      {degraded > 0 ? (
        <span
          aria-hidden="true"
          title={`${degraded} degraded: fewer paths live than built`}
          className={chip.danger}
        >
          {degraded}
        </span>
      ) : null}
      {belowHigh > 0 ? (
        <span
          aria-hidden="true"
          title={`${belowHigh} below high by design: one location, or one device`}
          className={chip.attention}
        >
          {belowHigh}
        </span>
      ) : null}
    </Link>
  );
}
