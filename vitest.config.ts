import { defineConfig } from "vitest/config";
import { resolveFromSource } from "./vitest.shared.js";

export default defineConfig({
  ...resolveFromSource,
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "conformance/**/*.test.ts",
      "skills/**/*.test.ts",
      "bench/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    // Tests of the real Codex binary run with `npm run test:codex` (vitest.codex.config.ts).
    exclude: ["**/node_modules/**", "**/*.codex.test.ts", ".cache/**", "bench/.work/**"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
