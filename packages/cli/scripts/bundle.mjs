#!/usr/bin/env node
// Bundles the CLI (oclif, the commands and the libraries they import) into dist/bundle/ so
// `ops-skill` starts without resolving hundreds of modules. Heavy modules that only some
// commands need stay behind dynamic imports and become separate chunks.
import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(packageDir, "dist", "bundle");
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    "ops-skill": join(packageDir, "dist", "bundle-entry.js"),
    // Beside the CLI: the lint engine's worker threads run it (`--concurrency`).
    "lint-worker": join(packageDir, "dist", "lint-worker.js"),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  // BUNDLE_MINIFY=0 keeps names readable, for a CPU profile of the CLI.
  minify: process.env.BUNDLE_MINIFY !== "0",
  // No source maps by default: errors are one line, never a stack, and the maps (with their
  // sources inlined) would make the published tarball four times larger (1.8 MB, not 0.45 MB).
  // BUNDLE_SOURCEMAP=1 writes linked maps for `node --enable-source-maps` while debugging;
  // such a build is not for publishing (`node scripts/package-check.mjs` says why).
  sourcemap: process.env.BUNDLE_SOURCEMAP === "1" ? "linked" : false,
  outExtension: { ".js": ".mjs" },
  // Prefer ESM builds: some packages' UMD `main` hides requires esbuild cannot follow.
  mainFields: ["module", "main"],
  // CommonJS dependencies bundled into ESM expect `require`, `__filename` and `__dirname`.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "import { dirname as __pathDirname } from 'node:path';",
      "const require = __createRequire(import.meta.url);",
      "const __filename = __fileURLToPath(import.meta.url);",
      "const __dirname = __pathDirname(__filename);",
    ].join(" "),
  },
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
  logLevel: "warning",
});
