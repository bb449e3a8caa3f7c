import type { DxReadError } from "@/lib/dx/types";

/** Accounts or regions that could not be read; the rest of the page still shows the others. */
export function ReadErrorsNotice({ errors }: { errors: readonly DxReadError[] }) {
  if (errors.length === 0) return null;
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
        What they hold is missing below; everything else is current.
      </p>
      <ul className="mt-2 space-y-1">
        {errors.map((e, i) => (
          <li key={`${e.account}/${e.region}/${i}`}>
            <span className="font-medium">
              {e.account} · {e.region}
            </span>
            : {e.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
