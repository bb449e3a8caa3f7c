import "server-only";

import { z } from "zod";

// The only module of the dashboard that reads process.env. Everything else
// asks getDxConfig(), so the set of settings is visible in one place.

export interface AccountConfig {
  alias: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface DxConfig {
  backend: "emulator";
  /** Where the SDK sends Direct Connect calls (the emulator, over HTTP on loopback). */
  endpoint: string;
  accounts: readonly AccountConfig[];
  regions: readonly string[];
}

// The embedded emulator's two accounts. Their keys are AWS's documented
// example key pairs: they open nothing outside the emulator.
const EMULATOR_ACCOUNTS: readonly AccountConfig[] = [
  {
    alias: "network",
    accountId: "111111111111",
    credentials: {
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    },
  },
  {
    alias: "workload",
    accountId: "222222222222",
    credentials: {
      accessKeyId: "AKIAI44QH8DHBEXAMPLE",
      secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    },
  },
];

const EMULATOR_REGIONS: readonly string[] = ["us-east-1", "eu-west-1"];

const envSchema = z.object({
  // Only the embedded emulator for now; real AWS (DX_BACKEND=aws) comes with
  // its account configuration file.
  DX_BACKEND: z.enum(["emulator"]).default("emulator"),
  DX_EMULATOR_URL: z.url({ protocol: /^https?$/ }).optional(),
  DX_EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(4599),
});

let cached: DxConfig | undefined;

export function getDxConfig(): DxConfig {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid dxmap settings: ${z.prettifyError(parsed.error)}`);
  }
  const env = parsed.data;
  cached = {
    backend: env.DX_BACKEND,
    endpoint: (env.DX_EMULATOR_URL ?? `http://127.0.0.1:${env.DX_EMULATOR_PORT}`).replace(
      /\/+$/,
      "",
    ),
    accounts: EMULATOR_ACCOUNTS,
    regions: EMULATOR_REGIONS,
  };
  return cached;
}
