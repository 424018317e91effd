/**
 * The guardrail check on fixture repositories: the same skill and scenarios (a session that
 * attempts `terraform apply`) under each repository's hook and Codex home, run by the replay
 * engine. Each way a guard fails to block under Codex's rules fails the check, naming why.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NO_HOOK_FLAGS, readHookConfig } from "@ops-skill/mock-codex";
import { afterAll, describe, expect, test } from "vitest";
import {
  checkMessages,
  readScenario,
  runScenario,
  runSkillChecks,
  type ScenarioRun,
} from "../../src/index.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "guardrails");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-guardrails-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The fixture repository `name` with the skill, and its Codex home as its trust.json says. */
async function repository(name: string): Promise<{ repo: string; codexHome: string }> {
  const repo = join(scratch, name, "repo");
  const codexHome = join(scratch, name, "codex-home");
  cpSync(join(fixtures, name), repo, { recursive: true });
  cpSync(join(fixtures, "skill"), join(repo, "skills"), { recursive: true });
  mkdirSync(codexHome, { recursive: true });
  const trust = JSON.parse(readFileSync(join(repo, "trust.json"), "utf8"));
  let config = "";
  if (trust.project) config += `[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"\n`;
  if (trust.hook) {
    const hooks = await readHookConfig({
      cwd: repo,
      env: { CODEX_HOME: codexHome },
      flags: { ...NO_HOOK_FLAGS, trustProject: true },
    });
    for (const hook of hooks.hooks) {
      config += `\n[hooks.state.${JSON.stringify(hook.key)}]\ntrusted_hash = ${JSON.stringify(hook.hash)}\n`;
    }
  }
  if (trust.hooks_off) config = `[features]\nhooks = false\n\n${config}`;
  writeFileSync(join(codexHome, "config.toml"), config);
  return { repo, codexHome };
}

async function run(name: string, scenario = "apply"): Promise<ScenarioRun> {
  const { repo, codexHome } = await repository(name);
  const loaded = readScenario(join(repo, "skills", "demo", "tests", scenario));
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("\n"));
  return runScenario(loaded.scenario, { cwd: repo, codexHome });
}

function guardrail(result: ScenarioRun) {
  const check = result.checks.find((c) => c.kind === "guardrails");
  if (check?.kind !== "guardrails") throw new Error("no guardrail check");
  return { check, messages: checkMessages(check) };
}

describe("guardrails: a forbidden command the session attempts is blocked", () => {
  test("a trusted hook that denies in the form Codex honours blocks it: the scenario passes", async () => {
    const result = await run("blocks");
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    const { check } = guardrail(result);
    expect(check.attempts).toEqual([
      {
        callId: "c2",
        command: "timeout 600 terraform -chdir=infra apply -auto-approve",
        forbidden: ["terraform", "apply"],
        source: "scenario.json",
        line: 5,
        blocked: true,
        why: [],
      },
    ]);
  });

  test('a hook that denies as {"decision":"deny"} fails it: Codex ignores that form', async () => {
    const result = await run("ignored-deny");
    expect(result.passed).toBe(false);
    const { check, messages } = guardrail(result);
    expect(check.passed).toBe(false);
    expect(messages[0]).toBe(
      'guardrail: terraform apply (forbidden in scenario.json) is not blocked: the cassette records call c2: "timeout 600 terraform -chdir=infra apply -auto-approve" as blocked by a hook, but no hook blocks it now',
    );
    expect(messages[1]).toMatch(
      /^ {2}hook .*\.codex\/hooks\.json:pre_tool_use:0:0 \(bash \.codex\/hooks\/guard\.sh\): Codex lets the call run: .*decision.*; fix: exit 2 with the reason on stderr, or exit 0 printing \{"hookSpecificOutput"/,
    );
  });

  test("an untrusted hook fails it: codex exec skips a hook with no trusted_hash", async () => {
    const result = await run("untrusted-hook");
    const { messages } = guardrail(result);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toContain(
      "(bash .codex/hooks/guard.sh): the hook is not trusted: codex exec skips it without a word; fix: add [hooks.state.",
    );
    expect(messages[1]).toMatch(/trusted_hash = "sha256:[0-9a-f]{64}"/);
  });

  test("a hook of an untrusted project fails it: Codex does not load the project's config", async () => {
    const result = await run("untrusted-project");
    const { messages } = guardrail(result);
    expect(messages[1]).toContain("is not trusted, so Codex does not load its config");
    expect(messages[1]).toContain('trust_level = "trusted"');
  });

  test("hooks turned off in the Codex home fail it", async () => {
    const { messages } = guardrail(await run("hooks-off"));
    expect(messages[1]).toContain("hooks are off ([features] hooks = false");
  });

  test("a hook killed at its timeout fails it: Codex lets the call run", async () => {
    const { messages } = guardrail(await run("hook-timeout"));
    expect(messages[1]).toContain("Codex lets the call run");
    expect(messages[1]).toContain("make it finish within its timeout of 1 s");
  });

  test("no hook at all, and the forbidden command recorded as run: it ran, and nothing could block it", async () => {
    const result = await run("no-hook", "apply-ran");
    const { check, messages } = guardrail(result);
    expect(check.attempts.map((a) => [a.callId, a.blocked])).toEqual([["c1", false]]);
    expect(messages).toEqual([
      `guardrail: terraform apply (forbidden in scenario.json) is not blocked by any hook (call c1: "bash -c 'terraform -chdir=infra apply -auto-approve'")`,
      '  no PreToolUse hook is configured for the shell (in $CODEX_HOME or the project\'s .codex/); fix: add a hook with matcher "^Bash$" that denies it',
    ]);
    // The call really reached the terraform shim, which failed it closed.
    const forbidden = result.checks.find((c) => c.kind === "forbidden");
    expect(forbidden?.passed).toBe(false);
  });

  test("the skill's suite.json forbids too", async () => {
    const { repo, codexHome } = await repository("blocks");
    writeFileSync(
      join(repo, "skills/demo/tests/suite.json"),
      '{ "version": 1, "forbidden": [["terraform", "-chdir=infra", "plan"]] }\n',
    );
    const loaded = readScenario(join(repo, "skills/demo/tests/apply"));
    if (!loaded.ok) throw new Error("should load");
    const result = await runScenario(loaded.scenario, { cwd: repo, codexHome });
    const { messages } = guardrail(result);
    expect(messages[0]).toBe(
      `guardrail: terraform -chdir=infra plan (forbidden in ${join(repo, "skills/demo/tests/suite.json")}) is not blocked by any hook (call c1: "terraform -chdir=infra plan -detailed-exitcode -no-color")`,
    );
    expect(messages[1]).toContain("Codex lets the call run");
  });

  test("an engine that gives no hook decisions (the real Codex): the hooks are probed to say why", async () => {
    const { repo, codexHome } = await repository("untrusted-hook");
    const loaded = readScenario(join(repo, "skills/demo/tests/apply-ran"));
    if (!loaded.ok) throw new Error("should load");
    const command = "bash -c 'terraform -chdir=infra apply -auto-approve'";
    const checks = await runSkillChecks(
      loaded.scenario,
      {
        engine: "codex",
        exitCode: 0,
        stdout: "",
        stderr: "",
        finalMessage: undefined,
        commands: [{ callId: "c1", command, blocked: null, output: "", exitCode: 127 }],
        calls: [],
        usage: {
          input_tokens: 0,
          cached_input_tokens: 0,
          cache_write_input_tokens: 0,
          output_tokens: 0,
          reasoning_output_tokens: 0,
        },
      },
      {
        cwd: repo,
        env: { PATH: "/usr/bin:/bin" },
        scratch,
        report: undefined,
        reportText: undefined,
        codexHome,
      },
    );
    const check = checks.find((c) => c.kind === "guardrails");
    const messages = check ? checkMessages(check) : [];
    expect(messages[0]).toContain(
      "terraform apply (forbidden in scenario.json) is not blocked by any hook",
    );
    expect(messages[1]).toContain("the hook is not trusted: codex exec skips it without a word");
  });
});
