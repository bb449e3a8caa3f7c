"use client";

import { useRef, useState } from "react";
import { toast } from "sonner";

import type { DxConnection } from "@/lib/dx/types";
import { awaitsAcceptance } from "@/lib/dx/rules/approvals";

import { dxApi, useDxMutation } from "../use-dx-mutation";
import { ActionDialog, ActionForm, FormFooter } from "./action-dialog";
import { buttonClass } from "./styles";
import { useCanMutate } from "./use-can-mutate";
import { useSingleFlight } from "./use-single-flight";

const ACTIONS = {
  confirm: {
    title: "Accept hosted connection",
    button: "Accept connection",
    short: "Accept",
    busy: "Accepting the connection…",
    done: "Accepted",
    style: buttonClass.primary,
    trigger: buttonClass.primary,
    what: (c: DxConnection, partner: string) =>
      `${partner} ordered ${c.name || c.id} (${c.id}) for ${c.account}: ${c.bandwidth} at ${c.location}, VLAN ${c.vlan ?? "unknown"}. Once you accept it, AWS readies it (pending, then available) and its port hours are billed to ${c.account}.`,
  },
  decline: {
    title: "Decline hosted connection",
    button: "Decline connection",
    short: "Decline",
    busy: "Declining the connection…",
    done: "Declined",
    style: buttonClass.danger,
    trigger: buttonClass.secondary,
    what: (c: DxConnection, partner: string) =>
      `Decline ${c.name || c.id} (${c.id}), ordered by ${partner}? AWS deletes the order and the connection becomes rejected: it cannot be accepted after, and ${partner} would have to order it again.`,
  },
} as const;

/**
 * "Accept connection" and "Decline connection" on a hosted connection a partner ordered: AWS calls
 * it ordering until its owner accepts it (ConfirmConnection) or declines it (deleting it, which makes
 * it rejected). The owner's account does both, as AWS requires.
 */
export function HostedConnectionActions({
  connection,
  focusAfter = "details-title",
  compact = false,
}: {
  connection: DxConnection;
  /** The id of what takes focus once the connection moved on and these buttons are gone. */
  focusAfter?: string;
  /** "Accept" and "Decline" (in a table row), their names the same for assistive technology. */
  compact?: boolean;
}) {
  const canMutate = useCanMutate();
  if (!canMutate || !awaitsAcceptance(connection)) return null;
  return (
    <>
      <HostedConnectionButton
        connection={connection}
        action="confirm"
        focusAfter={focusAfter}
        compact={compact}
      />
      <HostedConnectionButton
        connection={connection}
        action="decline"
        focusAfter={focusAfter}
        compact={compact}
      />
    </>
  );
}

function HostedConnectionButton({
  connection,
  action,
  focusAfter,
  compact,
}: {
  connection: DxConnection;
  action: "confirm" | "decline";
  focusAfter: string;
  compact: boolean;
}) {
  const [open, setOpen] = useState(false);
  const done = useRef(false);
  const mutation = useDxMutation(dxApi.hostedConnection);
  const text = ACTIONS[action];
  const name = connection.name || connection.id;
  const submit = useSingleFlight(async () => {
    try {
      await mutation.mutateAsync({
        id: connection.id,
        action,
        account: connection.account,
        region: connection.region,
      });
    } catch {
      return; // AWS's reason is shown in the dialog from mutation.error
    }
    toast.success(`${text.done} ${name}`);
    done.current = true;
    setOpen(false);
  });
  const busy = mutation.isPending;
  return (
    <ActionDialog
      open={open}
      onOpenChange={setOpen}
      onClose={() => mutation.reset()}
      busy={busy}
      title={text.title}
      description={text.what(connection, connection.partnerName ?? "The partner")}
      // Once the connection moves on, these buttons are gone: focus goes to `focusAfter`.
      onCloseAutoFocus={(event) => {
        if (!done.current) return;
        event.preventDefault();
        document.getElementById(focusAfter)?.focus();
      }}
      focusAfter={() => document.getElementById(focusAfter)}
      trigger={
        <button type="button" className={text.trigger}>
          {compact ? text.short : text.button}
          <span className="sr-only">{compact ? ` connection ${name}` : ` ${name}`}</span>
        </button>
      }
    >
      <ActionForm busy={busy} onSubmit={() => void submit()}>
        <FormFooter error={mutation.error} busy={busy} busyText={text.busy}>
          <button type="submit" disabled={busy} className={text.style}>
            {text.button}
          </button>
        </FormFooter>
      </ActionForm>
    </ActionDialog>
  );
}
