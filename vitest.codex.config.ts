import { defineConfig } from "vitest/config";

/** Tests that drive the real Codex binary (installed by `npm run test:codex`). */
export default defineConfig({
  test: {
    include: ["**/*.codex.test.ts"],
    exclude: ["**/node_modules/**", ".cache/**"],
    testTimeout: 120_000,
    pool: "forks",
  },
});
