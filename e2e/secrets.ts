import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import {
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
} from "@aws-sdk/client-direct-connect";

// What must never leave dxmap's server: the emulator accounts' keys (read from lib/server/config.ts,
// so a new account is covered without touching the tests) and every BGP auth key, read straight from
// an emulator with the SDK, exactly as AWS would hand them to an account.

const CONFIG = path.join(process.cwd(), "lib", "server", "config.ts");

export interface AccountKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

export function emulatorAccountKeys(): AccountKeys[] {
  const text = readFileSync(CONFIG, "utf8");
  const keys = [...text.matchAll(/accessKeyId:\s*"([^"]+)",\s*secretAccessKey:\s*"([^"]+)"/g)].map(
    (m) => ({
      accessKeyId: m[1]!,
      secretAccessKey: m[2]!,
    }),
  );
  if (keys.length < 2)
    throw new Error(
      `found ${keys.length} emulator key pairs in ${CONFIG}; the pattern needs updating`,
    );
  return keys;
}

const REGIONS = ["us-east-1", "eu-west-1"];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every BGP auth key (interface-level and per peer) any emulator account can read in any region.
 * Other tests inject faults into the same emulator for a moment, so a failed read is retried.
 */
export async function bgpAuthKeys(emulatorUrl: string): Promise<string[]> {
  const keys = new Set<string>();
  for (const credentials of emulatorAccountKeys()) {
    for (const region of REGIONS) {
      const client = new DirectConnectClient({
        region,
        endpoint: emulatorUrl,
        credentials,
        maxAttempts: 1,
      });
      for (let attempt = 1; ; attempt++) {
        try {
          const out = await client.send(new DescribeVirtualInterfacesCommand({}));
          for (const vif of out.virtualInterfaces ?? []) {
            if (vif.authKey) keys.add(vif.authKey);
            for (const peer of vif.bgpPeers ?? []) if (peer.authKey) keys.add(peer.authKey);
          }
          break;
        } catch (error) {
          if (attempt >= 40) throw error;
          await sleep(250);
        }
      }
      client.destroy();
    }
  }
  return [...keys];
}

/** The secrets of `text`, by name, so a failure says which one leaked where. */
export function leaks(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(
      ([, secret]) => text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1)),
    )
    .map(([name]) => name);
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}
