#!/usr/bin/env node
// Node 22.1 and later keep the compiled bundle between runs (os.tmpdir()/node-compile-cache);
// on Node 20 the function does not exist and nothing changes.
import module from "node:module";

module.enableCompileCache?.();
// Until `main` takes over: a crash while the bundle loads exits 2 with one line too, never 1.
const early = (error) => {
  process.stderr.write(`ops-skill: ${String(error?.message ?? error).split("\n", 1)[0]}\n`);
  process.exit(2);
};
process.on("uncaughtException", early);
process.on("unhandledRejection", early);
let main;
try {
  ({ main } = await import("../dist/bundle/ops-skill.mjs"));
} catch (error) {
  // One line, as every other failure (`src/main.ts`): the bundle is missing or broken.
  process.stderr.write(
    `ops-skill: cannot start: ${String(error?.message ?? error).split("\n", 1)[0]}\n`,
  );
  process.exit(2);
}
process.off("uncaughtException", early);
process.off("unhandledRejection", early);
await main(import.meta.url);
