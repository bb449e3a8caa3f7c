// React Query keys for dxmap data, built from one root so that a mutation can
// invalidate everything (`dxKeys.all`) or one slice by prefix.
export const dxKeys = {
  all: ["dx"] as const,
  inventory: () => [...dxKeys.all, "inventory"] as const,
};
