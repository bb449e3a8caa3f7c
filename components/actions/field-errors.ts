// The server names invalid input by the API's field paths ("routeFilterPrefixes.2"); a form shows each
// message beside its own control, and whatever it has no control for beside AWS's message.

export interface SplitFieldErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  other: string[];
}

/** `fieldFor` maps the first segment of an API path to a form field, or undefined when the form has none. */
export function splitFieldErrors<F extends string>(
  fieldErrors: Record<string, string[]> | undefined,
  fieldFor: (apiField: string) => F | undefined,
): SplitFieldErrors<F> {
  const fields: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const message = messages[0];
    if (!message) continue;
    const field = fieldFor(path.split(".")[0] ?? path);
    if (field === undefined) other.push(`${path}: ${message}`);
    else fields[field] ??= message;
  }
  return { fields, other };
}
