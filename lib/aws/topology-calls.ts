// The upstream calls of one topology read: lib/aws/topology.ts makes them, and the bench's serial
// reader (scripts/bench/serial-reader.ts) makes the same ones one after another to compare. Pure data
// and no `import "server-only"`, unlike the rest of lib/aws: the bench runs under plain Node.

/**
 * Made for every account and region, in this order. One more is made only on condition, so not
 * listed here: ListVirtualInterfaceTestHistory (tests in progress), where the account owns an
 * interface that is testing (lib/aws/failover-tests.ts).
 */
export const REGIONAL_CALLS = [
  "DescribeConnections",
  "DescribeLags",
  "DescribeVirtualInterfaces",
  "DescribeVirtualGateways",
  "DescribeLocations",
] as const;
export type RegionalCall = (typeof REGIONAL_CALLS)[number];

/**
 * Made once per account: Direct Connect gateways and their associations are global. The associations
 * are read unfiltered, one list per account (every page), not one call per gateway: AWS's reference
 * says to name a gateway, but the service answers an unfiltered call with every association the
 * account is party to (as the Direct Connect gateway's owner or the associated gateway's), which is
 * what inventory tools such as Steampipe's aws_dx_gateway_association rely on; the emulator does the
 * same. One call per gateway would be most of a large estate's calls.
 */
export const ACCOUNT_CALLS = [
  "DescribeDirectConnectGateways",
  "DescribeDirectConnectGatewayAssociations",
] as const;
export type AccountCall = (typeof ACCOUNT_CALLS)[number];

/**
 * Regional calls kept for HOURLY_TTL_MS rather than the read cache's TTL, so not made on every read.
 * Direct Connect locations are AWS's list of colocation sites and their port speeds: they change when
 * AWS opens a site, not while an engineer watches.
 */
export const HOURLY_CALLS: readonly RegionalCall[] = ["DescribeLocations"];
export const HOURLY_TTL_MS = 60 * 60_000;

/** Whether a call is made on every read, rather than kept for an hour. */
export const madeEveryRead = (call: RegionalCall | AccountCall) =>
  !(HOURLY_CALLS as readonly string[]).includes(call);
