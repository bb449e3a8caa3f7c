// GET /api/audit?targetId=a,b&since=&limit= – the changes people asked for (from the audit records
// in the history store), newest first, each with its outcome: for a resource's timeline, what was
// done to it beside what AWS did. Parameters are not returned: the log file keeps them, redacted.
import { auditQuery } from "@/lib/dx/schemas";
import { historyStore } from "@/lib/history/collector";
import { queryAudit } from "@/lib/history/store";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route({ mutation: false, name: "GET /api/audit" }, async ({ query }) => {
  const q = query(auditQuery);
  const { db } = await historyStore();
  const entries = await queryAudit(db, { targetIds: q.targetId, since: q.since, limit: q.limit });
  return Response.json({ entries }, { headers: { "Cache-Control": "no-store" } });
});
