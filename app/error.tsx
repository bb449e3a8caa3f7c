"use client";

// Shown when rendering the page itself throws (not when the API fails: the
// inventory view has its own error state for that).
export default function Error({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="mx-auto max-w-3xl px-4 py-16">
      <div
        role="alert"
        className="rounded-xl border border-rose-300 bg-rose-50 p-6 text-rose-900 dark:border-rose-400/30 dark:bg-rose-400/10 dark:text-rose-200"
      >
        <h1 className="text-lg font-semibold">dxmap hit an unexpected error</h1>
        <p className="mt-1 text-sm">
          {error.digest ? `Reference: ${error.digest}` : "Reload the page to try again."}
        </p>
        <button
          type="button"
          onClick={reset}
          className="mt-4 rounded-lg bg-rose-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-700"
        >
          Try again
        </button>
      </div>
    </main>
  );
}
