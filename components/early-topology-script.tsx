import { headers } from "next/headers";

import { EARLY_TOPOLOGY_SCRIPT } from "@/lib/dx/early-topology";

/**
 * The inline script that starts the page's first read of the topology as its HTML arrives
 * (lib/dx/early-topology.ts), with the response's CSP nonce. A server component.
 */
export async function EarlyTopologyScript() {
  const nonce = (await headers()).get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: EARLY_TOPOLOGY_SCRIPT }} />;
}
