/**
 * `internal/ignored` is reported by `runLint`, not by a rule's check: stdin named with
 * `--stdin-filename` that the config's `ignores` drop is not linted, and the result says so
 * with this one warning, as ESLint's; `--no-ignore` lints it.
 */
import { describe, expect, it } from "vitest";
import { scratchProjects } from "../../../../../test/support/project.js";
import { runLint } from "../../run.js";
import rule from "./ignored.js";

const { project } = scratchProjects("ops-skill-ignored-");
const bad = new TextEncoder().encode("---\nname: wip\n---\n\n# wip\n");

describe(rule.meta.id, () => {
  const cwd = project({
    "ops-skill.config.json": '{ "ignores": ["skills/experimental/**"] }',
  });
  const lintStdin = (filename: string, more: { noIgnore?: boolean; quiet?: boolean } = {}) =>
    runLint({ paths: [], cwd, format: "json", stdin: { bytes: bad, filename }, ...more });

  it("an ignored --stdin-filename: one warning, nothing linted, exit 0", async () => {
    const outcome = await lintStdin("skills/experimental/wip/SKILL.md");
    expect(outcome.exitCode).toBe(0);
    expect(outcome.errorOutput).toBe("");
    expect(JSON.parse(outcome.output)).toEqual([
      {
        filePath: `${cwd}/skills/experimental/wip/SKILL.md`,
        messages: [
          {
            ruleId: "internal/ignored",
            severity: 1,
            message:
              'File ignored because of a matching ignore pattern. Use "--no-ignore" to disable file ignore settings.',
            line: 1,
            column: 1,
            endLine: 1,
            endColumn: 1,
          },
        ],
        suppressedMessages: [],
        errorCount: 0,
        fatalErrorCount: 0,
        warningCount: 1,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        usedDeprecatedRules: [],
      },
    ]);
  });

  it("counts toward --max-warnings, even with --quiet, as in ESLint", async () => {
    const outcome = await runLint({
      paths: [],
      cwd,
      stdin: { bytes: bad, filename: "skills/experimental/wip/SKILL.md" },
      maxWarnings: 0,
      quiet: true,
    });
    expect(outcome.exitCode).toBe(1);
  });

  it("a file ignores do not drop, or --no-ignore: linted as usual", async () => {
    for (const outcome of [
      await lintStdin("skills/wip/SKILL.md"),
      await lintStdin("skills/experimental/wip/SKILL.md", { noIgnore: true }),
    ]) {
      expect(outcome.exitCode).toBe(1);
      const [file] = JSON.parse(outcome.output) as { messages: { ruleId: string }[] }[];
      expect(file?.messages.map((m) => m.ruleId)).toContain("codex/description-missing");
    }
  });

  it("cannot be configured", async () => {
    const configured = project({
      "ops-skill.config.json": '{ "rules": { "internal/ignored": "off" } }',
      "skills/a/SKILL.md": "---\nname: a\ndescription: Checks a. Use when asked.\n---\n",
    });
    const outcome = await runLint({ paths: ["skills"], cwd: configured });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.errorOutput).toContain('"internal/ignored" cannot be configured');
  });
});
