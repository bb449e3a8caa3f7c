"use client";

import { useState } from "react";
import { toast } from "sonner";

import { confirmationName } from "@/lib/dx/rules/interfaces";
import { isGoingOrGone } from "@/lib/dx/states";
import type { DxVirtualInterface } from "@/lib/dx/types";

import { dxApi, useDxMutation } from "../use-dx-mutation";
import { ActionDialog, ActionForm, FormFooter } from "./action-dialog";
import { ConfirmByName } from "./confirm-by-name";
import { buttonClass } from "./styles";
import { useCanMutate } from "./use-can-mutate";
import { useSingleFlight } from "./use-single-flight";

/**
 * "Delete interface": the interface's BGP sessions stop and its traffic ends, so the dialog asks for
 * its name to be typed (as AWS's console asks for a word), and the account that owns it deletes it.
 * Not offered once AWS is deleting it.
 */
export function DeleteInterfaceButton({ vif }: { vif: DxVirtualInterface }) {
  const canMutate = useCanMutate();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const mutation = useDxMutation(dxApi.deleteInterface);
  const expected = confirmationName(vif);
  const remove = useSingleFlight(async () => {
    if (typed !== expected) {
      setMismatch(true);
      return;
    }
    try {
      await mutation.mutateAsync({
        id: vif.id,
        account: vif.ownerAlias ?? vif.account,
        region: vif.region,
      });
    } catch {
      return; // AWS's reason is shown in the dialog from mutation.error
    }
    toast.success(`Deleting ${expected}`);
    setOpen(false);
  });
  if (!canMutate || isGoingOrGone(vif.state)) return null;

  const busy = mutation.isPending;
  return (
    <ActionDialog
      open={open}
      // Once it is deleting, this button is gone: focus stays in the details.
      focusAfter={() => document.getElementById("details-title")}
      onOpenChange={setOpen}
      onClose={() => {
        mutation.reset();
        setTyped("");
        setMismatch(false);
      }}
      busy={busy}
      title="Delete interface"
      description={`Delete the ${vif.type} interface ${expected} (${vif.id}, VLAN ${vif.vlan ?? "unknown"})? Its BGP sessions stop and traffic over it ends; AWS then deletes it: deleting, then deleted. This cannot be undone.`}
      trigger={
        <button type="button" className={buttonClass.secondary}>
          Delete interface<span className="sr-only"> {expected}</span>
        </button>
      }
    >
      <ActionForm busy={busy} onSubmit={() => void remove()}>
        <fieldset disabled={busy}>
          <legend className="sr-only">Confirmation</legend>
          <ConfirmByName expected={expected} typed={typed} onTyped={setTyped} tried={mismatch} />
        </fieldset>
        <FormFooter error={mutation.error} busy={busy} busyText="Deleting the interface…">
          <button type="submit" disabled={busy} className={buttonClass.danger}>
            Delete interface
          </button>
        </FormFooter>
      </ActionForm>
    </ActionDialog>
  );
}
