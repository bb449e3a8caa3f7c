// What the "Test failover" dialog would start, before it starts: the sessions chosen, the duration
// as typed, each target's fate (lib/resilience's failoverImpact on the map's snapshot), and whether
// the person must type the interface's name first. Pure: the dialog renders it, the tests check it.
import { confirmationName } from "@/lib/dx/rules/interfaces";
import { livePeers } from "@/lib/dx/rules/peers";
import { FAILOVER_TEST_MINUTES, testDurationMinutes } from "@/lib/dx/schemas";
import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";
import { failoverImpact } from "@/lib/resilience/analysis";
import type { FailoverImpact } from "@/lib/resilience/types";

export const DEFAULT_DURATION = String(FAILOVER_TEST_MINUTES.default);

export interface FailoverPlan {
  /** The live sessions chosen, in the interface's order. */
  bgpPeerIds: string[];
  /** The duration typed, when it is one AWS takes. */
  durationMinutes: number | null;
  errors: { bgpPeerIds?: string; durationMinutes?: string };
  /** Each target the interface leads to, as it would be with those sessions down. */
  impact: FailoverImpact;
  /** Targets no live path would reach. */
  cutOff: FailoverImpact["targets"];
  /** The name to type before the test may start, when it cuts a target off; null: one click does. */
  confirmation: string | null;
}

/** A duration typed in a form: whole minutes, 1 to 4320, or AWS's limits as the message. */
function parseDuration(text: string): { minutes: number } | { error: string } {
  const t = text.trim();
  const parsed = testDurationMinutes.safeParse(/^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN);
  return parsed.success
    ? { minutes: parsed.data }
    : { error: parsed.error.issues[0]?.message ?? "Give the test's duration in minutes." };
}

export function failoverPlan({
  topology,
  vif,
  selected,
  duration,
}: {
  topology: DxTopology;
  vif: DxVirtualInterface;
  /** The peer ids ticked; anything else (a peer gone since) is ignored. */
  selected: ReadonlySet<string>;
  duration: string;
}): FailoverPlan {
  const bgpPeerIds = livePeers(vif)
    .map((p) => p.id)
    .filter((id) => selected.has(id));
  const parsed = parseDuration(duration);
  const impact =
    bgpPeerIds.length > 0 ? failoverImpact(topology, vif.id, bgpPeerIds) : { targets: [] };
  const cutOff = impact.targets.filter((t) => t.cutOff);
  return {
    bgpPeerIds,
    durationMinutes: "minutes" in parsed ? parsed.minutes : null,
    errors: {
      ...(bgpPeerIds.length === 0
        ? { bgpPeerIds: "Choose at least one BGP session to take down." }
        : {}),
      ...("error" in parsed ? { durationMinutes: parsed.error } : {}),
    },
    impact,
    cutOff,
    confirmation: cutOff.length > 0 ? confirmationName(vif) : null,
  };
}

/** Whether the plan may start now: nothing wrong, and the name typed where a target would be cut off. */
export const mayStart = (plan: FailoverPlan, typed: string): boolean =>
  Object.keys(plan.errors).length === 0 &&
  (plan.confirmation === null || typed === plan.confirmation);
