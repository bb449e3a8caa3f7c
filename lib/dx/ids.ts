// What Direct Connect's ids look like. Apart from the zod schemas (lib/dx/schemas.ts) so that code
// on the map's first load (the approvals count in the header) can use them without loading zod.

export const ID_PATTERNS = {
  connection: /^dxcon-[a-z0-9]{8}$/,
  lag: /^dxlag-[a-z0-9]{8}$/,
  virtualInterface: /^dxvif-[a-z0-9]{8}$/,
  bgpPeer: /^dxpeer-[a-z0-9]{8}$/,
  directConnectGateway: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  virtualGateway: /^vgw-([0-9a-f]{8}|[0-9a-f]{17})$/,
  account: /^\d{12}$/,
} as const;
