"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMemo, useState } from "react";

import { someDataMissing } from "@/lib/dx/read-errors";
import { AwaitingCount } from "@/lib/dx/rules/approvals";

import { useTopology } from "../use-topology";
import { navLinkClass } from "./styles";

/** What the count means, beside the map's "Needs attention" (which counts these and what is down). */
const APPROVALS_MEANING =
  "Waiting for an account to approve: interfaces to confirm and hosted connections to accept. The map's “Needs attention” counts these and also what is down or rejected.";

/** "Approvals" in the header, with how many interfaces and hosted connections wait (its accessible name: "Approvals, 2 waiting"). */
export function ApprovalsLink() {
  const { data } = useTopology();
  const current = usePathname() === "/approvals";
  const [waiting] = useState(() => new AwaitingCount());
  const count = useMemo(() => (data ? waiting.of(data) : 0), [data, waiting]);
  // With an account or region unread (and no earlier read of it shown), what waits there is not
  // counted: the count says so.
  const partial = data ? someDataMissing(data.errors) : false;
  return (
    <Link
      href="/approvals"
      // Not prefetched: on the map's first load that would compete with the graph for the main thread.
      prefetch={false}
      aria-current={current ? "page" : undefined}
      className={navLinkClass}
    >
      {count > 0 || partial ? (
        <>
          {/* The name is the hidden phrase alone ("Approvals, 2 waiting"): a hidden span beside
              visible text gets a space before it in Chrome's name computation. */}
          <span className="sr-only">
            Approvals,{" "}
            {!partial
              ? `${count} waiting`
              : count > 0
                ? `at least ${count} waiting (some accounts or regions could not be read)`
                : "how many wait is unknown (some accounts or regions could not be read)"}
          </span>
          <span aria-hidden="true">Approvals</span>
          <span
            aria-hidden="true"
            title={
              partial
                ? "Some accounts or regions could not be read: what waits there is not counted."
                : APPROVALS_MEANING
            }
            className="min-w-5 rounded-full bg-amber-100 px-1.5 text-center text-xs font-semibold text-amber-900 tabular-nums dark:bg-amber-400/20 dark:text-amber-200"
          >
            {!partial ? count : count > 0 ? `${count}+` : "?"}
          </span>
        </>
      ) : (
        "Approvals"
      )}
    </Link>
  );
}
