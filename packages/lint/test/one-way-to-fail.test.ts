/**
 * One way to fail: an internal error on one file is an `internal/crash` finding on that file,
 * every other result is kept and printed, and the run exits 2; a rule lists at most 50
 * findings per file; a path given with nothing to lint fails the run.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scratchProjects, skill } from "../../../test/support/project.js";
import { loadedConfig } from "../src/config.js";
import { lint } from "../src/engine/lint.js";
import { exitCodeFor } from "../src/exit-code.js";
import { defineSkillRule, type LintPlugin } from "../src/rule.js";
import placeholderText from "../src/rules/quality/placeholder-text.js";
import { runLint } from "../src/run.js";

const workers = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "engine", "workers");
const { scratch, project } = scratchProjects("ops-skill-fail-");

const noConfig = (cwd: string) => loadedConfig(cwd);

/** A rule with a bug: it throws on a skill whose text says "boom". */
const throwsOnBoom = defineSkillRule(
  { id: "quality/throws-on-boom", description: "Throws.", defaultSeverity: "warning" },
  ({ skill }) => {
    if (skill.text.includes("boom")) throw new TypeError("Cannot read properties of null");
  },
);

const byFile = (result: Awaited<ReturnType<typeof lint>>) =>
  Object.fromEntries(
    result.results.map((r) => [
      r.filePath.split("/").slice(-2, -1)[0],
      r.diagnostics.map((d) => d.ruleId),
    ]),
  );

describe("an internal error on one file", () => {
  it("is an internal/crash finding there; every other file and rule is still reported; exit 2", async () => {
    const cwd = project({
      "skills/a/SKILL.md": skill("a", "boom TODO"),
      "skills/b/SKILL.md": skill("b", "TODO"),
    });
    const result = await lint({
      paths: ["skills"],
      cwd,
      config: noConfig(cwd),
      rules: [throwsOnBoom, placeholderText],
    });
    expect(byFile(result)).toEqual({
      a: ["internal/crash", "quality/placeholder-text"],
      b: ["quality/placeholder-text"],
    });
    const crash = result.results[0]?.diagnostics[0];
    expect(crash).toMatchObject({ severity: "error", line: 1, column: 1 });
    expect(crash?.message).toMatch(
      /^Internal error in rule quality\/throws-on-boom while linting this file \(TypeError: Cannot read properties of null\)/,
    );
    expect(exitCodeFor(result)).toBe(2);
    expect(result.rules.map((r) => r.id)).toContain("internal/crash");
  });

  it("prints every result in the chosen format, and the stack only with --debug", async () => {
    const cwd = project({
      "skills/a/SKILL.md": skill("a", "boom"),
      "skills/b/SKILL.md": skill("b", "TODO"),
    });
    const rules = [throwsOnBoom, placeholderText];
    const plain = await runLint({ paths: ["skills"], cwd, format: "json", rules });
    expect(plain.exitCode).toBe(2);
    const files = JSON.parse(plain.output) as { messages: { ruleId: string }[] }[];
    expect(files.map((f) => f.messages.map((m) => m.ruleId))).toEqual([
      ["internal/crash"],
      ["quality/placeholder-text"],
    ]);
    expect(plain.errorOutput).toBe("");
    const debug = await runLint({ paths: ["skills"], cwd, format: "json", rules, debug: true });
    expect(debug.output).toBe(plain.output);
    expect(debug.errorOutput).toMatch(
      /debug: skills\/a\/SKILL\.md: internal\/crash: TypeError: Cannot read properties of null\n\s+at /,
    );
  });

  it("is not silenced by an inline directive, and cannot be configured", async () => {
    const cwd = project({
      "skills/a/SKILL.md": skill(
        "a",
        "<!-- ops-skill-disable internal/crash, quality/throws-on-boom -- hide it -->\nboom",
      ),
    });
    const result = await lint({
      paths: ["skills"],
      cwd,
      config: noConfig(cwd),
      rules: [throwsOnBoom],
    });
    expect(byFile(result).a).toContain("internal/crash");
    writeFileSync(join(cwd, "ops-skill.config.json"), '{"rules": {"internal/crash": "off"}}');
    const off = await runLint({ paths: ["skills"], cwd });
    expect(off.exitCode).toBe(2);
    expect(off.errorOutput).toMatch(/"internal\/crash" cannot be configured/);
  });

  it("in a plugin's parser is a finding on that file; the other files of the kind are linted", async () => {
    const cwd = project({ "notes/a.note": "boom\n", "notes/b.note": "fine\n" });
    const plugin: LintPlugin = {
      rules: [],
      fileKinds: [
        {
          id: "note",
          matches: (path) => path.endsWith(".note"),
          parse: ({ text }) => {
            if (text.includes("boom")) throw new RangeError("Maximum call stack size exceeded");
            return text;
          },
        },
      ],
    };
    const result = await lint({
      paths: ["notes/a.note", "notes/b.note"],
      cwd,
      config: noConfig(cwd),
      rules: [],
      plugins: [plugin],
    });
    expect(result.results.map((r) => [r.filePath.split("/").pop(), r.diagnostics.length])).toEqual([
      ["a.note", 1],
      ["b.note", 0],
    ]);
    expect(result.results[0]?.diagnostics[0]?.message).toMatch(
      /^Internal error in the parser while linting this file \(RangeError: Maximum call stack size exceeded\)/,
    );
  });
});

/**
 * `lint` of the built package with `workerScript`, in a node of its own: a worker thread takes
 * the node options of its process, and vitest's make the packages resolve to their TypeScript
 * sources, which a worker cannot load. What the run gave, in short.
 */
function lintBuiltWithWorker(cwd: string, workerScript: string) {
  const engine = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "index.js");
  const script = `
    import { exitCodeFor, lint, loadedConfig } from ${JSON.stringify(engine)};
    const result = await lint({
      cwd: ${JSON.stringify(cwd)},
      config: loadedConfig(${JSON.stringify(cwd)}),
      concurrency: 2,
      workerScript: new URL(${JSON.stringify(`file://${workerScript}`)}),
    });
    const first = (id) => result.results.filter((r) => r.diagnostics.some((d) => d.ruleId === id));
    const crashed = first("internal/crash");
    process.stdout.write(JSON.stringify({
      results: result.results.length,
      crashed: crashed.length,
      linted: first("quality/placeholder-text").length,
      message: crashed[0]?.diagnostics[0]?.message,
      exitCode: exitCodeFor(result),
    }));`;
  // A file, not `-e`: the worker would take `--input-type` too.
  const file = join(mkdtempSync(join(scratch, "run-")), "run.mjs");
  writeFileSync(file, script);
  const child = spawnSync(process.execPath, [file], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`node exited ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout) as {
    results: number;
    crashed: number;
    linted: number;
    message?: string;
    exitCode: number;
  };
}

describe("a lint worker thread that fails", () => {
  /** Twice the engine's minimum per thread: `concurrency: 2` deals half the skills to a worker. */
  const SKILLS = 300;
  const files: Record<string, string> = {};
  for (let i = 0; i < SKILLS; i++) files[`.agents/skills/s${i}/SKILL.md`] = skill(`s${i}`, "TODO");

  for (const [script, why] of [
    ["throws-on-start.mjs", /Error: this lint worker cannot start/],
    ["exits-while-linting.mjs", /a lint worker stopped with exit code 3/],
  ] as const) {
    it(`gives each file of its shard an internal/crash finding, and loses no file (${script})`, () => {
      const run = lintBuiltWithWorker(project(files), join(workers, script));
      expect(run.results).toBe(SKILLS);
      // Dealt round robin: the main thread keeps half, the worker had the other half.
      expect(run.crashed).toBe(SKILLS / 2);
      expect(run.linted).toBe(SKILLS / 2);
      expect(run.message).toMatch(
        /^Internal error in a lint worker thread while linting this file/,
      );
      expect(run.message).toMatch(why);
      expect(run.exitCode).toBe(2);
    });
  }
});

describe("a rule's findings in one file", () => {
  it("are listed up to 50, then one finding counts the rest", async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `TODO step ${i + 1}`).join("\n");
    const cwd = project({ "skills/log/SKILL.md": skill("log", lines) });
    const result = await lint({
      paths: ["skills"],
      cwd,
      config: noConfig(cwd),
      rules: [placeholderText],
    });
    const found = result.results[0]?.diagnostics ?? [];
    expect(found).toHaveLength(51);
    expect(found.at(-1)).toMatchObject({
      ruleId: "quality/placeholder-text",
      severity: "warning",
      message:
        "…and 9,950 more findings of quality/placeholder-text in this file, not listed (a rule lists at most 50 per file).",
      line: 58,
    });
    expect(result.warningCount).toBe(51);
  });
});

describe("a path given with nothing to lint", () => {
  it("exits 2 naming it, after printing what the other paths found", async () => {
    const cwd = project({ "skills/a/SKILL.md": skill("a", "TODO"), "empty/.keep": "" });
    mkdirSync(join(cwd, "folder", "SKILL.md"), { recursive: true });
    const outcome = await runLint({ paths: ["skills", "empty", "folder/SKILL.md"], cwd });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.output).toContain("skills/a/SKILL.md");
    expect(outcome.errorOutput).toBe(
      [
        "ops-skill: nothing to lint in empty: no skill (SKILL.md), Codex config or report schema there",
        "ops-skill: nothing to lint in folder/SKILL.md: no skill (SKILL.md), Codex config or report schema there",
        "",
      ].join("\n"),
    );
    const fine = await runLint({ paths: ["skills"], cwd });
    expect(fine.exitCode).toBe(0);
  });

  it("says so when every file under it is ignored", async () => {
    const cwd = project({
      "skills/a/SKILL.md": skill("a"),
      "ops-skill.config.json": '{"ignores": ["skills/**"]}',
    });
    const outcome = await runLint({ paths: ["skills"], cwd });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.errorOutput).toMatch(
      /^ops-skill: every file in skills is ignored by "ignores" in .*ops-skill\.config\.json\n$/,
    );
  });
});

describe("internal errors are never passed off as findings about the file", () => {
  it("a frontmatter that overflows the YAML parser's stack is not 'invalid YAML'", async () => {
    const deep = `${"[".repeat(3_000)}${"]".repeat(3_000)}`;
    const cwd = project({
      "skills/deep/SKILL.md": `---\nname: deep\ndescription: Deep things. Use when deep.\nmetadata: ${deep}\n---\n\n# Deep\n`,
      "skills/fine/SKILL.md": skill("fine"),
    });
    const result = await lint({ paths: ["skills"], cwd, config: noConfig(cwd) });
    const all = result.results.flatMap((r) => r.diagnostics);
    expect(
      all.filter((d) => d.ruleId !== "internal/crash" && /call stack|RangeError/.test(d.message)),
    ).toEqual([]);
    expect(result.results.map((r) => r.filePath.split("/").slice(-2, -1)[0])).toEqual([
      "deep",
      "fine",
    ]);
  });

  it("a package.json that is not an object, and an empty glob in ignores, are config errors", async () => {
    const cwd = project({ "skills/a/SKILL.md": skill("a"), "package.json": "null\n" });
    const nullPackage = await runLint({ paths: ["skills"], cwd });
    expect(nullPackage).toMatchObject({ exitCode: 2, output: "" });
    expect(nullPackage.errorOutput).toMatch(
      /^ops-skill: .*package\.json: a package\.json must hold a JSON object \(it holds null\)\n$/,
    );
    writeFileSync(join(cwd, "package.json"), "{}\n");
    writeFileSync(join(cwd, "ops-skill.config.json"), '{"ignores": [""]}');
    const emptyGlob = await runLint({ paths: ["skills"], cwd });
    expect(emptyGlob).toMatchObject({ exitCode: 2, output: "" });
    expect(emptyGlob.errorOutput).toMatch(
      /^ops-skill: .*ops-skill\.config\.json: "ignores" must be an array of non-empty glob strings\n$/,
    );
  });
});
