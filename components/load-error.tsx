"use client";

import { buttonClass } from "./actions/styles";

/** What a page shows when its first read failed: what could not be loaded, AWS's reason, and a retry. */
export function LoadError({
  what,
  message,
  retrying,
  onRetry,
  className = "",
}: {
  /** "The topology", "The interfaces". */
  what: string;
  message: string;
  retrying: boolean;
  onRetry: () => void;
  className?: string;
}) {
  return (
    <div
      role="alert"
      className={`rounded-xl border border-rose-300 bg-rose-50 px-4 py-4 text-sm text-rose-900 dark:border-rose-400/30 dark:bg-rose-400/10 dark:text-rose-200 ${className}`}
    >
      <p className="font-semibold">{what} could not be loaded</p>
      <p className="mt-1">{message}</p>
      <button
        type="button"
        onClick={onRetry}
        disabled={retrying}
        className={`mt-3 ${buttonClass.danger}`}
      >
        Try again
      </button>
    </div>
  );
}
