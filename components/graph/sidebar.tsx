"use client";

import type { ReactNode } from "react";

const CONTENT_ID = "side-panel-content";

/**
 * The panel's width in pixels, as its classes below make it: what the map's first estimate of its
 * pane leaves out. It stays 384 px in a small window: at 352 its details' values (beside labels as
 * long as "Direct Connect gateway") broke an account's 12 digits and an address mid-way, for 32 px
 * of map; folding it gives the map 344.
 */
export function sidebarWidthPx(open: boolean): number {
  return open ? 384 : 40;
}

/**
 * The panel beside the map: a node's details, recent changes, the overview and the legend. It folds
 * to a strip that keeps only its button, and the map takes the width. Folded, its content stays
 * mounted (hidden), so that what it holds (a form's state, the changes list) is there when it opens.
 */
export function Sidebar({
  open,
  onToggle,
  children,
}: {
  open: boolean;
  onToggle: () => void;
  children: ReactNode;
}) {
  return (
    <aside
      aria-label="Side panel"
      className={`flex shrink-0 flex-col border-l border-border bg-background ${open ? "w-96" : "w-10"}`}
    >
      <div className="flex shrink-0 px-1.5 pt-1.5">
        {/* One button, open or folded, in the same place: focus stays on it as the panel moves. */}
        <button
          type="button"
          onClick={onToggle}
          aria-label="Side panel"
          aria-expanded={open}
          aria-controls={CONTENT_ID}
          title={open ? "Fold the side panel away" : "Open the side panel"}
          className="rounded-md p-1.5 text-muted hover:bg-surface-muted hover:text-foreground focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4">
            <rect
              x="1.5"
              y="2.5"
              width="13"
              height="11"
              rx="1.5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.25"
            />
            <path d="M10.5 2.5v11" stroke="currentColor" strokeWidth="1.25" />
            <path
              d={open ? "M4.5 5.5 7 8l-2.5 2.5" : "M7 5.5 4.5 8 7 10.5"}
              fill="none"
              stroke="currentColor"
              strokeWidth="1.25"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        </button>
      </div>
      <div
        id={CONTENT_ID}
        hidden={!open}
        className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto p-3 pt-1.5"
      >
        {children}
      </div>
    </aside>
  );
}
