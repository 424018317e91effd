/**
 * Tests of the compiled package, in a `node` of its own: worker threads (which run only from
 * JavaScript) and what a warm run loads. The codegen sources are compiled with the repository's
 * tsc into a temporary directory.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSchemas } from "../../../../bench/generate-schemas.mjs";
import { cleanUp, files, HERE, project, REPO, runModule, TSC, tempDir } from "./helpers.js";

afterAll(cleanUp);

let dist: string;
beforeAll(() => {
  const build = tempDir("ops-skill-codegen-build-");
  dist = join(build, "dist");
  symlinkSync(join(REPO, "node_modules"), join(build, "node_modules"), "dir");
  writeFileSync(join(build, "package.json"), '{ "type": "module" }\n');
  // codegen/ and the modules outside it that it imports (the schema model, its JSON document and
  // the dialect rule every command shares).
  const source = join(HERE, "..", "..", "src");
  writeFileSync(
    join(build, "tsconfig.json"),
    JSON.stringify({
      extends: join(REPO, "tsconfig.base.json"),
      compilerOptions: {
        rootDir: source,
        outDir: dist,
        declaration: false,
        declarationMap: false,
        sourceMap: false,
        typeRoots: [join(REPO, "node_modules", "@types")],
      },
      include: [join(source, "codegen", "*.ts"), join(source, "dialect.ts")],
    }),
  );
  const run = spawnSync(TSC, ["-p", join(build, "tsconfig.json")], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`tsc failed:\n${run.stdout}${run.stderr}`);
}, 120_000);

/** Runs generateTypes of the compiled package in a node of its own; returns its JSON output. */
function generate(cwd: string, options: Record<string, unknown>, extra = "") {
  const run = runModule(
    cwd,
    `import { createRequire } from "node:module";
import { generateTypes } from ${JSON.stringify(join(dist, "codegen", "index.js"))};
const result = await generateTypes(${JSON.stringify({ cwd, ...options })});
// package.json files are read for the toolchain versions; modules are what matters.
const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.endsWith(".js"));
${extra}
process.stdout.write(JSON.stringify({
  written: result.written.length,
  cached: result.schemas.filter((s) => s.cached).length,
  threads: result.threads,
  upToDate: result.upToDate,
  loaded: {
    json2ts: loaded.some((p) => p.includes("json-schema-to-typescript")),
    ajv: loaded.some((p) => /[\\\\/]ajv[\\\\/]/.test(p)),
    jsoncParser: loaded.some((p) => p.includes("jsonc-parser")),
  },
}));`,
  );
  if (run.status !== 0) throw new Error(`node exited with ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe("the compiled package", () => {
  it("gives the same bytes on worker threads as on the main thread", () => {
    const inline = project();
    const threaded = project();
    for (const p of [inline, threaded]) {
      mkdirSync(p.schemasDir, { recursive: true });
      generateSchemas({ count: 9, dir: p.schemasDir, seed: "compiled-test" });
    }
    const a = generate(inline.dir, { concurrency: 1 });
    const b = generate(threaded.dir, { concurrency: 3 });
    expect(a).toMatchObject({ written: 9 * 4 + 4, threads: 1 });
    expect(b).toMatchObject({ written: 9 * 4 + 4, threads: 3 });
    expect(files(threaded.outDir)).toEqual(files(inline.outDir));
  }, 60_000);

  it("loads neither json-schema-to-typescript nor ajv on a warm run", () => {
    const p = project();
    generateSchemas({ count: 3, dir: p.schemasDir, seed: "compiled-test" });
    expect(generate(p.dir, {})).toMatchObject({
      cached: 0,
      loaded: { json2ts: true, ajv: true },
    });
    expect(generate(p.dir, {})).toEqual({
      written: 0,
      cached: 3,
      threads: 0,
      upToDate: true,
      loaded: { json2ts: false, ajv: false, jsoncParser: false },
    });
  }, 60_000);
});
