/**
 * `npm run emulator`: the Direct Connect emulator on its own.
 * Settings: DX_EMULATOR_PORT (4599), DX_EMULATOR_HOST (127.0.0.1), DX_EMULATOR_DATA (state file,
 * .data/emulator-state.json), DX_EMULATOR_TRANSITION_MS (3000), DX_EMULATOR_SEED (default),
 * DX_EMULATOR_ACCOUNTS (JSON list of extra accounts, with or without keys), DX_EMULATOR_ALLOWED_HOSTS (host names answered
 * besides loopback ones, comma-separated `name` or `name:port`).
 */
import { resolve } from "node:path";
import { z } from "zod";
import { parseHost } from "./callers";
import type { Account } from "./context";
import { SCALE_ACCOUNTS } from "./seed-generated";
import { DEFAULT_ACCOUNTS } from "./emulator";
import { startEmulator } from "./server";

const env = z
  .object({
    DX_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4599),
    DX_EMULATOR_HOST: z.string().default("127.0.0.1"),
    DX_EMULATOR_DATA: z.string().default(".data/emulator-state.json"),
    DX_EMULATOR_TRANSITION_MS: z.coerce.number().int().min(0).default(3000),
    DX_EMULATOR_SEED: z.string().default("default"),
    DX_EMULATOR_ACCOUNTS: z.string().optional(),
    DX_EMULATOR_ALLOWED_HOSTS: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine((hosts) => hosts.every((h) => parseHost(h) !== null), {
        message: "each entry must be a host name or name:port (no scheme, no path)",
      }),
  })
  .parse(process.env);

// Keys are optional: an account without them is reached only through a role assumed into it (the
// seeds make every known account a member of the organization, with its dxmap-read role).
const extraAccount = z
  .object({
    alias: z.string().min(1),
    accountId: z.string().regex(/^\d{12}$/),
    accessKeyId: z.string().min(16).optional(),
    secretAccessKey: z.string().min(16).optional(),
    publicAsns: z.array(z.number().int()).optional(),
  })
  .refine((a) => (a.accessKeyId === undefined) === (a.secretAccessKey === undefined), {
    message: "give both accessKeyId and secretAccessKey, or neither",
  });

const accounts: Account[] = [
  ...DEFAULT_ACCOUNTS,
  // The L estate spreads over two more accounts; they are always known, so a reset to L works.
  ...SCALE_ACCOUNTS,
  ...(env.DX_EMULATOR_ACCOUNTS
    ? z.array(extraAccount).parse(JSON.parse(env.DX_EMULATOR_ACCOUNTS))
    : []),
];

const running = await startEmulator({
  port: env.DX_EMULATOR_PORT,
  host: env.DX_EMULATOR_HOST,
  allowedHosts: env.DX_EMULATOR_ALLOWED_HOSTS,
  dataFile: resolve(env.DX_EMULATOR_DATA),
  transitionMs: env.DX_EMULATOR_TRANSITION_MS,
  seed: env.DX_EMULATOR_SEED,
  accounts,
});
console.log(
  `dxmap emulator listening on ${running.url} (state ${resolve(env.DX_EMULATOR_DATA)}, seed ${running.emulator.state.seed})`,
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
