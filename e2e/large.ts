import { expect, type APIRequestContext } from "@playwright/test";

import type { DxTopology } from "@/lib/dx/types";

import { E2E_SERVERS } from "./servers";

/** The dashboard of the generated L estate: its tests only read, beside the other files. */
export const LARGE_URL = E2E_SERVERS.large.url;

let estate: DxTopology | undefined;

/** The L estate as the dashboard reads it, once per test file (nothing changes it). */
export async function largeTopology(request: APIRequestContext): Promise<DxTopology> {
  if (estate) return estate;
  const res = await request.get(`${LARGE_URL}/api/topology`);
  expect(res.ok()).toBe(true);
  estate = (await res.json()) as DxTopology;
  return estate;
}
