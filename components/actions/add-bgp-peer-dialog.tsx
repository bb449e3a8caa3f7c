"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";

import { DxApiError } from "@/lib/dx/api-error";
import { asnValue, bgpPeerFields, interfaceType } from "@/lib/dx/schemas";
import type { DxVirtualInterface } from "@/lib/dx/types";
import {
  addPeerBlocker,
  familyConflict,
  freeFamilies,
  peerFieldsForFamily,
  peerScope,
} from "@/lib/dx/rules/peers";

import { dxApi, useDxMutation } from "../use-dx-mutation";
import { ActionDialog, ActionForm, FormFooter } from "./action-dialog";
import { splitFieldErrors } from "./field-errors";
import { FormField, Optional } from "./form-field";
import { buttonClass } from "./styles";
import { useCanMutate } from "./use-can-mutate";
import { useSingleFlight } from "./use-single-flight";

type PeerSchema = ReturnType<typeof bgpPeerFields>;
type PeerInput = z.input<PeerSchema>;
type PeerFields = z.output<PeerSchema>;
type PeerField = keyof PeerInput;

const PEER_FIELDS: readonly PeerField[] = [
  "addressFamily",
  "asn",
  "authKey",
  "amazonAddress",
  "customerAddress",
];
const peerField = (apiField: string) => PEER_FIELDS.find((f) => f === apiField);

/** The schema's rules for this interface type, plus the one it cannot know: peers per address family. */
function peerResolver(
  vif: DxVirtualInterface,
  perFamily: 1 | 2,
): Resolver<PeerInput, unknown, PeerFields> {
  const schema = zodResolver(bgpPeerFields(interfaceType.safeParse(vif.type).data));
  return async (values, context, options) => {
    const result = await schema(peerFieldsForFamily(values), context, options);
    const conflict = familyConflict(vif, values.addressFamily, perFamily);
    if (!conflict) return result;
    return {
      values: {},
      errors: { ...result.errors, addressFamily: { type: "state", message: conflict } },
    };
  };
}

const nameOf = (vif: DxVirtualInterface) => vif.name || vif.id;

/**
 * "Add BGP peer": a second session on an interface, in the address family it does not have yet. Where
 * AWS would refuse any new peer (the interface awaits approval, is going, has both families, or its
 * owner is an account dxmap cannot sign for), the button stays focusable but inert and says why.
 */
export function AddBgpPeerButton({
  vif,
  perFamily = 1,
}: {
  vif: DxVirtualInterface;
  /** Peers AWS allows per address family: two on a connection with logical redundancy (peersPerFamily). */
  perFamily?: 1 | 2;
}) {
  const canMutate = useCanMutate();
  const [open, setOpen] = useState(false);
  const mutation = useDxMutation(dxApi.createBgpPeer);
  if (!canMutate) return null;
  const blocker = addPeerBlocker(vif, perFamily);
  return (
    <ActionDialog
      open={open}
      blocker={blocker}
      onOpenChange={setOpen}
      onClose={() => mutation.reset()}
      busy={mutation.isPending}
      title="Add BGP peer"
      description={`A new BGP session on ${nameOf(vif)} (${vif.id}), created as its owner ${vif.ownerAlias ?? vif.account}.`}
      trigger={
        <button type="button" className={buttonClass.secondary}>
          Add BGP peer
        </button>
      }
    >
      <AddBgpPeerForm
        vif={vif}
        perFamily={perFamily}
        mutation={mutation}
        onDone={() => setOpen(false)}
      />
    </ActionDialog>
  );
}

function AddBgpPeerForm({
  vif,
  perFamily,
  mutation,
  onDone,
}: {
  vif: DxVirtualInterface;
  perFamily: 1 | 2;
  mutation: ReturnType<typeof useDxMutation<Record<string, unknown>>>;
  onDone: () => void;
}) {
  const resolver = useMemo(() => peerResolver(vif, perFamily), [vif, perFamily]);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<PeerInput, unknown, PeerFields>({
    mode: "onChange",
    resolver,
    defaultValues: {
      // The family the interface does not have yet; with both taken the form says so on submit.
      addressFamily: freeFamilies(vif, perFamily)[0] ?? "ipv4",
      asn: vif.asn ?? undefined,
      authKey: "",
      amazonAddress: "",
      customerAddress: "",
    },
  });
  const family = useWatch({ control, name: "addressFamily" });
  const conflictNow = familyConflict(vif, family, perFamily);
  const busy = isSubmitting || mutation.isPending;

  // A refusal answered an earlier submit: once the form is submitted again, it no longer applies.
  const clearRefusal = () => {
    mutation.reset();
    setOtherErrors([]);
  };

  const submit = useSingleFlight(
    handleSubmit(async (fields) => {
      clearRefusal();
      try {
        await mutation.mutateAsync({ ...peerScope(vif), ...fields });
        toast.success(`BGP peer added to ${nameOf(vif)}`);
        onDone();
      } catch (error) {
        if (!(error instanceof DxApiError)) return;
        const split = splitFieldErrors(error.fieldErrors, peerField);
        for (const [field, message] of Object.entries(split.fields))
          setError(field as PeerField, { type: "server", message });
        setOtherErrors(split.other);
      }
    }, clearRefusal),
  );

  return (
    <ActionForm busy={busy} onSubmit={(event) => void submit(event)}>
      <fieldset disabled={busy} className="space-y-4">
        <legend className="sr-only">BGP peer</legend>
        <FormField
          label="Address family"
          error={errors.addressFamily?.message ?? conflictNow ?? undefined}
        >
          {(props) => (
            <select {...props} {...register("addressFamily")}>
              <option value="ipv4">IPv4</option>
              <option value="ipv6">IPv6</option>
            </select>
          )}
        </FormField>
        <FormField
          label="ASN"
          error={errors.asn?.message}
          hint="Your side's BGP ASN, 1 to 4294967294 (or asdot, like 1.10)."
        >
          {(props) => (
            <input
              {...props}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              {...register("asn", { setValueAs: asnValue })}
            />
          )}
        </FormField>
        <FormField
          label={
            <>
              Auth key
              <Optional />
            </>
          }
          error={errors.authKey?.message}
          hint="6 to 80 characters; AWS generates one when empty."
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              {...register("authKey")}
            />
          )}
        </FormField>
        {family === "ipv6" ? (
          <p className="rounded-lg bg-surface-muted px-3 py-2 text-sm text-foreground">
            AWS assigns both IPv6 peer addresses (a /125 from its own range), so there is nothing to
            enter.
          </p>
        ) : (
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Amazon address" error={errors.amazonAddress?.message}>
              {(props) => (
                <input
                  {...props}
                  placeholder="e.g. 169.254.10.1/30"
                  autoComplete="off"
                  spellCheck={false}
                  {...register("amazonAddress", { deps: ["customerAddress"] })}
                />
              )}
            </FormField>
            <FormField label="Customer address" error={errors.customerAddress?.message}>
              {(props) => (
                <input
                  {...props}
                  placeholder="e.g. 169.254.10.2/30"
                  autoComplete="off"
                  spellCheck={false}
                  {...register("customerAddress", { deps: ["amazonAddress"] })}
                />
              )}
            </FormField>
            <p className="text-xs text-muted sm:col-span-2">
              {vif.type === "public"
                ? "A public interface needs both, public IPv4 addresses in one subnet."
                : "Both or neither: AWS assigns a 169.254.0.0/16 pair when both are empty."}
            </p>
          </div>
        )}
      </fieldset>
      <FormFooter
        error={mutation.error}
        other={otherErrors}
        busy={busy}
        busyText="Creating the peer…"
      >
        <button type="submit" disabled={busy} className={buttonClass.primary}>
          Create peer
        </button>
      </FormFooter>
    </ActionForm>
  );
}
