// AWS's limits that code on the map's first load needs (when a failover test ends by itself, in an
// interface's details). Apart from the zod schemas (lib/dx/schemas.ts), as the ids are, so that code
// can use them without loading zod.

/** A failover test's duration in minutes: AWS's limits (StartBgpFailoverTest's testDurationInMinutes). */
export const FAILOVER_TEST_MINUTES = { min: 1, max: 4320, default: 180 } as const;
