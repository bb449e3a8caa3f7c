"use client";

import { useCallback, useMemo, useRef, useState } from "react";

import { count } from "@/lib/dx/format";
import {
  approvalGroups,
  groupGatewayChoices,
  planApprovals,
  type ApprovalGroup,
  type ApprovalPlan,
} from "@/lib/dx/rules/approvals";
import { needsGateway, unreadGateways, type GatewayChoice } from "@/lib/dx/rules/gateways";
import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";

import { useKnownAssociationsOf, type Known } from "../use-gateway-reads";
import { ActionDialog, ActionForm, DialogActions } from "./action-dialog";
import { GatewaySelect, useClearUnoffered } from "./gateway-select";
import { buttonClass, errorTextClass, hintTextClass } from "./styles";
import { useSingleFlight } from "./use-single-flight";

/** Names listed per group before "and N more". */
const NAMES_SHOWN = 4;

const nameOf = (vif: DxVirtualInterface) => vif.name || vif.id;

/**
 * "Approve selected": the owner confirms several interfaces at once, choosing one gateway for each
 * group of one owner and type (the choices the single Approve dialog offers, kept where every
 * interface of the group agrees). What the rules refuse is said here before anything is sent; the
 * calls themselves are the list's to make (useBulkApproval), so each row shows its own outcome.
 */
export function ApproveSelectedButton({
  vifs,
  topology,
  focusAfter,
  onStart,
}: {
  vifs: readonly DxVirtualInterface[];
  topology: DxTopology;
  /** The element focus goes to once the approvals start (the trigger is disabled then). */
  focusAfter: string;
  onStart: (plan: ApprovalPlan) => void;
}) {
  const [open, setOpen] = useState(false);
  const started = useRef(false);
  return (
    <ActionDialog
      open={open}
      onOpenChange={setOpen}
      wide
      onCloseAutoFocus={(event) => {
        const target = started.current ? document.getElementById(focusAfter) : null;
        started.current = false;
        if (!target) return;
        event.preventDefault();
        target.focus();
      }}
      title={`Approve ${count(vifs.length)} ${vifs.length === 1 ? "interface" : "interfaces"}`}
      description="Each interface is approved by its owner with its own call to AWS, a few at a time; each row of the list then shows how it went. Choose the gateway each group attaches to."
      trigger={
        <button type="button" disabled={vifs.length === 0} className={buttonClass.primary}>
          Approve selected
        </button>
      }
    >
      {/* Mounted while open only: the owners' gateway associations are read for it then. */}
      <ApproveSelectedForm
        vifs={vifs}
        topology={topology}
        onStart={(plan) => {
          started.current = true;
          setOpen(false);
          onStart(plan);
        }}
      />
    </ActionDialog>
  );
}

function ApproveSelectedForm({
  vifs,
  topology,
  onStart,
}: {
  vifs: readonly DxVirtualInterface[];
  topology: DxTopology;
  onStart: (plan: ApprovalPlan) => void;
}) {
  // The selection as the dialog opened on it: a read that arrives meanwhile changes the plan's
  // checks (planApprovals reads the latest topology), not what was chosen.
  const [groups] = useState(() => approvalGroups(vifs));
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const owners = useMemo(
    () => [...new Set(groups.filter((g) => needsGateway(g.type)).map((g) => g.owner))],
    [groups],
  );
  const known = useKnownAssociationsOf(owners);
  const choices = useMemo(
    () =>
      Object.fromEntries(
        groups.map((g) => [
          g.key,
          groupGatewayChoices(topology, g, known[g.owner]?.associations ?? "reading"),
        ]),
      ),
    [groups, topology, known],
  );
  const plan = planApprovals(topology, groups, chosen, choices);
  const conflicts = Object.values(plan.groupErrors).some((e) => e.startsWith("A Direct Connect"));

  const submit = useSingleFlight(async () => {
    setTried(true);
    if (Object.keys(plan.groupErrors).length > 0 || plan.send.length === 0) return;
    onStart(plan);
  });

  return (
    <ActionForm busy={false} onSubmit={() => void submit()}>
      <div className="space-y-5">
        {groups.map((g) => (
          <GroupField
            key={g.key}
            group={g}
            topology={topology}
            known={known[g.owner]}
            choices={choices[g.key] ?? []}
            value={chosen[g.key] ?? ""}
            onChange={(gateway) => setChosen((c) => ({ ...c, [g.key]: gateway }))}
            error={tried || conflicts ? plan.groupErrors[g.key] : undefined}
          />
        ))}
        {plan.refused.length > 0 ? (
          <div role="alert" className="space-y-1">
            <p className="text-sm font-medium">
              {plan.refused.length === 1
                ? "One is not sent:"
                : `${count(plan.refused.length)} are not sent:`}
            </p>
            <ul className={`list-disc pl-5 ${errorTextClass}`}>
              {plan.refused.map(({ vif, reason }) => (
                <li key={vif.id}>
                  {nameOf(vif)} ({vif.id}, {vif.region}): {reason}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <DialogActions busy={false}>
        <button type="submit" disabled={plan.send.length === 0} className={buttonClass.primary}>
          Approve {count(plan.send.length)} {plan.send.length === 1 ? "interface" : "interfaces"}
        </button>
      </DialogActions>
    </ActionForm>
  );
}

/** One group's interfaces and the gateway they attach to (none for public ones). */
function GroupField({
  group,
  topology,
  known,
  choices,
  value,
  onChange,
  error,
}: {
  group: ApprovalGroup;
  topology: DxTopology;
  known: Known | undefined;
  choices: readonly GatewayChoice[];
  value: string;
  onChange: (gateway: string) => void;
  error: string | undefined;
}) {
  useClearUnoffered(
    value,
    choices,
    useCallback(() => onChange(""), [onChange]),
  );
  const names = group.vifs.slice(0, NAMES_SHOWN).map(nameOf).join(", ");
  const more = group.vifs.length - NAMES_SHOWN;
  return (
    <fieldset className="space-y-2 rounded-lg border border-border p-3">
      <legend className="px-1 text-sm font-semibold">
        {group.owner}&apos;s {group.type} interfaces ({count(group.vifs.length)})
      </legend>
      <p className={hintTextClass}>
        {names}
        {more > 0 ? ` and ${count(more)} more` : ""} · {group.regions.join(", ")}
      </p>
      {needsGateway(group.type) ? (
        <GatewaySelect
          label={`Gateway for ${group.owner}'s ${group.type} interfaces`}
          acrossRegions={group.regions.length > 1}
          choices={choices}
          type={group.type}
          owner={group.owner}
          region={group.regions.join(", ")}
          unread={[
            ...new Set(
              group.regions.flatMap((r) => unreadGateways(topology, group.owner, r, group.type)),
            ),
          ]}
          associations={known?.associations ?? "reading"}
          associationsError={known?.error}
          error={error}
          selectProps={{ value, onChange: (event) => onChange(event.target.value) }}
        />
      ) : (
        <p className="text-sm text-muted">
          A public interface attaches to no gateway: approving it is all it takes.
        </p>
      )}
    </fieldset>
  );
}
