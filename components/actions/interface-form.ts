// The "Create interface" form, as pure functions: its values are what the controls hold (an owner
// choice, one gateway select, prefixes one per line); the API wants interfaceFields(). Validation maps
// one to the other and every message back to the control that shows it.
import {
  interfaceFields,
  MTU_CHOICES,
  type AddressFamily,
  type InterfaceType,
} from "@/lib/dx/schemas";
import type {
  DxAccount,
  DxConnection,
  DxLag,
  DxTopology,
  DxVirtualInterface,
} from "@/lib/dx/types";
import type { z } from "zod";

import { gatewayField } from "./gateways";

export const OWNER_SELF = "self";
export const OWNER_OTHER = "other";

export interface InterfaceFormValues {
  type: InterfaceType;
  /** OWNER_SELF, a configured account alias, or OWNER_OTHER (then `otherAccount` holds the id). */
  owner: string;
  otherAccount: string;
  name: string;
  vlan: number;
  asn: number;
  mtu: string;
  addressFamily: AddressFamily;
  authKey: string;
  amazonAddress: string;
  customerAddress: string;
  /** A vgw-… or Direct Connect gateway id, or "" for none. */
  gateway: string;
  /** Public interfaces: one prefix per line. */
  routeFilterPrefixes: string;
}

export type InterfaceFormField = keyof InterfaceFormValues;
export type InterfaceFields = z.output<ReturnType<typeof interfaceFields>>;

export interface OwnerChoice {
  value: string;
  label: string;
}

/** The owner select: the connection's own account, every other configured account, any other account. */
export function ownerChoices(
  connectionAccount: string,
  accounts: readonly DxAccount[],
): OwnerChoice[] {
  return [
    { value: OWNER_SELF, label: `This account (${connectionAccount})` },
    ...accounts
      .filter((a) => a.alias !== connectionAccount)
      .map((a) => ({ value: a.alias, label: `${a.alias} (${a.accountId})` })),
    { value: OWNER_OTHER, label: "Another AWS account…" },
  ];
}

export function isAllocation(owner: string): boolean {
  return owner !== OWNER_SELF;
}

/**
 * The 12-digit account an allocated interface goes to (AWS takes ids, never aliases), or undefined
 * when the connection's own account keeps it. An alias that is not configured is returned as typed,
 * so the 12-digit rule refuses it.
 */
export function allocationOwner(
  values: Pick<InterfaceFormValues, "owner" | "otherAccount">,
  accounts: readonly DxAccount[],
): string | undefined {
  if (values.owner === OWNER_SELF) return undefined;
  // As the console shows ids ("1111-2222-3333"), with its dashes and spaces dropped.
  if (values.owner === OWNER_OTHER) return values.otherAccount.replace(/[\s-]/g, "");
  return accounts.find((a) => a.alias === values.owner)?.accountId ?? values.owner;
}

/** Why an allocation cannot go to `connectionAccountId` (AWS: "Cannot allocate VirtualInterface for the connection owner"), or null. */
export function selfAllocationError(
  values: Pick<InterfaceFormValues, "owner" | "otherAccount">,
  accounts: readonly DxAccount[],
  connectionAccountId: string | undefined,
): string | null {
  return connectionAccountId !== undefined &&
    allocationOwner(values, accounts) === connectionAccountId
    ? "That is the connection owner's own account: choose This account to create the interface for it, or give another account."
    : null;
}

export function parsePrefixes(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The MTUs an interface of `type` may take; 1500 only on a connection that is not jumbo-frame capable. */
export function mtuChoices(type: InterfaceType, jumbo = true): readonly number[] {
  return jumbo ? MTU_CHOICES[type] : [1500];
}

/** Whether a connection or LAG takes jumbo frames: AWS says so of connections (false: 1500 only). */
export const takesJumboFrames = (connection: DxConnection | DxLag) =>
  !("jumboFrameCapable" in connection && connection.jumboFrameCapable === false);

/**
 * A hosted connection's rules: it carries one interface, on the VLAN its partner assigned. Null for a
 * dedicated connection or a LAG; `taken` is the interface already on it, if any.
 */
export function hostedRules(
  topology: Pick<DxTopology, "virtualInterfaces">,
  connection: DxConnection | DxLag,
): { vlan: number; taken: DxVirtualInterface | undefined } | null {
  if (!("vlan" in connection) || connection.vlan === null || connection.lagId) return null;
  const taken = topology.virtualInterfaces.find(
    (v) => v.connectionId === connection.id && v.state !== "deleted" && v.state !== "deleting",
  );
  return { vlan: connection.vlan, taken };
}

/**
 * Why AWS would refuse any interface on a connection or LAG in its current state ("… is in state
 * ordering"), said before a form is filled in for nothing; null when its state allows one.
 */
export function parentStateBlocker(parent: Pick<DxConnection | DxLag, "state">): string | null {
  switch (parent.state) {
    case "ordering":
      return "Accept this hosted connection before creating its interface.";
    case "deleting":
    case "deleted":
      return `AWS takes no new interface on a connection that is ${parent.state}.`;
    case "rejected":
      return "This hosted connection was declined (rejected): AWS takes no interface on it.";
    default:
      return null;
  }
}

/** Why `vlan` cannot be used on a hosted connection whose partner assigned `assigned`, or null. */
export function hostedVlanError(vlan: number, assigned: number | undefined): string | null {
  return assigned !== undefined && vlan !== assigned
    ? `A hosted connection's interface uses the VLAN its partner assigned: ${assigned}.`
    : null;
}

/** VLANs already used on a connection or LAG: AWS refuses a second interface on one. */
export function usedVlans(
  topology: Pick<DxTopology, "virtualInterfaces">,
  connection: Pick<DxConnection | DxLag, "id">,
): number[] {
  const vlans = topology.virtualInterfaces
    .filter((v) => v.connectionId === connection.id && v.state !== "deleted" && v.vlan !== null)
    .map((v) => v.vlan as number);
  return [...new Set(vlans)].sort((a, b) => a - b);
}

/** Why `vlan` cannot be used on the connection, or null: AWS refuses a second interface on a VLAN. */
export function vlanInUseError(vlan: number, inUse: readonly number[]): string | null {
  return inUse.includes(vlan)
    ? `VLAN ${vlan} is already in use on this connection; AWS allows one interface per VLAN.`
    : null;
}

/** The controls' values as interfaceFields() input: hidden controls send nothing. */
export function toInterfaceInput(values: InterfaceFormValues, accounts: readonly DxAccount[]) {
  const allocation = isAllocation(values.owner);
  const ipv4 = values.addressFamily === "ipv4";
  // An allocation with no id typed yet must still read as an allocation, so that the id is what is refused.
  const ownerAccount = allocation ? allocationOwner(values, accounts) || "(none)" : undefined;
  const gateway = allocation || values.type === "public" ? "" : values.gateway;
  return {
    type: values.type,
    name: values.name,
    vlan: values.vlan,
    asn: values.asn,
    mtu: Number(values.mtu),
    addressFamily: values.addressFamily,
    authKey: values.authKey,
    amazonAddress: ipv4 ? values.amazonAddress : undefined,
    customerAddress: ipv4 ? values.customerAddress : undefined,
    ownerAccount,
    ...gatewayField(gateway),
    routeFilterPrefixes: values.type === "public" ? parsePrefixes(values.routeFilterPrefixes) : [],
  };
}

/** The control that shows a message about an API field. */
export function interfaceFormField(apiField: string): InterfaceFormField | undefined {
  switch (apiField) {
    case "virtualGatewayId":
    case "directConnectGatewayId":
      return "gateway";
    case "ownerAccount":
      return "otherAccount";
    case "type":
    case "name":
    case "vlan":
    case "asn":
    case "mtu":
    case "addressFamily":
    case "authKey":
    case "amazonAddress":
    case "customerAddress":
    case "routeFilterPrefixes":
      return apiField;
    default:
      return undefined;
  }
}

export type InterfaceFormResult =
  | { ok: true; fields: InterfaceFields }
  | { ok: false; errors: Partial<Record<InterfaceFormField, string>> };

export function validateInterfaceForm(
  values: InterfaceFormValues,
  accounts: readonly DxAccount[],
): InterfaceFormResult {
  const parsed = interfaceFields().safeParse(toInterfaceInput(values, accounts));
  if (parsed.success) return { ok: true, fields: parsed.data };
  const errors: Partial<Record<InterfaceFormField, string>> = {};
  for (const issue of parsed.error.issues) {
    // Every path names a visible control (hidden ones send nothing); "name" is the fallback all the same.
    const field = interfaceFormField(String(issue.path[0] ?? "")) ?? "name";
    // Every bad prefix of the list is named, not only the first.
    if (field === "routeFilterPrefixes" && errors[field]) errors[field] += ` ${issue.message}`;
    else errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The request body: created (or allocated) by the connection's account, in its region. */
export function createInterfaceBody(
  connection: Pick<DxConnection | DxLag, "account" | "region" | "id">,
  fields: InterfaceFields,
) {
  return {
    account: connection.account,
    region: connection.region,
    connectionId: connection.id,
    ...fields,
  };
}
