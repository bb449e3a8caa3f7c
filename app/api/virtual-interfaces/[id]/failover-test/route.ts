// POST /api/virtual-interfaces/{id}/failover-test – start a BGP failover test on an interface, as the
// named account (its owner): the chosen sessions (all when bgpPeerIds is left out) go down for
// durationMinutes (1-4320). Body: {account, region, bgpPeerIds?, durationMinutes}. 200 {readAt,
// resource}: the test, in progress.
// DELETE /api/virtual-interfaces/{id}/failover-test – end the interface's test in progress early.
// Body: {account, region}. 200 {readAt, resource}: the test, completed.
import { startBgpFailoverTest, stopBgpFailoverTest } from "@/lib/aws/failover-tests";
import {
  startFailoverTestInput,
  stopFailoverTestInput,
  virtualInterfaceId,
} from "@/lib/dx/schemas";
import { pathId, route } from "@/lib/server/route";

export const POST = route<{ id: string }>(
  { mutation: true, name: "POST /api/virtual-interfaces/{id}/failover-test" },
  async ({ body, params, audit, awsHooks }) => {
    pathId("id", params.id, virtualInterfaceId);
    const input = await body(startFailoverTestInput);
    Object.assign(audit, {
      account: input.account,
      region: input.region,
      operation: "StartBgpFailoverTest",
      targetId: params.id,
      parameters: input,
    });
    return startBgpFailoverTest(params.id, input, awsHooks);
  },
);

export const DELETE = route<{ id: string }>(
  { mutation: true, name: "DELETE /api/virtual-interfaces/{id}/failover-test" },
  async ({ body, params, audit, awsHooks }) => {
    pathId("id", params.id, virtualInterfaceId);
    const input = await body(stopFailoverTestInput);
    Object.assign(audit, {
      account: input.account,
      region: input.region,
      operation: "StopBgpFailoverTest",
      targetId: params.id,
      parameters: input,
    });
    return stopBgpFailoverTest(params.id, input, awsHooks);
  },
);
