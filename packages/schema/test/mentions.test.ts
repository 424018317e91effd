/**
 * Schemas by any name, followed from where they are mentioned: the `--output-schema` scanner,
 * the sniff of a JSON file given to `lint`, and `schema/unreadable-file` on a project whose
 * skill, scripts and workflow name schemas that exist, are missing, are a directory, a FIFO or
 * not JSON. The project is copied from fixtures/mentions/project with an empty `.git/` (its
 * root) and a FIFO made in place. No timing assertions: a scan that backtracked would fail the
 * long-input tests by their timeout.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type LintResult, lint, loadedConfig } from "@ops-skill/lint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deferredSchemaLintPlugin } from "../src/lint-plugin-deferred.js";
import {
  cdCommands,
  outputSchemaArguments,
  readShellWord,
  schemaFileNames,
} from "../src/mentions/scan.js";
import { inlineCodeSpans, MENTION_PATTERNS, schemaMentionsIn } from "../src/mentions/sources.js";
import { findBacktrackingRisk } from "../src/regex-safety.js";
import { sniffJsonSchema } from "../src/sniff.js";

const FIXTURE = join(import.meta.dirname, "fixtures", "mentions", "project");
const args = (text: string) => outputSchemaArguments(text).map((a) => a.value);
/** `${{ inputs.schema }}`, a GitHub Actions expression (not a template placeholder). */
const EXPRESSION = "$" + "{{ inputs.schema }}";

describe("outputSchemaArguments", () => {
  it.each([
    ["codex exec --output-schema report.json 'x'", ["report.json"]],
    ["codex exec --output-schema=reports/drift.json", ["reports/drift.json"]],
    ["codex exec --output-schema \\\n    schemas/a.json", ["schemas/a.json"]],
    ['codex exec --output-schema "my schema.json"', ["my schema.json"]],
    ["codex exec --output-schema 'it''s.json'", ["its.json"]],
    ['"--output-schema=quoted.json"', ["quoted.json"]],
    ['["codex", "exec", "--output-schema", "list.json"]', ["list.json"]],
    ["['--output-schema',\n   'py.json']", ["py.json"]],
    ['"--output-schema" bare.json', ["bare.json"]],
    ["codex exec --output-schema report.json; echo done", ["report.json"]],
    ["a --output-schema one.json && b --output-schema two.json", ["one.json", "two.json"]],
  ])("%j", (text, expected) => {
    expect(args(text)).toEqual(expected);
  });

  it.each([
    ["# codex exec --output-schema commented.json"],
    ["  // --output-schema commented.json"],
    ["echo hi # --output-schema trailing.json"],
    ["--output-schema-file other.json"],
    ["x--output-schema y.json"],
    ["codex exec --output-schema"],
    ["codex exec --output-schema\nnext-line.json"],
    ['["--output-schema", schema_path]'],
    ["codex exec --output-schema | tee"],
    ["codex exec --output-schema --json"],
  ])("nothing in %j", (text) => {
    expect(args(text)).toEqual([]);
  });

  it("keeps variables and substitutions as written, listed", () => {
    const [word] = outputSchemaArguments(
      `codex exec --output-schema "$(dirname "$0")/s.json" --output-schema ${EXPRESSION}`,
    );
    expect(word).toMatchObject({
      value: '$(dirname "$0")/s.json',
      expansions: ['$(dirname "$0")'],
    });
    expect(args(`--output-schema ${EXPRESSION}/x.json`)).toEqual([`${EXPRESSION}/x.json`]);
    expect(readShellWord("a$HOME`pwd`'b'", 0)).toMatchObject({
      value: "a$HOME`pwd`b",
      expansions: ["$HOME", "`pwd`"],
    });
  });

  it("gives offsets of the word as written", () => {
    const text = 'run --output-schema "a b.json" now';
    const [found] = outputSchemaArguments(text);
    expect(text.slice(found?.start, found?.end)).toBe('"a b.json"');
    expect(found?.flagStart).toBe(4);
  });

  it("reads a megabyte-long line and a megabyte-long token in one pass", () => {
    const long = `${"x".repeat(1_000_000)} --output-schema ${"y".repeat(1_000_000)}.json`;
    expect(args(long)).toHaveLength(1);
    const flags = "--output-schema ".repeat(200_000);
    expect(outputSchemaArguments(flags).length).toBe(0);
  });
});

describe("cdCommands", () => {
  it("finds cd and pushd where a command starts", () => {
    const text = "cd a && run\nif x; then cd b; fi\necho abcd cd\n(cd c)\npushd d\ncd\ncd -";
    expect(cdCommands(text).map((cd) => cd.target?.value ?? null)).toEqual([
      "a",
      "b",
      "c",
      "d",
      null,
      null,
    ]);
  });
});

describe("schemaFileNames", () => {
  it("finds paths ending in .schema.json the way the old pattern did", () => {
    expect(
      schemaFileNames(
        "see `../../schemas/drift-report.schema.json`, (x.schema.json) and .schema.json alone",
      ),
    ).toEqual(["../../schemas/drift-report.schema.json", "x.schema.json"]);
  });

  it("is linear on long tokens that backtracked the old pattern", () => {
    expect(schemaFileNames("a/".repeat(500_000))).toEqual([]);
    expect(schemaFileNames(`${"a.".repeat(300_000)}schema.json`)).toHaveLength(1);
    expect(schemaFileNames(".schema.json".repeat(100_000)).length).toBeLessThanOrEqual(1);
  });
});

describe("schemaMentionsIn", () => {
  it("leaves a path alone after a cd to a place only known when it runs, even lines before", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-skill-mentions-cd-"));
    try {
      mkdirSync(join(dir, ".git"));
      const skill = join(dir, ".agents", "skills", "a", "SKILL.md");
      const text =
        '---\nname: a\ndescription: d\n---\n\n```bash\ncd "$WORKDIR"\ncodex exec --output-schema schema.json "x"\n```\n';
      const [mention] = await schemaMentionsIn(skill, text);
      expect(mention).toMatchObject({ argument: "schema.json", line: 8, tried: [] });
      expect(mention?.unresolvable).toBe(
        "it follows `cd $WORKDIR`, which holds $WORKDIR, which is only known when it runs",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("inlineCodeSpans", () => {
  it("pairs backtick runs of the same length", () => {
    const line = "a `b` c ``d ` e`` f `g";
    expect(inlineCodeSpans(line).map(([from, to]) => line.slice(from, to))).toEqual(["b", "d ` e"]);
  });
});

describe("the regular expressions run over mentions", () => {
  it("cannot backtrack", () => {
    for (const pattern of MENTION_PATTERNS)
      expect(findBacktrackingRisk(pattern.source), pattern.source).toBeUndefined();
  });
});

describe("sniffJsonSchema", () => {
  it.each([
    ['{"$schema": "https://json-schema.org/draft/2020-12/schema"}', true],
    ['{"$schema": "http://json-schema.org/draft-07/schema#", "title": "x"}', true],
    ['{"type": "object"}', true],
    ['{"type": ["object", "null"]}', true],
    ['{"properties": {"a": {}}}', true],
    ['{\n  "type": "object",\n  "properties": {},\n}', true],
    ['{"name": "x", "type": "module", "version": "1.0.0"}', false],
    ['{"$schema": "https://biomejs.dev/schemas/2.6.8/schema.json", "files": {}}', false],
    ['{"$schema": "https://turbo.build/schema.json", "tasks": {}}', false],
    ['{"compilerOptions": {"strict": true}}', false],
    ["[1, 2]", false],
    ["not json", false],
    ["", false],
  ])("%s: %s", (text, isSchema) => {
    expect(sniffJsonSchema(text) !== undefined).toBe(isSchema);
  });
});

describe("schema/unreadable-file and the schemas mentions lead to", () => {
  let project: string;
  let result: LintResult;
  const findings = (rule: string) =>
    result.results.flatMap((r) =>
      r.diagnostics
        .filter((d) => d.ruleId === rule)
        .map((d) => `${relative(project, r.filePath)}:${d.line}:${d.column}`),
    );
  const message = (file: string, line: number) =>
    result.results
      .find((r) => r.filePath === join(project, file))
      ?.diagnostics.find((d) => d.line === line && d.ruleId === "schema/unreadable-file");

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), "ops-skill-mentions-"));
    cpSync(FIXTURE, project, { recursive: true });
    mkdirSync(join(project, ".git"));
    execFileSync("mkfifo", [join(project, "reports", "pipe.json")]);
    // 17 MiB that takes no room: a sparse file, only ever looked at with stat.
    execFileSync("truncate", ["-s", "17M", join(project, "reports", "huge.json")]);
    result = await lint({
      cwd: project,
      config: loadedConfig(project),
      rules: [],
      plugins: [deferredSchemaLintPlugin],
    });
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("reports every mention Codex cannot read, where it is written", () => {
    expect(findings("schema/unreadable-file")).toEqual([
      ".agents/skills/drift/scripts/run.py:5:53",
      ".agents/skills/drift/scripts/run.sh:5:28",
      ".agents/skills/drift/SKILL.md:10:29",
      ".agents/skills/drift/SKILL.md:14:28",
      ".agents/skills/drift/SKILL.md:16:19",
      ".agents/skills/drift/SKILL.md:19:28",
      ".agents/skills/drift/SKILL.md:21:28",
      ".agents/skills/drift/SKILL.md:22:28",
      ".agents/skills/drift/SKILL.md:23:28",
      ".github/workflows/drift.yml:15:38",
      ".github/workflows/drift.yml:18:41",
    ]);
  });

  it("words each as Codex does", () => {
    expect(message(".agents/skills/drift/SKILL.md", 10)?.message).toBe(
      '`--output-schema reports/missing.json` names no file: Codex exits 1 with "Failed to read output schema file reports/missing.json: No such file or directory (os error 2)". Looked for it from the project root and the skill\'s folder.',
    );
    expect(message(".agents/skills/drift/SKILL.md", 14)?.message).toBe(
      "`--output-schema reports/pipe.json` names a FIFO (from the project root): Codex waits for a writer and the run never starts.",
    );
    expect(message(".agents/skills/drift/SKILL.md", 16)?.message).toMatch(
      /^`--output-schema reports\/bad\.json` names a file that is not JSON \(from the project root\): Codex exits 1 with "Output schema file reports\/bad\.json is not valid JSON: \.\.\." /,
    );
    expect(message(".agents/skills/drift/SKILL.md", 19)?.message).toBe(
      '`--output-schema reports` names a directory (from the project root): Codex exits 1 with "Failed to read output schema file reports: Is a directory (os error 21)".',
    );
    expect(message(".agents/skills/drift/SKILL.md", 19)?.severity).toBe("error");
    expect(message(".agents/skills/drift/SKILL.md", 22)?.message).toBe(
      "`--output-schema reports/huge.json` names a file of 17.0 MiB (from the project root): more than ops-skill reads (16 MiB), and Codex sends the whole schema on every request.",
    );
    expect(message(".agents/skills/drift/SKILL.md", 23)?.message).toMatch(
      /^`--output-schema \/dev\/zero` names a character device, not a regular file: Codex reads it as a file and gets no schema/,
    );
  });

  it("follows a cd: on the same line surely, on an earlier line of a code block as one more place", () => {
    // `cd reports && codex exec --output-schema drift.json` resolves; the next line's
    // `review.json` is looked for below reports/ and where the block started.
    expect(message(".agents/skills/drift/SKILL.md", 20)).toBeUndefined();
    const review = message(".agents/skills/drift/SKILL.md", 21);
    expect(review?.message).toContain(
      "Looked for it from `reports` below the project root, `reports` below the skill's folder, the project root and the skill's folder after `cd reports`.",
    );
    expect(review?.hint).toBe(
      "The skill has references/review.json: give its path as seen from where `codex exec` runs (not `-C`).",
    );
    // A script's `cd "$(dirname "$0")"` is its own folder.
    expect(message(".agents/skills/drift/scripts/run.sh", 5)?.message).toContain(
      'Looked for it from the script\'s folder after `cd $(dirname "$0")`.',
    );
  });

  it("resolves a workflow step from its working-directory and $GITHUB_WORKSPACE from the root", () => {
    expect(message(".github/workflows/drift.yml", 15)?.message).toContain(
      "Looked for it from the step's working-directory `app`.",
    );
    expect(message(".github/workflows/drift.yml", 18)?.message).toContain(
      "Failed to read output schema file $GITHUB_WORKSPACE/reports/nope.json: No such file or directory (os error 2)",
    );
  });

  it("lints every regular file a mention names as a schema, whatever its name", () => {
    const linted = result.results
      .filter((r) => !r.filePath.endsWith("SKILL.md") && r.filePath.endsWith(".json"))
      .map((r) => relative(project, r.filePath));
    expect(linted).toEqual([
      ".agents/skills/drift/references/review.json",
      "reports/bad.json",
      "reports/drift.json",
      "reports/loose.json",
      "schemas/clean.schema.json",
    ]);
    const loose = result.results.find((r) => r.filePath.endsWith("loose.json"));
    expect(loose?.diagnostics.filter((d) => d.severity === "error")).toHaveLength(6);
    expect(findings("schema/invalid-json")).toEqual(["reports/bad.json:1:1"]);
  });

  it("never loads the checks for skills that name no schema", async () => {
    const plain = mkdtempSync(join(tmpdir(), "ops-skill-no-mentions-"));
    try {
      mkdirSync(join(plain, ".git"));
      mkdirSync(join(plain, ".agents", "skills", "a", "scripts"), { recursive: true });
      writeFileSync(
        join(plain, ".agents", "skills", "a", "SKILL.md"),
        "---\nname: a\ndescription: Use when testing that nothing is loaded for a plain skill.\n---\n\nRun `codex exec` now.\n",
      );
      writeFileSync(join(plain, ".agents", "skills", "a", "scripts", "x.sh"), "echo hi\n");
      const quiet = await lint({
        cwd: plain,
        config: loadedConfig(plain),
        rules: [],
        plugins: [deferredSchemaLintPlugin],
      });
      expect(quiet.rules.filter((r) => r.id.startsWith("schema/"))).toEqual([]);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
