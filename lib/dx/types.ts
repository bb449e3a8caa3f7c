// dxmap's own view of Direct Connect resources: what lib/aws returns and the
// browser renders. These are deliberately not the SDK's shapes, so the rest of
// the app never depends on them, and they never carry secrets: a BGP auth key
// (`authKey`) or a generated router configuration (`customerRouterConfig`) has
// no field here and so can never reach the browser.
import type {
  BGPPeerState,
  BGPStatus,
  ConnectionState,
  DirectConnectGatewayAssociationState,
  DirectConnectGatewayAttachmentState,
  DirectConnectGatewayState,
  LagState,
  VirtualGatewayState,
  VirtualInterfaceState,
} from "./states";

/** The alias of a configured account, e.g. "network" or "workload". */
export type AccountAlias = string;

/** Where a resource was read: every resource carries both. */
export interface DxScope {
  /** Alias of the configured account through which dxmap read the resource. */
  account: AccountAlias;
  region: string;
}

export interface DxConnection extends DxScope {
  id: string;
  name: string;
  /** As AWS reports it; a state dxmap does not know is passed through. */
  state: ConnectionState;
  location: string;
  bandwidth: string;
  ownerAccount: string;
  lagId: string | null;
  partnerName: string | null;
  vlan: number | null;
  /** The AWS device the physical connection ends on (awsDeviceV2, else the deprecated awsDevice). */
  awsDevice: string | null;
  /** The AWS device ending the logical connection (BGP): it may differ from awsDevice. */
  awsLogicalDeviceId: string | null;
  hasLogicalRedundancy: string | null;
  jumboFrameCapable: boolean | null;
}

export interface DxBgpPeer {
  id: string;
  /** "ipv4" | "ipv6" */
  addressFamily: string;
  asn: number | null;
  amazonAddress: string | null;
  customerAddress: string | null;
  state: BGPPeerState;
  /** The BGP session's status. */
  bgpStatus: BGPStatus;
  awsDevice: string | null;
  /** Whether the peer has a BGP auth key. The key itself never leaves the server. */
  hasAuthKey: boolean;
}

export interface DxLag extends DxScope {
  id: string;
  name: string;
  state: LagState;
  location: string;
  /** Bandwidth of each member connection. */
  bandwidth: string;
  numberOfConnections: number;
  minimumLinks: number | null;
  ownerAccount: string;
  /** Member connection ids (they also appear among the connections). */
  memberIds: string[];
  /** Every member ends on this device. */
  awsDevice: string | null;
  awsLogicalDeviceId: string | null;
  allowsHostedConnections: boolean | null;
}

export interface DxVirtualInterface extends DxScope {
  id: string;
  name: string;
  /** "private" | "public" | "transit" */
  type: string;
  /** As AWS reports it; a state dxmap does not know is passed through. */
  state: VirtualInterfaceState;
  vlan: number | null;
  /** The customer-side ASN (asnLong when AWS reports it, since asn reads 0 for 4-byte ASNs). */
  asn: number | null;
  amazonSideAsn: number | null;
  ownerAccount: string;
  /** Alias of the owning account when it is a configured account, else null. */
  ownerAlias: AccountAlias | null;
  /** Every configured account that sees this interface (owner and allocator). */
  visibleTo: AccountAlias[];
  connectionId: string | null;
  location: string | null;
  mtu: number | null;
  jumboFrameCapable: boolean | null;
  virtualGatewayId: string | null;
  directConnectGatewayId: string | null;
  awsDevice: string | null;
  /** Public interfaces: the prefixes advertised to AWS. */
  routeFilterPrefixes: string[];
  bgpPeers: DxBgpPeer[];
  /**
   * The failover test holding some of its BGP sessions down on purpose (StartBgpFailoverTest), while
   * the interface is testing and its owner's tests could be read; null otherwise.
   */
  failoverTest: DxFailoverTestInProgress | null;
}

/** A failover test under way on an interface, as the map shows it. */
export interface DxFailoverTestInProgress {
  testId: string;
  /** The peers whose sessions the test holds down. */
  bgpPeerIds: string[];
  /** ISO time the test ends by itself (its start plus its duration); null when AWS gave neither. */
  endsAt: string | null;
}

/** One failover test of an interface (ListVirtualInterfaceTestHistory). */
export interface DxFailoverTest {
  testId: string;
  virtualInterfaceId: string;
  bgpPeerIds: string[];
  durationMinutes: number | null;
  /** ISO times; endTime is null while the test is in progress. */
  startTime: string | null;
  endTime: string | null;
  /** As AWS reports it: "in-progress", "completed", … */
  status: string;
  ownerAccount: string;
}

/** GET /api/virtual-interfaces/{id}/failover-tests: an interface's tests, newest first. */
export interface DxFailoverTests {
  /** ISO 8601 time of the read. */
  readAt: string;
  tests: DxFailoverTest[];
}

/** Direct Connect gateways are global: `region` is where dxmap read it, not where it lives. */
export interface DxDirectConnectGateway {
  account: AccountAlias;
  id: string;
  name: string;
  amazonSideAsn: number | null;
  ownerAccount: string;
  state: DirectConnectGatewayState;
}

export interface DxGatewayAttachment {
  directConnectGatewayId: string;
  virtualInterfaceId: string;
  virtualInterfaceRegion: string;
  virtualInterfaceOwnerAccount: string;
  state: DirectConnectGatewayAttachmentState;
  type: string | null;
}

/** GET /api/direct-connect-gateways/{id}/attachments: the interfaces attached to one gateway. */
export interface DxGatewayAttachments {
  /** ISO 8601 time of the read. */
  readAt: string;
  attachments: DxGatewayAttachment[];
}

/** GET /api/direct-connect-gateways/associations (an account's gateways) or /{id}/associations (one). */
export interface DxGatewayAssociations {
  /** ISO 8601 time of the oldest read the answer is made of. */
  readAt: string;
  associations: DxGatewayAssociation[];
}

export interface DxGatewayAssociation {
  id: string;
  directConnectGatewayId: string;
  /** The associated virtual private gateway or transit gateway. */
  associatedGatewayId: string;
  associatedGatewayType: string | null;
  associatedGatewayRegion: string | null;
  associatedGatewayOwnerAccount: string | null;
  state: DirectConnectGatewayAssociationState;
  allowedPrefixes: string[];
}

export interface DxVirtualGateway extends DxScope {
  id: string;
  state: VirtualGatewayState;
}

export interface DxLocation {
  region: string;
  code: string;
  name: string;
}

/** A failed read of one account in one region, reported beside the others' data. */
export interface DxReadError {
  account: AccountAlias;
  region: string;
  message: string;
  /** When the data shown in its place was read (ISO): the call's last successful read. Absent: none is shown. */
  keptFrom?: string;
}

export interface DxAccount {
  alias: AccountAlias;
  accountId: string;
}

/** Everything the graph needs, for the chosen accounts and regions. */
export interface DxTopology {
  /** ISO 8601 time of the oldest read the answer is made of (cached reads included). */
  readAt: string;
  /**
   * A hash of everything but readAt, set by GET /api/topology (and sent as its ETag): a poll that
   * sends it in If-None-Match gets 304 while nothing changed, and keeps what it has.
   */
  version?: string;
  backend: string;
  accounts: DxAccount[];
  regions: string[];
  connections: DxConnection[];
  lags: DxLag[];
  virtualInterfaces: DxVirtualInterface[];
  directConnectGateways: DxDirectConnectGateway[];
  /** The virtual private and transit gateways associated with those Direct Connect gateways. */
  directConnectGatewayAssociations: DxGatewayAssociation[];
  virtualGateways: DxVirtualGateway[];
  locations: DxLocation[];
  errors: DxReadError[];
}

/** What a mutation returns: the resource as it is now, and when that was read. */
export interface DxMutationResult<T> {
  readAt: string;
  resource: T;
}

/** GET /api/config: what the dashboard may show and do. */
export interface DxClientConfig {
  backend: string;
  accounts: DxAccount[];
  regions: string[];
  user: string | null;
  readOnly: boolean;
}

/** The body of every non-2xx response from dxmap's API. */
export interface DxApiErrorBody {
  error: {
    code: string;
    message: string;
    /** Field → messages when the input was invalid (code "validation_failed"). */
    fieldErrors?: Record<string, string[]>;
    /** AWS's request id when AWS refused the call. */
    requestId?: string;
    awsError?: string;
  };
}
