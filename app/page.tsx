import { Suspense } from "react";

import { EarlyTopologyScript } from "@/components/early-topology-script";
import { TopologyView } from "@/components/graph/topology-view";

// A thin server shell: the topology is live data, read in the browser through /api/topology so that
// it can poll. Suspense because the view reads its filters from the URL. The first read starts from
// an inline script (with the response's CSP nonce) as soon as the HTML arrives, not after hydration.
export default function HomePage() {
  return (
    <>
      <EarlyTopologyScript fromHead />
      <Suspense fallback={<p className="p-8 text-muted">Loading…</p>}>
        <TopologyView />
      </Suspense>
    </>
  );
}
