// GET /api/virtual-interfaces/{id}/failover-tests?account=alias&region= – every failover test of an
// interface (ListVirtualInterfaceTestHistory, every page), newest first, as the named account: AWS
// lists a test to the interface's owner only. 200 {readAt, tests}.
import { listFailoverTests } from "@/lib/aws/failover-tests";
import { interfaceReadQuery, virtualInterfaceId } from "@/lib/dx/schemas";
import { pathId, route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(
  { mutation: false, name: "GET /api/virtual-interfaces/{id}/failover-tests" },
  async ({ params, query }) => {
    const id = pathId("id", params.id, virtualInterfaceId);
    return listFailoverTests(id, query(interfaceReadQuery));
  },
);
