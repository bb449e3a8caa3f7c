/** Builds seeded states directly (no transitions, no checks): the scenarios are known to be valid. */
import { deviceFor } from "./devices";
import { hashSeed, Ids, seededRandom } from "./ids";
import { regionIndex } from "./locations";
import { ipv6Pair } from "./rules";
import {
  emptyState,
  type ConnectionRecord,
  type EmulatorState,
  type GatewayRecord,
  type PeerRecord,
  type VifRecord,
  type VifType,
} from "./state";

export class Builder {
  readonly state: EmulatorState;
  readonly ids: Ids;
  /** IPv6 /125 blocks handed out so far, per region. */
  private v6 = new Map<string, number>();

  constructor(
    seed: string,
    readonly now: number,
  ) {
    this.state = emptyState(seed);
    this.ids = new Ids(seededRandom(hashSeed(seed)));
  }

  connection(
    owner: string,
    region: string,
    location: string,
    name: string,
    extra: Partial<ConnectionRecord> = {},
  ): ConnectionRecord {
    const connectionId = this.ids.connection();
    const device = deviceFor(this.ids.device(location), location);
    const c: ConnectionRecord = {
      connectionId,
      connectionName: name,
      ownerAccount: owner,
      region,
      location,
      bandwidth: "10Gbps",
      hosted: false,
      ...device,
      jumboFrameCapable: true,
      loaIssueTime: Math.floor(this.now / 1000) - 86400 * 90,
      state: "available",
      steps: [],
      ...extra,
    };
    this.state.connections[c.connectionId] = c;
    return c;
  }

  lag(owner: string, region: string, location: string, name: string, members: number) {
    const lagId = this.ids.lag();
    const device = deviceFor(this.ids.device(location), location);
    this.state.lags[lagId] = {
      lagId,
      lagName: name,
      ownerAccount: owner,
      region,
      location,
      connectionsBandwidth: "10Gbps",
      minimumLinks: 1,
      ...device,
      allowsHostedConnections: false,
      jumboFrameCapable: true,
      state: "available",
      steps: [],
    };
    // Members terminate on the LAG's device (each still draws a device name, as it always has).
    for (let i = 1; i <= members; i += 1)
      this.connection(owner, region, location, `${name}-member-${i}`, { lagId, ...device });
    return this.state.lags[lagId]!;
  }

  vgw(owner: string, region: string, amazonSideAsn = 64512) {
    const id = this.ids.virtualGateway();
    this.state.virtualGateways[id] = {
      virtualGatewayId: id,
      ownerAccount: owner,
      region,
      state: "available",
      amazonSideAsn,
    };
    return id;
  }

  /** `ids`: another source for the gateway's id, so that making it moves no other id of the seed. */
  gateway(owner: string, name: string, amazonSideAsn: number, ids = this.ids): GatewayRecord {
    const g: GatewayRecord = {
      directConnectGatewayId: ids.uuid(),
      directConnectGatewayName: name,
      amazonSideAsn,
      ownerAccount: owner,
      state: "available",
      steps: [],
    };
    this.state.gateways[g.directConnectGatewayId] = g;
    return g;
  }

  associate(gateway: GatewayRecord, gatewayId: string, owner: string, region: string) {
    const id = this.ids.uuid();
    this.state.associations[id] = {
      associationId: id,
      directConnectGatewayId: gateway.directConnectGatewayId,
      directConnectGatewayOwnerAccount: gateway.ownerAccount,
      gatewayId,
      gatewayType: gatewayId.startsWith("tgw-") ? "transitGateway" : "virtualPrivateGateway",
      gatewayOwnerAccount: owner,
      gatewayRegion: region,
      allowedPrefixes: gatewayId.startsWith("tgw-") ? ["10.0.0.0/8"] : [],
      state: "associated",
      steps: [],
    };
  }

  peer(
    family: "ipv4" | "ipv6",
    asn: number,
    region: string,
    amazonAddress?: string,
    customerAddress?: string,
  ): PeerRecord {
    let addresses = { amazonAddress: amazonAddress ?? "", customerAddress: customerAddress ?? "" };
    if (family === "ipv6") {
      const sequence = this.v6.get(region) ?? 0;
      this.v6.set(region, sequence + 1);
      addresses = ipv6Pair(regionIndex(region), sequence);
    }
    return {
      bgpPeerId: this.ids.bgpPeer(),
      asn,
      addressFamily: family,
      ...addresses,
      authKey: this.ids.authKey(),
      sessionDown: false,
      state: "available",
      steps: [],
    };
  }

  vif(
    parent: {
      connectionId?: string;
      lagId?: string;
      ownerAccount: string;
      region: string;
      location: string;
      awsDevice: string;
    },
    type: VifType,
    name: string,
    vlan: number,
    fields: Partial<VifRecord> & { peers: PeerRecord[] },
  ): VifRecord {
    const v: VifRecord = {
      virtualInterfaceId: this.ids.virtualInterface(),
      virtualInterfaceName: name,
      virtualInterfaceType: type,
      ownerAccount: parent.ownerAccount,
      connectionOwner: parent.ownerAccount,
      connectionId: parent.lagId ?? parent.connectionId ?? "",
      region: parent.region,
      location: parent.location,
      vlan,
      amazonSideAsn: 64512,
      mtu: 1500,
      virtualGatewayId: "",
      directConnectGatewayId: "",
      routeFilterPrefixes: [],
      awsDevice: parent.awsDevice,
      siteLinkEnabled: false,
      createdAt: this.now - 86400_000 * 30,
      state: "available",
      steps: [],
      ...fields,
    };
    if (v.directConnectGatewayId) v.attachment = { state: "attached", steps: [] };
    this.state.virtualInterfaces[v.virtualInterfaceId] = v;
    return v;
  }
}

/**
 * Each region's link-local /30s for BGP peers, one pair of addresses per call, from 169.254.255.0
 * downwards: the generated estates' interfaces never share one within a region.
 */
export function linkLocalAllocator(): (region: string) => readonly [string, string] {
  const linkLocal = new Map<string, number>();
  return (region) => {
    const n = linkLocal.get(region) ?? 0;
    linkLocal.set(region, n + 1);
    const third = 255 - Math.floor(n / 64);
    const fourth = (n % 64) * 4;
    return [`169.254.${third}.${fourth + 1}/30`, `169.254.${third}.${fourth + 2}/30`] as const;
  };
}
