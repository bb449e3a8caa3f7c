"use client";

import { useDeferredValue, useMemo, useState } from "react";

import { EMPTY_QUERY, parseQuery } from "@/lib/topology/query";

/**
 * The search box's text and what it parses to. Typing stays responsive at thousands of rows: the
 * rows follow the text in a render React can interrupt.
 */
export function useQueryText(initial: string) {
  const [text, setText] = useState(initial);
  const deferred = useDeferredValue(text);
  const parsed = useMemo(() => parseQuery(deferred), [deferred]);
  return { text, setText, parsed, query: parsed.ok ? parsed.query : EMPTY_QUERY };
}

/**
 * The search box of the table and of Approvals: free text and qualifiers (lib/topology/query.ts),
 * described by the status that counts what it found or says what is wrong with it.
 */
export function QuerySearch({
  id,
  label,
  placeholder,
  title,
  statusId,
  invalid,
  value,
  onChange,
  className,
}: {
  id: string;
  label: string;
  placeholder: string;
  title: string;
  statusId: string;
  invalid: boolean;
  value: string;
  onChange: (value: string) => void;
  /** Its width and colours. */
  className: string;
}) {
  return (
    <form role="search" onSubmit={(e) => e.preventDefault()} className="flex items-center gap-2">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        title={title}
        aria-describedby={statusId}
        aria-invalid={invalid}
        className={`rounded-md border px-2 py-1 text-sm focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none aria-invalid:border-rose-600 ${className}`}
      />
    </form>
  );
}
