// Class names shared by the action controls. Both themes come from the tokens in app/globals.css; the
// dark variant follows prefers-color-scheme, as the tokens do. Text on the accent is white in light
// mode and near-black in dark mode, where the accent is light: both pass WCAG AA.

const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent";
const base = `inline-flex items-center justify-center gap-1.5 rounded-lg font-medium whitespace-nowrap ${focusRing} disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60`;

export const buttonClass = {
  primary: `${base} px-3 py-1.5 text-sm bg-accent text-white shadow-sm hover:bg-accent/90 dark:text-slate-950`,
  secondary: `${base} px-3 py-1.5 text-sm border border-border bg-surface text-foreground shadow-sm hover:bg-surface-muted`,
  danger: `${base} px-3 py-1.5 text-sm bg-rose-600 text-white shadow-sm hover:bg-rose-700 focus-visible:outline-rose-600`,
  small: `${base} px-2 py-1 text-xs border border-border bg-surface text-foreground hover:bg-surface-muted`,
} as const;

/** Inputs have a boundary of at least 3:1 against the surface (WCAG 1.4.11), unlike the hairline border token. */
/** `width`: the control's width class, the form's full width unless told. */
export function controlClass(invalid: boolean, width = "w-full"): string {
  return [
    `block ${width} rounded-lg border bg-surface px-3 py-1.5 text-sm text-foreground shadow-sm`,
    "placeholder:text-muted disabled:opacity-60",
    focusRing,
    invalid ? "border-rose-600 dark:border-rose-400" : "border-muted",
  ].join(" ");
}

/** A link of the header's navigation; aria-current="page" marks the page shown. */
export const navLinkClass =
  "inline-flex items-center gap-2 rounded-lg px-2.5 py-1.5 text-sm font-medium text-foreground hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent aria-[current=page]:bg-surface-muted";

export const errorTextClass = "text-xs text-rose-700 dark:text-rose-300";
export const hintTextClass = "text-xs text-muted";
