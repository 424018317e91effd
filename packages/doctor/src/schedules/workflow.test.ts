import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CODEX_NPM_PACKAGE, CODEX_VERSION } from "@ops-skill/codex/version";
import { afterAll, describe, expect, it } from "vitest";
import { scheduledWorkflow } from "../../../create-ops-skill/src/schedule.js";
import { readSchedule } from "./index.js";

const fixtures = resolve(import.meta.dirname, "../../test/fixtures/schedules");
const root = join(fixtures, "repo");
const workflows = join(root, ".github/workflows");
/** A workflow expression, `${{ ... }}`. */
const gh = (expression: string) => `\${{ ${expression} }}`;
const TEMP_HOME = `${gh("runner.temp")}/codex-home`;
const names = (entries: { name: string; source: string; value?: string; secret?: string }[]) =>
  entries.map((e) => `${e.name}:${e.source}:${e.secret ?? e.value ?? ""}`);

describe("GitHub Actions workflow", () => {
  const temps: string[] = [];
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  it("reads the workflow a scaffold renders: cwd the checkout, the home its codex-home step writes", () => {
    const repo = mkdtempSync(join(tmpdir(), "doctor-scaffold-"));
    temps.push(repo);
    mkdirSync(join(repo, ".github/workflows"), { recursive: true });
    const file = join(repo, ".github/workflows/drift-check.yml");
    writeFileSync(
      file,
      scheduledWorkflow({
        name: "drift-check",
        cron: "0 6 * * 1-5",
        profile: "day-two",
        sandbox: undefined,
        prompt: "Use the $drift-check skill. It's nightly.",
        schemaPath: "schemas/drift-report.schema.json",
        exampleEnv: { CLUSTER: "staging" },
      }),
    );
    const read = readSchedule(file, { root: repo });
    expect(read.problems).toEqual([]);
    expect(read.invocations).toHaveLength(1);
    const [run] = read.invocations;
    expect(run?.source).toEqual({
      kind: "workflow",
      file,
      name: "drift-check.yml › run › Run drift-check",
    });
    expect(run?.argv).toEqual([
      "exec",
      "--profile",
      "day-two",
      "--output-schema",
      "schemas/drift-report.schema.json",
      "-o",
      "report.json",
      "Use the $drift-check skill. It's nightly.",
    ]);
    const lines = readFileSync(file, "utf8").split("\n");
    expect(lines[(run?.location.line ?? 0) - 1]).toContain("exec --profile day-two");
    expect(run?.argv).not.toContain(`${CODEX_NPM_PACKAGE}@${CODEX_VERSION}`);
    expect(run?.cwd).toBe(repo);
    expect(run?.cwdKnown).toBe(true);
    expect(run?.inheritsLoginEnv).toBe(true);
    expect(run?.prompt).toBe("Use the $drift-check skill. It's nightly.");
    expect(run?.options.profile).toBe("day-two");
    expect(run?.options.outputSchema).toBe("schemas/drift-report.schema.json");
    expect(run?.options.outputLastMessage).toBe("report.json");
    expect(names(run?.env ?? [])).toEqual([
      `CODEX_HOME:expression:${TEMP_HOME}`,
      "TMPDIR:expression:${{ runner.temp }}/codex-tmp",
      "CODEX_API_KEY:secret:OPENAI_API_KEY",
    ]);
    expect(run?.codexHome).toBeUndefined();
    expect(run?.codexHomeExpression).toBe(TEMP_HOME);
    expect(run?.codexHomeWrittenBy).toEqual({
      root: repo,
      profile: "day-two",
      location: { file, line: 25, column: 14 },
    });
    // The jq lines of the step after the run, in its order.
    const jqLine = (text: string) => lines.findIndex((line) => line.includes(text)) + 1;
    expect(run?.reportUses.map((u) => [u.file, u.jqPaths, u.location.line])).toEqual([
      ["report.json", [".status"], jqLine("jq -er '.status'")],
      ["report.json", [], jqLine("jq . report.json")],
      ["report.json", [".summary"], jqLine("jq -r '.summary'")],
    ]);
    expect(run?.frequency?.cron).toBe("0 6 * * 1-5");
    expect(run?.frequency?.runsPerMonth).toBe(21.5);
    expect(run?.runner).toBe("ubuntu-latest");
  });

  it("reads env at three levels, defaults.run and step working-directory, global options and jq steps", () => {
    const file = join(workflows, "nightly.yml");
    const read = readSchedule(file, { root });
    expect(read.problems).toEqual([]);
    const [drift, elsewhere] = read.invocations;
    expect(drift?.location).toEqual({ file, line: 28, column: 11 });
    expect(drift?.argv.slice(0, 3)).toEqual(["-s", "read-only", "exec"]);
    expect(drift?.options.sandbox).toBe("read-only");
    expect(drift?.options.config).toEqual([
      {
        key: "sandbox_workspace_write.network_access",
        raw: "true",
        location: { file, line: 30, column: 16 },
      },
    ]);
    // ${{ env.REGION }} is a value the workflow writes.
    expect(drift?.prompt).toBe("Use the drift-check skill in eu-west-1");
    expect(drift?.cwd).toBe(join(root, "ops"));
    expect(names(drift?.env ?? [])).toEqual([
      `CODEX_HOME:expression:${TEMP_HOME}`,
      "KUBECONFIG:literal:/etc/kube/staging.yaml",
      "OPENAI_API_KEY:secret:OPENAI_API_KEY",
      "EMPTY_TOKEN:empty:",
      "SLACK_TOKEN:secret:SLACK_TOKEN",
      "REGION:literal:eu-west-1",
    ]);
    expect(drift?.env[2]?.location).toEqual({ file, line: 16, column: 7 });
    expect(drift?.codexHomeWrittenBy?.location.line).toBe(21);
    expect(drift?.reportUses.map((u) => [u.file, u.jqPaths, u.location])).toEqual([
      ["report.json", [".status"], { file, line: 37, column: 11 }],
      ["report.json", [".summary"], { file, line: 38, column: 19 }],
    ]);
    expect(drift?.runner).toBe("self-hosted, linux");
    // An expression working directory: cwd as written, not known; pwsh steps are not read.
    expect(elsewhere?.cwd).toBe(`${gh("matrix.dir")}/sub`);
    expect(elsewhere?.cwdKnown).toBe(false);
    expect(read.invocations).toHaveLength(2);
  });

  it("reads a guide-style workflow: codex_token: $ is empty, output.json is read but never written", () => {
    const file = join(workflows, "guide.yml");
    const read = readSchedule(file, { root });
    expect(read.problems).toEqual([]);
    const [action, step] = read.invocations;
    expect(action?.location).toEqual({ file, line: 15, column: 15 });
    expect(names(action?.actionInputs ?? [])).toEqual([
      "codex_token:empty:$",
      "prompt:literal:Run the dependency-audit skill and answer in JSON",
    ]);
    expect(action?.options.outputLastMessage).toBeUndefined();
    expect(action?.options.sandbox).toBe("workspace-write");
    expect(action?.reportUses).toEqual([
      {
        file: "output.json",
        jqPaths: [".findings[]", ".severity"],
        location: { file, line: 21, column: 11 },
      },
    ]);
    expect(names(step?.env ?? [])).toEqual(["OPENAI_API_KEY:empty:$"]);
    expect(step?.stdoutFile).toBe("output.txt");
    expect(step?.reportUses.map((u) => [u.file, u.jqPaths])).toEqual([
      ["output.json", [".summary"]],
    ]);
  });

  it("reads the codex action's inputs as its action.yml defines them", () => {
    const file = join(workflows, "action.yaml");
    const read = readSchedule(file, { root });
    expect(read.problems).toEqual([]);
    const [full, defaults] = read.invocations;
    expect(full?.argv).toEqual([
      "exec",
      "--profile",
      "day-two",
      "--skip-git-repo-check",
      "--sandbox",
      "workspace-write",
      "--model",
      "gpt-5",
      "--output-schema",
      "schemas/drift.schema.json",
      "--output-last-message",
      "codex-output.json",
    ]);
    expect(full?.options.profile).toBe("day-two");
    expect(full?.options.skipGitRepoCheck).toBe(true);
    expect(full?.cwd).toBe(join(root, "ops"));
    expect(full?.prompt).toBe("Use the drift-check skill on the staging cluster.\n");
    expect(full?.codexHomeExpression).toBe(TEMP_HOME);
    expect(full?.actionInputs?.[0]).toMatchObject({
      name: "openai-api-key",
      source: "secret",
      secret: "OPENAI_API_KEY",
    });
    // Two cron lines: their runs add up.
    expect(full?.frequency?.cron).toBe("0 */6 * * *, 30 12 * * 6");
    expect(full?.frequency?.runsPerMonth).toBe(124.3);
    expect(defaults?.options.strictConfig).toBe(true);
    expect(defaults?.options.config.map((c) => [c.key, c.raw])).toEqual([
      ["model_reasoning_effort", '"low"'],
    ]);
    // A prompt with an expression cannot be read statically.
    expect(defaults?.prompt).toBeUndefined();
    expect(defaults?.reportUses.map((u) => u.file)).toEqual(["codex-output.json"]);
  });

  it("gives later steps what a step appends to $GITHUB_ENV", () => {
    const file = join(workflows, "github-env.yml");
    const read = readSchedule(file, { root });
    expect(read.problems).toEqual([]);
    const [run] = read.invocations;
    expect(names(run?.env ?? [])).toEqual([
      "CODEX_HOME:expression:$RUNNER_TEMP/codex-home",
      "REPORT:literal:report.json",
      "OPENAI_API_KEY:secret:OPENAI_API_KEY",
    ]);
    expect(run?.env[0]?.location).toEqual({ file, line: 12, column: 16 });
    expect(run?.options.outputLastMessage).toBe("report.json");
    expect(run?.codexHomeExpression).toBe("$RUNNER_TEMP/codex-home");
    expect(run?.codexHomeWrittenBy?.location).toEqual({ file, line: 14, column: 11 });
    expect(run?.reportUses.map((u) => [u.file, u.jqPaths])).toEqual([["report.json", [".status"]]]);
  });

  it("names the line of YAML GitHub cannot parse", () => {
    const file = join(fixtures, "workflows/invalid.yml");
    const read = readSchedule(file, { root });
    expect(read.invocations).toEqual([]);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]?.location).toEqual({ file, line: 3, column: 1 });
    expect(read.problems[0]?.message).toMatch(/^not valid YAML, GitHub cannot run this workflow: /);
    const list = join(fixtures, "workflows/not-a-map.yml");
    expect(readSchedule(list, { root }).problems).toEqual([
      {
        location: { file: list, line: 1, column: 1 },
        message: "a workflow is a mapping with `on` and `jobs`",
      },
    ]);
  });

  it("reads the other steps when one cannot be read", () => {
    const file = join(fixtures, "workflows/bad-step.yml");
    const read = readSchedule(file, { root });
    expect(read.invocations.map((i) => i.prompt)).toEqual(["still read"]);
    expect(read.invocations[0]?.frequency).toBeUndefined();
    expect(read.problems.map((p) => [p.location.line, p.location.column, p.message])).toEqual([
      [
        4,
        13,
        'GitHub cannot run this schedule: "99 * * * *": Constraint error, got value 99 expected range 0-59',
      ],
      [11, 22, "the shell cannot parse this: unterminated double quote"],
      [14, 11, "`run` is not a string of shell"],
      [
        16,
        20,
        "codex refuses this command line: invalid value 'none' for '--sandbox <SANDBOX_MODE>'",
      ],
      [19, 6, "job `b` is not a mapping (runs-on, steps)"],
    ]);
  });
});
