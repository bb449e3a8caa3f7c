"use client";

import type { SortDirection } from "@/lib/topology/table";

/**
 * A column header's button that sorts by it (ascending, then descending), its arrow showing the
 * order; the header cell around it carries aria-sort.
 */
export function SortButton({
  label,
  numeric = false,
  sorted,
  dir,
  onSort,
  wraps = false,
  className = "px-2 py-2",
}: {
  label: string;
  numeric?: boolean | undefined;
  sorted: boolean;
  dir: SortDirection;
  onSort: () => void;
  /** A long label may take two lines where the column's cells are narrower than it. */
  wraps?: boolean;
  className?: string;
}) {
  return (
    <button
      type="button"
      onClick={onSort}
      className={`flex w-full items-center gap-1 text-xs font-semibold tracking-wide ${wraps ? "text-left" : "whitespace-nowrap"} text-muted uppercase hover:text-foreground focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent ${numeric ? "justify-end" : ""} ${className}`}
    >
      {label}
      <span aria-hidden="true" className={sorted ? "text-foreground" : "invisible"}>
        {dir === "desc" && sorted ? "▼" : "▲"}
      </span>
    </button>
  );
}

/** aria-sort of a column: how the rows are sorted by it, or "none". */
export const ariaSort = (sorted: boolean, dir: SortDirection) =>
  sorted ? (dir === "asc" ? "ascending" : "descending") : "none";

/** The next sort after a header's click: its column ascending, or the other way when it already is. */
export const nextSort = (current: { sort: string; dir: SortDirection }, key: string) => ({
  sort: key,
  dir: (current.sort === key && current.dir === "asc" ? "desc" : "asc") as SortDirection,
});
