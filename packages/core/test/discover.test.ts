import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { codexRootsFor, discoverSkills, findProjectRoot } from "../src/discover.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "ops-skill-discover-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(path: string, text = "---\ndescription: d\n---\n") {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
}

const summary = (candidates: { path: string; miss: string | undefined }[]) =>
  candidates.map((c) => `${relative(root, c.path)} ${c.miss ?? "found"}`).sort();

describe("codexRootsFor", () => {
  it("lists .agents/skills and .codex/skills from the project root down to the cwd", async () => {
    await mkdir(join(root, ".git"));
    await put(".agents/skills/a/SKILL.md");
    await put("svc/.codex/skills/b/SKILL.md");
    await put("svc/api/.agents/skills/c/SKILL.md");
    await put("svc/api/deeper/.agents/skills/d/SKILL.md");
    const roots = await codexRootsFor(join(root, "svc", "api"));
    expect(roots.map((r) => relative(root, r.path))).toEqual([
      ".agents/skills",
      "svc/.codex/skills",
      "svc/api/.agents/skills",
    ]);
    expect(await findProjectRoot(join(root, "svc", "api"))).toBe(root);
  });
});

describe("discoverSkills", () => {
  it("finds what Codex finds and says why it misses the rest", async () => {
    await put(".agents/skills/ok/SKILL.md");
    await put(".agents/skills/lower/skill.md");
    await put(".agents/skills/.hidden/x/SKILL.md");
    await put(".agents/skills/a/b/c/d/e/f/SKILL.md");
    await put(".agents/skills/a/b/c/d/e/f/g/SKILL.md");
    const { candidates } = await discoverSkills([".agents/skills"], { cwd: root });
    expect(summary(candidates)).toEqual([
      ".agents/skills/.hidden/x/SKILL.md hidden-directory",
      ".agents/skills/a/b/c/d/e/f/SKILL.md found",
      ".agents/skills/a/b/c/d/e/f/g/SKILL.md too-deep",
      ".agents/skills/lower/skill.md file-name-case",
      ".agents/skills/ok/SKILL.md found",
    ]);
  });

  it("treats .agents/skills inside a scanned directory as a root, not a hidden directory", async () => {
    await put("repo/.agents/skills/a/SKILL.md");
    await put("repo/skills/b/SKILL.md");
    const { candidates } = await discoverSkills(["repo"], { cwd: root });
    expect(summary(candidates)).toEqual([
      "repo/.agents/skills/a/SKILL.md found",
      "repo/skills/b/SKILL.md found",
    ]);
  });

  it("survives symlink loops and follows a symlinked directory once", async () => {
    await put("shared/x/SKILL.md");
    await mkdir(join(root, ".agents/skills"), { recursive: true });
    await symlink(join(root, "shared"), join(root, ".agents/skills/link"));
    await symlink(join(root, ".agents/skills"), join(root, ".agents/skills/loop"));
    const { candidates } = await discoverSkills([".agents/skills"], { cwd: root });
    expect(summary(candidates)).toEqual([".agents/skills/link/x/SKILL.md found"]);
  });

  it("reports a path that does not exist", async () => {
    const { problems } = await discoverSkills(["nope"], { cwd: root });
    expect(problems[0]?.message).toBe("no such file or directory: nope");
  });
});
