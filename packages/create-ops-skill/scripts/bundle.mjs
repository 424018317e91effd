#!/usr/bin/env node
// Bundles the bin (the generator and the libraries it imports) into dist/bundle/, so
// `create-ops-skill` starts without resolving hundreds of modules: about 100 ms less on a cold
// start (bench/create-bench.mjs). The type generator (@ops-skill/schema, only for a name other
// than the template's) and the prompts (@clack/prompts, only on a terminal) stay ordinary
// package imports, loaded when used. The library entry (dist/index.js) is not bundled.
import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(packageDir, "dist", "bundle");
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { "create-ops-skill": join(packageDir, "dist", "bin.js") },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  minify: true,
  outExtension: { ".js": ".mjs" },
  mainFields: ["module", "main"],
  // CommonJS dependencies bundled into ESM expect `require`.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  external: ["@ops-skill/schema", "@ops-skill/schema/*", "@clack/prompts"],
  logLevel: "warning",
});
