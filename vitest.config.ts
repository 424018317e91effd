import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "conformance/**/*.test.ts",
      "skills/**/*.test.ts",
      "bench/**/*.test.ts",
    ],
    testTimeout: 30_000,
    pool: "forks",
  },
});
