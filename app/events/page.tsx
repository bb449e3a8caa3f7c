import type { Metadata } from "next";
import { Suspense } from "react";

import { EventsView } from "@/components/events/events-view";

export const metadata: Metadata = { title: "Events · dxmap" };

// A thin shell: the events are read from the store in the browser, page by page as the feed scrolls.
// Suspense because the view reads its filters from the URL.
export default function EventsPage() {
  return (
    <Suspense fallback={<p className="p-8 text-muted">Loading…</p>}>
      <EventsView />
    </Suspense>
  );
}
