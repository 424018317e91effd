import { defineConfig } from "vitest/config";
import { resolveFromSource } from "./vitest.shared.js";

/** Tests that drive the real Codex binary (installed by `npm run test:codex`). */
export default defineConfig({
  ...resolveFromSource,
  test: {
    include: ["**/*.codex.test.ts"],
    exclude: ["**/node_modules/**", ".cache/**"],
    testTimeout: 120_000,
    pool: "forks",
  },
});
