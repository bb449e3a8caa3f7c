import type { DxApiError } from "@/lib/dx/api-error";

/**
 * Why the server or AWS refused, in their own words (AWS's message is the most precise reason there is),
 * with AWS's request id for a support case, and any field messages the form has no control for.
 */
export function ErrorAlert({
  error,
  other = [],
}: {
  error: DxApiError | Error;
  other?: readonly string[];
}) {
  const requestId = "requestId" in error ? error.requestId : undefined;
  return (
    <div
      role="alert"
      className="rounded-lg border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900 dark:border-rose-400/40 dark:bg-rose-400/10 dark:text-rose-100"
    >
      <p className="font-medium">{error.message}</p>
      {other.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {other.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      {requestId ? <p className="mt-1 text-xs opacity-80">AWS request id: {requestId}</p> : null}
    </div>
  );
}
