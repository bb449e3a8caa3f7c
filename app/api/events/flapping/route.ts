// GET /api/events/flapping?hours=24&min=3&account=&region= – BGP sessions whose status changed at
// least `min` times in the last `hours`, most changes first (at most 200).
import { flappingQuery } from "@/lib/dx/schemas";
import { historyStore } from "@/lib/history/collector";
import { flappingSessions } from "@/lib/history/store";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { mutation: false, name: "GET /api/events/flapping" },
  async ({ query }) => {
    const q = query(flappingQuery);
    const { db } = await historyStore();
    const sessions = await flappingSessions(db, {
      since: new Date(Date.now() - q.hours * 3_600_000),
      min: q.min,
      accounts: q.account,
      regions: q.region,
      limit: 200,
    });
    return Response.json({ sessions }, { headers: { "Cache-Control": "no-store" } });
  },
);
