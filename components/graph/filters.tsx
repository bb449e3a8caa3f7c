"use client";

import { memo, useState, type FormEvent } from "react";

import { sameItems } from "@/lib/dx/replaced";
import { NEEDS_ATTENTION } from "@/lib/topology/visibility";

import type { ViewState } from "./use-view-state";

// Account, region, state and type filters, and search. Every control is a labelled native input, so
// the keyboard and screen readers work without extra wiring.

/** More options than this (an organization's accounts) fold into a list with a search. */
const INLINE_OPTIONS = 8;

/** A choice of several options: its name, the options, those chosen, and what takes a new choice. */
interface CheckProps {
  legend: string;
  options: string[];
  chosen: string[];
  onChange: (next: string[]) => void;
}

export function CheckGroup({ legend, options, chosen, onChange }: CheckProps) {
  if (options.length > INLINE_OPTIONS)
    return <CheckList legend={legend} options={options} chosen={chosen} onChange={onChange} />;
  return (
    <fieldset className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <legend className="sr-only">{legend}</legend>
      <span aria-hidden="true" className="text-xs font-semibold tracking-wide text-muted uppercase">
        {legend}
      </span>
      {options.map((option) => (
        <label key={option} className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            className="size-4 accent-accent"
            checked={chosen.includes(option)}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, option] : chosen.filter((c) => c !== option))
            }
          />
          {option}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The same choice folded: a summary that says what is chosen ("Accounts: all 200", "Accounts: 2 of
 * 200"), opening onto a search and the checkboxes of what it matches (a native disclosure: the
 * keyboard and screen readers work as with the inline group).
 */
function CheckList({ legend, options, chosen, onChange }: CheckProps) {
  const [search, setSearch] = useState("");
  const term = search.trim().toLowerCase();
  const shown = term ? options.filter((o) => o.toLowerCase().includes(term)) : options;
  const summary =
    chosen.length === 0
      ? `all ${options.length}`
      : chosen.length === 1
        ? chosen[0]!
        : `${chosen.length} of ${options.length}`;
  return (
    <details className="relative text-sm" data-testid={`filter-${legend.toLowerCase()}`}>
      <summary className="flex cursor-pointer items-center gap-1 rounded-md border border-border px-2 py-1 focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none">
        <span className="text-xs font-semibold tracking-wide text-muted uppercase">{legend}</span>
        <span>{summary}</span>
      </summary>
      <fieldset className="absolute z-20 mt-1 w-64 rounded-md border border-border bg-surface p-2 shadow-lg">
        <legend className="sr-only">{legend}</legend>
        <div className="flex items-center gap-2">
          <input
            type="search"
            aria-label={`Search ${legend.toLowerCase()}`}
            placeholder="Search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="min-w-0 flex-1 rounded-md border border-border bg-background px-2 py-1 text-sm focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
          />
          {chosen.length > 0 ? (
            <button
              type="button"
              onClick={() => onChange([])}
              className="rounded px-1 text-xs text-accent hover:underline focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
            >
              All
            </button>
          ) : null}
        </div>
        <ul className="mt-2 max-h-64 overflow-y-auto">
          {shown.map((option) => (
            <li key={option}>
              <label className="flex items-center gap-1 py-0.5">
                <input
                  type="checkbox"
                  className="size-4 accent-accent"
                  checked={chosen.includes(option)}
                  onChange={(e) =>
                    onChange(
                      e.target.checked ? [...chosen, option] : chosen.filter((c) => c !== option),
                    )
                  }
                />
                {option}
              </label>
            </li>
          ))}
        </ul>
        {shown.length === 0 ? (
          <p className="text-xs text-muted">
            No {legend.toLowerCase()} match “{search.trim()}”.
          </p>
        ) : null}
      </fieldset>
    </details>
  );
}

/** What the map, the table and Approvals are narrowed to: accounts, regions, interface types. */
export interface Scope {
  accounts: string[];
  regions: string[];
  types: string[];
}

/**
 * The account, region and type filters, alike wherever a view is narrowed by them. Rendered again only
 * when its options (by content: callers may make the lists anew) or the choices change: an
 * organization's hundreds of accounts are as many checkboxes, which React sets again at each render
 * (20 ms at XL, at every poll that changed a state and every click on the map).
 */
interface ScopeFiltersProps {
  accounts: string[];
  regions: string[];
  chosen: Scope;
  update: (change: Partial<Scope>) => void;
}

export const ScopeFilters = memo(function ScopeFilters({
  accounts,
  regions,
  chosen,
  update,
}: ScopeFiltersProps) {
  return (
    <>
      <CheckGroup
        legend="Accounts"
        options={accounts}
        chosen={chosen.accounts}
        onChange={(accounts) => update({ accounts })}
      />
      <CheckGroup
        legend="Regions"
        options={regions}
        chosen={chosen.regions}
        onChange={(regions) => update({ regions })}
      />
      <CheckGroup
        legend="Types"
        options={["private", "public", "transit"]}
        chosen={chosen.types}
        onChange={(types) => update({ types })}
      />
    </>
  );
}, sameScopeFilters);

function sameScopeFilters(a: ScopeFiltersProps, b: ScopeFiltersProps): boolean {
  return (
    sameItems(a.accounts, b.accounts) &&
    sameItems(a.regions, b.regions) &&
    a.chosen.accounts === b.chosen.accounts &&
    a.chosen.regions === b.chosen.regions &&
    a.chosen.types === b.chosen.types &&
    a.update === b.update
  );
}

/** The state filter: all, "Needs attention" (with how many, where known), or one state. */
export function StateSelect({
  chosen,
  states,
  attention,
  onChange,
}: {
  chosen: string[];
  states: string[];
  attention?: number;
  onChange: (states: string[]) => void;
}) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-xs font-semibold tracking-wide text-muted uppercase">State</span>
      <select
        value={chosen[0] ?? ""}
        onChange={(e) => onChange(e.target.value ? [e.target.value] : [])}
        className="rounded-md border border-border bg-background px-2 py-1 text-sm focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
      >
        <option value="">All states</option>
        <option value={NEEDS_ATTENTION}>
          Needs attention{attention === undefined ? "" : ` (${attention})`}
        </option>
        <optgroup label="State">
          {states.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </optgroup>
      </select>
    </label>
  );
}

interface Props {
  view: ViewState;
  update: (change: Partial<ViewState>) => void;
  accounts: string[];
  regions: string[];
  states: string[];
  /** How many of the map's elements need attention (the first state choice). */
  attention: number;
  onSearch: (query: string) => SearchResult;
  /** Whether a node's details are open in the side panel (the search's link to them). */
  detailsShown: boolean;
}

/** What "Clear filters" sets: every account, region, type and state shown (the search and selection stay). */
export const NO_FILTERS = {
  accounts: [],
  regions: [],
  types: [],
  states: [],
} satisfies Partial<ViewState>;

/** Whether any account, region, type or state filter is set. */
export const isFiltered = (view: ViewState) =>
  view.accounts.length + view.regions.length + view.types.length + view.states.length > 0;

/** Which match a search selected (from 1), of how many; null when nothing matched; why a query was refused. */
export type SearchResult =
  { index: number; total: number } | { hidden: number } | { error: string } | null;

/** The map's filter bar: rendered again when the view, its choices or the count that needs attention change, not at every poll. */
export const Filters = memo(function Filters({
  view,
  update,
  accounts,
  regions,
  states,
  attention,
  onSearch,
  detailsShown,
}: Props) {
  const [query, setQuery] = useState(view.q);
  const [result, setResult] = useState<SearchResult | undefined>(undefined);
  const hidden = result && "hidden" in result ? result.hidden : 0;
  const refused = result && "error" in result ? result.error : null;
  const notFound = result === null || hidden > 0 || refused !== null;
  // More than one match: the button (and Enter) goes on to the next.
  const more = !!result && "total" in result && result.total > 1;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setResult(onSearch(query));
  };
  return (
    // Nothing that comes and goes here takes room of its own: the search's answer sits in its field
    // or under it, and Clear filters keeps its place while hidden. Otherwise the bar wrapped onto a
    // second line as they came, and the map moved down under the pointer. One line from 1440 px (two
    // accounts, two regions); where it wraps, its height holds.
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-border bg-surface px-4 py-2">
      <form role="search" onSubmit={submit} className="relative flex items-center gap-2">
        <label htmlFor="graph-search" className="sr-only">
          Search by id, name, VLAN or ASN
        </label>
        <span className="relative">
          <input
            id="graph-search"
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setResult(undefined);
            }}
            placeholder="Id, name, VLAN, ASN"
            title="Id, name, VLAN, ASN or address, narrowed by vlan:, conn:, asn:, state:, account:, region:, location:, type: (e.g. vlan:104 region:eu-west-1)"
            aria-describedby={result !== undefined ? "graph-search-status" : undefined}
            className={`w-44 rounded-md border border-border bg-background py-1 pl-2 text-sm focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none ${more ? "pr-16" : "pr-2"}`}
          />
          <span
            id="graph-search-status"
            role="status"
            className={
              notFound
                ? // Under the field, over the map's top edge, until the query changes.
                  "absolute top-full left-0 z-10 mt-1 w-max max-w-md rounded-md border border-border bg-surface px-2 py-1 text-sm text-rose-700 shadow dark:text-rose-300"
                : // In the field, at its end, as a browser's find bar counts.
                  "pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 text-xs text-muted tabular-nums"
            }
          >
            {refused
              ? refused
              : hidden > 0
                ? `Nothing shown matches “${query}”: ${hidden} hidden by the state or type filter.`
                : notFound
                  ? `Nothing matches “${query}”.`
                  : more
                    ? `${result.index} of ${result.total}`
                    : ""}
          </span>
        </span>
        <button
          type="submit"
          // As wide for Next as for Find.
          className="w-14 rounded-md border border-border px-2 py-1 text-sm hover:bg-surface-muted focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
        >
          {more ? "Next" : "Find"}
        </button>
        {detailsShown ? (
          // For the keyboard: from the search to what it found, past every filter and node between.
          // Out of sight until it has focus, as a skip link is.
          <a
            href="#details-title"
            onClick={(e) => {
              e.preventDefault();
              document.getElementById("details-title")?.focus();
            }}
            // Shown over the map's top edge while focused, so that it moves nothing in the bar.
            className="sr-only rounded-md border border-border bg-surface px-2 py-1 text-sm text-accent shadow focus:not-sr-only focus:absolute focus:top-full focus:left-0 focus:z-20 focus:mt-1 focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none"
          >
            To the details
          </a>
        ) : null}
      </form>
      <ScopeFilters accounts={accounts} regions={regions} chosen={view} update={update} />
      <StateSelect
        chosen={view.states}
        states={states}
        attention={attention}
        onChange={(states) => update({ states })}
      />
      {/* Hidden (not removed) while no filter is set: its place is kept, so nothing moves as it comes. */}
      <button
        type="button"
        onClick={() => update(NO_FILTERS)}
        className={`rounded-md px-1.5 py-1 text-sm text-accent underline-offset-2 hover:underline focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none ${isFiltered(view) ? "" : "invisible"}`}
      >
        Clear filters
      </button>
    </div>
  );
});
