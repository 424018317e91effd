import { readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkGoldens } from "@ops-skill/core";
import { afterAll, describe, expect, it } from "vitest";
import { generateTypes } from "../../src/codegen/index.js";
import { cleanUp, files, goodFixtures, HERE, mtimes, project } from "./helpers.js";

afterAll(cleanUp);

const GOLDENS = join(HERE, "goldens");
const UPDATE = process.env.UPDATE_GOLDENS === "1";

/** The generated files of the good fixtures, against `goldens/<file>.golden` (no orphan kept). */
describe("goldens", () => {
  it("generates what the goldens hold (UPDATE_GOLDENS=1 rewrites them)", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    const generated = new Map(
      [...files(p.outDir)].map(([name, content]) => [name, content.toString("utf8")]),
    );
    const report = await checkGoldens(GOLDENS, generated, {
      update: UPDATE,
      suffix: ".golden",
      orphans: true,
    });
    expect(report.failures).toEqual([]);
    if (UPDATE) return;
    expect(report.verdicts.filter((v) => v.status === "orphan" || v.status === "missing")).toEqual(
      [],
    );
    for (const verdict of report.verdicts)
      if (verdict.status === "differs")
        expect(generated.get(verdict.name), verdict.name).toBe(verdict.expected);
  });
});

describe("generateTypes", () => {
  it("writes four files a schema, the shared runtime and the manifest, and says what it did", async () => {
    const p = project(goodFixtures());
    const result = await generateTypes({ cwd: p.dir });
    const names = [
      ".manifest.json",
      "_runtime.d.ts",
      "_runtime.js",
      "cert-expiry-report.d.ts",
      "cert-expiry-report.js",
      "cert-expiry-report.validate.d.ts",
      "cert-expiry-report.validate.js",
      "disk-usage-report.d.ts",
      "disk-usage-report.js",
      "disk-usage-report.validate.d.ts",
      "disk-usage-report.validate.js",
      "package.json",
    ];
    expect([...files(p.outDir).keys()]).toEqual(names);
    expect([...result.written].sort()).toEqual(names);
    expect(result.outDir).toBe(p.outDir);
    expect(result.upToDate).toBe(false);
    expect(result.deleted).toEqual([]);
    expect(result.runtimePackages).toEqual(["ajv", "ajv-formats"]);
    expect(result.warnings).toEqual([]);
    expect(result.schemas).toEqual([
      {
        file: join("schemas", "cert-expiry-report.schema.json"),
        name: "cert-expiry-report",
        typeName: "CertExpiryReport",
        cached: false,
        outputs: [
          "cert-expiry-report.d.ts",
          "cert-expiry-report.js",
          "cert-expiry-report.validate.d.ts",
          "cert-expiry-report.validate.js",
        ],
      },
      {
        file: join("schemas", "disk-usage-report.schema.json"),
        name: "disk-usage-report",
        typeName: "DiskUsageReport",
        cached: false,
        outputs: [
          "disk-usage-report.d.ts",
          "disk-usage-report.js",
          "disk-usage-report.validate.d.ts",
          "disk-usage-report.validate.js",
        ],
      },
    ]);
  });

  it("is deterministic: no timestamp, no absolute path, the same bytes in another directory", async () => {
    const a = project(goodFixtures());
    const b = project(goodFixtures());
    await generateTypes({ cwd: a.dir });
    await generateTypes({ cwd: b.dir, force: true });
    const first = files(a.outDir);
    expect(files(b.outDir)).toEqual(first);
    for (const [name, content] of first) {
      const text = content.toString("utf8");
      expect(text, name).not.toContain(a.dir);
      expect(text, name).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d/);
    }
  });

  it("gives a schema's files the same bytes whether it is generated alone or with others", async () => {
    const [cert, disk] = goodFixtures() as [string, string];
    const all = project([cert, disk]);
    const alone = project([disk]);
    await generateTypes({ cwd: all.dir });
    await generateTypes({ cwd: alone.dir });
    const together = files(all.outDir);
    for (const [name, content] of files(alone.outDir))
      if (name !== ".manifest.json")
        expect(content.equals(together.get(name) as Buffer), name).toBe(true);
  });

  it("writes nothing on a warm run and marks every schema cached", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    const before = mtimes(p.outDir);
    const contents = files(p.outDir);
    await new Promise((r) => setTimeout(r, 20));
    const result = await generateTypes({ cwd: p.dir });
    expect(result.written).toEqual([]);
    expect(result.deleted).toEqual([]);
    expect(result.upToDate).toBe(true);
    expect(result.schemas.every((s) => s.cached)).toBe(true);
    expect(result.runtimePackages).toEqual(["ajv", "ajv-formats"]);
    expect(mtimes(p.outDir)).toEqual(before);
    expect(files(p.outDir)).toEqual(contents);
  });

  it("regenerates only the schema that changed, and rewrites only files whose content changed", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    const schemaPath = join(p.schemasDir, "cert-expiry-report.schema.json");
    const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
    schema.properties.notes.description = "Anything the on-call engineer should read first.";
    writeFileSync(schemaPath, `${JSON.stringify(schema, null, 2)}\n`);
    const result = await generateTypes({ cwd: p.dir });
    expect(result.schemas.map((s) => [s.name, s.cached])).toEqual([
      ["cert-expiry-report", false],
      ["disk-usage-report", true],
    ]);
    // The description changes the types; the validator embeds the schema, so it changes too.
    expect(result.written).toEqual([
      ".manifest.json",
      "cert-expiry-report.d.ts",
      "cert-expiry-report.validate.js",
    ]);
    expect(readFileSync(join(p.outDir, "cert-expiry-report.d.ts"), "utf8")).toContain(
      "Anything the on-call engineer should read first.",
    );
  });

  it("regenerates a schema whose output was deleted, and nothing else", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    rmSync(join(p.outDir, "disk-usage-report.validate.js"));
    const result = await generateTypes({ cwd: p.dir });
    expect(result.written).toEqual([".manifest.json", "disk-usage-report.validate.js"]);
    expect(result.schemas.find((s) => s.name === "cert-expiry-report")?.cached).toBe(true);
  });

  it("regenerates a hand-edited output, even one whose size did not change", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    const types = join(p.outDir, "disk-usage-report.d.ts");
    const original = readFileSync(types, "utf8");
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(types, original.replace("usedPercent: number", "usedPercent: string"));
    const result = await generateTypes({ cwd: p.dir });
    expect(result.written).toEqual([".manifest.json", "disk-usage-report.d.ts"]);
    expect(readFileSync(types, "utf8")).toBe(original);
    expect((await generateTypes({ cwd: p.dir })).written).toEqual([]);
  });

  it("deletes the files of a schema that is gone, and only generated files", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    writeFileSync(join(p.outDir, "README.md"), "Generated types: see ops-skill types.\n");
    rmSync(join(p.schemasDir, "cert-expiry-report.schema.json"));
    const result = await generateTypes({ cwd: p.dir });
    expect(result.deleted).toEqual([
      "cert-expiry-report.d.ts",
      "cert-expiry-report.js",
      "cert-expiry-report.validate.d.ts",
      "cert-expiry-report.validate.js",
    ]);
    expect(result.written).toEqual([".manifest.json"]);
    expect([...files(p.outDir).keys()].filter((n) => n.startsWith("cert"))).toEqual([]);
    expect(files(p.outDir).has("README.md")).toBe(true);
  });

  it("deletes an extra generated file even when every schema is cached", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    writeFileSync(
      join(p.outDir, "old-report.d.ts"),
      "/*\n * Generated by @ops-skill/schema from ../old-report.schema.json.\n */\n",
    );
    const result = await generateTypes({ cwd: p.dir });
    expect(result.schemas.every((s) => s.cached)).toBe(true);
    expect(result.deleted).toEqual(["old-report.d.ts"]);
    expect((await generateTypes({ cwd: p.dir, check: true })).upToDate).toBe(true);
  });

  it("deletes the temporary files of a run that crashed long ago, not those of a running one", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    const crashed = ".cert-expiry-report.js.123-0badf00d.ops-skill-tmp";
    const running = ".cert-expiry-report.js.456-0c0ffee0.ops-skill-tmp";
    writeFileSync(join(p.outDir, crashed), "partial");
    writeFileSync(join(p.outDir, running), "partial");
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(p.outDir, crashed), hourAgo, hourAgo);
    expect((await generateTypes({ cwd: p.dir, check: true })).extra).toEqual([crashed]);
    expect((await generateTypes({ cwd: p.dir })).deleted).toEqual([crashed]);
    expect(files(p.outDir).has(running)).toBe(true);
  });

  it("takes explicit schema files and an output directory", async () => {
    const p = project();
    const [cert] = goodFixtures() as [string];
    const outDir = join(p.dir, "src", "reports");
    const result = await generateTypes({ cwd: p.dir, schemas: [cert], outDir: "src/reports" });
    expect(result.outDir).toBe(outDir);
    expect(files(outDir).has("cert-expiry-report.js")).toBe(true);
    expect(readFileSync(join(outDir, "cert-expiry-report.d.ts"), "utf8")).toMatch(
      /from \.\.\/\.\.\/\.\.\/.*cert-expiry-report\.schema\.json\./,
    );
  });

  it("does nothing when there is no schema", async () => {
    const p = project();
    const result = await generateTypes({ cwd: p.dir });
    expect(result).toMatchObject({ schemas: [], written: [], deleted: [], upToDate: true });
    expect(files(p.outDir).size).toBe(0);
  });

  it("regenerates everything when the manifest says another generator made the files", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    const manifestPath = join(p.outDir, ".manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    manifest.generator = "@ops-skill/schema codegen 0";
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const result = await generateTypes({ cwd: p.dir });
    expect(result.schemas.every((s) => !s.cached)).toBe(true);
    // Same generator, same output: only the manifest is rewritten.
    expect(result.written).toEqual([".manifest.json"]);
  });
});

describe("check mode", () => {
  it("reports an up-to-date directory as such and writes nothing", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    const before = mtimes(p.outDir);
    const result = await generateTypes({ cwd: p.dir, check: true });
    expect(result).toMatchObject({
      stale: [],
      missing: [],
      extra: [],
      written: [],
      upToDate: true,
    });
    expect(result.schemas.every((s) => !s.cached)).toBe(true);
    expect(mtimes(p.outDir)).toEqual(before);
  });

  it("lists stale, missing and extra files, and writes nothing", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    // Past the file system's timestamp granularity, so that the warm-run check sees the edit.
    await new Promise((r) => setTimeout(r, 20));
    const types = join(p.outDir, "disk-usage-report.d.ts");
    writeFileSync(
      types,
      readFileSync(types, "utf8").replace("usedPercent: number", "usedPercent: string"),
    );
    rmSync(join(p.outDir, "cert-expiry-report.validate.js"));
    writeFileSync(
      join(p.outDir, "old-report.js"),
      "/*\n * Generated by @ops-skill/schema from ../old-report.schema.json.\n */\n",
    );
    writeFileSync(join(p.outDir, "notes.txt"), "not ours\n");
    const before = files(p.outDir);
    const result = await generateTypes({ cwd: p.dir, check: true });
    expect(result.stale).toEqual(["disk-usage-report.d.ts"]);
    expect(result.missing).toEqual(["cert-expiry-report.validate.js"]);
    expect(result.extra).toEqual(["old-report.js"]);
    expect(result.upToDate).toBe(false);
    expect(files(p.outDir)).toEqual(before);
    // A normal run repairs all three; the check then passes.
    const repair = await generateTypes({ cwd: p.dir });
    expect(repair.deleted).toEqual(["old-report.js"]);
    expect((await generateTypes({ cwd: p.dir, check: true })).upToDate).toBe(true);
  });

  it("reports a stale file even when the manifest was edited to match it", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    const js = join(p.outDir, "cert-expiry-report.js");
    writeFileSync(js, readFileSync(js, "utf8").replace("return value;", "return value; "));
    const result = await generateTypes({ cwd: p.dir, check: true });
    expect(result.stale).toEqual(["cert-expiry-report.js"]);
  });

  it("reports every file missing before the first run, and creates nothing", async () => {
    const p = project(goodFixtures());
    const result = await generateTypes({ cwd: p.dir, check: true });
    expect(result.missing).toHaveLength(12);
    expect(result.upToDate).toBe(false);
    expect(files(p.outDir).size).toBe(0);
  });
});
