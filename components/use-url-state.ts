"use client";

import { usePathname, useSearchParams, type ReadonlyURLSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

import { toQuery } from "./graph/use-view-state";

/**
 * A page's view kept in its URL (the table's, the Approvals list's), so that a link shares it and a
 * reload keeps it. Read once on load (`read`); then React state leads and the URL follows, replacing
 * the current history step, with what `write` leaves out (a default) kept out of the URL.
 */
export function useUrlState<S extends object>(
  read: (params: ReadonlyURLSearchParams) => S,
  write: (state: S) => object,
): [S, (change: Partial<S>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const [state, setState] = useState<S>(() => read(params));
  const update = useCallback(
    (change: Partial<S>) => {
      setState((current) => {
        const next = { ...current, ...change };
        const query = toQuery(write(next));
        window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
        return next;
      });
    },
    [pathname, write],
  );
  return [state, update];
}

export { readSort, sortParams } from "@/lib/topology/url-params";
