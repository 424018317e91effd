#!/usr/bin/env node
// Bundles the CLI (oclif, the commands and the libraries they import) into dist/bundle/ so
// `ops-skill` starts without resolving hundreds of modules. Heavy modules that only some
// commands need stay behind dynamic imports and become separate chunks. The settings shared
// with the other bins are the repository's scripts/esbuild-settings.mjs.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleBin } from "../../../scripts/esbuild-settings.mjs";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
await bundleBin({
  entryPoints: {
    "ops-skill": join(packageDir, "dist", "bundle-entry.js"),
    // Beside the CLI: the lint engine's worker threads run it (`--concurrency`).
    "lint-worker": join(packageDir, "dist", "lint-worker.js"),
  },
  outdir: join(packageDir, "dist", "bundle"),
  // Type generation runs worker threads from its own files and loads json-schema-to-typescript
  // and ajv; it is not on the start-up path, so it stays an ordinary package import.
  external: [
    "@ops-skill/schema/types-command",
    "json-schema-to-typescript",
    "ajv",
    "ajv/*",
    "ajv-formats",
    // The scaffolder reads its templates beside its own files.
    "create-ops-skill",
  ],
});
