// The CI kit: `action.yml` (the composite GitHub Action) and `.pre-commit-hooks.yaml`, checked
// against their formats, and run. The action's `run:` scripts run here with bash as the runner
// runs them (`bash --noprofile --norc -eo pipefail`, each step's `env:` evaluated from the
// inputs, step outputs through $GITHUB_OUTPUT), against a fixture repository, with the built
// CLI in place of the npm package (`OPS_SKILL_BIN`). The pre-commit hooks' entries run with the
// built CLI on the files their `files` patterns pick from the repository.
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parse } from "yaml";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "packages", "cli", "bin", "run.js");
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "ops-skill-action-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Input {
  description?: string;
  required?: boolean;
  default?: string;
}
interface Step {
  id?: string;
  name?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
  if?: string;
}
interface Action {
  name?: string;
  description?: string;
  inputs: Record<string, Input>;
  outputs: Record<string, { description?: string; value?: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as Action;
const steps = action.runs.steps;
const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

/** The value of one expression of a step's `env:`: only the forms the action may use. */
function evaluate(
  expression: string,
  inputs: Record<string, string>,
  outputs: Record<string, Record<string, string>>,
): string {
  let match = /^inputs\.([a-z][a-z-]*)$/.exec(expression);
  if (match) {
    const name = match[1] as string;
    if (!(name in action.inputs)) throw new Error(`undeclared input ${name}`);
    return inputs[name] ?? action.inputs[name]?.default ?? "";
  }
  if (expression === "github.action_path") return ROOT;
  match = /^steps\.([a-z-]+)\.outputs\.([a-z-]+)$/.exec(expression);
  if (match) return outputs[match[1] as string]?.[match[2] as string] ?? "";
  throw new Error(`an expression the action may not use in env: ${expression}`);
}

/**
 * Every `$NAME` / `${NAME}` expansion in `script` outside double quotes (or in single quotes,
 * where it expands to nothing): word splitting and globbing would apply to it.
 */
function unquotedExpansions(script: string): string[] {
  const found: string[] = [];
  // Quoting contexts: "(" a command substitution (unquoted again inside), '"' double quotes.
  const stack: ("(" | '"')[] = [];
  const top = () => stack[stack.length - 1];
  for (let k = 0; k < script.length; k++) {
    const c = script[k];
    if (c === "\\") {
      k++;
      continue;
    }
    if (top() === '"') {
      if (c === '"') stack.pop();
      else if (c === "$" && script[k + 1] === "(") {
        stack.push("(");
        k++;
      }
      continue;
    }
    if (c === "'") {
      const end = script.indexOf("'", k + 1);
      k = end < 0 ? script.length : end;
      continue;
    }
    if (c === "#" && (k === 0 || /\s/.test(script[k - 1] as string))) {
      while (k < script.length && script[k] !== "\n") k++;
      continue;
    }
    if (c === '"') stack.push('"');
    else if (c === ")" && top() === "(") stack.pop();
    else if (c === "$") {
      if (script[k + 1] === "(") {
        stack.push("(");
        k++;
        continue;
      }
      const name = /^(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)/.exec(script.slice(k + 1));
      if (name) found.push(`$${name[1]}`);
    }
  }
  return found;
}

interface StepRun {
  id: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the action's steps in `cwd` as a runner would; stops at the first failed step. */
function runAction(cwd: string, inputs: Record<string, string>) {
  const outputs: Record<string, Record<string, string>> = {};
  const ran: StepRun[] = [];
  const temp = mkdtempSync(join(scratch, "runner-"));
  for (const step of steps) {
    const id = step.id as string;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: join(temp, "home"),
      NO_COLOR: "1",
      CI: "true",
      GITHUB_ACTIONS: "true",
      RUNNER_TEMP: temp,
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_OUTPUT: join(temp, `${id}.output`),
      OPS_SKILL_BIN: CLI,
    };
    for (const [name, value] of Object.entries(step.env ?? {})) {
      env[name] = value.replace(EXPRESSION, (_, expression: string) =>
        evaluate(expression, inputs, outputs),
      );
    }
    writeFileSync(env.GITHUB_OUTPUT as string, "");
    const script = join(temp, `${id}.sh`);
    writeFileSync(script, step.run as string);
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    ran.push({ id, code: result.status, stdout: result.stdout, stderr: result.stderr });
    outputs[id] = Object.fromEntries(
      readFileSync(env.GITHUB_OUTPUT as string, "utf8")
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    if (result.status !== 0) break;
  }
  const byId = (id: string) => ran.find((step) => step.id === id);
  return { ran, outputs, byId, failed: ran.find((step) => step.code !== 0) };
}

/** A repository with the demo skill of the testing fixtures, its passing scenario thrice. */
function fixtureRepo(name: string): string {
  const repo = join(scratch, name);
  const demo = join(ROOT, "packages", "testing", "test", "fixtures", "skills", "demo");
  mkdirSync(join(repo, "skills", "demo", "tests"), { recursive: true });
  execFileSync("git", ["init", "--quiet", repo]);
  cpSync(join(demo, "SKILL.md"), join(repo, "skills", "demo", "SKILL.md"));
  for (const scenario of ["a", "b", "c"]) {
    cpSync(join(demo, "tests", "drift"), join(repo, "skills", "demo", "tests", scenario), {
      recursive: true,
    });
  }
  return repo;
}

describe("action.yml", () => {
  test("is a composite action with the documented inputs, each described, each used", () => {
    expect(action.name).toBe("ops-skill");
    expect(action.description).toBeTruthy();
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs).sort()).toEqual(
      ["command", "engine", "junit-file", "paths", "sarif-file", "shard", "version"].sort(),
    );
    expect(action.inputs.command?.default).toBe("all");
    expect(action.inputs["sarif-file"]?.default).toBe("ops-skill.sarif");
    expect(action.inputs["junit-file"]?.default).toBe("ops-skill-junit.xml");
    expect(action.inputs.version?.default).toBe("");
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(input.required, name).toBe(false);
    }
    const text = readFileSync(join(ROOT, "action.yml"), "utf8");
    const used = new Set([...text.matchAll(/\binputs\.([a-z][a-z-]*)/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
    const ids = steps.map((step) => step.id);
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.description, name).toBeTruthy();
      const step = /^\$\{\{ steps\.([a-z-]+)\.outputs\.[a-z-]+ \}\}$/.exec(output.value ?? "");
      expect(step, name).not.toBeNull();
      expect(ids).toContain(step?.[1]);
    }
  });

  test("its scripts take inputs only through env, quoted: no expression inside a script", () => {
    for (const step of steps) {
      expect(step.id).toMatch(/^[a-z-]+$/);
      expect(step.shell, step.id).toBe("bash");
      expect(step.run, step.id).toBeDefined();
      expect(step.run, step.id).not.toContain("${{");
      expect(unquotedExpansions(step.run as string), step.id).toEqual([]);
      // Each variable the script reads is given by the step's env or by the runner.
      const runner = ["GITHUB_OUTPUT", "RUNNER_TEMP", "OPS_SKILL_BIN"];
      for (const [, name] of (step.run as string).matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)) {
        const given = Object.keys(step.env ?? {}).includes(name as string);
        expect(given || runner.includes(name as string), `${step.id}: $${name}`).toBe(true);
      }
      for (const value of Object.values(step.env ?? {})) {
        for (const [, expression] of value.matchAll(EXPRESSION)) {
          expect(() => evaluate(expression as string, {}, {})).not.toThrow();
        }
      }
    }
    // The checker itself: it sees an unquoted expansion, and none in quotes or comments.
    const sample = ["echo $A \"$B\" '$C' # $D", "x=$" + '{E} "$(f "$G" $H)" $(i $J)'];
    expect(unquotedExpansions(sample.join("\n"))).toEqual(["$A", "$" + "{E}", "$H", "$J"]);
  });

  test("all: lint writes SARIF and annotations, test writes JUnit; a clean repository passes", () => {
    const repo = fixtureRepo("clean");
    const run = runAction(repo, { paths: "skills" });
    expect(run.failed).toBeUndefined();
    expect(run.ran.map((step) => step.id)).toEqual(["install", "lint", "test", "result"]);
    const cli = JSON.parse(readFileSync(join(ROOT, "packages", "cli", "package.json"), "utf8"));
    expect(run.byId("install")?.stdout).toMatch(
      new RegExp(`^${cli.name}/${cli.version} .*\\(verdicts of Codex `, "m"),
    );
    expect(run.outputs.lint).toEqual({ "sarif-file": "ops-skill.sarif", "exit-code": "0" });
    const sarif = JSON.parse(readFileSync(join(repo, "ops-skill.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results).toEqual([]);
    expect(run.outputs.test).toEqual({ "junit-file": "ops-skill-junit.xml", "exit-code": "0" });
    const junit = readFileSync(join(repo, "ops-skill-junit.xml"), "utf8");
    expect(junit).toMatch(/^<\?xml/);
    expect([...junit.matchAll(/<testcase\b/g)]).toHaveLength(3);
  });

  test("a lint error and a failed scenario: annotations, both reports, the job fails", () => {
    const repo = fixtureRepo("failing");
    const skill = join(repo, "skills", "demo", "SKILL.md");
    // No frontmatter: Codex refuses the skill (an error); a golden that is not the report.
    writeFileSync(skill, readFileSync(skill, "utf8").replace(/^---\n/, ""));
    const golden = join(repo, "skills", "demo", "tests", "b", "report.json");
    writeFileSync(golden, readFileSync(golden, "utf8").replace('"critical"', '"ok"'));
    const run = runAction(repo, {
      paths: "skills",
      "sarif-file": "out/lint.sarif",
      "junit-file": "junit.xml",
    });
    // out/ does not exist: the SARIF file cannot be written, a usage error.
    expect(run.ran.map((step) => [step.id, step.code])).toEqual([
      ["install", 0],
      ["lint", 2],
    ]);
    expect(run.byId("lint")?.stdout).toContain("::error title=ops-skill lint::cannot write");
    mkdirSync(join(repo, "out"));
    const again = runAction(repo, {
      paths: "skills",
      "sarif-file": "out/lint.sarif",
      "junit-file": "junit.xml",
    });
    expect(again.ran.map((step) => [step.id, step.code])).toEqual([
      ["install", 0],
      ["lint", 0],
      ["test", 0],
      ["result", 1],
    ]);
    expect(again.outputs.lint?.["exit-code"]).toBe("1");
    expect(again.byId("lint")?.stdout).toMatch(/^::error file=skills\/demo\/SKILL\.md,line=1/m);
    const sarif = JSON.parse(readFileSync(join(repo, "out", "lint.sarif"), "utf8"));
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(again.outputs.test?.["exit-code"]).toBe("1");
    expect(again.byId("test")?.stdout).toMatch(/^::error /m);
    expect(readFileSync(join(repo, "junit.xml"), "utf8")).toMatch(/<failure\b/);
    expect(again.byId("result")?.stdout).toContain("ops-skill lint found errors (exit 1)");
  });

  test("test with a shard, lint only, and inputs that are not commands", () => {
    const repo = fixtureRepo("shards");
    const names: string[] = [];
    for (const shard of ["1/2", "2/2"]) {
      const run = runAction(repo, { command: "test", shard, "junit-file": `j-${shard[0]}.xml` });
      expect(run.failed).toBeUndefined();
      expect(run.outputs.lint).toEqual({});
      const junit = readFileSync(join(repo, `j-${shard[0]}.xml`), "utf8");
      for (const [, name] of junit.matchAll(/<testcase\b[^>]*?\sname="([^"]+)"/g))
        names.push(name as string);
    }
    expect(names.sort()).toEqual(["a", "b", "c"]);
    expect(existsSync(join(repo, "ops-skill.sarif"))).toBe(false);

    // Input that looks like shell is a path to lint, never run; lint says it does not exist.
    const hostile = runAction(repo, { command: "lint", paths: "$(touch pwned) `touch pwned2`" });
    expect(existsSync(join(repo, "pwned"))).toBe(false);
    expect(existsSync(join(repo, "pwned2"))).toBe(false);
    expect(hostile.byId("lint")?.code).toBe(2);
    expect(hostile.byId("test")).toBeUndefined();

    // A word of `paths` is never a flag: no `-o` of the attacker's, no `--fix`.
    const flags = runAction(repo, { command: "lint", paths: "-o pwned.txt --fix skills" });
    expect(existsSync(join(repo, "pwned.txt"))).toBe(false);
    expect(flags.byId("lint")?.code).toBe(2);
    expect(flags.byId("lint")?.stderr).toContain("no such file or directory: -o");

    // An input's new line cannot start a workflow command or forge an output.
    const forged = runAction(repo, { command: "deploy\n::warning::forged" });
    expect(forged.byId("install")?.code).toBe(2);
    expect(forged.byId("install")?.stdout).not.toMatch(/^::warning::forged/m);
    expect(forged.byId("install")?.stdout).toContain('not "deploy%0A::warning::forged"');
    const output = runAction(repo, { command: "lint", "sarif-file": "x.sarif\nexit-code=0" });
    expect(output.byId("lint")?.code).toBe(2);
    expect(output.outputs.lint).toEqual({});
    expect(output.byId("lint")?.stdout).toContain("::error title=ops-skill lint::");
    const junit = runAction(repo, { command: "test", "junit-file": "j.xml\rjunit-file=x" });
    expect(junit.byId("test")?.code).toBe(2);
    expect(junit.outputs.test).toEqual({});

    const bad = runAction(repo, { command: "deploy" });
    expect(bad.ran.map((step) => [step.id, step.code])).toEqual([["install", 2]]);
    expect(bad.byId("install")?.stdout).toContain(
      '::error title=ops-skill::command must be lint, test or all, not "deploy"',
    );
    const shard = runAction(repo, { command: "test", shard: "3/2" });
    expect(shard.byId("test")?.code).toBe(2);
  });
});

test("docs/examples/ops-skill.yml uses the action with declared inputs and outputs only", () => {
  const workflow = parse(readFileSync(join(ROOT, "docs", "examples", "ops-skill.yml"), "utf8")) as {
    jobs: Record<string, { steps: (Step & { with?: Record<string, string> })[] }>;
  };
  const jobSteps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const uses = jobSteps.filter((step) => step.uses === "ops-skill/ops-skill@v0");
  expect(uses).toHaveLength(1);
  const [step] = uses as [Step & { with?: Record<string, string> }];
  for (const name of Object.keys(step.with ?? {}))
    expect(Object.keys(action.inputs)).toContain(name);
  const text = readFileSync(join(ROOT, "docs", "examples", "ops-skill.yml"), "utf8");
  const outputs = [...text.matchAll(/steps\.ops-skill\.outputs\.([a-z-]+)/g)].map((m) => m[1]);
  expect(outputs.length).toBeGreaterThan(0);
  for (const name of outputs) expect(Object.keys(action.outputs)).toContain(name);
});

describe(".pre-commit-hooks.yaml", () => {
  interface Hook {
    id: string;
    name: string;
    entry: string;
    language: string;
    files: string;
    additional_dependencies?: string[];
  }
  const hooks = parse(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Hook[];
  const version = JSON.parse(readFileSync(join(ROOT, "packages", "cli", "package.json"), "utf8"))
    .version as string;

  test("two node hooks, pinned to this version, whose patterns pick the right files", () => {
    expect(hooks.map((hook) => hook.id)).toEqual(["ops-skill-lint", "ops-skill-schema-check"]);
    for (const hook of hooks) {
      expect(hook.name).toBeTruthy();
      expect(hook.language).toBe("node");
      // `--` ends the flags: a staged file named like a flag (`-o/SKILL.md`) is a path.
      expect(hook.entry).toMatch(/^ops-skill (lint|schema check) --$/);
      expect(hook.additional_dependencies).toEqual([`ops-skill@${version}`]);
    }
    const picks = (id: string, path: string) =>
      new RegExp(hooks.find((hook) => hook.id === id)?.files as string).test(path);
    for (const path of [
      "skills/drift-check/SKILL.md",
      ".agents/skills/x/SKILL.md",
      ".codex/config.toml",
      ".codex/hooks.json",
      ".codex/day-two.config.toml",
      "schedule/day-two.config.toml",
      "schemas/drift-report.schema.json",
    ])
      expect(picks("ops-skill-lint", path), path).toBe(true);
    for (const path of ["README.md", "skill.md", "package.json", "config.toml", "a/hooks.json"])
      expect(picks("ops-skill-lint", path), path).toBe(false);
    expect(picks("ops-skill-schema-check", "schemas/drift-report.schema.json")).toBe(true);
    expect(picks("ops-skill-schema-check", "schemas/generated/drift-report.js")).toBe(false);
  });

  test("each entry, run as pre-commit runs it on the repository's files, passes", () => {
    const files = execFileSync(
      "git",
      ["ls-files", "-z", "skills", "schemas", "schedule", ".codex"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    )
      .split("\0")
      .filter(Boolean);
    for (const hook of hooks) {
      const picked = files.filter((file) => new RegExp(hook.files).test(file));
      expect(picked.length, hook.id).toBeGreaterThan(0);
      const argv = [CLI, ...hook.entry.split(" ").slice(1), ...picked];
      const run = spawnSync(process.execPath, argv, {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
      expect(run.stderr, hook.id).toBe("");
      expect(run.status, `${hook.id}: ${run.stdout}`).toBe(0);
    }
  });

  test("a staged file whose path starts like a flag is linted as a path", () => {
    const repo = join(scratch, "dash");
    // Without `--`, `-oout/SKILL.md` is `-o out/SKILL.md`: the report would be written there.
    mkdirSync(join(repo, "-oout"), { recursive: true });
    execFileSync("git", ["init", "--quiet", repo]);
    writeFileSync(
      join(repo, "-oout", "SKILL.md"),
      "---\nname: -oout\ndescription: Checks things. Use when asked.\n---\n\n# x\n",
    );
    const hook = hooks.find((h) => h.id === "ops-skill-lint") as Hook;
    expect(new RegExp(hook.files).test("-oout/SKILL.md")).toBe(true);
    const run = spawnSync(
      process.execPath,
      [CLI, ...hook.entry.split(" ").slice(1), "-oout/SKILL.md"],
      { cwd: repo, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(existsSync(join(repo, "out"))).toBe(false);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("-oout/SKILL.md");
  });
});
