// The release configuration, proved on a scratch copy (the real `changeset version` consumes
// the changesets): every pending changeset names a package that exists, the packages are
// released together under one version (a fixed group that also takes in any unscoped
// `*ops-skill` package, such as create-ops-skill), and each package gets its CHANGELOG.md.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishableDirs } from "../../scripts/pack.mjs";

const root = join(import.meta.dirname, "..", "..");
const copy = mkdtempSync(join(tmpdir(), "ops-skill-changesets-"));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string };

describe("changeset version on a copy of the repository", () => {
  const folders = publishableDirs(root).map((dir) => dir.slice(root.length + 1));
  let run: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    cpSync(join(root, "package.json"), join(copy, "package.json"));
    cpSync(join(root, ".changeset"), join(copy, ".changeset"), { recursive: true });
    for (const folder of folders) {
      mkdirSync(join(copy, folder), { recursive: true });
      cpSync(join(root, folder, "package.json"), join(copy, folder, "package.json"));
    }
    // An unscoped package beside the CLI, named as the generator's package: in the group too.
    mkdirSync(join(copy, "packages", "create-ops-skill"), { recursive: true });
    writeFileSync(
      join(copy, "packages", "create-ops-skill", "package.json"),
      JSON.stringify({ name: "create-ops-skill", version: "0.1.0" }),
    );
    const bin = join(root, "node_modules", "@changesets", "cli", "bin.js");
    run = spawnSync(process.execPath, [bin, "version"], { cwd: copy, encoding: "utf8" });
  }, 60_000);

  it("succeeds: every changeset names a package of the repository", () => {
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
  });

  it("consumes every changeset", () => {
    expect(readdirSync(join(copy, ".changeset")).filter((f) => f.endsWith(".md"))).toEqual(
      readdirSync(join(root, ".changeset")).filter((f) => f === "README.md"),
    );
  });

  it("gives every package, create-ops-skill included, one new version and a CHANGELOG", () => {
    const versions = new Set<string>();
    for (const folder of [...folders, "packages/create-ops-skill"]) {
      const { name, version } = manifest(join(copy, folder));
      versions.add(version);
      const changelog = readFileSync(join(copy, folder, "CHANGELOG.md"), "utf8");
      expect(changelog.startsWith(`# ${name}\n\n## ${version}\n`)).toBe(true);
    }
    expect(versions.size).toBe(1);
    const [version] = versions;
    expect(version).not.toBe(manifest(join(root, "packages", "cli")).version);
  });

  it("the CLI's changelog tells of its new name", () => {
    const changelog = readFileSync(join(copy, "packages", "cli", "CHANGELOG.md"), "utf8");
    expect(changelog).toContain("published as the unscoped `ops-skill`");
  });
});
