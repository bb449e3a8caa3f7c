// What the store remembers, as the browser receives it: the events the collector derived from
// consecutive snapshots (GET /api/events) and the audit entries of the changes people made
// (GET /api/audit). Shared by the routes, lib/history and the browser; pure types and constants.

/** The kinds of resource an event is about. */
export const RESOURCE_TYPES = [
  "connection",
  "lag",
  "virtualInterface",
  "bgpPeer",
  "directConnectGateway",
  "virtualGateway",
  "association",
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * What changed:
 * - `state`: the resource's state (`from` null: it appeared; `to` null: it is gone);
 * - `bgpStatus`: a BGP session's status (up, down, unknown);
 * - `peer`: on an interface, a BGP peer added (`to` is its id) or removed (`from` is its id);
 * - `gateway`: on an interface, the gateway it attaches to (Direct Connect or virtual private);
 * - `association`: on a Direct Connect gateway, an associated gateway added (`to`) or removed (`from`).
 */
export const EVENT_FIELDS = ["state", "bgpStatus", "peer", "gateway", "association"] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

export interface DxEvent {
  /** Opaque, unique, ordered with time: newer events have larger ids. */
  id: string;
  /** ISO 8601: when the collector observed the change. */
  time: string;
  /** Account alias. */
  account: string;
  /** "global" for Direct Connect gateways and their associations. */
  region: string;
  resourceType: ResourceType;
  resourceId: string;
  /** A BGP peer's interface; a LAG member's LAG; an association's Direct Connect gateway. */
  parentId: string | null;
  field: EventField;
  from: string | null;
  to: string | null;
}

export interface DxEventsPage {
  /** Newest first. */
  events: DxEvent[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

/** One change a person asked for: its intent and outcome records, as one entry. */
export interface DxAuditEntry {
  /** dxmap's request id (links intent and outcome). */
  requestId: string;
  /** ISO 8601: when the change was asked for (its intent, else its outcome). */
  time: string;
  user: string;
  route: string;
  account: string;
  region: string;
  operation: string;
  targetId: string;
  /** null while no outcome is recorded (the server died mid-call, or the call is under way). */
  outcome: "success" | "failure" | null;
  errorCode: string | null;
  awsRequestId: string | null;
}

/** A session flapping: its number of changes of BGP status in the window. */
export interface DxFlappingSession {
  resourceId: string;
  parentId: string | null;
  account: string;
  region: string;
  changes: number;
  lastTime: string;
}
