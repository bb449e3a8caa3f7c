import { headers } from "next/headers";
import { preload } from "react-dom";

import { EARLY_TOPOLOGY_SCRIPT } from "@/lib/dx/early-topology";

/**
 * The inline script that takes the page's first read of the topology (lib/dx/early-topology.ts), with
 * the response's CSP nonce, and the preload in the HTML's head that starts that read. The script
 * alone would start it late: an inline script after the page's stylesheets waits for them, and at XL
 * a busy server sends them a second or more after the head. The preload is the same request
 * (same-origin credentials, as fetch's default), so the script's fetch takes its answer, not a second
 * read. A server component.
 */
export async function EarlyTopologyScript() {
  const nonce = (await headers()).get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
  preload("/api/topology", { as: "fetch", crossOrigin: "anonymous", nonce });
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: EARLY_TOPOLOGY_SCRIPT }} />;
}
