"use client";

import { useCallback, useMemo, useState } from "react";
import { useForm, useWatch, type FieldErrors, type Resolver } from "react-hook-form";
import { toast } from "sonner";

import { DxApiError } from "@/lib/dx/api-error";
import {
  asnValue,
  interfaceType as interfaceTypeSchema,
  type InterfaceType,
} from "@/lib/dx/schemas";
import type { DxAccount, DxConnection, DxLag, DxTopology } from "@/lib/dx/types";
import { gatewayChoices, unreadGateways } from "@/lib/dx/rules/gateways";
import {
  createInterfaceBody,
  hostedRules,
  hostedVlanError,
  isAllocation,
  mtuChoices,
  OWNER_OTHER,
  OWNER_SELF,
  parentStateBlocker,
  selfAllocationError,
  takesJumboFrames,
  usedVlans,
  vlanInUseError,
  type InterfaceFields,
} from "@/lib/dx/rules/interfaces";

import { dxApi, useDxMutation } from "../use-dx-mutation";
import { ActionDialog, ActionForm, FormFooter } from "./action-dialog";
import { splitFieldErrors } from "./field-errors";
import { FormField, Optional } from "./form-field";
import { GatewaySelect, useClearUnoffered } from "./gateway-select";
import { useKnownAssociations } from "../use-gateway-reads";
import {
  interfaceFormField,
  ownerChoices,
  validateInterfaceForm,
  type InterfaceFormField,
  type InterfaceFormValues,
} from "./interface-form";
import { buttonClass } from "./styles";
import { useCanMutate } from "./use-can-mutate";
import { useSingleFlight } from "./use-single-flight";
import { useSelectResource } from "../selection";

type Connection = DxConnection | DxLag;

const TYPE_LABELS: Record<InterfaceType, string> = {
  private: "Private",
  public: "Public",
  transit: "Transit",
};
const TYPE_HINTS: Record<InterfaceType, string> = {
  private: "To a VPC, through a virtual private gateway or a Direct Connect gateway.",
  public: "To AWS public endpoints, over public addresses you own.",
  transit: "To transit gateways, through a Direct Connect gateway.",
};

function interfaceResolver(
  accounts: readonly DxAccount[],
  vlansInUse: readonly number[],
  assignedVlan: number | undefined,
  ownAccountId: string | undefined,
): Resolver<InterfaceFormValues, unknown, InterfaceFields> {
  return (values) => {
    const result = validateInterfaceForm(values, accounts);
    const vlanInUse =
      vlanInUseError(values.vlan, vlansInUse) ?? hostedVlanError(values.vlan, assignedVlan);
    const toSelf = selfAllocationError(values, accounts, ownAccountId);
    if (result.ok && !vlanInUse && !toSelf) return { values: result.fields, errors: {} };
    const errors: FieldErrors<InterfaceFormValues> = {};
    if (!result.ok)
      for (const [field, message] of Object.entries(result.errors))
        errors[field as InterfaceFormField] = { type: "validation", message };
    if (vlanInUse && !errors.vlan) errors.vlan = { type: "validation", message: vlanInUse };
    if (toSelf && !errors.otherAccount)
      errors.otherAccount = { type: "validation", message: toSelf };
    return { values: {}, errors };
  };
}

/** "Create interface" on a connection or LAG: for its own account, or allocated to another one. */
export function CreateInterfaceButton({
  connection,
  topology,
}: {
  connection: Connection;
  topology: DxTopology;
}) {
  const canMutate = useCanMutate();
  const [open, setOpen] = useState(false);
  const mutation = useDxMutation(dxApi.createInterface);
  if (!canMutate) return null;
  const blocked = parentStateBlocker(connection);
  if (blocked) return <p className="text-sm text-muted">{blocked}</p>;
  const taken = hostedRules(topology, connection)?.taken;
  if (taken) {
    // AWS would refuse a second interface: say why here, rather than after a form filled in for nothing.
    return (
      <p className="text-sm text-muted">
        A hosted connection carries one interface: {taken.name || taken.id} ({taken.id}) uses this
        one.
      </p>
    );
  }
  return (
    <ActionDialog
      open={open}
      onOpenChange={setOpen}
      onClose={() => mutation.reset()}
      busy={mutation.isPending}
      wide
      title="Create interface"
      description={`A virtual interface on ${connection.name || connection.id} (${connection.id}, ${connection.region}), created by ${connection.account}. An interface allocated to another account waits for that account to approve it.`}
      trigger={
        <button type="button" className={buttonClass.secondary}>
          Create interface
        </button>
      }
    >
      <CreateInterfaceForm
        connection={connection}
        topology={topology}
        mutation={mutation}
        onDone={() => setOpen(false)}
      />
    </ActionDialog>
  );
}

function CreateInterfaceForm({
  connection,
  topology,
  mutation,
  onDone,
}: {
  connection: Connection;
  topology: DxTopology;
  mutation: ReturnType<typeof useDxMutation<Record<string, unknown>>>;
  onDone: () => void;
}) {
  const accounts = topology.accounts;
  const selectResource = useSelectResource();
  const vlansInUse = useMemo(() => usedVlans(topology, connection), [topology, connection]);
  // A hosted connection's interface takes the VLAN its partner assigned; jumbo frames only where AWS allows them.
  const assignedVlan = hostedRules(topology, connection)?.vlan;
  const jumbo = takesJumboFrames(connection);
  // The connection owner's account id: AWS refuses an allocation to it.
  const ownAccountId = connection.ownerAccount;
  const resolver = useMemo(
    () => interfaceResolver(accounts, vlansInUse, assignedVlan, ownAccountId),
    [accounts, vlansInUse, assignedVlan, ownAccountId],
  );
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    getValues,
    control,
    formState: { errors, isSubmitting },
  } = useForm<InterfaceFormValues, unknown, InterfaceFields>({
    mode: "onChange",
    resolver,
    defaultValues: {
      type: "private",
      owner: OWNER_SELF,
      otherAccount: "",
      name: "",
      ...(assignedVlan !== undefined ? { vlan: assignedVlan } : {}),
      mtu: "1500",
      addressFamily: "ipv4",
      authKey: "",
      amazonAddress: "",
      customerAddress: "",
      gateway: "",
      routeFilterPrefixes: "",
    },
  });
  const [type = "private", owner = OWNER_SELF, family = "ipv4", chosenGateway = ""] = useWatch({
    control,
    name: ["type", "owner", "addressFamily", "gateway"],
  });
  const allocation = isAllocation(owner);
  const accountId = accounts.find((a) => a.alias === connection.account)?.accountId;
  // The connection owner's gateway associations: which of its Direct Connect gateways take the type.
  const known = useKnownAssociations(connection.account);
  const gateways = gatewayChoices(
    topology,
    { alias: connection.account, accountId, region: connection.region },
    type,
    known.associations,
  );
  const showGateway = !allocation && type !== "public";
  useClearUnoffered(
    chosenGateway,
    gateways,
    useCallback(() => setValue("gateway", ""), [setValue]),
  );
  const busy = isSubmitting || mutation.isPending;

  const onTypeChange = (next: InterfaceType) => {
    // Keep only what the new type allows: its MTUs, its kinds of gateway.
    if (!mtuChoices(next, jumbo).includes(Number(getValues("mtu")))) setValue("mtu", "1500");
    const nextGateways = gatewayChoices(
      topology,
      { alias: connection.account, accountId, region: connection.region },
      next,
      known.associations,
    );
    if (!nextGateways.some((g) => g.id === getValues("gateway"))) setValue("gateway", "");
  };

  // A refusal answered an earlier submit: once the form is submitted again, it no longer applies.
  const clearRefusal = () => {
    mutation.reset();
    setOtherErrors([]);
  };

  const submit = useSingleFlight(
    handleSubmit(async (fields) => {
      clearRefusal();
      let created: string;
      try {
        created = (await mutation.mutateAsync(createInterfaceBody(connection, fields))).resource.id;
      } catch (error) {
        if (!(error instanceof DxApiError)) return;
        const split = splitFieldErrors(error.fieldErrors, interfaceFormField);
        for (const [field, message] of Object.entries(split.fields))
          setError(field as InterfaceFormField, { type: "server", message });
        setOtherErrors(split.other);
        return;
      }
      const to =
        accounts.find((a) => a.accountId === fields.ownerAccount)?.alias ??
        `account ${fields.ownerAccount}`;
      toast.success(
        fields.ownerAccount
          ? `Interface ${fields.name} allocated to ${to}; it waits for their approval`
          : `Interface ${fields.name} created on ${connection.name || connection.id}`,
        // Long enough to reach for the link after looking at the map.
        { action: { label: "Show it", onClick: () => selectResource(created) }, duration: 10_000 },
      );
      onDone();
      // The details move to what was made (the map has read it again by now), as AWS's console does.
      selectResource(created);
    }, clearRefusal),
  );

  return (
    <ActionForm busy={busy} onSubmit={(event) => void submit(event)}>
      <fieldset disabled={busy} className="grid gap-4 sm:grid-cols-2">
        <legend className="sr-only">Virtual interface</legend>
        <FormField label="Type" error={errors.type?.message} hint={TYPE_HINTS[type]}>
          {(props) => (
            <select
              {...props}
              {...register("type", {
                onChange: (event) => onTypeChange(interfaceTypeSchema.parse(event.target.value)),
              })}
            >
              {interfaceTypeSchema.options.map((t) => (
                <option key={t} value={t}>
                  {TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          label="Owner"
          hint={
            allocation ? "Allocated: the owner approves it and chooses its gateway." : undefined
          }
        >
          {(props) => (
            <select {...props} {...register("owner", { deps: ["gateway"] })}>
              {ownerChoices(connection.account, accounts).map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {owner === OWNER_OTHER ? (
          <FormField
            label="AWS account id"
            error={errors.otherAccount?.message}
            hint="The 12-digit account that will own the interface."
          >
            {(props) => (
              <input
                {...props}
                inputMode="numeric"
                autoComplete="off"
                placeholder="e.g. 123456789012"
                {...register("otherAccount")}
              />
            )}
          </FormField>
        ) : null}
        <FormField label="Name" error={errors.name?.message}>
          {(props) => <input {...props} autoComplete="off" {...register("name")} />}
        </FormField>
        <FormField
          label="VLAN"
          error={errors.vlan?.message}
          hint={
            assignedVlan !== undefined
              ? `Assigned by the partner to this hosted connection: ${assignedVlan}.`
              : vlansInUse.length > 0
                ? `In use on this ${"memberIds" in connection ? "LAG" : "connection"}: ${vlansInUse.join(", ")}.`
                : "1 to 4094."
          }
        >
          {(props) => (
            <input
              {...props}
              type="number"
              inputMode="numeric"
              min={1}
              max={4094}
              {...register("vlan", { valueAsNumber: true })}
            />
          )}
        </FormField>
        <FormField
          label="ASN"
          error={errors.asn?.message}
          hint="Your side's BGP ASN (or asdot, like 1.10)."
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
        <FormField label="MTU" error={errors.mtu?.message}>
          {(props) => (
            <select {...props} {...register("mtu")}>
              {mtuChoices(type, jumbo).map((mtu) => (
                <option key={mtu} value={String(mtu)}>
                  {mtu}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Address family" error={errors.addressFamily?.message}>
          {(props) => (
            <select {...props} {...register("addressFamily")}>
              <option value="ipv4">IPv4</option>
              <option value="ipv6">IPv6</option>
            </select>
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
        {family === "ipv4" ? (
          <>
            <FormField
              label={
                type === "public" ? (
                  "Amazon address"
                ) : (
                  <>
                    Amazon address
                    <Optional />
                  </>
                )
              }
              error={errors.amazonAddress?.message}
            >
              {(props) => (
                <input
                  {...props}
                  placeholder={type === "public" ? "e.g. 203.0.113.1/30" : "e.g. 169.254.10.1/30"}
                  autoComplete="off"
                  spellCheck={false}
                  {...register("amazonAddress", { deps: ["customerAddress"] })}
                />
              )}
            </FormField>
            <FormField
              label={
                type === "public" ? (
                  "Customer address"
                ) : (
                  <>
                    Customer address
                    <Optional />
                  </>
                )
              }
              error={errors.customerAddress?.message}
            >
              {(props) => (
                <input
                  {...props}
                  placeholder={type === "public" ? "e.g. 203.0.113.2/30" : "e.g. 169.254.10.2/30"}
                  autoComplete="off"
                  spellCheck={false}
                  {...register("customerAddress", { deps: ["amazonAddress"] })}
                />
              )}
            </FormField>
            <p className="text-xs text-muted sm:col-span-2">
              {type === "public"
                ? "A public interface needs both: public IPv4 addresses in one subnet that you own."
                : "Both or neither: AWS assigns a 169.254.0.0/16 pair when both are empty."}
            </p>
          </>
        ) : (
          <p className="rounded-lg bg-surface-muted px-3 py-2 text-sm text-foreground sm:col-span-2">
            AWS assigns both IPv6 peer addresses, so there is nothing to enter.
          </p>
        )}
        {showGateway ? (
          <div className="sm:col-span-2">
            <GatewaySelect
              choices={gateways}
              type={type}
              owner={connection.account}
              region={connection.region}
              unread={unreadGateways(topology, connection.account, connection.region, type)}
              associations={known.associations}
              associationsError={known.error}
              error={errors.gateway?.message}
              selectProps={register("gateway")}
            />
          </div>
        ) : null}
        {type === "public" ? (
          <div className="sm:col-span-2">
            <FormField
              label="Route-filter prefixes"
              error={errors.routeFilterPrefixes?.message}
              hint="One CIDR per line: the public prefixes you advertise to AWS."
            >
              {(props) => (
                <textarea
                  {...props}
                  rows={3}
                  spellCheck={false}
                  placeholder={"e.g. 203.0.113.0/26\n198.51.100.0/24"}
                  {...register("routeFilterPrefixes")}
                />
              )}
            </FormField>
          </div>
        ) : null}
      </fieldset>
      <FormFooter
        error={mutation.error}
        other={otherErrors}
        busy={busy}
        busyText={allocation ? "Allocating the interface…" : "Creating the interface…"}
      >
        <button type="submit" disabled={busy} className={buttonClass.primary}>
          {allocation ? "Allocate interface" : "Create interface"}
        </button>
      </FormFooter>
    </ActionForm>
  );
}
