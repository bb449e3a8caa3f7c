// How the analysis is said: the models' names and tones, a gateway's badge on the map, and which map
// nodes a single point of failure outlines (a location or a device is the connections there).
import type { BadgeTone } from "@/lib/dx/badges";
import { count } from "@/lib/dx/format";

import { locationKey, worse } from "./compare";
import type { ResilienceModel, ResilienceTarget, SinglePointKind } from "./types";

export const MODEL_LABEL: Record<ResilienceModel, string> = {
  maximum: "Maximum",
  high: "High",
  development: "Development",
  single: "Single device",
  none: "No path",
};

/** What each model means, as AWS's Resiliency Toolkit says it (and dxmap's two of its own). */
export const MODEL_MEANING: Record<ResilienceModel, string> = {
  maximum: "Separate connections on separate devices in two or more locations (AWS's SLA: 99.99%).",
  high: "Connections in two or more locations (AWS's SLA: 99.9%).",
  development: "Separate devices in one location: a location's failure cuts it off (no SLA).",
  single: "Every path ends on one AWS device: that device's failure cuts it off.",
  none: "No path: no interface to it is built and up.",
};

export const MODEL_TONE: Record<ResilienceModel, BadgeTone> = {
  maximum: "success",
  high: "success",
  development: "attention",
  single: "attention",
  none: "danger",
};

export const SPOF_KIND_LABEL: Record<SinglePointKind, string> = {
  location: "Location",
  device: "AWS device",
  connection: "Connection",
  interface: "Interface",
  "bgp-session": "BGP session",
};

const locations = (t: ResilienceTarget, live: boolean) =>
  new Set(t.paths.filter((p) => !live || p.bgpUp).map(locationKey)).size;

export interface ModelBadge {
  text: string;
  tone: BadgeTone;
  /** The badge's tooltip: what the model means, and the design beside the live one. */
  title: string;
}

/** A target's badge: "High · 2 locations", "Degraded · 1 of 2 up", "Single device". */
export function modelBadge(t: ResilienceTarget): ModelBadge {
  const live = t.paths.filter((p) => p.bgpUp).length;
  const design = `Design: ${MODEL_LABEL[t.designModel]}. Live: ${MODEL_LABEL[t.liveModel]}.`;
  if (t.degraded)
    return {
      text: `Degraded · ${live} of ${t.paths.length} up`,
      tone: "danger",
      title: `${design} ${MODEL_MEANING[t.liveModel]}`,
    };
  if (t.testing && worse(t.liveModel, t.designModel))
    return {
      text: `Failover test · ${live} of ${t.paths.length} up`,
      tone: "progress",
      title: `${design} A failover test holds sessions down: expected until it ends.`,
    };
  const where = locations(t, true);
  const text =
    t.liveModel === "maximum" || t.liveModel === "high"
      ? `${MODEL_LABEL[t.liveModel]} · ${count(where)} locations`
      : MODEL_LABEL[t.liveModel];
  // "No path" to a target nothing is built to yet (all confirming) is not an alarm.
  const tone = t.liveModel === "none" && t.paths.length === 0 ? "neutral" : MODEL_TONE[t.liveModel];
  return { text, tone, title: `${design} ${MODEL_MEANING[t.liveModel]}` };
}

/** What the map marks on a node: its gateway's model, and what it is a single point of failure of. */
export interface NodeMark {
  model?: ModelBadge;
  /** One line per target it would cut off. */
  singlePoint?: string[];
}

/**
 * The map's marks, by node id: each gateway's model badge, and (with `singlePoints`) every node that
 * is a single point of failure, with why. A location or a device is outlined on the connections and
 * LAGs of the live paths there; a connection, interface or BGP session on its own node.
 */
export function mapMarks(
  targets: readonly ResilienceTarget[],
  singlePoints: boolean,
): Map<string, NodeMark> {
  const marks = new Map<string, NodeMark>();
  const mark = (id: string) => {
    const found = marks.get(id) ?? {};
    marks.set(id, found);
    return found;
  };
  for (const t of targets) {
    if (t.kind !== "public") mark(t.id).model = modelBadge(t);
    if (!singlePoints) continue;
    const live = t.paths.filter((p) => p.bgpUp);
    for (const s of t.singlePointsOfFailure) {
      const nodes =
        s.kind === "location"
          ? live.filter((p) => locationKey(p) === s.id).map((p) => p.connectionId)
          : s.kind === "device"
            ? live
                .filter((p) => p.device === s.id || p.logicalDevice === s.id)
                .map((p) => p.connectionId)
            : [s.id];
      // Said on the node: what of it would fail (its location or device, else itself), and what it cuts off.
      const line =
        s.kind === "location"
          ? `its location, ${s.id.split("/")[1]}, for ${t.name}: ${s.reason}`
          : s.kind === "device"
            ? `its AWS device, ${s.id}, for ${t.name}: ${s.reason}`
            : `for ${t.name}: ${s.reason}`;
      for (const id of new Set(nodes)) {
        const m = mark(id);
        m.singlePoint = [...(m.singlePoint ?? []), line];
      }
    }
  }
  return marks;
}

/** A mark's line as a sentence: "Single point of failure for core-dxgw: …", "…: its location, EqDC2, for …". */
export const singlePointSentence = (line: string) =>
  `Single point of failure${line.startsWith("for ") ? " " : ": "}${line}`;

/** Two marks that show the same (the map's node cache keeps a node whose mark did not change). */
export const sameMark = (a: NodeMark | undefined, b: NodeMark | undefined) =>
  a === b || JSON.stringify(a) === JSON.stringify(b);

/** For the header: how many targets are degraded, and how many are below "high" by design. */
export function resilienceCounts(targets: readonly ResilienceTarget[]) {
  return {
    degraded: targets.filter((t) => t.degraded).length,
    belowHigh: targets.filter(
      (t) => t.paths.length > 0 && (t.designModel === "development" || t.designModel === "single"),
    ).length,
  };
}

/** The map's and the table's filters, as the Resilience page takes them. */
export interface TargetFilter {
  accounts: readonly string[];
  regions: readonly string[];
  types: readonly string[];
  show: "" | "degraded" | "below-high" | "single-points";
}

/**
 * The targets a filter keeps. A target is kept whole (never analysed on part of its paths): it is in an
 * account when it or an interface to it is, in a region when a path is, of a type when an interface to
 * it is (an account's public reach is public, a virtual private gateway private).
 */
export function filterTargets(
  targets: readonly ResilienceTarget[],
  interfaces: ReadonlyMap<string, { type: string; visibleTo: readonly string[] }>,
  filter: TargetFilter,
): ResilienceTarget[] {
  const anyOf = (chosen: readonly string[], values: Iterable<string>) => {
    if (chosen.length === 0) return true;
    for (const v of values) if (chosen.includes(v)) return true;
    return false;
  };
  return targets.filter((t) => {
    const vifs = [
      ...t.paths.map((p) => p.virtualInterfaceId),
      ...t.notCounted.map((n) => n.virtualInterfaceId),
    ].flatMap((id) => interfaces.get(id) ?? []);
    const types =
      t.kind === "public"
        ? ["public"]
        : t.kind === "virtual-private-gateway"
          ? ["private"]
          : vifs.map((v) => v.type);
    const counts = resilienceCounts([t]);
    return (
      anyOf(filter.accounts, [t.account, ...vifs.flatMap((v) => v.visibleTo)]) &&
      anyOf(
        filter.regions,
        t.paths.map((p) => p.region),
      ) &&
      anyOf(filter.types, types) &&
      (filter.show === "" ||
        (filter.show === "degraded" && t.degraded) ||
        (filter.show === "below-high" && counts.belowHigh > 0) ||
        (filter.show === "single-points" && t.singlePointsOfFailure.length > 0))
    );
  });
}
