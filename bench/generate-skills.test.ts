import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSkill, generateSkills, PROBLEM_KINDS } from "./generate-skills.mjs";

const temp = mkdtempSync(join(tmpdir(), "ops-skill-generate-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface Generated {
  name: string;
  flavour?: string;
  problem?: string;
}

/** Every file under `dir` with its mode and content, sorted: equal trees give equal lists. */
function snapshot(dir: string): [string, number, string][] {
  const out: [string, number, string][] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else
        out.push([
          relative(dir, path),
          statSync(path).mode & 0o777,
          readFileSync(path).toString("base64"),
        ]);
    }
  };
  walk(dir);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

function split(text: string): { frontmatter: string[]; body: string[] } {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  const close = lines.indexOf("---", 1);
  return { frontmatter: lines.slice(1, close), body: lines.slice(close + 1, -1) };
}

describe("generate-skills", () => {
  const dirA = join(temp, "a");
  const dirB = join(temp, "b");
  let skills: Generated[] = [];
  beforeAll(() => {
    skills = generateSkills({ count: 20, dir: dirA, seed: "test-seed" });
    generateSkills({ count: 20, dir: dirB, seed: "test-seed" });
  });

  it("is deterministic: the same seed gives an identical tree", () => {
    const a = snapshot(dirA);
    expect(a.length).toBeGreaterThan(20 * 3);
    expect(snapshot(dirB)).toEqual(a);
  });

  it("gives a different tree for another seed, and skill i does not depend on the count", () => {
    const other = join(temp, "other");
    generateSkills({ count: 20, dir: other, seed: "another-seed" });
    expect(snapshot(other)).not.toEqual(snapshot(dirA));
    const prefix = join(temp, "prefix");
    generateSkills({ count: 5, dir: prefix, seed: "test-seed" });
    const first5 = new Set(skills.slice(0, 5).map((s) => s.name));
    expect(snapshot(prefix)).toEqual(
      snapshot(dirA).filter(([path]) => first5.has(path.split(/[\\/]/)[0] ?? "")),
    );
  });

  it("writes realistic, varied skills", () => {
    expect(readdirSync(dirA).sort()).toEqual(skills.map((s) => s.name).sort());
    expect(new Set(skills.map((s) => s.flavour))).toEqual(
      new Set(["drift", "cert", "k8s", "vuln", "endpoint", "cost"]),
    );
    const bodyLengths = new Set<number>();
    for (const skill of skills) {
      const dir = join(dirA, skill.name);
      const { frontmatter, body } = split(readFileSync(join(dir, "SKILL.md"), "utf8"));
      expect(frontmatter.some((l) => l.startsWith("name: "))).toBe(true);
      expect(frontmatter).toContain("metadata:");
      expect(body.length).toBeGreaterThanOrEqual(60);
      expect(body.length).toBeLessThanOrEqual(250);
      bodyLengths.add(body.length);
      expect(body.some((l) => l.trim() === "```bash")).toBe(true);
      expect(body.some((l) => l.startsWith("## "))).toBe(true);
      // Every linked reference exists, and every reference file is linked.
      const links = new Set(
        [...body.join("\n").matchAll(/\]\((references\/[\w-]+\.md)\)/g)].map((m) => m[1]),
      );
      const references = readdirSync(join(dir, "references")).map((f) => `references/${f}`);
      expect(links.size).toBeGreaterThan(0);
      expect([...links].sort()).toEqual(references.sort());
      for (const script of readdirSync(join(dir, "scripts"))) {
        const path = join(dir, "scripts", script);
        expect(script).toMatch(/\.sh$/);
        expect(readFileSync(path, "utf8").startsWith("#!/usr/bin/env bash\n")).toBe(true);
        if (process.platform !== "win32") expect(statSync(path).mode & 0o111).toBe(0o111);
      }
    }
    expect(bodyLengths.size).toBeGreaterThan(10);
  });

  it("gives about 5% of skills a realistic problem that the files show", () => {
    const withProblem = skills.filter((s) => s.problem);
    expect(withProblem).toHaveLength(1);
    for (const skill of skills) {
      const raw = readFileSync(join(dirA, skill.name, "SKILL.md"));
      const { frontmatter } = split(raw.toString("utf8"));
      const name = frontmatter.find((l) => l.startsWith("name: "))?.slice(6);
      const description = frontmatter.find((l) => l.startsWith("description:"));
      const hasBom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
      expect(hasBom).toBe(skill.problem === "bom");
      expect(description === undefined).toBe(skill.problem === "missing-description");
      const unquotedColon =
        description !== undefined &&
        !/^description: (["'>|]|$)/.test(description) &&
        description.slice("description: ".length).includes(": ");
      expect(unquotedColon).toBe(skill.problem === "unquoted-colon");
      const badName = name !== skill.name;
      expect(badName).toBe(skill.problem === "bad-name");
      if (badName) expect(!/^[a-z0-9-]+$/.test(name ?? "") || (name ?? "").length > 64).toBe(true);
    }
  });

  it("has every kind of problem, 5% of the time, over more skills", () => {
    const many: { problem?: string }[] = Array.from({ length: 200 }, (_, i) =>
      generateSkill("test-seed", i),
    );
    const problems = many.flatMap((s) => (s.problem ? [s.problem] : []));
    expect(problems).toHaveLength(10);
    expect(new Set(problems)).toEqual(new Set(PROBLEM_KINDS));
  });
});
