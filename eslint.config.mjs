import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The dashboard reaches the emulator only over HTTP, exactly as it reaches AWS
// (see docs/design.md): switching backends is configuration, not code.
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

const restrictImports = (...patterns) => ({
  "no-restricted-imports": ["error", { patterns }],
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
    files: ["app/**", "lib/aws/**"],
    rules: restrictImports(noEmulator),
  },
  {
    files: ["components/**", "lib/dx/**"],
    rules: restrictImports(noEmulator, noAws),
  },
]);

export default eslintConfig;
