"use client";

import * as Dialog from "@radix-ui/react-dialog";
import type { MouseEvent, ReactElement, ReactNode } from "react";

import { adoptPageNonce } from "./page-nonce";
import { buttonClass, hintTextClass } from "./styles";

/**
 * A modal for one action: Radix traps focus inside, names the dialog by its title and describes it by its
 * description, and gives focus back to the trigger on close. While a request is in flight it stays open
 * (Escape and outside clicks are ignored) so its outcome is seen.
 */
export function ActionDialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  busy = false,
  wide = false,
  onCloseAutoFocus,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: ReactElement;
  title: string;
  description: ReactNode;
  busy?: boolean;
  wide?: boolean;
  /** Where focus goes on close when the trigger is gone (call preventDefault, then focus). */
  onCloseAutoFocus?: (event: Event) => void;
  children: ReactNode;
}) {
  const holdWhileBusy = (event: { preventDefault(): void }) => {
    if (busy) event.preventDefault();
  };
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (next) adoptPageNonce(); // before the content mounts and locks scroll with a style element
        if (next || !busy) onOpenChange(next);
      }}
    >
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50 backdrop-blur-[1px]" />
        <Dialog.Content
          onEscapeKeyDown={holdWhileBusy}
          onInteractOutside={holdWhileBusy}
          onCloseAutoFocus={onCloseAutoFocus}
          className={`fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl border border-border bg-surface p-6 text-foreground shadow-xl focus:outline-none ${wide ? "max-w-2xl" : "max-w-md"}`}
        >
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-muted">{description}</Dialog.Description>
          <div className="mt-5">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
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

/**
 * The props of a trigger that AWS's rules may block (`blocker` says why): it stays focusable but inert
 * (aria-disabled, described by the reason beside it), and Radix opens no dialog for a prevented click.
 */
export function blockedTriggerProps(blocker: string | null, reasonId: string) {
  return blocker
    ? {
        "aria-disabled": true as const,
        "aria-describedby": reasonId,
        title: blocker,
        onClick: (event: MouseEvent) => event.preventDefault(),
      }
    : {};
}

/** Why a blocked trigger is blocked, beside it (`id` is its aria-describedby). */
export function BlockedReason({ blocker, id }: { blocker: string | null; id: string }) {
  return blocker ? (
    <span id={id} className={hintTextClass}>
      {blocker}
    </span>
  ) : null;
}
