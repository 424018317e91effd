import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CODEX_BIN_ENV,
  CODEX_VERSION,
  codexCacheDir,
  findCodexBinary,
  RUNS_DIR_ENV,
  runsCacheDir,
} from "../src/index.js";

const repo = mkdtempSync(join(tmpdir(), "ops-skill-codex-binary-"));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function install(prefix: string): string {
  const bin = join(prefix, "node_modules", ".bin", "codex");
  mkdirSync(join(prefix, "node_modules", ".bin"), { recursive: true });
  writeFileSync(bin, "#!/bin/sh\n", { mode: 0o755 });
  return bin;
}

describe("where Codex is installed and run", () => {
  it("installs a release into .cache/codex-<version>; .cache/codex holds any", () => {
    expect(codexCacheDir(repo, "0.171.0")).toBe(join(repo, ".cache", "codex-0.171.0"));
    expect(codexCacheDir(repo)).toBe(join(repo, ".cache", "codex"));
  });

  it("finds the versioned install first, then .cache/codex, then nothing", () => {
    const env = {};
    expect(findCodexBinary({ repoRoot: repo, env })).toBeUndefined();
    const plain = install(codexCacheDir(repo));
    expect(findCodexBinary({ repoRoot: repo, env })).toBe(plain);
    const pinned = install(codexCacheDir(repo, CODEX_VERSION));
    expect(findCodexBinary({ repoRoot: repo, env })).toBe(pinned);
    expect(findCodexBinary({ repoRoot: repo, env, version: "0.0.1" })).toBe(plain);
  });

  it(`takes ${CODEX_BIN_ENV} over the cache, and refuses a missing file`, () => {
    const other = install(join(repo, "elsewhere"));
    expect(findCodexBinary({ repoRoot: repo, env: { [CODEX_BIN_ENV]: other } })).toBe(other);
    expect(() =>
      findCodexBinary({ repoRoot: repo, env: { [CODEX_BIN_ENV]: join(repo, "missing") } }),
    ).toThrow(/points at a missing file/);
  });

  it(`runs under .cache/runs, or under ${RUNS_DIR_ENV} when set`, () => {
    expect(runsCacheDir(repo, {})).toBe(join(repo, ".cache", "runs"));
    expect(runsCacheDir(repo, { [RUNS_DIR_ENV]: "/var/runs/x" })).toBe("/var/runs/x");
    expect(runsCacheDir(repo, { [RUNS_DIR_ENV]: "" })).toBe(join(repo, ".cache", "runs"));
  });
});
