import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The dashboard reaches the emulator only over HTTP, exactly as it reaches AWS
// (docs/architecture.md): switching backends is configuration, not code.
const noEmulator = {
  regex: "^(@/lib/emulator|(\\.{1,2}/)+(.*/)?emulator(/|$))",
  message:
    "The dashboard must not import the emulator; reach it over HTTP through lib/aws and the SDK endpoint.",
};

// lib/aws holds credentials and is server-only; client components and the
// pure shared code in lib/dx must never pull it in.
const noAws = {
  regex: "^(@/lib/aws|(\\.{1,2}/)+(.*/)?aws(/|$))",
  message: "lib/aws is server-only (it holds credentials); import DTO types from @/lib/dx instead.",
};

// lib/dx is pure and shared by the browser and the server (docs/architecture.md): the forms, the routes and
// the analyses import it, and it imports none of them, nor anything that runs on one side only.
const noComponents = {
  regex: "^(@/components|(\\.{1,2}/)+(.*/)?components(/|$))",
  message: "lib/dx is shared and pure: components import lib/dx, never the other way.",
};
const noApp = {
  regex: "^(@/app|(\\.{1,2}/)+(.*/)?app(/|$))",
  message:
    "lib/dx is shared and pure: pages and route handlers import lib/dx, never the other way.",
};
const noServer = {
  regex: "^(@/lib/server|(\\.{1,2}/)+(.*/)?server(/|$))",
  message: "lib/server is server-only; this code runs in the browser too.",
};

// The SDK's types check dxmap's states against AWS's own (lib/dx/states.ts); its code belongs to
// lib/aws on the server and must not reach the browser bundle.
const sdkTypesOnly = {
  regex: "^@aws-sdk/",
  allowTypeImports: true,
  message: "Only `import type` from the AWS SDK here: its code runs in lib/aws, on the server.",
};

// The emulator is self-contained (it could be published on its own): it imports nothing of the
// dashboard, so no path that leaves lib/emulator and no "@/" import.
const outsideEmulator = (depth) => ({
  regex: `^(@/|(\\.\\./){${depth}})`,
  message: "lib/emulator is self-contained: it imports nothing of the dashboard.",
});

// typescript-eslint's version of the rule, for allowTypeImports; it replaces the base rule.
const restrictImports = (...patterns) => ({
  "no-restricted-imports": "off",
  "@typescript-eslint/no-restricted-imports": ["error", { patterns }],
});

const eslintConfig = defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "node_modules/**",
    ".data/**",
    "playwright-report/**",
    "test-results/**",
    "blob-report/**",
  ]),
  {
    files: ["app/**", "lib/aws/**", "lib/server/**"],
    rules: restrictImports(noEmulator),
  },
  {
    files: ["components/**"],
    rules: restrictImports(noEmulator, noAws, noServer, sdkTypesOnly),
  },
  {
    files: ["lib/emulator/*.ts"],
    rules: restrictImports(outsideEmulator(1)),
  },
  {
    files: ["lib/emulator/*/**"],
    rules: restrictImports(outsideEmulator(2)),
  },
  {
    // Pure: lib/dx and lib/topology run in the browser and on the server alike.
    files: ["lib/dx/**", "lib/topology/**"],
    rules: restrictImports(noEmulator, noAws, noServer, noComponents, noApp, sdkTypesOnly),
  },
]);

export default eslintConfig;
