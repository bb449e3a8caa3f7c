// React Query keys for dxmap data, built from one root so that a mutation can
// invalidate everything (`dxKeys.all`) or one slice by prefix.
export const dxKeys = {
  all: ["dx"] as const,
  config: () => [...dxKeys.all, "config"] as const,
  topology: (filter: { accounts?: string[]; regions?: string[] } = {}) =>
    [...dxKeys.all, "topology", filter] as const,
  gatewayAttachments: (account: string, gatewayId: string) =>
    [...dxKeys.all, "gateway-attachments", account, gatewayId] as const,
  failoverTests: (account: string, region: string, virtualInterfaceId: string) =>
    [...dxKeys.all, "failover-tests", account, region, virtualInterfaceId] as const,
  /** `gatewayId` "*": every gateway the account owns. */
  gatewayAssociations: (account: string, gatewayId: string) =>
    [...dxKeys.all, "gateway-associations", account, gatewayId] as const,
};
