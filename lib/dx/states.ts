// The states of every Direct Connect resource dxmap shows, as AWS names them, and the groups dxmap
// sorts them into: what AWS moves on by itself (the dashboard polls fast), what waits for a person,
// what is healthy, broken, or going. Everything else (badges, polling, filters, the forms' and the
// routes' rules) reads them from here.
//
// Each list is checked against the AWS SDK's own union when dxmap builds: a state the SDK adds or drops
// fails the build here. The import is type-only, so nothing of the SDK reaches the browser bundle.
// AWS has sent states its docs do not list (Terraform users met `approving`), so every union also
// takes any other string: no group holds one, and its badge shows it as AWS names it, in a neutral tone.
import type {
  BGPPeerState as SdkBgpPeerState,
  BGPStatus as SdkBgpStatus,
  ConnectionState as SdkConnectionState,
  DirectConnectGatewayAssociationState as SdkAssociationState,
  DirectConnectGatewayAttachmentState as SdkAttachmentState,
  DirectConnectGatewayState as SdkDirectConnectGatewayState,
  LagState as SdkLagState,
  VirtualInterfaceState as SdkVirtualInterfaceState,
} from "@aws-sdk/client-direct-connect";

/** Every state of an SDK union, each by its own name: `satisfies` refuses one missing or one extra. */
type EveryState<S extends string> = { readonly [K in S]: K };

/** A state AWS has not documented or added since: kept as AWS names it (`string & {}` keeps the known names offered). */
type OtherState = string & {};

type StateOf<T> = T[keyof T];

export const CONNECTION_STATE = {
  ordering: "ordering",
  requested: "requested",
  pending: "pending",
  available: "available",
  down: "down",
  deleting: "deleting",
  deleted: "deleted",
  rejected: "rejected",
  unknown: "unknown",
} as const satisfies EveryState<SdkConnectionState>;
export type KnownConnectionState = StateOf<typeof CONNECTION_STATE>;
export type ConnectionState = KnownConnectionState | OtherState;

export const LAG_STATE = {
  requested: "requested",
  pending: "pending",
  available: "available",
  down: "down",
  deleting: "deleting",
  deleted: "deleted",
  unknown: "unknown",
} as const satisfies EveryState<SdkLagState>;
export type KnownLagState = StateOf<typeof LAG_STATE>;
export type LagState = KnownLagState | OtherState;

export const VIF_STATE = {
  confirming: "confirming",
  verifying: "verifying",
  pending: "pending",
  available: "available",
  down: "down",
  testing: "testing",
  deleting: "deleting",
  deleted: "deleted",
  rejected: "rejected",
  unknown: "unknown",
} as const satisfies EveryState<SdkVirtualInterfaceState>;
export type KnownVirtualInterfaceState = StateOf<typeof VIF_STATE>;
export type VirtualInterfaceState = KnownVirtualInterfaceState | OtherState;

export const BGP_PEER_STATE = {
  verifying: "verifying",
  pending: "pending",
  available: "available",
  deleting: "deleting",
  deleted: "deleted",
} as const satisfies EveryState<SdkBgpPeerState>;
export type KnownBGPPeerState = StateOf<typeof BGP_PEER_STATE>;
export type BGPPeerState = KnownBGPPeerState | OtherState;

export const BGP_STATUS = {
  up: "up",
  down: "down",
  unknown: "unknown",
} as const satisfies EveryState<SdkBgpStatus>;
export type KnownBGPStatus = StateOf<typeof BGP_STATUS>;
export type BGPStatus = KnownBGPStatus | OtherState;

export const DXGW_STATE = {
  pending: "pending",
  available: "available",
  deleting: "deleting",
  deleted: "deleted",
} as const satisfies EveryState<SdkDirectConnectGatewayState>;
export type KnownDirectConnectGatewayState = StateOf<typeof DXGW_STATE>;
export type DirectConnectGatewayState = KnownDirectConnectGatewayState | OtherState;

export const DXGW_ASSOCIATION_STATE = {
  associating: "associating",
  associated: "associated",
  disassociating: "disassociating",
  disassociated: "disassociated",
  updating: "updating",
} as const satisfies EveryState<SdkAssociationState>;
export type KnownDirectConnectGatewayAssociationState = StateOf<typeof DXGW_ASSOCIATION_STATE>;
export type DirectConnectGatewayAssociationState =
  KnownDirectConnectGatewayAssociationState | OtherState;

export const DXGW_ATTACHMENT_STATE = {
  attaching: "attaching",
  attached: "attached",
  detaching: "detaching",
  detached: "detached",
} as const satisfies EveryState<SdkAttachmentState>;
export type KnownDirectConnectGatewayAttachmentState = StateOf<typeof DXGW_ATTACHMENT_STATE>;
export type DirectConnectGatewayAttachmentState =
  KnownDirectConnectGatewayAttachmentState | OtherState;

/**
 * A virtual private gateway's states. The SDK types `virtualGatewayState` as a plain string; these are
 * the values its documentation lists ("pending: Initial state after creating the virtual private
 * gateway", "available: Ready for use by a private virtual interface", "deleting", "deleted").
 */
export const VGW_STATE = {
  pending: "pending",
  available: "available",
  deleting: "deleting",
  deleted: "deleted",
} as const;
export type KnownVirtualGatewayState = StateOf<typeof VGW_STATE>;
export type VirtualGatewayState = KnownVirtualGatewayState | OtherState;

/** Any state dxmap knows, of any resource (and a BGP session's status). */
export type KnownState =
  | KnownConnectionState
  | KnownLagState
  | KnownVirtualInterfaceState
  | KnownBGPPeerState
  | KnownBGPStatus
  | KnownDirectConnectGatewayState
  | KnownDirectConnectGatewayAssociationState
  | KnownDirectConnectGatewayAttachmentState
  | KnownVirtualGatewayState;

/** What dxmap shows for a state AWS did not report: the name AWS itself gives a state it does not know. */
export const UNKNOWN_STATE = CONNECTION_STATE.unknown;

// The groups. A state name means the same in every resource that has it, so each group is a set of
// names across resources. Going states are transitional too (AWS finishes a deletion by itself); a
// badge shows them as going.

/**
 * States AWS moves on by itself: while any is on screen the dashboard polls fast. Not `confirming` (an
 * allocated interface) or `ordering` (a hosted connection): they wait for a person, possibly for weeks,
 * and a large estate always has some, which would keep every open dashboard reading everything at the
 * fast pace. Confirming from dxmap refetches at once and the next state, pending, is transitional.
 */
export const TRANSITIONAL_STATES = [
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
] as const satisfies readonly KnownState[];

/**
 * States that wait for a person: an allocated interface stays confirming until its owner confirms it,
 * a partner's hosted connection ordering until its owner accepts it.
 */
export const AWAITING_A_PERSON_STATES = [
  "confirming",
  "ordering",
] as const satisfies readonly KnownState[];

/** Settled and working. */
export const HEALTHY_STATES = [
  "available",
  "up",
  "associated",
  "attached",
] as const satisfies readonly KnownState[];

/** Broken or refused. */
export const BROKEN_STATES = ["down", "rejected"] as const satisfies readonly KnownState[];

/** Going or gone: what was asked to be deleted, detached or disassociated. */
export const GOING_OR_GONE_STATES = [
  "deleting",
  "deleted",
  "disassociating",
  "disassociated",
  "detaching",
  "detached",
] as const satisfies readonly KnownState[];

const TRANSITIONAL: ReadonlySet<string> = new Set(TRANSITIONAL_STATES);
const AWAITING_A_PERSON: ReadonlySet<string> = new Set(AWAITING_A_PERSON_STATES);
const HEALTHY: ReadonlySet<string> = new Set(HEALTHY_STATES);
const BROKEN: ReadonlySet<string> = new Set(BROKEN_STATES);
const GOING_OR_GONE: ReadonlySet<string> = new Set(GOING_OR_GONE_STATES);

type MaybeState = string | null | undefined;

export const isTransitional = (state: MaybeState): boolean =>
  state != null && TRANSITIONAL.has(state);
export const awaitsAPerson = (state: MaybeState): boolean =>
  state != null && AWAITING_A_PERSON.has(state);
export const isHealthy = (state: MaybeState): boolean => state != null && HEALTHY.has(state);
export const isBroken = (state: MaybeState): boolean => state != null && BROKEN.has(state);
export const isGoingOrGone = (state: MaybeState): boolean =>
  state != null && GOING_OR_GONE.has(state);

/**
 * Whether a BGP session is down on a peer AWS has set up (available): the only session down that is a
 * fault. One on a peer still being set up has not come up yet; one on a peer being deleted is going.
 */
export const sessionDown = (peer: { state: BGPPeerState; bgpStatus: BGPStatus }) =>
  peer.state === BGP_PEER_STATE.available && peer.bgpStatus === BGP_STATUS.down;

/**
 * Whether a failover test holds this peer's session down on purpose: its interface is testing and the
 * test names the peer. While the test itself cannot be read (its owner's list failed), every session
 * of a testing interface is taken for tested: the interface says it is under test either way.
 */
export const inFailoverTest = (
  vif: {
    state: VirtualInterfaceState;
    failoverTest: { bgpPeerIds: readonly string[] } | null;
  },
  peerId: string,
): boolean =>
  vif.state === VIF_STATE.testing &&
  (vif.failoverTest === null || vif.failoverTest.bgpPeerIds.includes(peerId));

/** A session down that is a fault: down on a peer AWS has set up, and not held down by a failover test. */
export const sessionFault = (
  peer: { id: string; state: BGPPeerState; bgpStatus: BGPStatus },
  vif: Parameters<typeof inFailoverTest>[0],
): boolean => sessionDown(peer) && !inFailoverTest(vif, peer.id);
