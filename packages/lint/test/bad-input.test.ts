/** Whatever bytes a SKILL.md holds, the linter finishes and every finding names a file and line. */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadedConfig } from "../src/config.js";
import { lint } from "../src/engine/lint.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ops-skill-bad-input-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const noConfig = () => loadedConfig(root);
let counter = 0;

async function lintBytes(bytes: Uint8Array | string) {
  const dir = join(root, `case-${counter++}`, ".agents", "skills", "demo");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "SKILL.md"), bytes);
  return lint({ paths: [dir], cwd: root, config: noConfig() });
}

function expectWellFormed(result: Awaited<ReturnType<typeof lint>>) {
  for (const file of result.results) {
    for (const d of file.diagnostics) {
      expect(d.file).toBe(file.filePath);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.message.length).toBeGreaterThan(0);
    }
  }
}

describe("bad input", () => {
  it("random bytes: finishes, and a refused file gets an error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const result = await lintBytes(bytes);
        expectWellFormed(result);
        expect(result.errorCount).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  it("random frontmatter text: finishes with well-formed findings", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        expectWellFormed(await lintBytes(`---\n${text}\n---\n# Body\n`));
      }),
      { numRuns: 60 },
    );
  });

  it("a binary file", async () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    const result = await lintBytes(png);
    expect(result.results[0]?.diagnostics.map((d) => d.ruleId)).toContain("codex/unreadable-file");
  });

  it("a 10 MB SKILL.md", async () => {
    const body = "Check the plan output and report drift in JSON.\n".repeat(220_000);
    const result = await lintBytes(
      `---\nname: demo\ndescription: Big. Use when testing.\n---\n${body}`,
    );
    expectWellFormed(result);
    expect(result.errorCount).toBe(0);
  });

  it("a YAML alias bomb in a key Codex ignores: loads, as Codex loads it (conformance case yaml-alias-bomb)", async () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 10; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const result = await lintBytes(`---\n${lines.join("\n")}\ndescription: d\n---\n`);
    expectWellFormed(result);
    expect(result.errorCount).toBe(0);
  });

  it("symlink loops and a FIFO named SKILL.md", async () => {
    const base = join(root, "links", ".agents", "skills");
    await mkdir(join(base, "demo"), { recursive: true });
    await writeFile(join(base, "demo", "SKILL.md"), "---\nname: demo\ndescription: d\n---\n");
    await symlink(base, join(base, "demo", "loop"));
    await symlink(join(base, "missing"), join(base, "dangling"));
    await mkdir(join(base, "fifo"));
    execFileSync("mkfifo", [join(base, "fifo", "SKILL.md")]);
    const result = await lint({ paths: [base], cwd: root, config: noConfig() });
    expectWellFormed(result);
    const fifo = result.results.find((r) => r.filePath.endsWith(join("fifo", "SKILL.md")));
    expect(fifo?.diagnostics.map((d) => d.ruleId)).toEqual(["codex/skill-file-not-regular"]);
  });
});
