// POST /api/connections/{id}/decline – decline a hosted connection a partner ordered for the named account:
// AWS's way is DeleteConnection while it is ordering, which makes it rejected. Body: {account, region}.
// 200 {readAt, resource} (rejected). A connection that is not ordering is refused (400) before any
// call: this route never deletes a connection in use.
import { declineConnection } from "@/lib/aws/mutations";
import { dedicatedConnectionId, hostedConnectionInput } from "@/lib/dx/schemas";
import { pathId, route } from "@/lib/server/route";

export const POST = route<{ id: string }>(
  { mutation: true, name: "POST /api/connections/{id}/decline" },
  async ({ body, params, audit, awsHooks }) => {
    pathId("id", params.id, dedicatedConnectionId);
    const input = await body(hostedConnectionInput);
    Object.assign(audit, {
      account: input.account,
      region: input.region,
      operation: "DeleteConnection",
      targetId: params.id,
      parameters: input,
    });
    return declineConnection(params.id, input, awsHooks);
  },
);
