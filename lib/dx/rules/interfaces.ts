// The rules of a new interface that need the topology or the form's owner choice, which the zod
// schemas cannot see: the VLANs in use, a hosted connection's one interface on its partner's VLAN, the
// MTUs a connection takes, the states of a connection that take no interface, who an allocation goes
// to. AWS enforces them in the end; checking them first refuses the request before any call, with the
// reason. And the request body the form sends.
import { interfaceFields, MTU_CHOICES, type InterfaceType } from "@/lib/dx/schemas";
import { CONNECTION_STATE, isGoingOrGone, VIF_STATE } from "@/lib/dx/states";
import type {
  DxAccount,
  DxConnection,
  DxLag,
  DxTopology,
  DxVirtualInterface,
} from "@/lib/dx/types";
import type { z } from "zod";

export const OWNER_SELF = "self";
export const OWNER_OTHER = "other";

/**
 * Who is to own a new interface: OWNER_SELF (the connection's own account), a configured account's
 * alias, or OWNER_OTHER with the account id typed in `otherAccount`.
 */
export interface InterfaceOwner {
  owner: string;
  otherAccount: string;
}

export type InterfaceFields = z.output<ReturnType<typeof interfaceFields>>;

export function isAllocation(owner: string): boolean {
  return owner !== OWNER_SELF;
}

/**
 * The 12-digit account an allocated interface goes to (AWS takes ids, never aliases), or undefined
 * when the connection's own account keeps it. An alias that is not configured is returned as typed,
 * so the 12-digit rule refuses it.
 */
export function allocationOwner(
  values: InterfaceOwner,
  accounts: readonly DxAccount[],
): string | undefined {
  if (values.owner === OWNER_SELF) return undefined;
  // As the console shows ids ("1111-2222-3333"), with its dashes and spaces dropped.
  if (values.owner === OWNER_OTHER) return values.otherAccount.replace(/[\s-]/g, "");
  return accounts.find((a) => a.alias === values.owner)?.accountId ?? values.owner;
}

/** Why an allocation cannot go to `connectionAccountId` (AWS: "Cannot allocate VirtualInterface for the connection owner"), or null. */
export function selfAllocationError(
  values: InterfaceOwner,
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
    (v) => v.connectionId === connection.id && !isGoingOrGone(v.state),
  );
  return { vlan: connection.vlan, taken };
}

/**
 * Why AWS would refuse any interface on a connection or LAG in its current state ("… is in state
 * ordering"), said before a form is filled in for nothing; null when its state allows one.
 */
export function parentStateBlocker(parent: Pick<DxConnection | DxLag, "state">): string | null {
  if (parent.state === CONNECTION_STATE.ordering)
    return "Accept this hosted connection before creating its interface.";
  if (isGoingOrGone(parent.state))
    return `AWS takes no new interface on a connection that is ${parent.state}.`;
  if (parent.state === CONNECTION_STATE.rejected)
    return "This hosted connection was declined (rejected): AWS takes no interface on it.";
  return null;
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
    .filter(
      (v) => v.connectionId === connection.id && v.state !== VIF_STATE.deleted && v.vlan !== null,
    )
    .map((v) => v.vlan as number);
  return [...new Set(vlans)].sort((a, b) => a - b);
}

/** Why `vlan` cannot be used on the connection, or null: AWS refuses a second interface on a VLAN. */
export function vlanInUseError(vlan: number, inUse: readonly number[]): string | null {
  return inUse.includes(vlan)
    ? `VLAN ${vlan} is already in use on this connection; AWS allows one interface per VLAN.`
    : null;
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

/**
 * What must be typed to confirm an action that ends an interface's traffic (deleting it, a failover
 * test that cuts a gateway off): its name, as AWS's console asks for a word, or its id when it has none.
 */
export const confirmationName = (vif: Pick<DxVirtualInterface, "name" | "id">) =>
  vif.name || vif.id;
