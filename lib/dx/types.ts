// dxmap's own view of Direct Connect resources: what lib/aws returns and the
// browser renders. These are deliberately not the SDK's shapes, so the rest of
// the app never depends on them, and they never carry secrets: a BGP auth key
// (`authKey`) or a generated router configuration (`customerRouterConfig`) has
// no field here and so can never reach the browser.

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
  /** ConnectionState as AWS reports it; unknown values are passed through. */
  state: string;
  location: string;
  bandwidth: string;
  ownerAccount: string;
  lagId: string | null;
  partnerName: string | null;
  vlan: number | null;
  awsDevice: string | null;
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
  /** BGPPeerState: verifying, pending, available, deleting, deleted. */
  state: string;
  /** BGPStatus: up, down, unknown. */
  bgpStatus: string;
  awsDevice: string | null;
}

export interface DxVirtualInterface extends DxScope {
  id: string;
  name: string;
  /** "private" | "public" | "transit" */
  type: string;
  /** VirtualInterfaceState as AWS reports it; unknown values are passed through. */
  state: string;
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
  bgpPeers: DxBgpPeer[];
}

/** A failed read of one account in one region, reported beside the others' data. */
export interface DxReadError {
  account: AccountAlias;
  region: string;
  message: string;
}

export interface DxAccount {
  alias: AccountAlias;
  accountId: string;
}

export interface DxInventory {
  /** ISO 8601 time at which the read started. */
  readAt: string;
  backend: string;
  accounts: DxAccount[];
  regions: string[];
  connections: DxConnection[];
  virtualInterfaces: DxVirtualInterface[];
  errors: DxReadError[];
}

/** The body of every non-2xx response from dxmap's API. */
export interface DxApiErrorBody {
  error: { code: string; message: string };
}
