"use client";

import { useId, useMemo, useRef, useState } from "react";
import { toast } from "sonner";

import { endTime, minutesText } from "@/lib/dx/format";
import { startTestBlocker, testEndsAt } from "@/lib/dx/rules/failover-test";
import { familyLabel, livePeers } from "@/lib/dx/rules/peers";
import { FAILOVER_TEST_MINUTES } from "@/lib/dx/schemas";
import { VIF_STATE } from "@/lib/dx/states";
import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";
import type { ResiliencePath } from "@/lib/resilience/types";

import { dxApi, useDxMutation } from "../use-dx-mutation";
import { ActionDialog, ActionForm, FormFooter } from "./action-dialog";
import { ConfirmByName } from "./confirm-by-name";
import { DEFAULT_DURATION, failoverPlan, mayStart, type FailoverPlan } from "./failover-plan";
import { FormField } from "./form-field";
import { buttonClass, errorTextClass } from "./styles";
import { useCanMutate } from "./use-can-mutate";
import { useSingleFlight } from "./use-single-flight";

// The failover-test cockpit of an interface's details: "Test failover" shows, before anything
// starts, which gateways stay up and through what, and which would be cut off (then the interface's
// name must be typed); "Stop test" ends a test early. Both run as the interface's owner, the only
// account AWS lets test it.

const nameOf = (vif: DxVirtualInterface) => vif.name || vif.id;

/**
 * Where focus goes when the dialog closes on success: starting a test swaps "Test failover" for
 * "Stop test" (and stopping it back), so the trigger is gone; the details' heading takes it.
 */
function useFocusAfterDone() {
  const done = useRef(false);
  return {
    markDone: () => {
      done.current = true;
    },
    onCloseAutoFocus: (event: Event) => {
      if (!done.current) return;
      done.current = false;
      event.preventDefault();
      document.getElementById("details-title")?.focus();
    },
  };
}
const detailsTitle = () => document.getElementById("details-title");
const liveIds = (vif: DxVirtualInterface) => new Set(livePeers(vif).map((p) => p.id));

/** One path a target would keep: the interface by its name, where it lands and on what device. */
function pathText(path: ResiliencePath, topology: DxTopology): string {
  const vif = topology.virtualInterfaces.find((v) => v.id === path.virtualInterfaceId);
  return [
    vif?.name || path.virtualInterfaceId,
    `${path.region} ${path.location}`.trim(),
    path.device || null,
  ]
    .filter(Boolean)
    .join(" · ");
}

const KIND: Record<string, string> = {
  "direct-connect-gateway": "Direct Connect gateway",
  "virtual-private-gateway": "Virtual private gateway",
  public: "Public interfaces",
};

/** Each target the interface leads to, as the test would leave it. */
function ImpactPreview({ plan, topology }: { plan: FailoverPlan; topology: DxTopology }) {
  const headingId = useId();
  if (plan.bgpPeerIds.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="mt-4" data-testid="failover-impact">
      <h3 id={headingId} className="text-sm font-semibold">
        What the test would do
      </h3>
      {plan.impact.targets.length === 0 ? (
        <p className="mt-1 text-sm text-muted">
          This interface leads to no gateway dxmap can see: nothing else depends on it.
        </p>
      ) : (
        <ul className="mt-2 space-y-2">
          {plan.impact.targets.map(({ target, before, cutOff, through }) => (
            <li
              key={target.id}
              data-testid={`impact-${target.id}`}
              className={`rounded-md border px-3 py-2 text-sm ${cutOff ? "border-rose-400 bg-rose-50 dark:bg-rose-400/10" : "border-border"}`}
            >
              <p>
                <span className="font-medium">{target.name}</span>{" "}
                <span className="text-xs text-muted">{KIND[target.kind] ?? target.kind}</span>
              </p>
              {cutOff ? (
                <p className="font-medium text-rose-700 dark:text-rose-300">
                  Cut off: no other live path reaches it while the test runs.
                </p>
              ) : (
                <>
                  <p>Stays up through:</p>
                  <ul className="list-disc pl-5">
                    {through.map((p) => (
                      <li key={p.virtualInterfaceId}>{pathText(p, topology)}</li>
                    ))}
                  </ul>
                </>
              )}
              <p className="text-xs text-muted">
                Resilience: {before}
                {before === target.liveModel ? ", unchanged" : ` → ${target.liveModel}`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Test failover": choose sessions and a duration, see the impact, then start (typed name if it cuts anything off). */
export function TestFailoverButton({
  vif,
  topology,
}: {
  vif: DxVirtualInterface;
  topology: DxTopology;
}) {
  const canMutate = useCanMutate();
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => liveIds(vif));
  const [duration, setDuration] = useState(DEFAULT_DURATION);
  // When the dialog opened: what "started now, it ends at …" counts from (rendering reads no clock).
  const [openedAt, setOpenedAt] = useState(0);
  const [typed, setTyped] = useState("");
  const [tried, setTried] = useState(false);
  const mutation = useDxMutation(dxApi.failoverTest);
  const focus = useFocusAfterDone();
  const plan = useMemo(
    () => failoverPlan({ topology, vif, selected, duration }),
    [topology, vif, selected, duration],
  );
  const start = useSingleFlight(async () => {
    setTried(true);
    if (!mayStart(plan, typed)) return;
    let ends: string | null = null;
    try {
      const { resource } = await mutation.mutateAsync({
        id: vif.id,
        method: "POST",
        account: vif.ownerAlias,
        region: vif.region,
        bgpPeerIds: plan.bgpPeerIds,
        durationMinutes: plan.durationMinutes,
      });
      ends = testEndsAt(resource);
    } catch {
      return; // AWS's reason is shown in the dialog from mutation.error
    }
    toast.success(
      `Failover test started on ${nameOf(vif)}${ends ? `: it ends at ${endTime(ends)}` : ""}`,
    );
    focus.markDone();
    setOpen(false);
  });
  if (!canMutate || vif.state === VIF_STATE.testing) return null;

  const busy = mutation.isPending;
  const peers = livePeers(vif);
  const minutes = plan.durationMinutes;
  return (
    <ActionDialog
      open={open}
      blocker={startTestBlocker(vif)}
      onOpenChange={(next) => {
        // Each opening starts from every live session and AWS's default duration.
        if (next) {
          setSelected(liveIds(vif));
          setDuration(DEFAULT_DURATION);
          setOpenedAt(Date.now());
        }
        setOpen(next);
      }}
      onClose={() => {
        mutation.reset();
        setTyped("");
        setTried(false);
      }}
      busy={busy}
      onCloseAutoFocus={focus.onCloseAutoFocus}
      focusAfter={detailsTitle}
      wide
      title="Test failover"
      description={`Take BGP sessions of ${nameOf(vif)} (${vif.id}, VLAN ${vif.vlan ?? "unknown"}) down for a while, as AWS's failover test does, to see traffic move to the other paths. AWS brings them back when the time is up; "Stop test" does it sooner.`}
      trigger={
        <button type="button" className={buttonClass.secondary}>
          Test failover<span className="sr-only"> of {nameOf(vif)}</span>
        </button>
      }
    >
      <ActionForm busy={busy} onSubmit={() => void start()}>
        <fieldset disabled={busy} className="space-y-4">
          <fieldset>
            <legend className="text-sm font-medium">BGP sessions to take down</legend>
            <ul className="mt-1 space-y-1">
              {peers.map((p) => (
                <li key={p.id}>
                  <label className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={selected.has(p.id)}
                      onChange={(event) => {
                        const next = new Set(selected);
                        if (event.target.checked) next.add(p.id);
                        else next.delete(p.id);
                        setSelected(next);
                      }}
                    />
                    <span>
                      {familyLabel(p.addressFamily)} · ASN {p.asn ?? "?"}{" "}
                      <span className="font-mono text-xs">{p.id}</span>{" "}
                      <span className="text-xs text-muted">(BGP {p.bgpStatus})</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            {plan.errors.bgpPeerIds ? (
              <p className={errorTextClass}>{plan.errors.bgpPeerIds}</p>
            ) : null}
          </fieldset>
          <FormField
            label="Duration (minutes)"
            error={plan.errors.durationMinutes}
            hint={`${FAILOVER_TEST_MINUTES.min} to ${FAILOVER_TEST_MINUTES.max} (3 days); AWS's default is ${FAILOVER_TEST_MINUTES.default}.${
              minutes === null
                ? ""
                : ` ${minutesText(minutes)}: started now, it ends at ${endTime(openedAt + minutes * 60_000, openedAt)}.`
            }`}
          >
            {(props) => (
              <input
                {...props}
                inputMode="numeric"
                autoComplete="off"
                value={duration}
                onChange={(event) => setDuration(event.target.value)}
              />
            )}
          </FormField>
        </fieldset>
        <ImpactPreview plan={plan} topology={topology} />
        {plan.confirmation ? (
          <fieldset disabled={busy} className="mt-4">
            <legend className="sr-only">Confirmation</legend>
            <p className="mb-2 text-sm">
              The test would cut {plan.cutOff.map((t) => t.target.name).join(", ")} off.
            </p>
            <ConfirmByName
              expected={plan.confirmation}
              typed={typed}
              onTyped={setTyped}
              tried={tried}
            />
          </fieldset>
        ) : null}
        <FormFooter error={mutation.error} busy={busy} busyText="Starting the test…">
          <button
            type="submit"
            disabled={busy}
            className={plan.confirmation ? buttonClass.danger : buttonClass.primary}
          >
            Start test
          </button>
        </FormFooter>
      </ActionForm>
    </ActionDialog>
  );
}

/** "Stop test": ends the interface's failover test early; its sessions come back up. */
export function StopFailoverTestButton({ vif }: { vif: DxVirtualInterface }) {
  const canMutate = useCanMutate();
  const [open, setOpen] = useState(false);
  const mutation = useDxMutation(dxApi.failoverTest);
  const focus = useFocusAfterDone();
  const stop = useSingleFlight(async () => {
    try {
      await mutation.mutateAsync({
        id: vif.id,
        method: "DELETE",
        account: vif.ownerAlias,
        region: vif.region,
      });
    } catch {
      return; // AWS's reason is shown in the dialog from mutation.error
    }
    toast.success(`Failover test on ${nameOf(vif)} stopped`);
    focus.markDone();
    setOpen(false);
  });
  if (!canMutate || vif.state !== VIF_STATE.testing || vif.ownerAlias === null) return null;

  const busy = mutation.isPending;
  const ends = vif.failoverTest?.endsAt;
  return (
    <ActionDialog
      open={open}
      onOpenChange={setOpen}
      onClose={() => mutation.reset()}
      busy={busy}
      onCloseAutoFocus={focus.onCloseAutoFocus}
      focusAfter={detailsTitle}
      title="Stop failover test"
      description={`End the failover test on ${nameOf(vif)} now? Its BGP sessions come back up${ends ? `; AWS would end it at ${endTime(ends)}` : ""}.`}
      trigger={
        <button type="button" className={buttonClass.secondary}>
          Stop test<span className="sr-only"> on {nameOf(vif)}</span>
        </button>
      }
    >
      <FormFooter error={mutation.error} busy={busy} busyText="Stopping the test…">
        <button
          type="button"
          onClick={() => void stop()}
          disabled={busy}
          className={buttonClass.primary}
        >
          Stop test
        </button>
      </FormFooter>
    </ActionDialog>
  );
}
