// The "Create interface" form, as pure functions: its values are what the controls hold (an owner
// choice, one gateway select, prefixes one per line); the API wants interfaceFields(). Validation maps
// one to the other and every message back to the control that shows it. The rules themselves are in
// lib/dx/rules/interfaces.ts.
import {
  allocationOwner,
  isAllocation,
  OWNER_OTHER,
  OWNER_SELF,
  parsePrefixes,
  type InterfaceFields,
} from "@/lib/dx/rules/interfaces";
import { gatewayField } from "@/lib/dx/rules/gateways";
import { interfaceFields, type AddressFamily, type InterfaceType } from "@/lib/dx/schemas";
import type { DxAccount } from "@/lib/dx/types";

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
