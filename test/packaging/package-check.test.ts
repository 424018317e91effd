// Every package of packages/* is fit to publish, checked on the files `npm pack` puts in its
// tarball (build first: `npm test` does): its code loads only what it declares, its manifest
// names only packed files, its source maps name only packed or inlined sources.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { packAll, publishableDirs } from "../../scripts/pack.mjs";
import { checkPackage, moduleSpecifiers } from "../../scripts/package-check.mjs";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "test", "fixtures", "packaging");

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).replaceAll("\\", "/"));
}

describe("the repository's packages", () => {
  let packs: Awaited<ReturnType<typeof packAll>>;
  beforeAll(async () => {
    packs = await packAll(root, { dryRun: true });
  }, 60_000);

  it("are every folder of packages/, none private", () => {
    const folders = readdirSync(join(root, "packages"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, "packages", entry.name))
      .sort();
    expect(publishableDirs(root)).toEqual(folders);
    expect(packs.map((pack) => pack.dir).sort()).toEqual(folders);
  });

  it("the command line is the unscoped ops-skill, the libraries are @ops-skill/*", () => {
    const names = Object.fromEntries(packs.map((pack) => [relative(root, pack.dir), pack.name]));
    expect(names["packages/cli"]).toBe("ops-skill");
    for (const [folder, name] of Object.entries(names))
      if (!["packages/cli", "packages/create-ops-skill"].includes(folder))
        expect(name).toBe(`@ops-skill/${folder.slice("packages/".length)}`);
  });

  it("each packs fit to publish: dependencies, targets, source maps, manifest", () => {
    expect(packs.flatMap((pack) => checkPackage(pack.dir, pack.files))).toEqual([]);
  });

  it("each ships the repository's LICENSE", () => {
    const license = readFileSync(join(root, "LICENSE"), "utf8");
    expect(license).toContain("Copyright (c) 2026 ops-skill contributors");
    for (const pack of packs) expect(readFileSync(join(pack.dir, "LICENSE"), "utf8")).toBe(license);
  });

  it("the CLI ships its bundle, not its compiled sources nor source maps", () => {
    const cli = packs.find((pack) => pack.name === "ops-skill");
    expect(cli?.files).toContain("dist/bundle/ops-skill.mjs");
    expect(cli?.files).toContain("dist/bundle/lint-worker.mjs");
    expect(cli?.files).toContain("oclif.manifest.json");
    expect(cli?.files.filter((file) => !file.startsWith("dist/bundle/"))).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/^dist\//)]),
    );
    expect(cli?.files.filter((file) => file.endsWith(".map"))).toEqual([]);
  });

  it("the libraries ship src (no tests) for their source maps and source condition", () => {
    for (const pack of packs.filter((p) => p.name.startsWith("@ops-skill/"))) {
      expect(pack.files).toContain("src/index.ts");
      expect(pack.files.filter((file) => file.endsWith(".test.ts"))).toEqual([]);
    }
  });
});

describe("moduleSpecifiers", () => {
  it("finds imports, import(), require, createRequire and require of a lookup table", () => {
    const code = readFileSync(join(fixtures, "fit", "lib", "index.js"), "utf8");
    expect(moduleSpecifiers(code).sort()).toEqual([
      "./local.js",
      "@fixture/fit",
      "ajv",
      "ajv/dist/2020",
      "cron-parser",
      "node:module",
      "node:path",
    ]);
  });

  it("follows a minifier's names for createRequire's function", () => {
    const code = readFileSync(join(fixtures, "unfit", "lib", "bundle.mjs"), "utf8");
    expect(moduleSpecifiers(code).sort()).toEqual(["node:module", "unbash"]);
  });

  it("ignores strings that are not loaded", () => {
    expect(moduleSpecifiers('const a = "ajv"; f("cron-parser"); x.require("yaml");')).toEqual([]);
  });
});

describe("checkPackage", () => {
  it("a package fit to publish has no problem", () => {
    const dir = join(fixtures, "fit");
    expect(checkPackage(dir, filesOf(dir))).toEqual([]);
  });

  it("names each problem of a package unfit to publish", () => {
    const dir = join(fixtures, "unfit");
    const problems = checkPackage(dir, filesOf(dir));
    expect(problems).toEqual(
      expect.arrayContaining([
        "unfit: license is ISC, not MIT",
        'unfit: engines.node is not ">=20.19.0"',
        "unfit: README.md is not in the tarball",
        "unfit: LICENSE is not in the tarball",
        "unfit: bin.unfit points at ./bin/unfit.js, which is not in the tarball",
        "unfit: bin.unfit-cli (./lib/cli.js) does not start with #!/usr/bin/env node",
        "unfit: exports[.][@ops-skill/source] points at ./src/index.ts, which is not in the tarball",
        'unfit: lib/index.js loads "toml-eslint-parser" but toml-eslint-parser is not a dependency',
        'unfit: lib/index.js loads "ajv-formats/dist/formats.js" but ajv-formats is not a dependency',
        'unfit: lib/index.js loads "cron-parser" but cron-parser is not a dependency',
        'unfit: lib/index.js loads "@ops-skill/schema/types-command" but @ops-skill/schema is not a dependency',
        'unfit: lib/bundle.mjs loads "unbash" but unbash is not a dependency',
        "unfit: lib/bundle.mjs links the source map lib/bundle.mjs.map, which is not in the tarball",
        "unfit: lib/index.js.map names the source ../src/index.ts, which is not in the tarball (nor inlined)",
      ]),
    );
    expect(problems.filter((p) => p.includes("loads"))).toHaveLength(5);
    expect(problems.join("\n")).not.toContain("../src/inlined.ts");
  });
});
