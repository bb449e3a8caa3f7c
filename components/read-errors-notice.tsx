import { clockTime } from "@/lib/dx/format";
import { groupReadErrors, someDataMissing } from "@/lib/dx/read-errors";
import type { DxReadError } from "@/lib/dx/types";

/** "A", "A and B", "A, B and C". */
const listOf = (items: string[]) =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

/**
 * Accounts or regions that could not be read; the rest of the page still shows the others. Where an
 * earlier read of them stands in, the line says when it was read.
 */
export function ReadErrorsNotice({
  errors,
  missing = "What they hold is missing below; everything else is current.",
  kept = "What was last read there is shown, as of the time given; everything else is current.",
  compact = false,
}: {
  errors: readonly DxReadError[];
  /** What the page leaves out because of them. */
  missing?: string;
  /** What the page says when an earlier read stands in for every one of them. */
  kept?: string;
  /** The list of what failed, and why, folded away under the names of the accounts and regions. */
  compact?: boolean;
}) {
  if (errors.length === 0) return null;
  const groups = groupReadErrors(errors);
  const list = (
    <ul className="mt-2 space-y-1">
      {groups.map((g) => (
        <li key={`${g.account}/${g.region}`}>
          <span className="font-medium">
            {g.account} · {g.region}
          </span>
          : {g.operations.length > 0 ? `${listOf(g.operations)} failed: ` : ""}
          {g.reasons.join("; ")}
          {g.keptFrom ? (
            <span className="font-medium">
              {" "}
              Showing what was read at <time dateTime={g.keptFrom}>{clockTime(g.keptFrom)}</time>.
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
  return (
    <section
      role="status"
      aria-labelledby="read-errors-heading"
      className="rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-400/30 dark:bg-amber-400/10 dark:text-amber-200"
    >
      <h2 id="read-errors-heading" className="font-semibold">
        Some accounts or regions could not be read
      </h2>
      <p className="mt-0.5 text-amber-800 dark:text-amber-300/80">
        {someDataMissing(errors) ? missing : kept}
      </p>
      {compact ? (
        <details className="mt-1">
          <summary className="cursor-pointer truncate font-medium">
            {groups.map((g) => `${g.account} · ${g.region}`).join(", ")}: which calls, and why
          </summary>
          {list}
        </details>
      ) : (
        list
      )}
    </section>
  );
}
