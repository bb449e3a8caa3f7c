// GET /api/inventory – every connection and virtual interface of every configured
// account and region, as dxmap DTOs, with the time of the read and per-account/region errors.
import { NextResponse } from "next/server";

import { describeInventory } from "@/lib/aws/inventory";
import type { DxApiErrorBody, DxInventory } from "@/lib/dx/types";

// Live data: never prerender or cache this route.
export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const inventory = await describeInventory();
    return NextResponse.json<DxInventory>(inventory, {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    // Per-account failures are already inside the inventory; reaching here means
    // dxmap itself is misconfigured or broken. Log it, and show no internals.
    console.error("[dxmap] GET /api/inventory failed", err);
    return NextResponse.json<DxApiErrorBody>(
      {
        error: { code: "internal_error", message: "Could not read the Direct Connect inventory." },
      },
      { status: 500, headers: { "Cache-Control": "no-store" } },
    );
  }
}
