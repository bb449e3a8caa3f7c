import type { IncomingMessage } from "node:http";

import { processMark } from "./process-mark";

// The address of the TCP peer, for DX_AUTH_MODE=proxy: the user header is believed only when the
// connection comes from a configured reverse proxy. Route handlers and proxy.ts see a Request, not the
// socket, and the X-Forwarded-For that Next.js adds keeps any value the client sent. So dxmap's own
// server (scripts/serve.ts) removes whatever the client put in PEER_ADDRESS_HEADER, writes the socket's
// address there, and marks the process; auth.ts trusts the header only in a marked process.
// No "server-only" marker: scripts/serve.ts runs outside the Next.js bundle.

export const PEER_ADDRESS_HEADER = "x-dxmap-peer-address";

const mark = processMark("peerAddressHeaderIsSet");

/** Called once by scripts/serve.ts, before it accepts a connection. */
export function markPeerAddressTrusted(): void {
  mark.set();
}

/** True when this process serves every request through setPeerAddress(). */
export function isPeerAddressTrusted(): boolean {
  return mark.isSet();
}

/** Overwrites the peer address header with the socket's address, whatever the client sent. */
export function setPeerAddress(req: IncomingMessage): void {
  const raw = req.rawHeaders;
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== PEER_ADDRESS_HEADER) kept.push(raw[i]!, raw[i + 1]!);
  }
  raw.splice(0, raw.length, ...kept);
  delete req.headers[PEER_ADDRESS_HEADER];
  const address = req.socket.remoteAddress;
  if (address) {
    req.headers[PEER_ADDRESS_HEADER] = address;
    raw.push(PEER_ADDRESS_HEADER, address);
  }
}
