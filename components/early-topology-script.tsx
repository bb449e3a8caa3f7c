import { headers } from "next/headers";
import { preload } from "react-dom";

import { EARLY_TOPOLOGY_SCRIPT } from "@/lib/dx/early-topology";

/**
 * The inline script that starts the page's first read of the topology (lib/dx/early-topology.ts), with
 * the response's CSP nonce. A server component.
 *
 * `fromHead`, for a page whose first paint is drawn from the topology (the map, the table): a preload
 * in the HTML's head starts the read, and the script takes its answer. The script alone starts it
 * late: an inline script after the page's stylesheets waits for them, and at XL a busy server sends
 * them a second or more after the head. The preload is the same request (same-origin credentials, as
 * fetch's default), so there is one read. Not for a page whose rows are in its HTML (Approvals,
 * Resilience): there the answer, parsed on arrival (22 MB of JSON at XL, most of a second), would
 * come before those rows are painted rather than after.
 */
export async function EarlyTopologyScript({ fromHead = false }: { fromHead?: boolean }) {
  const nonce = (await headers()).get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
  if (fromHead) preload("/api/topology", { as: "fetch", crossOrigin: "anonymous", nonce });
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: EARLY_TOPOLOGY_SCRIPT }} />;
}
