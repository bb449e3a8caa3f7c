import { RunningCount } from "./replaced";
import { isTransitional, VIF_STATE } from "./states";
import type {
  DxConnection,
  DxGatewayAssociation,
  DxLag,
  DxTopology,
  DxVirtualInterface,
} from "./types";

type Moving = Pick<
  DxTopology,
  "connections" | "lags" | "virtualInterfaces" | "directConnectGatewayAssociations"
>;

const connectionMoves = (c: Pick<DxConnection, "state">) => isTransitional(c.state);
const lagMoves = (l: Pick<DxLag, "state">) => isTransitional(l.state);
// The peers of an interface waiting for its owner's approval wait with it (pending, unmoving).
const interfaceMoves = (v: DxVirtualInterface) =>
  isTransitional(v.state) ||
  (v.state !== VIF_STATE.confirming && v.bgpPeers.some((p) => isTransitional(p.state)));
const associationMoves = (a: Pick<DxGatewayAssociation, "state">) => isTransitional(a.state);

/**
 * Whether AWS is moving something on: the dashboard polls fast then, and the collector reads the
 * account and region fast (a topology, or one scope's slice of it).
 */
export function hasTransitionalState(topology: Moving): boolean {
  return (
    topology.connections.some(connectionMoves) ||
    topology.lags.some(lagMoves) ||
    topology.virtualInterfaces.some(interfaceMoves) ||
    topology.directConnectGatewayAssociations.some(associationMoves)
  );
}

/**
 * hasTransitionalState, read after read: what is moving is counted, list by list, from the last read
 * where the next differs (lib/dx/replaced.ts), rather than looked for over the estate each time.
 */
export class MovingWatch {
  private readonly connections = new RunningCount(connectionMoves);
  private readonly lags = new RunningCount(lagMoves);
  private readonly interfaces = new RunningCount(interfaceMoves);
  private readonly associations = new RunningCount(associationMoves);

  of(topology: Moving): boolean {
    return (
      this.connections.of(topology.connections) +
        this.lags.of(topology.lags) +
        this.interfaces.of(topology.virtualInterfaces) +
        this.associations.of(topology.directConnectGatewayAssociations) >
      0
    );
  }
}
