import { isTransitional, VIF_STATE } from "./states";
import type { DxTopology } from "./types";

/**
 * Whether AWS is moving something on: the dashboard polls fast then, and the collector reads the
 * account and region fast (a topology, or one scope's slice of it).
 */
export function hasTransitionalState(
  topology: Pick<
    DxTopology,
    "connections" | "lags" | "virtualInterfaces" | "directConnectGatewayAssociations"
  >,
): boolean {
  return (
    topology.connections.some((c) => isTransitional(c.state)) ||
    topology.lags.some((l) => isTransitional(l.state)) ||
    // The peers of an interface waiting for its owner's approval wait with it (pending, unmoving).
    topology.virtualInterfaces.some(
      (v) =>
        isTransitional(v.state) ||
        (v.state !== VIF_STATE.confirming && v.bgpPeers.some((p) => isTransitional(p.state))),
    ) ||
    topology.directConnectGatewayAssociations.some((a) => isTransitional(a.state))
  );
}
