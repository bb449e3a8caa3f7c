// POST /api/connections/{id}/decline – decline a hosted connection a partner ordered for the named account:
// AWS's way is DeleteConnection while it is ordering, which makes it rejected. Body: {account, region}.
// 200 {readAt, resource} (rejected). A connection that is not ordering is refused (400) before any
// call: this route never deletes a connection in use.
import { declineConnection } from "@/lib/aws/mutations";
import { dedicatedConnectionId, hostedConnectionInput } from "@/lib/dx/schemas";
import { ApiError } from "@/lib/server/errors";
import { route } from "@/lib/server/route";

export const POST = route<{ id: string }>({ mutation: true, name: "POST /api/connections/{id}/decline" }, async ({ body, params, audit }) => {
  if (!dedicatedConnectionId.safeParse(params.id).success) {
    throw new ApiError("validation_failed", "Invalid id.", { fieldErrors: { id: ["A connection id looks like dxcon-ab12cd34."] } });
  }
  const input = await body(hostedConnectionInput);
  Object.assign(audit, { account: input.account, region: input.region, operation: "DeleteConnection", targetId: params.id, parameters: input });
  return declineConnection(params.id, input, (id) => (audit.awsRequestId = id));
});
