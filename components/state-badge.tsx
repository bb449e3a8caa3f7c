import { badgeFor, type BadgeTone } from "@/lib/dx/badges";

const TONE_CLASSES: Record<BadgeTone, string> = {
  success:
    "bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25",
  progress:
    "bg-sky-50 text-sky-700 ring-sky-600/20 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25",
  attention:
    "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25",
  danger:
    "bg-rose-50 text-rose-700 ring-rose-600/20 dark:bg-rose-400/10 dark:text-rose-300 dark:ring-rose-400/25",
  ended:
    "bg-zinc-100 text-zinc-500 ring-zinc-500/20 dark:bg-zinc-400/10 dark:text-zinc-400 dark:ring-zinc-400/20",
  neutral:
    "bg-white text-zinc-700 ring-zinc-400/60 dark:bg-transparent dark:text-zinc-300 dark:ring-zinc-500/50",
};

/** A state as text with a colour; the text alone carries the meaning. */
export function StateBadge({
  state,
  label,
  prefix,
  tone,
  text,
}: {
  state: string | null | undefined;
  label?: string;
  /** A word shown before the state ("BGP down"), where two badges side by side need telling apart. */
  prefix?: string;
  /** The colour, where the state's own would mislead (a session down on a peer being deleted). */
  tone?: BadgeTone;
  /** The words, where the state's own would mislead ("Failover test · ends 14:32" for testing). */
  text?: string;
}) {
  const found = badgeFor(state);
  const badge = { label: text ?? found.label, tone: tone ?? found.tone };
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONE_CLASSES[badge.tone]}`}
      data-tone={badge.tone}
      title={label ? `${label}: ${badge.label}` : undefined}
    >
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {label ? <span className="sr-only">{label}: </span> : null}
      {prefix ? <span aria-hidden="true">{prefix} </span> : null}
      {badge.label}
    </span>
  );
}
