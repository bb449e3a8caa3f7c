"use client";

import { startTransition, useEffect, useState } from "react";

/**
 * How many of a long list's rows to render: the first `first` at once, then `step` more at each
 * frame, as a transition (a click or a keystroke goes first), until all are there. A page of 2,600
 * targets shows its first rows at once instead of after the whole table is built, and the whole
 * table is still in the page when done (find-in-page, print, screen readers' table navigation).
 * `restartOn` (the filters and sort, say) starts again from the first rows; a new snapshot of the
 * same list keeps what is shown.
 */
export function useProgressiveCount(
  total: number,
  restartOn: string,
  { first = 60, step = 150 }: { first?: number; step?: number } = {},
): number {
  const [state, setState] = useState({ restartOn, shown: first });
  const shown = state.restartOn === restartOn ? state.shown : first;
  if (state.restartOn !== restartOn) setState({ restartOn, shown: first });
  useEffect(() => {
    if (shown >= total) return;
    const id = requestAnimationFrame(() =>
      startTransition(() => setState((s) => ({ ...s, shown: s.shown + step }))),
    );
    return () => cancelAnimationFrame(id);
  }, [shown, total, step]);
  return Math.min(shown, total);
}
