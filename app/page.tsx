import { headers } from "next/headers";
import { Suspense } from "react";

import { TopologyView } from "@/components/graph/topology-view";
import { EARLY_TOPOLOGY_SCRIPT } from "@/lib/dx/early-topology";

// A thin server shell: the topology is live data, read in the browser through /api/topology so that
// it can poll. Suspense because the view reads its filters from the URL. The first read starts from
// an inline script (with the response's CSP nonce) as soon as the HTML arrives, not after hydration.
export default async function HomePage() {
  const nonce = (await headers()).get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
  return (
    <>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: EARLY_TOPOLOGY_SCRIPT }} />
      <Suspense fallback={<p className="p-8 text-muted">Loading…</p>}>
        <TopologyView />
      </Suspense>
    </>
  );
}
