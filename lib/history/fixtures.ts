// Events and audit entries as the store returns them, for the history's unit tests.
import type { DxAuditEntry, DxEvent } from "@/lib/dx/history";

let seq = 0;

/** An event of a BGP peer on dxvif-1 unless told otherwise; ids grow with each call, as the store's do. */
export function event(change: Partial<DxEvent> & Pick<DxEvent, "time">): DxEvent {
  seq += 1;
  return {
    id: String(seq).padStart(8, "0"),
    account: "network",
    region: "us-east-1",
    resourceType: "bgpPeer",
    resourceId: "dxpeer-1",
    parentId: "dxvif-1",
    field: "bgpStatus",
    from: "up",
    to: "down",
    ...change,
  };
}

export function auditEntry(
  change: Partial<DxAuditEntry> & Pick<DxAuditEntry, "time">,
): DxAuditEntry {
  seq += 1;
  return {
    requestId: `req-${seq}`,
    user: "alice",
    route: "DELETE /api/bgp-peers",
    account: "network",
    region: "us-east-1",
    operation: "DeleteBGPPeer",
    targetId: "dxpeer-1",
    outcome: "success",
    errorCode: null,
    awsRequestId: `aws-${seq}`,
    ...change,
  };
}
