/** Odd skills must never crash a spec/, quality/ or ops/ rule. */
import { readdirSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadedConfig } from "../../config.js";
import { lint } from "../../engine/lint.js";
import type { Rule } from "../../rule.js";

// The rule files themselves, so this test does not depend on the other categories loading.
const rulesDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const rules: Rule[] = [];
for (const category of ["spec", "quality", "ops"])
  for (const file of readdirSync(join(rulesDir, category)).sort())
    if (file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.startsWith("_"))
      rules.push((await import(join(rulesDir, category, file))).default as Rule);

async function lintSkill(files: Record<string, string | Uint8Array>) {
  const root = await mkdtemp(join(tmpdir(), "ops-skill-odd-"));
  try {
    const dir = join(root, "skills", "odd-skill");
    await mkdir(dir, { recursive: true });
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(dir, path, ".."), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    await symlink("loop-b", join(dir, "loop-a")).catch(() => {});
    await symlink("loop-a", join(dir, "loop-b")).catch(() => {});
    await mkdir(join(dir, "locked"), { recursive: true });
    await chmod(join(dir, "locked"), 0);
    const started = performance.now();
    const result = await lint({
      paths: ["skills/odd-skill"],
      cwd: root,
      rules,
      config: loadedConfig(root),
    });
    await chmod(join(dir, "locked"), 0o755);
    return { result, ms: performance.now() - started };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const frontmatter = "---\nname: odd-skill\ndescription: Checks odd input. Use when testing.\n---\n";

describe("spec, quality and ops rules on odd skills", () => {
  it("loads every rule", () => {
    expect(rules.length).toBeGreaterThanOrEqual(21);
  });

  it.each<[string, Record<string, string | Uint8Array>]>([
    ["binary SKILL.md", { "SKILL.md": new Uint8Array([0xff, 0xfe, 0, 1, 2, 0x80, 0]) }],
    ["no frontmatter", { "SKILL.md": "# Just a title\n\n```bash\nkubectl delete ns x\n" }],
    ["empty file", { "SKILL.md": "" }],
    ["CR-only line endings", { "SKILL.md": frontmatter.replaceAll("\n", "\r") }],
    ["frontmatter only, no body", { "SKILL.md": frontmatter.trimEnd() }],
    [
      "odd frontmatter values",
      {
        "SKILL.md":
          "---\nname: [a, b]\ndescription: {x: 1}\nmetadata: &m {a: *m}\nallowed-tools: ~\ncompatibility: !!binary aGVsbG8=\n---\n",
      },
    ],
    [
      "huge body with long lines",
      {
        "SKILL.md": `${frontmatter}${"`kubectl` password= sk- AKIA <your-x> [x](../".repeat(20_000)}\n${"a".repeat(2_000_000)}\n`,
      },
    ],
    [
      "weird files under scripts",
      {
        "SKILL.md": `${frontmatter}Run \`scripts/\`.\n`,
        "scripts/empty.sh": "",
        "scripts/bin": new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]),
        "scripts/deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/x.sh": "#!/bin/sh\n",
      },
    ],
  ])("%s", async (_name, files) => {
    const { ms } = await lintSkill(files);
    expect(ms).toBeLessThan(20_000);
  });
});
