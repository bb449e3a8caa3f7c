// What GET /api/resilience answers, and what the Resilience page, the map's badges and the failover
// test's preview read. Names follow AWS's Resiliency Toolkit (maximum, high, development) plus two of
// dxmap's: "single" (every path on one AWS device: the single-device trap) and "none" (no path).

/** Best first: the order the page sorts by and the order "worse than" compares. */
export const RESILIENCE_MODELS = ["maximum", "high", "development", "single", "none"] as const;
export type ResilienceModel = (typeof RESILIENCE_MODELS)[number];

export type TargetKind = "direct-connect-gateway" | "virtual-private-gateway" | "public";

/** One interface leading to a target, with what it physically depends on. */
export interface ResiliencePath {
  virtualInterfaceId: string;
  /** The connection the interface is on; for an interface on a LAG, the LAG's id (also in lagId). */
  connectionId: string;
  lagId?: string;
  location: string;
  /** awsDeviceV2, else awsDevice, of the connection or LAG ("" when AWS gave none). */
  device: string;
  /** awsLogicalDeviceId of the connection or LAG, else the device. */
  logicalDevice: string;
  region: string;
  /** The interface is available (or testing) with at least one BGP session up. */
  bgpUp: boolean;
}

export type SinglePointKind = "location" | "device" | "connection" | "interface" | "bgp-session";

export interface SinglePointOfFailure {
  kind: SinglePointKind;
  /** A location as "<region>/<code>"; a device, connection, interface or BGP peer by its id. */
  id: string;
  reason: string;
}

export interface ResilienceTarget {
  /** The gateway's id, or "public:<account id>" for an account's public interfaces. */
  id: string;
  kind: TargetKind;
  name: string;
  /** The alias of the account that owns the target (for public: the interfaces' owner). */
  account: string;
  designModel: ResilienceModel;
  liveModel: ResilienceModel;
  /** The live model is worse than the design, and not only because a failover test holds sessions down. */
  degraded: boolean;
  /** A failover test holds down the sessions of one or more of its paths. */
  testing: boolean;
  paths: ResiliencePath[];
  singlePointsOfFailure: SinglePointOfFailure[];
  /** Paths built but not live, each with why ("BGP down on dxpeer-…", "interface down", …). */
  downPaths: { virtualInterfaceId: string; reason: string }[];
  /** Interfaces leading here that are not paths (confirming, deleting, …): shown, not counted. */
  notCounted: { virtualInterfaceId: string; state: string }[];
  /** What the models miss (shared customer address, primary and only backup on one connection, …). */
  warnings: string[];
}

export interface ResilienceReport {
  readAt: string;
  targets: ResilienceTarget[];
}

/** How a failover test on some BGP sessions would leave each target those sessions lead to. */
export interface FailoverImpact {
  targets: {
    /** The target as it would be with those sessions down. */
    target: ResilienceTarget;
    /** Its live model now. */
    before: ResilienceModel;
    /** No live path would remain. */
    cutOff: boolean;
    /** The live paths that would carry it. */
    through: ResiliencePath[];
  }[];
}
