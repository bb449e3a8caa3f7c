import { expect, type APIRequestContext, type Page } from "@playwright/test";

import type { DxTopology, DxVirtualInterface } from "@/lib/dx/types";

import { emulator } from "./emulator-control";

// What the browser tests of the default estate read to find things by name, and the nodes and panel
// they look at: resources are found by name and role, never by position, so a seed that grows keeps
// them working.

/** The estate as the dashboard's API answers it. */
export async function topology(request: APIRequestContext): Promise<DxTopology> {
  const res = await request.get("/api/topology");
  expect(res.ok()).toBe(true);
  return (await res.json()) as DxTopology;
}

export function vifNamed(t: DxTopology, name: string, region = "us-east-1"): DxVirtualInterface {
  const vif = t.virtualInterfaces.find((v) => v.name === name && v.region === region);
  if (!vif) throw new Error(`no interface ${name} in ${region}`);
  return vif;
}

/** How many calls of an operation the default estate's emulator has answered. */
export async function calls(request: APIRequestContext, operation: string): Promise<number> {
  const res = await request.get(`${emulator}/_dxmap/calls?operation=${operation}`);
  return ((await res.json()) as { total: number }).total;
}

/** A node of the map by its AWS id (React Flow's own test id). */
export const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);
export const panel = (page: Page) => page.getByTestId("details-panel");
