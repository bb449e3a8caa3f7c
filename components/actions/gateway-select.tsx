"use client";

import { useEffect, type ComponentPropsWithRef } from "react";

import type { GatewayChoice, KnownAssociations } from "@/lib/dx/rules/gateways";

import { FormField } from "./form-field";

/**
 * Clears a chosen gateway the choices no longer offer (the owner's associations were read again and
 * AWS would refuse it): the select then shows none, so none is sent, and the form asks for one.
 */
export function useClearUnoffered(
  chosen: string,
  choices: readonly GatewayChoice[],
  clear: () => void,
) {
  const gone = chosen !== "" && !choices.some((c) => c.id === chosen);
  useEffect(() => {
    if (gone) clear();
  }, [gone, clear]);
}

/** One select labelled "Gateway" for either kind, grouped by kind; its value is the gateway's id. */
export function GatewaySelect({
  label = "Gateway",
  acrossRegions = false,
  choices,
  type,
  owner,
  region,
  error,
  unread = [],
  associations,
  associationsError,
  selectProps,
}: {
  /** Where a form has several (one per group of interfaces), each names its own. */
  label?: string;
  /** For interfaces in several regions (`region` names them): only Direct Connect gateways can take them all. */
  acrossRegions?: boolean;
  choices: readonly GatewayChoice[];
  type: string;
  /** The account whose gateways these are, and the interface's region: for the hint. */
  owner: string;
  region: string;
  error?: string | undefined;
  /** Failed reads of the owner's gateways (unreadGateways): the list may be missing some, or all. */
  unread?: readonly string[];
  /** The owner's gateway associations (useKnownAssociations): which Direct Connect gateways take the type. */
  associations: KnownAssociations;
  associationsError?: string | undefined;
  selectProps: Omit<ComponentPropsWithRef<"select">, "id" | "className" | "children">;
}) {
  const virtual = choices.filter((g) => g.kind === "virtual");
  const directConnect = choices.filter((g) => g.kind === "directConnect");
  const hint =
    unread.length > 0
      ? `${owner}'s gateways could not all be read, so some may be missing here (${unread.join("; ").replace(/[.\s]+$/, "")}). Try again once the map reads them.`
      : associations === "reading"
        ? `Reading which of ${owner}'s Direct Connect gateways take a ${type} interface…`
        : associations === "unread"
          ? `Which of ${owner}'s Direct Connect gateways take a ${type} interface could not be read (${(associationsError ?? "no answer").replace(/[.\s]+$/, "")}): AWS says so if the one you choose does not.`
          : acrossRegions && type === "private"
            ? choices.length > 0
              ? `${owner}'s Direct Connect gateways: a virtual private gateway is in one region, and these interfaces are in ${region}.`
              : `${owner} has no Direct Connect gateway to attach these to, and a virtual private gateway is in one region: approve them region by region.`
            : choices.length > 0
              ? type === "private"
                ? `${owner}'s virtual private gateways in ${region}, or its Direct Connect gateways.`
                : `${owner}'s Direct Connect gateways: a transit interface attaches to one.`
              : type === "private"
                ? `${owner} has no virtual private gateway in ${region} and no Direct Connect gateway to attach this to.`
                : `${owner} has no Direct Connect gateway to attach this to.`;
  return (
    <FormField label={label} error={error} hint={hint}>
      {(props) => (
        <select {...props} {...selectProps}>
          <option value="">Choose a gateway…</option>
          {virtual.length > 0 ? (
            <optgroup label="Virtual private gateways">
              {virtual.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label}
                </option>
              ))}
            </optgroup>
          ) : null}
          {directConnect.length > 0 ? (
            <optgroup label="Direct Connect gateways">
              {directConnect.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      )}
    </FormField>
  );
}
