#!/usr/bin/env node
// Bundles the bin (the generator and the libraries it imports) into dist/bundle/, so
// `create-ops-skill` starts without resolving hundreds of modules: about 100 ms less on a cold
// start (bench/create-bench.mjs). The type generator (@ops-skill/schema, only when the built
// types cannot be derived by changing the name: src/types-cache.ts) and the prompts (@clack/prompts, only on a terminal) stay ordinary
// package imports, loaded when used. The library entry (dist/index.js) is not bundled. The
// settings shared with the other bins are the repository's scripts/esbuild-settings.mjs.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleBin } from "../../../scripts/esbuild-settings.mjs";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
await bundleBin({
  entryPoints: { "create-ops-skill": join(packageDir, "dist", "bin.js") },
  outdir: join(packageDir, "dist", "bundle"),
  external: ["@ops-skill/schema", "@ops-skill/schema/*", "@clack/prompts"],
});
