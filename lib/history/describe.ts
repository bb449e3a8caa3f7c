// Events and audit entries in an engineer's words, for the Events page, the details' History and the
// map's "Recent changes". Pure.

import type { DxAuditEntry, DxEvent, EventField, ResourceType } from "@/lib/dx/history";

export const RESOURCE_TYPE_LABEL: Record<ResourceType, string> = {
  connection: "Connection",
  lag: "LAG",
  virtualInterface: "Interface",
  bgpPeer: "BGP peer",
  directConnectGateway: "Direct Connect gateway",
  virtualGateway: "Virtual private gateway",
  association: "Gateway association",
};

/** The kinds of change, as the Events page's filter names them. */
export const FIELD_LABEL: Record<EventField, string> = {
  state: "State",
  bgpStatus: "BGP status",
  peer: "BGP peer added or removed",
  gateway: "Gateway attached",
  association: "Association added or removed",
};

/**
 * What an event says happened: a short phrase, and the values before and after where they are
 * states (shown as badges). An event whose values are ids (a peer added) names the id in the phrase.
 */
export interface EventText {
  what: string;
  from: string | null;
  to: string | null;
  /** The values are states or statuses, to show as badges. */
  badges: boolean;
}

export function describeEvent(e: DxEvent): EventText {
  switch (e.field) {
    case "state":
      if (e.from === null) return { what: "appeared", from: null, to: e.to, badges: true };
      if (e.to === null) return { what: "gone", from: e.from, to: null, badges: true };
      return { what: "state", from: e.from, to: e.to, badges: true };
    case "bgpStatus":
      if (e.from === null) return { what: "BGP session", from: null, to: e.to, badges: true };
      if (e.to === null) return { what: "BGP session gone", from: e.from, to: null, badges: true };
      return { what: "BGP session", from: e.from, to: e.to, badges: true };
    case "peer":
      return e.to !== null
        ? { what: `BGP peer ${e.to} added`, from: null, to: null, badges: false }
        : { what: `BGP peer ${e.from ?? "?"} removed`, from: null, to: null, badges: false };
    case "gateway":
      return {
        what:
          e.to === null
            ? `gateway ${e.from ?? "?"} detached`
            : e.from === null
              ? `gateway ${e.to} attached`
              : `gateway ${e.from} → ${e.to}`,
        from: null,
        to: null,
        badges: false,
      };
    case "association":
      return e.to !== null
        ? { what: `associated with ${e.to}`, from: null, to: null, badges: false }
        : {
            what: `association with ${e.from ?? "?"} removed`,
            from: null,
            to: null,
            badges: false,
          };
  }
}

/** An event as one line of text ("BGP peer dxpeer-1: up → down"), for a list or a screen reader. */
export function eventLine(e: DxEvent, name?: string | null): string {
  const who = `${RESOURCE_TYPE_LABEL[e.resourceType] ?? e.resourceType} ${name || e.resourceId}`;
  const t = describeEvent(e);
  if (!t.badges) return `${who}: ${t.what}`;
  if (t.from === null) return `${who}: ${t.what} (${t.to ?? "?"})`;
  if (t.to === null) return `${who}: ${t.what} (was ${t.from})`;
  return `${who}: ${t.from} → ${t.to}`;
}

/** An audit entry's outcome: "succeeded", "failed: DirectConnectClientException", "no outcome recorded". */
export function auditOutcome(entry: DxAuditEntry): string {
  if (entry.outcome === "success") return "succeeded";
  if (entry.outcome === "failure") return entry.errorCode ? `failed: ${entry.errorCode}` : "failed";
  return "no outcome recorded";
}

/**
 * Whose audit entries belong in a resource's history: the resource's own, those of related resources
 * the caller names (a peer's interface: adding a peer or testing failover is recorded against the
 * interface), and those of every child its events name (an interface's peers, deleted ones too: a
 * peer's deletion is recorded against the peer). Sorted, so that the same set is the same query.
 */
export function auditTargets(
  resourceId: string,
  events: readonly DxEvent[],
  related: readonly string[] = [],
): string[] {
  const ids = new Set([resourceId, ...related]);
  for (const e of events) {
    if (e.parentId === resourceId) ids.add(e.resourceId);
    if (e.resourceId === resourceId && e.field === "peer") {
      if (e.from) ids.add(e.from);
      if (e.to) ids.add(e.to);
    }
  }
  return [...ids].sort();
}
