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
  /** The store's history (GET /api/events, /api/audit): refetched after a change like every read. */
  events: () => [...dxKeys.all, "events"] as const,
  /** The Events page's feed, by its query (the filters as GET /api/events names them). */
  eventsFeed: (query: string) => [...dxKeys.events(), "feed", query] as const,
  /** The latest events estate-wide (the map's "Recent changes"), read again per topology version. */
  recentEvents: (version: string) => [...dxKeys.events(), "recent", version] as const,
  /** A resource's events and its children's (its id as resourceId and parentId). */
  resourceEvents: (resourceIds: string, parentId: string) =>
    [...dxKeys.events(), "resource", resourceIds, parentId] as const,
  flapping: (query: string) => [...dxKeys.events(), "flapping", query] as const,
  audit: (targetIds: string) => [...dxKeys.events(), "audit", targetIds] as const,
};
