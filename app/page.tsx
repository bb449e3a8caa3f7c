import { Suspense } from "react";

import { TopologyView } from "@/components/graph/topology-view";

// A thin server shell: the topology is live data, read in the browser through /api/topology so that
// it can poll. Suspense because the view reads its filters from the URL.
export default function HomePage() {
  return (
    <Suspense fallback={<p className="p-8 text-muted">Loading…</p>}>
      <TopologyView />
    </Suspense>
  );
}
