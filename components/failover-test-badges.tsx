import { sessionTone } from "@/lib/dx/badges";
import { failoverTestText } from "@/lib/dx/format";
import { BGP_STATUS, inFailoverTest, VIF_STATE } from "@/lib/dx/states";
import type { DxBgpPeer, DxVirtualInterface } from "@/lib/dx/types";

import { StateBadge } from "./state-badge";

// During a failover test the interface and the sessions it holds down say so, with when it ends
// ("Failover test · ends 14:32"), in the colour of what AWS moves on by itself: the sessions are
// down on purpose, not a fault to look into.

type Tested = Pick<DxVirtualInterface, "state" | "failoverTest">;

/** An interface's state, or its failover test while it is testing. */
export function InterfaceStateBadge({ vif }: { vif: Tested }) {
  return vif.state === VIF_STATE.testing ? (
    <StateBadge state={vif.state} label="State" text={failoverTestText(vif.failoverTest)} />
  ) : (
    <StateBadge state={vif.state} label="State" />
  );
}

/** A session a failover test holds down (and that is down): its badge names the test. */
export const heldDownByTest = (
  vif: Tested,
  peer: Pick<DxBgpPeer, "id" | "state" | "bgpStatus">,
): boolean => inFailoverTest(vif, peer.id) && peer.bgpStatus !== BGP_STATUS.up;

/** A peer's BGP session, or the failover test that holds it down. */
export function SessionBadge({
  vif,
  peer,
}: {
  vif: Tested;
  peer: Pick<DxBgpPeer, "id" | "state" | "bgpStatus">;
}) {
  return heldDownByTest(vif, peer) ? (
    <StateBadge
      state={peer.bgpStatus}
      label="BGP"
      tone="progress"
      text={failoverTestText(vif.failoverTest)}
    />
  ) : (
    <StateBadge state={peer.bgpStatus} label="BGP" prefix="BGP" tone={sessionTone(peer)} />
  );
}
