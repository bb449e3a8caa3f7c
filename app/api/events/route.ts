// GET /api/events?resourceId=&parentId=&account=&region=&resourceType=&field=&since=&until=&limit=&cursor=
// – what the collector saw change (lib/history), newest first, a page at a time: `nextCursor` names
// the next (older) page. resourceId and parentId take lists; given both, an event matching either is
// returned (an interface's own events and its peers'). `format=csv` answers the same events as a CSV
// download, up to CSV_MAX_ROWS. 400 names a bad filter; 503 when the history store is not running.
import { eventsQuery } from "@/lib/dx/schemas";
import { historyStore } from "@/lib/history/collector";
import { eventsCsv } from "@/lib/history/csv";
import { queryEvents, type EventFilter } from "@/lib/history/store";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

const CSV_MAX_ROWS = 100_000;

export const GET = route({ mutation: false, name: "GET /api/events" }, async ({ query }) => {
  const q = query(eventsQuery);
  const { db } = await historyStore();
  const filter: EventFilter = {
    resourceIds: q.resourceId,
    parentIds: q.parentId,
    accounts: q.account,
    regions: q.region,
    resourceTypes: q.resourceType,
    fields: q.field,
    since: q.since,
    until: q.until,
    before: q.cursor,
    limit: q.limit,
  };
  if (q.format === "csv") {
    const pages: string[] = [];
    let before = q.cursor;
    let rows = 0;
    // A page at a time, keyset by id: memory stays one page however many rows are asked for.
    do {
      const page = await queryEvents(db, { ...filter, before, limit: 1000 });
      pages.push(eventsCsv(page.events, rows === 0));
      rows += page.events.length;
      before = page.nextCursor ?? undefined;
    } while (before && rows < CSV_MAX_ROWS);
    return new Response(pages.join(""), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="dxmap-events-${new Date().toISOString().slice(0, 19).replace(/:/g, "")}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  }
  return Response.json(await queryEvents(db, filter), {
    headers: { "Cache-Control": "no-store" },
  });
});
