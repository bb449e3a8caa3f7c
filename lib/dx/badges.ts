// State → badge tone for every Direct Connect state dxmap shows, derived from the state groups of
// lib/dx/states.ts. A badge always shows the state as text too: colour is never the only signal. A
// state in no group (one AWS has not documented, or added since) falls back to a neutral tone instead
// of failing.
import {
  AWAITING_A_PERSON_STATES,
  BROKEN_STATES,
  GOING_OR_GONE_STATES,
  HEALTHY_STATES,
  isGoingOrGone,
  isTransitional,
  TRANSITIONAL_STATES,
  UNKNOWN_STATE,
  BGP_STATUS,
  sessionDown,
  type BGPPeerState,
  type BGPStatus,
} from "./states";

export type BadgeTone = "success" | "progress" | "attention" | "danger" | "ended" | "neutral";

// Later groups win: a going state (deleting) is also transitional, and shows as going.
const TONES: ReadonlyMap<string, BadgeTone> = new Map<string, BadgeTone>([
  ...HEALTHY_STATES.map((s) => [s, "success"] as const),
  ...TRANSITIONAL_STATES.map((s) => [s, "progress"] as const),
  ...AWAITING_A_PERSON_STATES.map((s) => [s, "attention"] as const),
  ...BROKEN_STATES.map((s) => [s, "danger"] as const),
  ...GOING_OR_GONE_STATES.map((s) => [s, "ended"] as const),
]);

export interface Badge {
  /** The state as text, exactly as AWS reports it (`unknown` when it is missing). */
  label: string;
  tone: BadgeTone;
}

export function badgeFor(state: string | null | undefined): Badge {
  const label = state && state.trim() !== "" ? state : UNKNOWN_STATE;
  return { label, tone: TONES.get(label) ?? "neutral" };
}

/**
 * The colour of a BGP session's badge where its own would mislead: a session down on a peer being
 * deleted is going, as asked ("ended"), and one on a peer AWS is still setting up has not come up
 * yet ("progress"). Undefined: the session's own colour (red for down on a peer that is set up).
 */
export function sessionTone(peer: {
  state: BGPPeerState;
  bgpStatus: BGPStatus;
}): BadgeTone | undefined {
  if (peer.bgpStatus === BGP_STATUS.up || sessionDown(peer)) return undefined;
  if (isGoingOrGone(peer.state)) return "ended";
  if (isTransitional(peer.state)) return "progress";
  return undefined;
}
