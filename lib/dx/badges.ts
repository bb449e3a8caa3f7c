// State → badge tone for every Direct Connect state dxmap shows. A badge always
// shows the state as text too: colour is never the only signal. AWS has sent
// states that its docs do not list (Terraform users met `approving`), so any
// state not in this table falls back to a neutral tone instead of failing.

export type BadgeTone = "success" | "progress" | "attention" | "danger" | "ended" | "neutral";

const TONES: Readonly<Record<string, BadgeTone>> = {
  // Settled and healthy.
  available: "success",
  up: "success",
  associated: "success",
  attached: "success",
  accepted: "success",
  // On the way somewhere; AWS moves them on by itself.
  requested: "progress",
  pending: "progress",
  verifying: "progress",
  testing: "progress",
  associating: "progress",
  updating: "progress",
  attaching: "progress",
  // Waits for someone: an allocated interface stays here until its owner confirms it, a partner's
  // hosted connection until its owner accepts it.
  confirming: "attention",
  ordering: "attention",
  // Broken or refused.
  down: "danger",
  rejected: "danger",
  // Going or gone.
  deleting: "ended",
  deleted: "ended",
  disassociating: "ended",
  disassociated: "ended",
  detaching: "ended",
  detached: "ended",
};

// States AWS moves on by itself: while any is on screen the dashboard polls faster. Not
// `confirming` (an allocated interface) or `ordering` (a hosted connection): they wait for a person,
// possibly for weeks, and a large estate always has some, which would keep every open dashboard
// reading everything every 2 s. Confirming from dxmap refetches at once and the next state, pending,
// is transitional.
const TRANSITIONAL: ReadonlySet<string> = new Set([
  "requested",
  "pending",
  "verifying",
  "testing",
  "associating",
  "updating",
  "attaching",
  "deleting",
  "disassociating",
  "detaching",
]);

export interface Badge {
  /** The state as text, exactly as AWS reports it ("unknown" when it is missing). */
  label: string;
  tone: BadgeTone;
}

export function badgeFor(state: string | null | undefined): Badge {
  const label = state && state.trim() !== "" ? state : "unknown";
  return { label, tone: TONES[label] ?? "neutral" };
}

export function isTransitional(state: string | null | undefined): boolean {
  return state != null && TRANSITIONAL.has(state);
}

/**
 * Whether a BGP session is down on a peer AWS has set up (available): the only session down that is a
 * fault. One on a peer still being set up has not come up yet; one on a peer being deleted is going.
 */
export const sessionDown = (peer: { state: string; bgpStatus: string }) =>
  peer.state === "available" && peer.bgpStatus === "down";

/**
 * The colour of a BGP session's badge where its own would mislead: a session down on a peer being
 * deleted is going, as asked ("ended"), and one on a peer AWS is still setting up has not come up
 * yet ("progress"). Undefined: the session's own colour (red for down on a peer that is set up).
 */
export function sessionTone(peer: { state: string; bgpStatus: string }): BadgeTone | undefined {
  if (peer.bgpStatus === "up" || sessionDown(peer)) return undefined;
  if (peer.state === "deleting" || peer.state === "deleted") return "ended";
  if (peer.state === "pending" || peer.state === "verifying") return "progress";
  return undefined;
}
