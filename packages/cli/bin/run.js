#!/usr/bin/env node
// Node 22.1 and later keep the compiled bundle between runs (os.tmpdir()/node-compile-cache);
// on Node 20 the function does not exist and nothing changes.
import module from "node:module";

module.enableCompileCache?.();
const { execute } = await import("../dist/bundle/ops-skill.mjs");

await execute({ dir: import.meta.url });
