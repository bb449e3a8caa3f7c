// The dashboard's HTTP server: Next.js (`next()`, its custom-server API) behind a plain node:http
// server, so that every request carries the address of the TCP peer in a header no client can set
// (lib/server/peer-address.ts). DX_AUTH_MODE=proxy believes the user header only from configured
// proxy addresses, and only this server can say where a connection comes from.
//
// scripts/start.ts runs it: `tsx scripts/serve.ts --hostname 127.0.0.1 --port 3000 [--dev]`.
// It stops cleanly on SIGTERM or SIGINT.
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

import next from "next";

import { markPeerAddressTrusted, setPeerAddress } from "../lib/server/peer-address";
import { markPreEncodedSupported, sendPreEncoded } from "../lib/server/pre-encoded";
import { runShutdownHooks } from "../lib/server/shutdown";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function argument(name: string): string {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  if (!value) {
    console.error(`[dxmap] serve.ts needs ${name}`);
    process.exit(2);
  }
  return value;
}

/** Whether the path of a request URL decodes: every "%" starts an escape, and they spell UTF-8. */
function decodablePath(url: string | undefined): boolean {
  try {
    decodeURIComponent((url ?? "/").split("?")[0]!);
    return true;
  } catch {
    return false;
  }
}

const dev = process.argv.includes("--dev");
const hostname = argument("--hostname");
const port = Number(argument("--port"));

async function main(): Promise<void> {
  const server = createServer();
  const app = next({ dev, dir: root, hostname, port, httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();

  markPeerAddressTrusted();
  markPreEncodedSupported();
  server.on("request", (req, res) => {
    // Next.js answers a path whose percent-encoding is malformed ("/api/bgp-peers/%E0%A4%A") with a
    // 500 where the route has a dynamic segment. Such a URL is the client's mistake: a 400.
    if (!decodablePath(req.url)) {
      res.writeHead(400, {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
      res.end("Bad request: the URL's path is not valid percent-encoded UTF-8.\n");
      return;
    }
    setPeerAddress(req);
    sendPreEncoded(res);
    handle(req, res).catch((error: unknown) => {
      console.error("[dxmap] request failed:", error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Internal server error\n");
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  console.log(
    `[dxmap] dashboard (${dev ? "development" : "production"}) listening on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`,
  );

  let closing = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      server.close();
      server.closeIdleConnections();
      void app
        .close()
        .then(() => runShutdownHooks())
        .finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error("[dxmap] the dashboard failed to start:", error);
  process.exit(1);
});
