// What changed in the topology since a version the dashboard has (GET /api/topology, delta encoding).
//
// A poll names the version it has (If-None-Match) and says it takes changes (A-IM: dxmap-changes,
// RFC 3229's request header). While the server still knows that version it answers 226 IM Used with
// only the members that changed: for a list of the same length, the items that changed by position,
// else the whole member. A BGP session going down in a large estate is then one interface to parse
// and compare in the browser, not the whole estate.
import type { DxTopology } from "./types";

/** The instance manipulation the dashboard asks for (A-IM) and the server names (IM) on a 226. */
export const TOPOLOGY_CHANGES_IM = "dxmap-changes";

export type DxMemberChange =
  /** The member's new value, whole. */
  | { all: unknown }
  /** A list of the same length: [position, new item] for each item that changed. */
  | { at: [number, unknown][] }
  /** The member is no longer sent. */
  | { removed: true };

export interface DxTopologyChanges {
  /** The version these changes apply to. */
  base: string;
  /** The version they make. */
  version: string;
  readAt: string;
  changes: Record<string, DxMemberChange>;
}

/**
 * The topology `changes` make of `previous`, sharing every item that did not change; null when they do
 * not apply to it (another base version, a position outside a list, a list where the base has none).
 */
export function applyTopologyChanges(
  previous: DxTopology,
  delta: DxTopologyChanges,
): DxTopology | null {
  if (!previous.version || delta.base !== previous.version) return null;
  const next: Record<string, unknown> = {
    ...previous,
    readAt: delta.readAt,
    version: delta.version,
  };
  for (const [member, change] of Object.entries(delta.changes)) {
    if ("all" in change) {
      next[member] = change.all;
    } else if ("removed" in change) {
      delete next[member];
    } else {
      const list = next[member];
      if (!Array.isArray(list)) return null;
      const copy = list.slice();
      for (const [position, item] of change.at) {
        if (!Number.isInteger(position) || position < 0 || position >= copy.length) return null;
        copy[position] = item;
      }
      next[member] = copy;
    }
  }
  return next as unknown as DxTopology;
}
