import type { ReactNode } from "react";

/** A titled card around one table; the heading names the table for screen readers. */
export function TableSection({
  id,
  title,
  count,
  description,
  children,
}: {
  id: string;
  title: string;
  count: number;
  description: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <div className="flex items-baseline justify-between gap-4">
        <div>
          <h2 id={`${id}-heading`} className="text-base font-semibold">
            {title}{" "}
            <span className="ml-1 rounded-full bg-surface-muted px-2 py-0.5 text-xs font-medium text-muted tabular-nums">
              {count}
            </span>
          </h2>
          <p className="mt-0.5 text-sm text-muted">{description}</p>
        </div>
      </div>
      <div className="overflow-x-auto rounded-xl border border-border bg-surface shadow-sm">
        {children}
      </div>
    </section>
  );
}

export function HeaderCell({
  children,
  align = "left",
}: {
  children: ReactNode;
  align?: "left" | "right";
}) {
  return (
    <th
      scope="col"
      className={`px-4 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-muted uppercase ${align === "right" ? "text-right" : "text-left"}`}
    >
      {children}
    </th>
  );
}

export function Cell({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <td className={`px-4 py-3 align-top whitespace-nowrap ${className}`}>{children}</td>;
}

export function ResourceId({ id }: { id: string }) {
  return <code className="font-mono text-xs text-muted">{id}</code>;
}

/** An account alias with its 12-digit id beneath it (or the bare id when not configured). */
export function AccountCell({ alias, accountId }: { alias: string | null; accountId: string }) {
  return (
    <div className="leading-tight">
      <div className="font-medium">{alias ?? accountId}</div>
      {alias ? <div className="font-mono text-xs text-muted">{accountId}</div> : null}
    </div>
  );
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-4 py-8 text-center text-sm text-muted">
        {children}
      </td>
    </tr>
  );
}

export const Missing = () => (
  <span className="text-muted" aria-label="not set">
    —
  </span>
);
