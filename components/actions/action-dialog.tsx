"use client";

import * as Dialog from "@radix-ui/react-dialog";
import {
  useId,
  useRef,
  type FormEvent,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
} from "react";

import type { DxApiError } from "@/lib/dx/api-error";

import { ErrorAlert } from "./error-alert";
import { adoptPageNonce } from "./page-nonce";
import { buttonClass, hintTextClass } from "./styles";

/**
 * A modal for one action: Radix traps focus inside, names the dialog by its title and describes it by its
 * description, and gives focus back to the trigger on close. While a request is in flight it stays open
 * (Escape and outside clicks are ignored) so its outcome is seen.
 *
 * An action AWS's rules may refuse outright passes `blocker` (the reason, or null): while there is one,
 * the trigger stays focusable but inert (aria-disabled, described by the reason shown beside it) and
 * the dialog does not open.
 */
export function ActionDialog({
  open,
  onOpenChange,
  onClose,
  trigger,
  title,
  description,
  busy = false,
  wide = false,
  onCloseAutoFocus,
  focusAfter,
  blocker,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Runs when the dialog closes (reset the form's mutation, and anything else it showed). */
  onClose?: () => void;
  trigger: ReactElement;
  title: string;
  description: ReactNode;
  busy?: boolean;
  wide?: boolean;
  /** Where focus goes on close when the trigger is gone (call preventDefault, then focus). */
  onCloseAutoFocus?: (event: Event) => void;
  /**
   * Where focus goes on close when the trigger has left the page and onCloseAutoFocus chose nothing:
   * the action moved its resource on and the button went with it, perhaps before the dialog saw its
   * request succeed (the map's refetch can land first, unmounting the dialog while it is open).
   */
  focusAfter?: () => HTMLElement | null;
  /** Why the action cannot be taken now (null: it can); leave it out for an action never blocked. */
  blocker?: string | null;
  children: ReactNode;
}) {
  const reasonId = useId();
  const triggerRef = useRef<HTMLButtonElement>(null);
  const holdWhileBusy = (event: { preventDefault(): void }) => {
    if (busy) event.preventDefault();
  };
  const dialog = (
    <Dialog.Root
      open={open && !blocker}
      onOpenChange={(next) => {
        if (next) adoptPageNonce(); // before the content mounts and locks scroll with a style element
        if (next || !busy) onOpenChange(next);
        if (!next && !busy) onClose?.();
      }}
    >
      <Dialog.Trigger ref={triggerRef} asChild {...blockedTriggerProps(blocker ?? null, reasonId)}>
        {trigger}
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50 backdrop-blur-[1px]" />
        <Dialog.Content
          onEscapeKeyDown={holdWhileBusy}
          onInteractOutside={holdWhileBusy}
          onCloseAutoFocus={(event) => {
            onCloseAutoFocus?.(event);
            if (event.defaultPrevented || triggerRef.current?.isConnected !== false) return;
            const target = focusAfter?.();
            if (!target) return;
            event.preventDefault();
            target.focus();
          }}
          className={`fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl border border-border bg-surface p-6 text-foreground shadow-xl focus:outline-none ${wide ? "max-w-2xl" : "max-w-md"}`}
        >
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-muted">{description}</Dialog.Description>
          <div className="mt-5">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
  if (blocker === undefined) return dialog;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {dialog}
      {blocker ? (
        <span id={reasonId} className={hintTextClass}>
          {blocker}
        </span>
      ) : null}
    </span>
  );
}

/** The dialog's footer: Cancel closes it (not while busy), then the action. */
export function DialogActions({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <div className="mt-6 flex flex-wrap items-center justify-end gap-2">
      <Dialog.Close asChild>
        <button type="button" disabled={busy} className={buttonClass.secondary}>
          Cancel
        </button>
      </Dialog.Close>
      {children}
    </div>
  );
}

/** A dialog's form without a form library: the browser's own checks off (the dialog says what is wrong), busy while it works. */
export function ActionForm({
  busy,
  onSubmit,
  children,
}: {
  busy: boolean;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}) {
  return (
    <form
      noValidate
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(event);
      }}
    >
      {children}
    </form>
  );
}

/**
 * A form dialog's foot: AWS's refusal of the last submit (with any field messages the form has no
 * control for), what is under way while it is, then Cancel and the form's submit button.
 */
export function FormFooter({
  error,
  other,
  busy,
  busyText,
  children,
}: {
  error: DxApiError | Error | null;
  other?: readonly string[];
  busy: boolean;
  busyText: string;
  children: ReactNode;
}) {
  return (
    <>
      {error ? (
        <div className="mt-4">
          <ErrorAlert error={error} {...(other ? { other } : {})} />
        </div>
      ) : null}
      <p role="status" className="mt-3 text-sm text-muted">
        {busy ? busyText : ""}
      </p>
      <DialogActions busy={busy}>{children}</DialogActions>
    </>
  );
}

/** A blocked trigger's props; Radix opens no dialog for a click whose default was prevented. */
function blockedTriggerProps(blocker: string | null, reasonId: string) {
  return blocker
    ? {
        "aria-disabled": true as const,
        "aria-describedby": reasonId,
        title: blocker,
        onClick: (event: MouseEvent) => event.preventDefault(),
      }
    : {};
}
