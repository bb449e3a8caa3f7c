"use client";

import { FormField } from "./form-field";

/**
 * "Type <name> to confirm": the field of a dialog whose action ends traffic. The action stays refused
 * until the name is typed exactly; `tried` shows the reason once a submit was refused for it.
 */
export function ConfirmByName({
  expected,
  typed,
  onTyped,
  tried,
}: {
  expected: string;
  typed: string;
  onTyped: (typed: string) => void;
  tried: boolean;
}) {
  return (
    <FormField
      label={`Type ${expected} to confirm`}
      error={tried && typed !== expected ? `Type ${expected} exactly, as it is named.` : undefined}
    >
      {(props) => (
        <input
          {...props}
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(event) => onTyped(event.target.value)}
        />
      )}
    </FormField>
  );
}
