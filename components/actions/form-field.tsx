"use client";

import { useId, type ReactNode } from "react";

import { controlClass, errorTextClass, hintTextClass } from "./styles";

export interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  className: string;
}

/** A labelled control with its hint and its error, both linked to it by aria-describedby. */
export function FormField({
  label,
  error,
  hint,
  children,
}: {
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy,
        className: controlClass(Boolean(error)),
      })}
      {hint ? (
        <p id={hintId} className={hintTextClass}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className={errorTextClass}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** "(optional)" in the label, muted. */
export function Optional() {
  return <span className="font-normal text-muted"> (optional)</span>;
}
