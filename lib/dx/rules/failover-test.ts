// The failover test's rules that need the interface's current state. AWS enforces them in the end
// ("Virtual interface … is in state down"); checking them here says why before any call.
import { FAILOVER_TEST_MINUTES } from "@/lib/dx/limits";
import { VIF_STATE } from "@/lib/dx/states";
import type { DxFailoverTest, DxVirtualInterface } from "@/lib/dx/types";

import { livePeers } from "./peers";

type Tested = Pick<DxVirtualInterface, "ownerAlias" | "ownerAccount" | "state" | "bgpPeers">;

/** Built and settled: its sessions are up or down by BGP alone (the emulator refuses the rest). */
const TESTABLE: ReadonlySet<string> = new Set([VIF_STATE.available, VIF_STATE.down]);

/**
 * Why a failover test cannot be started on `vif` now, or null: only its owner may test it, one that
 * is testing already has its test, AWS tests a built interface (not one still being set up or going),
 * and a test needs a session to take down.
 */
export function startTestBlocker(vif: Tested): string | null {
  if (vif.ownerAlias === null)
    return `Only the owner account ${vif.ownerAccount} can test this interface, and dxmap has no credentials for it.`;
  if (vif.state === VIF_STATE.testing) return "A failover test is already under way.";
  if (!TESTABLE.has(vif.state))
    return `AWS tests an interface that is available (or down); this one is ${vif.state}.`;
  if (livePeers(vif).length === 0) return "This interface has no BGP session to take down.";
  return null;
}

/**
 * When a test ends by itself: AWS's end time once it has one, else its start plus its duration
 * (AWS's default, 180 minutes, when it gave none). Null without a start.
 */
export function testEndsAt(
  test: Pick<DxFailoverTest, "endTime" | "startTime" | "durationMinutes">,
): string | null {
  if (test.endTime) return test.endTime;
  if (!test.startTime) return null;
  const minutes = test.durationMinutes ?? FAILOVER_TEST_MINUTES.default;
  return new Date(Date.parse(test.startTime) + minutes * 60_000).toISOString();
}
