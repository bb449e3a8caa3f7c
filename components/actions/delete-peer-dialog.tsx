"use client";

import { useState } from "react";
import { toast } from "sonner";

import type { DxBgpPeer, DxVirtualInterface } from "@/lib/dx/types";
import { deletePeerBlocker, familyLabel, peerScope } from "@/lib/dx/rules/peers";

import { dxApi, useDxMutation } from "../use-dx-mutation";
import { ActionDialog, DialogActions } from "./action-dialog";
import { ErrorAlert } from "./error-alert";
import { buttonClass } from "./styles";
import { useCanMutate } from "./use-can-mutate";
import { useSingleFlight } from "./use-single-flight";

const nameOf = (vif: DxVirtualInterface) => vif.name || vif.id;

function describePeer(peer: DxBgpPeer): string {
  const parts = [
    `ASN ${peer.asn ?? "unknown"}`,
    peer.customerAddress ? `customer ${peer.customerAddress}` : null,
  ].filter(Boolean);
  return `${familyLabel(peer.addressFamily)} peer ${peer.id} (${parts.join(", ")})`;
}

/**
 * "Delete peer", confirmed in a dialog. The last live peer of an interface cannot go (AWS refuses it):
 * then the button stays focusable but inert (aria-disabled), and says why beside it. It is the same
 * button either way, so focus stays on it when the peer it deleted turns `deleting`.
 */
export function DeletePeerButton({ vif, peer }: { vif: DxVirtualInterface; peer: DxBgpPeer }) {
  const canMutate = useCanMutate();
  const [open, setOpen] = useState(false);
  const mutation = useDxMutation(dxApi.deleteBgpPeer);
  const remove = useSingleFlight(async () => {
    try {
      await mutation.mutateAsync({ bgpPeerId: peer.id, ...peerScope(vif) });
    } catch {
      return; // AWS's reason is shown in the dialog from mutation.error
    }
    toast.success(`Deleting the ${familyLabel(peer.addressFamily)} BGP peer of ${nameOf(vif)}`);
    setOpen(false);
  });
  if (!canMutate) return null;

  const blocker = deletePeerBlocker(vif, peer);
  const busy = mutation.isPending;
  return (
    <ActionDialog
      open={open}
      // Once it is deleting, this button is gone: focus stays in the details.
      focusAfter={() => document.getElementById("details-title")}
      blocker={blocker}
      onOpenChange={setOpen}
      onClose={() => mutation.reset()}
      busy={busy}
      title="Delete BGP peer"
      description={`Delete the ${describePeer(peer)} of ${nameOf(vif)}? Its BGP session stops; the interface and its other peers stay.`}
      trigger={
        <button type="button" className={buttonClass.secondary}>
          Delete peer
          <span className="sr-only">
            {" "}
            {familyLabel(peer.addressFamily)} {peer.id}
          </span>
        </button>
      }
    >
      {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
      <p role="status" className="mt-3 text-sm text-muted">
        {busy ? "Deleting the peer…" : ""}
      </p>
      <DialogActions busy={busy}>
        <button
          type="button"
          onClick={() => void remove()}
          disabled={busy}
          className={buttonClass.danger}
        >
          Delete
        </button>
      </DialogActions>
    </ActionDialog>
  );
}
