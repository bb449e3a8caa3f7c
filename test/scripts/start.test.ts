import { spawn } from "node:child_process";
import path from "node:path";

import { describe, expect, it } from "vitest";

// `npm start`'s listening rules: it refuses to start, before building or listening, when the dashboard
// would be reachable beyond loopback without sign-in, or when an auth mode could let nobody in.

const root = path.resolve(import.meta.dirname, "..", "..");

function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Ports nothing listens on: were a rule missing, the script would go on to build and start.
    const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: "3999", DX_EMULATOR_PORT: "4999" };
    for (const key of Object.keys(childEnv))
      if (key === "HOST" || (key.startsWith("DX_") && key !== "DX_EMULATOR_PORT"))
        delete childEnv[key];
    Object.assign(childEnv, env);
    const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
      cwd: root,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), 20_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const SCRYPT =
  "scrypt$32768$8$1$nF8BNPRChpDMaMP88NWXmw==$93QoFnbpu0PGLOCBsIUDGWAmm0i9pfGn/2BN3Zj07kQ=";

describe("npm start refuses to listen unsafely", () => {
  it.concurrent.each([
    [
      "all interfaces without auth",
      { HOST: "0.0.0.0" },
      /refusing to listen on 0\.0\.0\.0 without authentication/,
    ],
    [
      "all IPv6 interfaces without auth",
      { HOST: "::", DX_AUTH_MODE: "none" },
      /refusing to listen on :: without authentication/,
    ],
    [
      "a LAN address without auth",
      { HOST: "192.168.1.10" },
      /refusing to listen on 192\.168\.1\.10/,
    ],
    [
      "a host name without auth",
      { HOST: "dx.example.com" },
      /refusing to listen on dx\.example\.com/,
    ],
    [
      "an unknown auth mode",
      { HOST: "0.0.0.0", DX_AUTH_MODE: "token" },
      /DX_AUTH_MODE must be none, basic or proxy/,
    ],
    [
      "basic auth without users",
      { HOST: "0.0.0.0", DX_AUTH_MODE: "basic" },
      /DX_AUTH_MODE=basic needs DX_AUTH_USERS/,
    ],
    [
      "a plain-text password",
      { DX_AUTH_MODE: "basic", DX_AUTH_USERS: `alice:${SCRYPT},bob:hunter2` },
      /the hash of bob is unusable/,
    ],
    [
      "a user without a name",
      { DX_AUTH_MODE: "basic", DX_AUTH_USERS: `:${SCRYPT}` },
      /entries are user:hash/,
    ],
    [
      "proxy auth without proxy addresses",
      { HOST: "0.0.0.0", DX_AUTH_MODE: "proxy" },
      /needs DX_AUTH_PROXY_ADDRESSES/,
    ],
    [
      "a proxy address that is not one",
      { DX_AUTH_MODE: "proxy", DX_AUTH_PROXY_ADDRESSES: "10.0.0.1,proxy.internal" },
      /"proxy\.internal" is not an IP address or CIDR/,
    ],
    [
      "a proxy secret too short to be one",
      { DX_AUTH_MODE: "proxy", DX_AUTH_PROXY_ADDRESSES: "10.0.0.1", DX_AUTH_PROXY_SECRET: "short" },
      /DX_AUTH_PROXY_SECRET must be at least 16 characters/,
    ],
    [
      "two users whose names differ only in case",
      { DX_AUTH_MODE: "basic", DX_AUTH_USERS: `alice:${SCRYPT},Alice:${SCRYPT}` },
      /DX_AUTH_USERS lists alice twice/,
    ],
    [
      "DX_PUBLIC_HOST, replaced by DX_PUBLIC_URL",
      { DX_PUBLIC_HOST: "dx.example.com" },
      /DX_PUBLIC_HOST is replaced by DX_PUBLIC_URL/,
    ],
    [
      "a public URL without its scheme",
      { DX_PUBLIC_URL: "dx.example.com" },
      /DX_PUBLIC_URL must be/,
    ],
    [
      "a public URL with a path",
      { DX_PUBLIC_URL: "https://dx.example.com/dxmap" },
      /DX_PUBLIC_URL must be/,
    ],
  ])("refuses %s", async (_what, env, message) => {
    const { code, output } = await start(env);
    expect(code).toBe(1);
    expect(output).toMatch(message);
    expect(output).not.toMatch(/starting the|next build/);
  });
});
