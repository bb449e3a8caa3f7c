// Which gateways survive a failure: a pure analysis of one topology snapshot (no AWS call of its own).
//
// A target is what interfaces lead to: a Direct Connect gateway (global: its paths may span regions), a
// virtual private gateway, or an account's public reach. A path is one built interface to a target, with
// what it physically depends on: its connection or LAG, that one's location, AWS device and logical
// device. The models are AWS's Resiliency Toolkit's (maximum, high, development) plus "single" (every
// path on one device) and "none"; the design model counts every built path, the live model only those
// with a BGP session up. A single point of failure is anything whose loss alone leaves no live path.
import { sameItems } from "@/lib/dx/replaced";
import type {
  DxBgpPeer,
  DxConnection,
  DxLag,
  DxTopology,
  DxVirtualInterface,
} from "@/lib/dx/types";

import { locationKey, rank, worse } from "./compare";
import {
  type FailoverImpact,
  type ResilienceModel,
  type ResiliencePath,
  type ResilienceTarget,
  type SinglePointOfFailure,
  type TargetKind,
} from "./types";

/** What the analysis reads: the map's own snapshot. */
export type ResilienceInput = Pick<
  DxTopology,
  | "accounts"
  | "connections"
  | "lags"
  | "virtualInterfaces"
  | "directConnectGateways"
  | "directConnectGatewayAssociations"
  | "virtualGateways"
>;

export interface AnalysisOptions {
  /** BGP peers to treat as down (a failover test's preview). */
  sessionsDown?: ReadonlySet<string>;
  /**
   * What the analysis of an earlier snapshot kept: a target whose interfaces and their connections or
   * LAGs are the same objects as then keeps its answer. Not used with `sessionsDown`.
   */
  memo?: AnalysisMemo;
}

/** A target's inputs as one analysis saw them, and its answer. */
interface Remembered {
  kind: TargetKind;
  name: string;
  account: string;
  interfaces: readonly DxVirtualInterface[];
  /** Each interface's connection or LAG (undefined when the snapshot has neither). */
  parents: readonly (DxConnection | DxLag | undefined)[];
  target: ResilienceTarget;
}

/**
 * What one analysis keeps for the next, by target. A poll's new snapshot keeps every resource that did
 * not change as the object it was (components/use-topology.ts), so the next analysis redoes only the
 * targets an interface, a session, a connection or a LAG of which changed: at XL, a few of thousands.
 */
export class AnalysisMemo {
  targets = new Map<string, Remembered>();
}

const unchanged = (r: Remembered, t: Collected, parents: readonly unknown[]) =>
  r.kind === t.kind &&
  r.name === t.name &&
  r.account === t.account &&
  sameItems(r.interfaces, t.interfaces) &&
  sameItems(r.parents, parents);

/** Built: it carries traffic when BGP is up. Confirming, pending, deleting… interfaces are not paths. */
const BUILT = new Set(["available", "down", "testing"]);
/** Its BGP sessions may be up (a test holds only the sessions it names down). */
const CARRYING = new Set(["available", "testing"]);
const GONE_GATEWAY = new Set(["deleting", "deleted"]);

export { locationKey, worse } from "./compare";

/** The model of a set of paths, by AWS's rules. */
export function modelOf(paths: readonly ResiliencePath[]): ResilienceModel {
  if (paths.length === 0) return "none";
  const devicesAt = new Map<string, Set<string>>();
  for (const p of paths) {
    const key = locationKey(p);
    const devices = devicesAt.get(key) ?? new Set<string>();
    devices.add(deviceKey(p));
    devicesAt.set(key, devices);
  }
  if (devicesAt.size >= 2) {
    const redundantSites = [...devicesAt.values()].filter((d) => d.size >= 2).length;
    return redundantSites >= 2 ? "maximum" : "high";
  }
  const [devices] = devicesAt.values();
  return devices!.size >= 2 ? "development" : "single";
}

/** A path whose device AWS did not give stands alone (its connection stands in for the device). */
const deviceKey = (p: ResiliencePath) => p.device || `?${p.connectionId}`;

interface Parents {
  connections: Map<string, DxConnection>;
  lags: Map<string, DxLag>;
}

/** The LAG or connection an interface is on, as its path and the warnings read it. */
const parentOf = (vif: DxVirtualInterface, parents: Parents) => {
  const id = vif.connectionId ?? "";
  return parents.lags.get(id) ?? parents.connections.get(id);
};

function pathOf(
  vif: DxVirtualInterface,
  parents: Parents,
  live: (peer: DxBgpPeer) => boolean,
): ResiliencePath {
  const parentId = vif.connectionId ?? "";
  const lag = parents.lags.get(parentId);
  const connection = lag ? undefined : parents.connections.get(parentId);
  const parent = lag ?? connection;
  const device = parent?.awsDevice ?? vif.awsDevice ?? "";
  return {
    virtualInterfaceId: vif.id,
    connectionId: parentId,
    ...(lag ? { lagId: lag.id } : {}),
    location: parent?.location || vif.location || "",
    device,
    logicalDevice: parent?.awsLogicalDeviceId ?? device,
    region: vif.region,
    bgpUp: CARRYING.has(vif.state) && vif.bgpPeers.some(live),
  };
}

interface Collected {
  id: string;
  kind: TargetKind;
  name: string;
  account: string;
  interfaces: DxVirtualInterface[];
}

function collectTargets(topology: ResilienceInput): Collected[] {
  const targets = new Map<string, Collected>();
  const add = (t: Omit<Collected, "interfaces">) => {
    const found = targets.get(t.id);
    if (found) return found;
    const made = { ...t, interfaces: [] };
    targets.set(t.id, made);
    return made;
  };
  const aliasOf = new Map(topology.accounts.map((a) => [a.accountId, a.alias]));
  for (const g of topology.directConnectGateways) {
    if (GONE_GATEWAY.has(g.state)) continue;
    const target = {
      id: g.id,
      kind: "direct-connect-gateway" as const,
      name: g.name || g.id,
      account: g.account,
    };
    add(target);
  }
  const vgws = new Map(topology.virtualGateways.map((v) => [v.id, v]));
  for (const vif of topology.virtualInterfaces) {
    let target: Collected | undefined;
    if (vif.directConnectGatewayId) {
      target = targets.get(vif.directConnectGatewayId) ?? {
        // A gateway of an account dxmap does not read (or not listed): still a target.
        id: vif.directConnectGatewayId,
        kind: "direct-connect-gateway",
        name: vif.directConnectGatewayId,
        account: vif.ownerAlias ?? vif.ownerAccount,
        interfaces: [],
      };
      targets.set(target.id, target);
    } else if (vif.virtualGatewayId) {
      const vgw = vgws.get(vif.virtualGatewayId);
      if (vgw && GONE_GATEWAY.has(vgw.state)) continue;
      target = add({
        id: vif.virtualGatewayId,
        kind: "virtual-private-gateway",
        name: vif.virtualGatewayId,
        account: vgw?.account ?? vif.ownerAlias ?? vif.ownerAccount,
      });
    } else if (vif.type === "public") {
      const owner = vif.ownerAccount;
      const alias = aliasOf.get(owner) ?? vif.ownerAlias ?? owner;
      target = add({
        id: `public:${owner}`,
        kind: "public",
        name: `Public · ${alias}`,
        account: alias,
      });
    }
    target?.interfaces.push(vif);
  }
  // A Direct Connect gateway nothing uses (no interface, no association) is not a target.
  return [...targets.values()].filter(
    (t) =>
      t.interfaces.length > 0 ||
      (t.kind === "direct-connect-gateway" &&
        topology.directConnectGatewayAssociations.some((a) => a.directConnectGatewayId === t.id)),
  );
}

const isLivePeer = (down: ReadonlySet<string> | undefined) => (peer: DxBgpPeer) =>
  peer.bgpStatus === "up" && !down?.has(peer.id);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Every session of the interface that is not up is one a failover test holds down: expected, not a fault. */
export const heldByTest = (vif: DxVirtualInterface) =>
  vif.failoverTest != null &&
  vif.bgpPeers
    .filter((p) => p.bgpStatus !== "up" && p.state !== "deleted" && p.state !== "deleting")
    .every((p) => vif.failoverTest!.bgpPeerIds.includes(p.id));

function whyDown(vif: DxVirtualInterface, down: ReadonlySet<string> | undefined): string {
  const peers = vif.bgpPeers.filter((p) => p.state !== "deleted" && p.state !== "deleting");
  if (peers.length === 0) return "No BGP session.";
  const tested = peers.filter((p) => down?.has(p.id));
  if (tested.length > 0 && peers.every((p) => down?.has(p.id) || p.bgpStatus !== "up"))
    return `Would be down: ${tested.map((p) => p.id).join(", ")} taken down by the test.`;
  if (heldByTest(vif)) return "Failover test: its sessions are held down until the test ends.";
  const sessions = peers.map((p) => `${p.id} (${p.addressFamily})`).join(", ");
  return vif.state === "down"
    ? `Interface down: BGP down on ${sessions}.`
    : `BGP down on ${sessions}.`;
}

function singlePoints(
  live: readonly ResiliencePath[],
  byId: ReadonlyMap<string, DxVirtualInterface>,
  down: ReadonlySet<string> | undefined,
): SinglePointOfFailure[] {
  if (live.length === 0) return [];
  const all = <T>(pick: (p: ResiliencePath) => T) => {
    const values = new Set(live.map(pick));
    return values.size === 1 ? [...values][0]! : undefined;
  };
  const n = plural(live.length, "live path");
  const out: SinglePointOfFailure[] = [];
  const location = all((p) => locationKey(p));
  if (location)
    out.push({
      kind: "location",
      id: location,
      reason:
        live.length === 1
          ? `Its only live path is at ${live[0]!.location}: losing the location cuts it off.`
          : `All ${n} are at ${live[0]!.location}: losing the location cuts it off.`,
    });
  const device = all((p) => deviceKey(p));
  if (device && !device.startsWith("?"))
    out.push({
      kind: "device",
      id: device,
      reason:
        live.length === 1
          ? `Its only live path ends on AWS device ${device}.`
          : `All ${n} end on one AWS device, ${device}: two connections on one device are one failure domain.`,
    });
  const logical = all((p) => p.logicalDevice);
  if (logical && logical !== device && logical !== "")
    out.push({
      kind: "device",
      id: logical,
      reason: device
        ? `Every live BGP session ends on one logical device, ${logical}, too.`
        : `Every live BGP session ends on one logical device, ${logical}, though the connections end on different devices.`,
    });
  const connection = all((p) => p.connectionId);
  if (connection)
    out.push({
      kind: "connection",
      id: connection,
      reason: live[0]!.lagId
        ? `Every live path is on LAG ${connection}: its members share one device.`
        : live.length === 1
          ? `Its only live path is on connection ${connection}.`
          : `All ${n} are on connection ${connection}.`,
    });
  const vifId = all((p) => p.virtualInterfaceId);
  if (vifId)
    out.push({
      kind: "interface",
      id: vifId,
      reason: `${vifId} is its only live path.`,
    });
  const upSessions = live.flatMap((p) =>
    (byId.get(p.virtualInterfaceId)?.bgpPeers ?? []).filter(isLivePeer(down)),
  );
  if (upSessions.length === 1) {
    const peer = upSessions[0]!;
    out.push({
      kind: "bgp-session",
      id: peer.id,
      reason: `${peer.id} (${peer.addressFamily}${peer.customerAddress ? `, ${peer.customerAddress}` : ""}) is its only BGP session up.`,
    });
  }
  return out;
}

/** What the models miss: sessions that look redundant and are not. */
function warningsFor(
  live: readonly ResiliencePath[],
  byId: ReadonlyMap<string, DxVirtualInterface>,
  parents: Parents,
  down: ReadonlySet<string> | undefined,
): string[] {
  const warnings: string[] = [];
  const sessions = live.flatMap((p) =>
    (byId.get(p.virtualInterfaceId)?.bgpPeers ?? [])
      .filter(isLivePeer(down))
      .map((peer) => ({ peer, path: p })),
  );
  for (const family of ["ipv4", "ipv6"]) {
    const ofFamily = sessions.filter((s) => s.peer.addressFamily === family);
    const connections = new Set(ofFamily.map((s) => s.path.connectionId));
    if (ofFamily.length < 2 || connections.size !== 1) continue;
    const [id] = connections;
    const parent = parents.connections.get(id!) ?? parents.lags.get(id!);
    const redundancy =
      parent && "hasLogicalRedundancy" in parent ? parent.hasLogicalRedundancy : null;
    if (redundancy === "yes") continue;
    warnings.push(
      `The primary and the only backup ${family === "ipv4" ? "IPv4" : "IPv6"} sessions (${ofFamily
        .map((s) => s.peer.id)
        .join(
          ", ",
        )}) both run on ${id}, which has no logical redundancy: one logical device ends both.`,
    );
  }
  const byAddress = new Map<string, typeof sessions>();
  for (const s of sessions) {
    const address = s.peer.customerAddress?.split("/")[0];
    if (!address) continue;
    byAddress.set(address, [...(byAddress.get(address) ?? []), s]);
  }
  for (const [address, same] of byAddress) {
    if (new Set(same.map((s) => s.path.virtualInterfaceId)).size < 2) continue;
    warnings.push(
      `Sessions ${same.map((s) => s.peer.id).join(" and ")} on different paths all peer with customer address ${address}: one customer router ends them.`,
    );
  }
  return warnings;
}

function analyzeTarget(
  t: Collected,
  parents: Parents,
  down: ReadonlySet<string> | undefined,
): ResilienceTarget {
  const live = isLivePeer(down);
  const built = t.interfaces.filter((v) => BUILT.has(v.state));
  const paths = built.map((v) => pathOf(v, parents, live));
  const livePaths = paths.filter((p) => p.bgpUp);
  const designModel = modelOf(paths);
  const liveModel = modelOf(livePaths);
  const byId = new Map(built.map((v) => [v.id, v]));
  const downPaths = paths.filter((p) => !p.bgpUp);
  // Worse live than designed because a failover test holds sessions down is the test working, not a
  // fault: the target says so (`testing`) and is not degraded, unless another path is down too.
  const testing = downPaths.filter((p) => heldByTest(byId.get(p.virtualInterfaceId)!)).length;
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    account: t.account,
    designModel,
    liveModel,
    degraded: worse(liveModel, designModel) && testing < downPaths.length,
    testing: testing > 0,
    paths,
    singlePointsOfFailure: singlePoints(livePaths, byId, down),
    downPaths: downPaths.map((p) => ({
      virtualInterfaceId: p.virtualInterfaceId,
      reason: whyDown(byId.get(p.virtualInterfaceId)!, down),
    })),
    notCounted: t.interfaces
      .filter((v) => !BUILT.has(v.state))
      .map((v) => ({ virtualInterfaceId: v.id, state: v.state })),
    warnings: warningsFor(livePaths, byId, parents, down),
  };
}

const parentsOf = (topology: ResilienceInput): Parents => ({
  connections: new Map(topology.connections.map((c) => [c.id, c])),
  lags: new Map(topology.lags.map((l) => [l.id, l])),
});

/** Every target of the snapshot, analysed. */
export function analyzeResilience(
  topology: ResilienceInput,
  options: AnalysisOptions = {},
): ResilienceTarget[] {
  const parents = parentsOf(topology);
  const down = options.sessionsDown;
  const memo = down ? undefined : options.memo;
  if (!memo) return collectTargets(topology).map((t) => analyzeTarget(t, parents, down));
  const kept = new Map<string, Remembered>();
  const targets = collectTargets(topology).map((t) => {
    const ofEach = t.interfaces.map((v) => parentOf(v, parents));
    const before = memo.targets.get(t.id);
    const target =
      before && unchanged(before, t, ofEach) ? before.target : analyzeTarget(t, parents, down);
    kept.set(t.id, { ...t, parents: ofEach, target });
    return target;
  });
  memo.targets = kept;
  return targets;
}

/** Worst first: degraded, then by live model, then by design model, then by name. */
export function byWorstFirst(a: ResilienceTarget, b: ResilienceTarget): number {
  return (
    Number(b.degraded) - Number(a.degraded) ||
    rank(b.liveModel) - rank(a.liveModel) ||
    rank(b.designModel) - rank(a.designModel) ||
    a.name.localeCompare(b.name)
  );
}

/**
 * A failover test on some of an interface's sessions, before it starts: each target the interface
 * leads to, as it would be with those sessions down (cut off, or through which paths it stays up).
 */
export function failoverImpact(
  topology: ResilienceInput,
  virtualInterfaceId: string,
  bgpPeerIds: readonly string[],
): FailoverImpact {
  const parents = parentsOf(topology);
  const down = new Set(bgpPeerIds);
  const affected = collectTargets(topology).filter((t) =>
    t.interfaces.some((v) => v.id === virtualInterfaceId),
  );
  return {
    targets: affected.map((t) => {
      const before = analyzeTarget(t, parents, undefined);
      const after = analyzeTarget(t, parents, down);
      const through = after.paths.filter((p) => p.bgpUp);
      return { target: after, before: before.liveModel, cutOff: through.length === 0, through };
    }),
  };
}
