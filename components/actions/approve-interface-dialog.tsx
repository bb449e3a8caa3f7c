"use client";

import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";

import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";
import {
  allocatingAccount,
  approvalGatewayChoices,
  confirmRequest,
  connectionOf,
} from "@/lib/dx/rules/approvals";
import { needsGateway, unreadGateways } from "@/lib/dx/rules/gateways";

import { dxApi, useDxMutation } from "../use-dx-mutation";
import { ActionDialog, ActionForm, FormFooter } from "./action-dialog";
import { useKnownAssociations } from "../use-gateway-reads";
import { GatewaySelect, useClearUnoffered } from "./gateway-select";
import { buttonClass } from "./styles";
import { useCanMutate } from "./use-can-mutate";
import { useSingleFlight } from "./use-single-flight";

const nameOf = (vif: DxVirtualInterface) => vif.name || vif.id;

/** The id of the "Approved" text that replaces an approved interface's button. */
export const approvedMarkerId = (vifId: string) => `approved-${vifId}`;

/**
 * "Approve": the owner confirms an interface another account allocated to it, attaching a private one
 * to a virtual private gateway or a Direct Connect gateway and a transit one to a Direct Connect gateway.
 * Read-only users never get here: the approvals view renders no Approve button for them.
 */
export function ApproveInterfaceButton({
  vif,
  topology,
  onApproved,
}: {
  vif: DxVirtualInterface;
  topology: DxTopology;
  onApproved: (resource: DxVirtualInterface) => void;
}) {
  const [open, setOpen] = useState(false);
  const [gateway, setGateway] = useState("");
  const [missingGateway, setMissingGateway] = useState(false);
  const mutation = useDxMutation(dxApi.confirmInterface);
  const approved = useRef(false);
  const busy = mutation.isPending;
  const gatewayNeeded = needsGateway(vif.type);
  const owner = vif.ownerAlias ?? vif.account;
  const connection = connectionOf(topology, vif);

  const approve = useSingleFlight(async () => {
    if (gatewayNeeded && !gateway) {
      setMissingGateway(true);
      return;
    }
    let resource: DxVirtualInterface;
    try {
      resource = (await mutation.mutateAsync(confirmRequest(vif, gateway))).resource;
    } catch {
      return; // AWS's reason is shown in the dialog from mutation.error
    }
    toast.success(`Approved ${nameOf(vif)}; AWS is bringing it up`);
    approved.current = true;
    onApproved(resource);
    setOpen(false);
  });

  return (
    <ActionDialog
      open={open}
      onOpenChange={setOpen}
      onClose={() => {
        mutation.reset();
        setMissingGateway(false);
      }}
      busy={busy}
      // The row replaces this button with "Approved": focus goes there rather than to the page.
      onCloseAutoFocus={(event) => {
        // On the map, the details' heading: the button is gone once the interface is approved.
        const target = approved.current
          ? (document.getElementById(approvedMarkerId(vif.id)) ??
            document.getElementById("details-title"))
          : null;
        if (!target) return;
        event.preventDefault();
        target.focus();
      }}
      focusAfter={() =>
        document.getElementById(approvedMarkerId(vif.id)) ??
        document.getElementById("details-title")
      }
      title="Approve interface"
      description={`${owner} accepts the ${vif.type} interface ${nameOf(vif)} (${vif.id}, VLAN ${vif.vlan ?? "unknown"}) that ${allocatingAccount(topology, vif)} allocated on ${connection ? connection.name || connection.id : (vif.connectionId ?? "its connection")}. AWS then brings it up: pending, then available.`}
      trigger={
        <button type="button" data-approve-button className={buttonClass.primary}>
          Approve<span className="sr-only"> {nameOf(vif)}</span>
        </button>
      }
    >
      <ActionForm busy={busy} onSubmit={() => void approve()}>
        <fieldset disabled={busy} className="space-y-4">
          <legend className="sr-only">Approval</legend>
          {gatewayNeeded ? (
            <ApprovalGatewaySelect
              vif={vif}
              topology={topology}
              owner={owner}
              error={
                missingGateway && !gateway
                  ? "Choose the gateway this interface attaches to."
                  : undefined
              }
              value={gateway}
              onChange={setGateway}
            />
          ) : (
            <p className="text-sm text-muted">
              A public interface attaches to no gateway: approving it is all it takes.
            </p>
          )}
        </fieldset>
        <FormFooter error={mutation.error} busy={busy} busyText="Approving…">
          <button type="submit" disabled={busy} className={buttonClass.primary}>
            Approve interface
          </button>
        </FormFooter>
      </ActionForm>
    </ActionDialog>
  );
}

/** Approve from the map's details panel: for those who may change things (read-only mode shows none). */
export function ApproveFromMap({
  vif,
  topology,
}: {
  vif: DxVirtualInterface;
  topology: DxTopology;
}) {
  const canMutate = useCanMutate();
  // The map shows the new state from the next read (the mutation refreshes it): nothing else to do.
  return canMutate ? (
    <ApproveInterfaceButton vif={vif} topology={topology} onApproved={() => undefined} />
  ) : null;
}

/** The owner's gateways this interface may attach to; rendered only while the dialog is open, so only then read. */
function ApprovalGatewaySelect({
  vif,
  topology,
  owner,
  error,
  value,
  onChange,
}: {
  vif: DxVirtualInterface;
  topology: DxTopology;
  owner: string;
  error: string | undefined;
  value: string;
  onChange: (gateway: string) => void;
}) {
  const known = useKnownAssociations(owner);
  const choices = approvalGatewayChoices(topology, vif, known.associations);
  useClearUnoffered(
    value,
    choices,
    useCallback(() => onChange(""), [onChange]),
  );
  return (
    <GatewaySelect
      choices={choices}
      type={vif.type}
      owner={owner}
      region={vif.region}
      unread={unreadGateways(topology, owner, vif.region, vif.type)}
      associations={known.associations}
      associationsError={known.error}
      error={error}
      selectProps={{ value, onChange: (event) => onChange(event.target.value) }}
    />
  );
}
