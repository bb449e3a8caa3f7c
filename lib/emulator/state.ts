/**
 * The emulator's stored state: plain JSON, written whole to the state file after every acknowledged write.
 * Records hold what the service knows about a resource; responses are derived from them (see views.ts).
 * Transitional states move on by `steps`: each step says which state the record reaches at which
 * emulator time (milliseconds), and the clock (clock.ts) applies the steps that are due.
 */
import type {
  AddressFamily,
  BGPPeerState,
  ConnectionState,
  DirectConnectGatewayAssociationState,
  DirectConnectGatewayAttachmentState,
  DirectConnectGatewayState,
  HasLogicalRedundancy,
  LagState,
  Tag,
  VirtualInterfaceState,
} from "@aws-sdk/client-direct-connect";

/**
 * 2: connections and LAGs store their logical device; failover tests their region. 3: IAM roles and
 * the organization (persistence.ts migrates 1 and 2).
 */
export const STATE_VERSION = 3;

export interface Step<S extends string> {
  to: S;
  at: number;
}

export interface Transitional<S extends string> {
  state: S;
  steps: Step<S>[];
}

export interface ConnectionRecord extends Transitional<ConnectionState> {
  connectionId: string;
  connectionName: string;
  ownerAccount: string;
  region: string;
  location: string;
  bandwidth: string;
  /** Hosted connections: the VLAN the partner fixed, and the partner's name. */
  vlan?: number;
  partnerName?: string;
  hosted: boolean;
  /** Hosted connections: the interconnect or LAG they are provisioned on, when it is known here. */
  parentId?: string;
  lagId?: string;
  /** The device the physical connection terminates on (awsDeviceV2; awsDevice is its deprecated alias). */
  awsDevice: string;
  /** The device the logical connection terminates on; it may differ (devices.ts). */
  awsLogicalDeviceId: string;
  jumboFrameCapable: boolean;
  hasLogicalRedundancy: HasLogicalRedundancy;
  providerName?: string;
  loaIssueTime?: number;
  /** When it reached deleted or rejected; it is forgotten 15 minutes later. */
  deletedAt?: number;
}

export interface LagRecord extends Transitional<LagState> {
  lagId: string;
  lagName: string;
  ownerAccount: string;
  region: string;
  location: string;
  connectionsBandwidth: string;
  minimumLinks: number;
  /** Its members terminate here too. */
  awsDevice: string;
  awsLogicalDeviceId: string;
  allowsHostedConnections: boolean;
  jumboFrameCapable: boolean;
  hasLogicalRedundancy: HasLogicalRedundancy;
  providerName?: string;
  deletedAt?: number;
}

export interface PeerRecord extends Transitional<BGPPeerState> {
  bgpPeerId: string;
  asn: number;
  addressFamily: AddressFamily;
  amazonAddress: string;
  customerAddress: string;
  authKey: string;
  /** Set through the control API: the session stays down whatever the peer's state. */
  sessionDown: boolean;
}

export type VifType = "private" | "public" | "transit";

export interface VifRecord extends Transitional<VirtualInterfaceState> {
  virtualInterfaceId: string;
  virtualInterfaceName: string;
  virtualInterfaceType: VifType;
  ownerAccount: string;
  /** The account that owns the connection; it allocated the interface when it differs from ownerAccount. */
  connectionOwner: string;
  connectionId: string;
  region: string;
  location: string;
  vlan: number;
  amazonSideAsn: number;
  mtu: number;
  virtualGatewayId: string;
  directConnectGatewayId: string;
  routeFilterPrefixes: string[];
  peers: PeerRecord[];
  /** Its connection's or LAG's device when it was made; views read the connection's or LAG's own. */
  awsDevice: string;
  siteLinkEnabled: boolean;
  /** Attachment to a Direct Connect gateway, when directConnectGatewayId is set. */
  attachment?: Transitional<DirectConnectGatewayAttachmentState>;
  /** The state a failover test returns to, and when the test ends. */
  testing?: { testId: string; until: number };
  createdAt: number;
  deletedAt?: number;
}

export interface GatewayRecord extends Transitional<DirectConnectGatewayState> {
  directConnectGatewayId: string;
  directConnectGatewayName: string;
  amazonSideAsn: number;
  ownerAccount: string;
}

export interface AssociationRecord extends Transitional<DirectConnectGatewayAssociationState> {
  associationId: string;
  directConnectGatewayId: string;
  directConnectGatewayOwnerAccount: string;
  gatewayId: string;
  gatewayType: "virtualPrivateGateway" | "transitGateway";
  gatewayOwnerAccount: string;
  gatewayRegion: string;
  allowedPrefixes: string[];
}

export interface VirtualGatewayRecord {
  virtualGatewayId: string;
  ownerAccount: string;
  region: string;
  state: "pending" | "available" | "deleting" | "deleted";
  amazonSideAsn: number;
}

export interface TestRecord {
  testId: string;
  virtualInterfaceId: string;
  /** The tested interface's region: its history outlives the interface. */
  region: string;
  ownerAccount: string;
  bgpPeers: string[];
  status: "in-progress" | "completed" | "cancelled";
  testDurationInMinutes: number;
  startTime: number;
  endTime?: number;
}

/**
 * An IAM role, reduced to what AssumeRole decides on: its trust policy's principals and the
 * sts:ExternalId it asks for. Keyed in the state by its ARN, `arn:aws:iam::<accountId>:role/<name>`.
 */
export interface RoleRecord {
  accountId: string;
  roleName: string;
  /** The role's unique id (AROA and 17 of [A-Z0-9]), the first half of AssumedRoleUser.AssumedRoleId. */
  roleId: string;
  /**
   * Who may assume it: an account id (any principal of that account, as `arn:aws:iam::<id>:root` in
   * a trust policy), or a user's, a role's or an assumed-role session's ARN.
   */
  trust: string[];
  /** The external id its trust policy requires (Condition StringEquals sts:ExternalId), if any. */
  externalId?: string;
  /** MaxSessionDuration, in seconds: 3600 (AWS's default) to 43200. */
  maxSessionDuration: number;
}

export interface OrganizationalUnitRecord {
  id: string;
  name: string;
  /** The root's id or another unit's. */
  parentId: string;
}

export interface OrganizationAccountRecord {
  id: string;
  name: string;
  email: string;
  /** The root's id or an organizational unit's. */
  parentId: string;
  joinedMethod: "INVITED" | "CREATED";
  /** Emulator time (ms). */
  joinedAt: number;
  /** When it was closed (emulator ms): pending closure, then suspended, then gone after 90 days. */
  closedAt?: number;
}

export interface OrganizationRecord {
  id: string;
  managementAccountId: string;
  rootId: string;
  /** Emulator time (ms). */
  createdAt: number;
  units: Record<string, OrganizationalUnitRecord>;
  /** Members and the management account, by account id. */
  accounts: Record<string, OrganizationAccountRecord>;
  /** Member accounts registered as delegated administrators: they may list the organization too. */
  delegatedAdministrators: string[];
}

export interface EmulatorState {
  version: typeof STATE_VERSION;
  seed: string;
  /** Added to the wall clock: the control API's "advance the clock" moves it forward. */
  clockOffsetMs: number;
  connections: Record<string, ConnectionRecord>;
  lags: Record<string, LagRecord>;
  virtualInterfaces: Record<string, VifRecord>;
  gateways: Record<string, GatewayRecord>;
  associations: Record<string, AssociationRecord>;
  virtualGateways: Record<string, VirtualGatewayRecord>;
  tags: Record<string, Tag[]>;
  tests: Record<string, TestRecord>;
  /** IAM roles by ARN, in any account. */
  roles: Record<string, RoleRecord>;
  /** The one organization, or none. */
  organization: OrganizationRecord | null;
}

export const emptyState = (seed: string): EmulatorState => ({
  version: STATE_VERSION,
  seed,
  clockOffsetMs: 0,
  connections: {},
  lags: {},
  virtualInterfaces: {},
  gateways: {},
  associations: {},
  virtualGateways: {},
  tags: {},
  tests: {},
  roles: {},
  organization: null,
});
