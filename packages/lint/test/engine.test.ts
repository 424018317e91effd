/** The engine as a user meets it: config files, ignores, inline directives, --fix, exit codes. */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig, loadedConfig } from "../src/config.js";
import { lint } from "../src/engine/lint.js";
import { type DeferredLintPlugin, defineFileRule, type LintPlugin } from "../src/rule.js";
import { runLint } from "../src/run.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "engine");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-engine-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ruleIds = (result: Awaited<ReturnType<typeof lint>>, file: string) =>
  result.results
    .find((r) => r.filePath.endsWith(file))
    ?.diagnostics.map((d) => `${d.ruleId}:${d.severity}`) ?? [];

describe("configuration", () => {
  it("raises, silences and configures rules, and ignores paths, from ops-skill.config.json", async () => {
    const cwd = join(fixtures, "configured");
    const result = await lint({ paths: ["skills"], cwd });
    expect(ruleIds(result, "loud/SKILL.md")).toContain("spec/name-format:error");
    expect(ruleIds(result, "loud/SKILL.md")).not.toContain("codex/name-not-invocable:warning");
    expect(ruleIds(result, "quiet/SKILL.md")).toContain("quality/body-length:warning");
    expect(result.results.some((r) => r.filePath.includes("experimental"))).toBe(false);
  });

  it('reads the "ops-skill" key of package.json', async () => {
    const result = await lint({ paths: ["skills"], cwd: join(fixtures, "pkgjson") });
    expect(ruleIds(result, "demo/SKILL.md")).toContain("spec/name-matches-directory:error");
  });

  it("rejects unknown rules and bad severities with the file named", async () => {
    const dir = mkdtempSync(join(scratch, "bad-config-"));
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      join(dir, "ops-skill.config.json"),
      '{ "rules": { "codex/no-such-rule": "error" } }',
    );
    const outcome = await runLint({ paths: [], cwd: dir });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.errorOutput).toMatch(
      /ops-skill\.config\.json: unknown rule "codex\/no-such-rule"/,
    );
    writeFileSync(
      join(dir, "ops-skill.config.json"),
      '{ "rules": { "codex/name-fallback": "loud" } }',
    );
    await expect(loadConfig(dir)).rejects.toThrow(
      /ops-skill\.config\.json: rule "codex\/name-fallback": severity must be one of/,
    );
    for (const [types, message] of [
      ['"src/gen"', /"types" must be an object/],
      ['{ "outdir": "x" }', /unknown key "types\.outdir" \(expected "types\.outDir"\)/],
      ['{ "outDir": "" }', /"types\.outDir" must be a non-empty path/],
    ] as const) {
      writeFileSync(join(dir, "ops-skill.config.json"), `{ "types": ${types} }`);
      await expect(loadConfig(dir)).rejects.toThrow(message);
    }
    writeFileSync(join(dir, "ops-skill.config.json"), '{ "types": { "outDir": "src/gen" } }');
    expect((await loadConfig(dir)).config.types).toEqual({ outDir: "src/gen" });
    // Rule options are checked against the rule's schema, not silently ignored.
    writeFileSync(
      join(dir, "ops-skill.config.json"),
      '{ "rules": { "quality/body-length": ["warning", { "maxLines": "300" }] } }',
    );
    const wrongOption = await runLint({ paths: [], cwd: dir });
    expect(wrongOption.exitCode).toBe(2);
    expect(wrongOption.errorOutput).toMatch(
      /ops-skill\.config\.json: rule "quality\/body-length": option "maxLines" must be integer \(got "300"\)/,
    );
    writeFileSync(join(dir, "ops-skill.config.json"), "{ nope");
    expect((await runLint({ paths: [], cwd: dir })).errorOutput).toMatch(
      /ops-skill\.config\.json: invalid JSON/,
    );
  });
});

describe("inline directives", () => {
  it("suppress the next line only with a reason, and report a directive without one", async () => {
    const result = await lint({ paths: ["skills"], cwd: join(fixtures, "directives") });
    const diagnostics = result.results[0]?.diagnostics ?? [];
    const placeholders = diagnostics
      .filter((d) => d.ruleId === "quality/placeholder-text")
      .map((d) => d.line);
    expect(placeholders).toEqual([9, 12]);
    expect(
      diagnostics.filter((d) => d.ruleId === "quality/disable-reason").map((d) => d.line),
    ).toEqual([11]);
  });
});

describe("directives that cannot lie", () => {
  const cwd = join(fixtures, "directives-cannot-lie");
  const findings = async (skill: string, options: Partial<Parameters<typeof runLint>[0]> = {}) => {
    const outcome = await runLint({ paths: [`skills/${skill}`], cwd, format: "json", ...options });
    const [file] = JSON.parse(outcome.output) as {
      messages: { ruleId: string; severity: number; line: number }[];
    }[];
    return {
      exitCode: outcome.exitCode,
      found: file?.messages.map((m) => `${m.line} ${m.ruleId}:${m.severity}`),
    };
  };

  it("a disable without rule ids on line 1 hides neither itself nor Codex's refusal: exit 1", async () => {
    expect(await findings("line-one")).toEqual({
      exitCode: 1,
      found: ["1 codex/frontmatter-delimiters:2", "1 quality/invalid-directive:1"],
    });
  });

  it("a directive naming a codex/ error does not silence it", async () => {
    expect(await findings("codex-named")).toEqual({
      exitCode: 1,
      found: ["1 codex/frontmatter-delimiters:2", "1 quality/invalid-directive:1"],
    });
  });

  it("a `#` line in a bash block is not a directive", async () => {
    expect((await findings("bash-block")).found).toContain("9 ops/mutating-command:1");
  });

  it("no directive silences the findings about directives", async () => {
    expect((await findings("about-directives")).found).toEqual([
      "7 quality/invalid-directive:1",
      "7 quality/invalid-directive:1",
      "7 quality/invalid-directive:1",
      "8 quality/disable-reason:1",
      "8 quality/invalid-directive:1",
      "9 quality/placeholder-text:1",
    ]);
  });

  it("--report-unused-disable-directives[-severity] sets the severity of unused directives", async () => {
    expect(await findings("unused")).toEqual({
      exitCode: 0,
      found: ["7 quality/unused-directive:1"],
    });
    expect(await findings("unused", { reportUnusedDisableDirectives: "error" })).toEqual({
      exitCode: 1,
      found: ["7 quality/unused-directive:2"],
    });
    expect(await findings("unused", { reportUnusedDisableDirectives: "off" })).toEqual({
      exitCode: 0,
      found: [],
    });
  });

  it("knows a deferred plugin's rule ids, loading it only for a directive that may name one", async () => {
    const loads: string[] = [];
    const plugin: DeferredLintPlugin = {
      rulePrefix: "schema/",
      claims: () => false,
      needed: () => false,
      load: async () => {
        loads.push("schema");
        return {
          rules: [
            defineFileRule(
              { id: "schema/demo-check", description: "Demo.", defaultSeverity: "warning" },
              "demo",
              () => {},
            ),
          ],
          fileKinds: [],
        };
      },
    };
    await lint({ paths: ["skills/unused"], cwd, plugins: [plugin] });
    expect(loads).toEqual([]);
    const result = await lint({ paths: ["skills/deferred-ids"], cwd, plugins: [plugin] });
    expect(loads).toEqual(["schema"]);
    expect(
      result.results[0]?.diagnostics.map((d) => `${d.ruleId}: ${d.message.split(";")[0]}`),
    ).toEqual([
      "quality/invalid-directive: `ops-skill-disable` cannot silence schema/demo-check: directives in SKILL.md silence only the rules that read the skill itself, not those of Codex config, hooks or report schemas (even where they point at a line of SKILL.md).",
      'quality/invalid-directive: Unknown rule "schema/no-such-check" in `ops-skill-disable`',
    ]);
  });
});

describe("--fix", () => {
  it("applies every safe fix, writes once, and is idempotent", async () => {
    const project = join(scratch, "fixable");
    cpSync(join(fixtures, "fixable"), project, { recursive: true });
    const file = join(project, "skills", "needs-fixes", "SKILL.md");
    const before = await lint({ paths: ["skills"], cwd: project });
    expect(before.errorCount).toBeGreaterThan(0);
    const fixed = await lint({ paths: ["skills"], cwd: project, fix: true });
    expect(fixed.results[0]?.fixed).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(
      '---\nname: needs-fixes\ndescription: "Detect drift. Use when: the nightly plan runs."\n---\n# Needs fixes\n',
    );
    expect(fixed.errorCount).toBe(0);
    const again = await lint({ paths: ["skills"], cwd: project, fix: true });
    expect(again.results[0]?.fixed).toBe(false);
  });

  it("keeps the discovery findings of a file it fixes", async () => {
    const project = join(scratch, "fixable-hidden");
    cpSync(join(fixtures, "fixable"), join(project, "skills", ".drafts"), { recursive: true });
    const plain = await lint({ paths: ["skills"], cwd: project });
    const fixed = await lint({ paths: ["skills"], cwd: project, fix: true });
    const file = "needs-fixes/SKILL.md";
    expect(fixed.results.find((r) => r.filePath.endsWith(file))?.fixed).toBe(true);
    expect(ruleIds(plain, file)).toContain("codex/hidden-directory:error");
    expect(ruleIds(fixed, file)).toEqual(["codex/hidden-directory:error"]);
  });
});

describe("exit codes", () => {
  it("is 1 on errors, 1 over --max-warnings, else 0", async () => {
    const cwd = join(fixtures, "configured");
    expect((await runLint({ paths: ["skills/quiet"], cwd })).exitCode).toBe(0);
    expect((await runLint({ paths: ["skills/quiet"], cwd, maxWarnings: 0 })).exitCode).toBe(1);
    expect((await runLint({ paths: ["skills/loud"], cwd })).exitCode).toBe(1);
  });
});

describe("plugins", () => {
  const shouting = defineFileRule<string[]>(
    { id: "quality/no-shouting", description: "Lines in capitals.", defaultSeverity: "warning" },
    "note",
    ({ parsed, report }) => {
      parsed.forEach((line, index) => {
        if (line.length > 0 && line === line.toUpperCase())
          report({ message: "shouting", line: index + 1, column: 1 });
      });
    },
  );
  const notes: LintPlugin = {
    rules: [shouting],
    fileKinds: [
      {
        id: "note",
        matches: (path) => path.endsWith(".note"),
        discover: ({ dirs }) =>
          dirs.flatMap((dir) => ["a.note", "b.note"].map((name) => join(dir, "notes", name))),
        parse: ({ text }) => text.split("\n"),
      },
    ],
  };
  const cwd = join(fixtures, "plugin");
  const config = loadedConfig(cwd);

  it("lints the files a plugin's kind discovers, with its rules", async () => {
    const result = await lint({ paths: ["."], cwd, config, rules: [], plugins: [notes] });
    expect(
      result.results.map((r) => [
        r.filePath.split("/").pop(),
        r.diagnostics.map((d) => `${d.line}:${d.message}`),
      ]),
    ).toEqual([
      ["a.note", ["2:shouting"]],
      ["b.note", []],
    ]);
  });

  it("lints a file of the kind given as a path, and lets config turn its rules off", async () => {
    const given = await lint({ paths: ["notes/a.note"], cwd, config, rules: [], plugins: [notes] });
    expect(given.warningCount).toBe(1);
    const off = await lint({
      paths: ["notes/a.note"],
      cwd,
      config: loadedConfig(cwd, { rules: { "quality/no-shouting": "off" } }),
      rules: [],
      plugins: [notes],
    });
    expect(off.warningCount).toBe(0);
  });
});

describe("deferred plugins", () => {
  const cwd = join(fixtures, "plugin");
  const loads: string[] = [];
  const deferredNotes: DeferredLintPlugin = {
    rulePrefix: "notes/",
    claims: (path) => path.endsWith(".note"),
    needed: ({ dirs }) => dirs.some((dir) => dir.endsWith("notes")),
    load: async () => {
      loads.push("notes");
      return {
        rules: [
          defineFileRule<string>(
            { id: "quality/notes-empty", description: "Empty notes.", defaultSeverity: "warning" },
            "note",
            ({ parsed, report }) => {
              if (parsed.trim() === "") report({ message: "empty" });
            },
          ),
        ],
        fileKinds: [
          { id: "note", matches: (path) => path.endsWith(".note"), parse: ({ text }) => text },
        ],
      };
    },
  };
  const config = (rules: Record<string, "off" | "warning">) => loadedConfig(cwd, { rules });

  it("is not loaded when the run has none of its files, and config may name its rules", async () => {
    loads.length = 0;
    await lint({
      paths: ["."],
      cwd,
      config: config({ "notes/anything": "off" }),
      rules: [],
      plugins: [deferredNotes],
    });
    expect(loads).toEqual([]);
  });

  it("is loaded for a file it claims", async () => {
    loads.length = 0;
    const result = await lint({
      paths: ["notes/b.note"],
      cwd,
      config: config({}),
      rules: [],
      plugins: [deferredNotes],
    });
    expect(loads).toEqual(["notes"]);
    expect(result.results.map((r) => r.filePath.split("/").pop())).toEqual(["b.note"]);
  });
});

describe("files given by content, --debug, and files that are not regular", () => {
  const cwd = join(fixtures, "plugin");
  const config = loadedConfig(cwd);
  const loudNotes = defineFileRule<string>(
    { id: "quality/loud-note", description: "Loud notes.", defaultSeverity: "warning" },
    "note",
    ({ parsed, report }) => {
      if (parsed === parsed.toUpperCase()) report({ message: "loud" });
    },
  );
  const scanned: string[] = [];
  const jsonNotes: DeferredLintPlugin = {
    rulePrefix: "quality/loud-",
    claims: (path) => path.endsWith(".note"),
    sniff: ({ text }) =>
      text.includes('"note"') ? { kind: "note", why: 'it has a "note" key' } : undefined,
    scan: (skill) => scanned.push(skill.path),
    needed: () => false,
    load: async () => ({
      rules: [loudNotes],
      fileKinds: [
        {
          id: "note",
          matches: (path) => path.endsWith(".note"),
          parse: ({ text }) => {
            const parsed = text.trim().startsWith("{") ? JSON.parse(text) : { note: text };
            return String(parsed.note);
          },
        },
      ],
    }),
  };

  it("takes a .json file given for the kind a plugin recognises in its content", async () => {
    const debug: string[] = [];
    const result = await lint({
      paths: ["given/loud.json"],
      cwd,
      config,
      rules: [],
      plugins: [jsonNotes],
      debug: (line) => debug.push(line),
    });
    expect(result.results.map((r) => [r.filePath.split("/").pop(), r.diagnostics.length])).toEqual([
      ["loud.json", 1],
    ]);
    expect(debug).toEqual([`${join("given", "loud.json")}: note (it has a "note" key)`]);
  });

  it("says which .json files given it does not lint, and lints nothing else in their place", async () => {
    const outcome = await runLint({
      paths: ["given/other.json"],
      cwd,
      rules: [],
      plugins: [jsonNotes],
    });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.errorOutput).toMatch(
      /^ops-skill: given\/other\.json: not linted: JSON that is neither a JSON Schema .* nor a Codex hooks\.json/,
    );
    expect(outcome.output).not.toContain("other.json");
  });

  it("takes every file given for one kind when asked (schema check), and still walks folders", async () => {
    const debug: string[] = [];
    const result = await lint({
      paths: ["given/plain.txt", "notes"],
      cwd,
      config,
      rules: [],
      plugins: [jsonNotes],
      explicitFileKind: { kind: "note", why: "given to the note checker" },
      debug: (line) => debug.push(line),
    });
    expect(result.results.map((r) => r.filePath.split("/").pop())).toEqual(["plain.txt"]);
    expect(debug).toContain(`${join("given", "plain.txt")}: note (given to the note checker)`);
  });

  it("hands each skill to the plugins' scan while the skill is linted", async () => {
    scanned.length = 0;
    const skills = join(fixtures, "configured");
    await lint({
      paths: ["skills/quiet"],
      cwd: skills,
      config: loadedConfig(skills),
      rules: [],
      plugins: [jsonNotes],
    });
    expect(scanned.map((p) => p.split("/").slice(-2).join("/"))).toEqual(["quiet/SKILL.md"]);
  });

  it("never opens a FIFO: given, a usage error; found, skipped", async () => {
    const dir = mkdtempSync(join(scratch, "fifo-"));
    const fifo = join(dir, "pipe.note");
    execFileSync("mkfifo", [fifo]);
    await expect(
      lint({ paths: [fifo], cwd: dir, config, rules: [], plugins: [notesWith([])] }),
    ).rejects.toThrow(/^pipe\.note: is a FIFO$/);
    const debug: string[] = [];
    const found = await lint({
      paths: [dir],
      cwd: dir,
      config,
      rules: [],
      plugins: [notesWith([fifo])],
      debug: (line) => debug.push(line),
    });
    expect(found.results).toEqual([]);
    expect(debug).toEqual(["pipe.note: note (found), not read: is a FIFO"]);
  });

  function notesWith(found: string[]): LintPlugin {
    return {
      rules: [loudNotes],
      fileKinds: [
        {
          id: "note",
          matches: (path) => path.endsWith(".note"),
          discover: () => found,
          parse: ({ text }) => text,
        },
      ],
    };
  }
});
