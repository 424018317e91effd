/**
 * Every template scaffolds into a fresh git repository where the built `ops-skill lint` reports
 * no error and `ops-skill test --engine replay` passes, with no config.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TEMPLATE_NAMES } from "../src/index.js";
import { create, opsSkill, tempRepo } from "./helpers.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("every template", () => {
  it.each(TEMPLATE_NAMES)(
    "%s: lints without error and its scenarios pass",
    (template) => {
      const repo = tempRepo();
      made.push(repo);
      const name = `my-${template}`;
      const created = create([name, "--template", template, "--yes"], repo);
      expect(created.stderr).toBe("");
      expect(created.code).toBe(0);
      expect(created.stdout).toContain(`Created the ${name} skill`);
      expect(created.stdout).toContain("codex exec skips a hook that is not trusted");

      const skill = readFileSync(join(repo, ".agents/skills", name, "SKILL.md"), "utf8");
      expect(skill).toMatch(new RegExp(`^---\\nname: ${name}\\n`));
      const forbidden = JSON.parse(readFileSync(join(repo, ".codex/hooks/forbidden.json"), "utf8"));
      expect(Object.keys(forbidden)).toEqual([name]);
      const profile = readFileSync(join(repo, "schedule/day-two.config.toml"), "utf8");
      expect(profile).toContain('extends = ":read-only"');
      expect(profile).not.toMatch(/^\s*sandbox_mode/m);
      // The allowlist only where every tool goes through the proxy.
      expect(profile.includes("network_proxy = true")).toBe(
        template === "blank" || template === "cost-anomaly",
      );
      const workflow = readFileSync(join(repo, `.github/workflows/${name}.yml`), "utf8");
      expect(workflow).toContain(`--profile day-two --output-schema schemas/${name}.schema.json`);
      // codex exec sends CODEX_API_KEY; it does not read OPENAI_API_KEY (the secret's name).
      expect(workflow).toContain(`CODEX_API_KEY: ${"$"}{{ secrets.OPENAI_API_KEY }}`);
      expect(workflow).not.toContain("OPENAI_API_KEY: ");
      expect(workflow).not.toContain("--sandbox");

      const lint = opsSkill(["lint", "--format", "json"], repo);
      expect(lint.stderr).toBe("");
      const results = JSON.parse(lint.stdout) as { filePath: string; errorCount: number }[];
      expect(results.filter((r) => r.errorCount > 0)).toEqual([]);
      expect(lint.code).toBe(0);

      // The generated types are what `ops-skill types` makes of the schema.
      expect(opsSkill(["types", "--check"], repo)).toMatchObject({ code: 0 });

      const test = opsSkill(["test", "--engine", "replay"], repo);
      expect(test.stdout).toMatch(/scenarios?: (\d+) passed, 0 failed/);
      expect(test.code).toBe(0);
    },
    120_000,
  );

  it("two skills share the guard: both lint and test green in one repository", () => {
    const repo = tempRepo();
    made.push(repo);
    expect(create(["k8s", "-t", "k8s-health", "--yes"], repo).code).toBe(0);
    expect(create(["drift", "-t", "drift-check", "--yes"], repo).code).toBe(0);
    const hooks = JSON.parse(readFileSync(join(repo, ".codex/hooks.json"), "utf8"));
    expect(hooks.hooks.PreToolUse).toHaveLength(1);
    const forbidden = JSON.parse(readFileSync(join(repo, ".codex/hooks/forbidden.json"), "utf8"));
    expect(Object.keys(forbidden)).toEqual(["k8s", "drift"]);
    expect(opsSkill(["lint"], repo).code).toBe(0);
    const test = opsSkill(["test"], repo);
    expect(test.stdout).toContain("7 scenarios: 7 passed, 0 failed");
  }, 120_000);

  it("a repository whose path holds a backslash: scaffolds, lints, tests green, and its guard blocks there", () => {
    const parent = tempRepo(false);
    made.push(parent);
    const repo = join(parent, "a\\b", "repo");
    mkdirSync(repo, { recursive: true });
    spawnSync("git", ["init", "-q", repo]);
    const created = create(["drift", "-t", "drift-check", "--yes"], repo);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(opsSkill(["lint"], repo).code).toBe(0);
    const test = opsSkill(["test"], repo);
    expect(test.stdout).toMatch(/scenarios?: (\d+) passed, 0 failed/);
    expect(test.code).toBe(0);
    // The hook's command as Codex runs it: a shell in the repository, the call on stdin.
    const hooks = JSON.parse(readFileSync(join(repo, ".codex/hooks.json"), "utf8"));
    const command = hooks.hooks.PreToolUse[0].hooks[0].command as string;
    const guard = spawnSync("/bin/sh", ["-c", command], {
      cwd: repo,
      encoding: "utf8",
      input: JSON.stringify({ tool_name: "Bash", tool_input: { command: "terraform apply" } }),
    });
    expect(guard.stderr).toBe("");
    expect(guard.status).toBe(0);
    expect(JSON.parse(guard.stdout).hookSpecificOutput).toEqual({
      hookEventName: "PreToolUse",
      permissionDecision: "deny",
      permissionDecisionReason:
        "the read-only guard blocks `terraform apply` (forbidden by drift): `terraform apply`",
    });
  }, 120_000);

  it("a repository lived in: the same template twice and two others, then lint, test, doctor, codex-home", () => {
    const repo = tempRepo();
    made.push(repo);
    for (const [name, template] of [
      ["web", "blank"],
      ["web2", "blank"],
      ["drift", "drift-check"],
      ["costs", "cost-anomaly"],
    ] as const) {
      const created = create([name, "-t", template, "--yes"], repo);
      expect(created.code, created.stderr).toBe(0);
    }
    const forbidden = JSON.parse(readFileSync(join(repo, ".codex/hooks/forbidden.json"), "utf8"));
    expect(Object.keys(forbidden)).toEqual(["web", "web2", "drift", "costs"]);
    const hooks = JSON.parse(readFileSync(join(repo, ".codex/hooks.json"), "utf8"));
    expect(hooks.hooks.PreToolUse).toHaveLength(1);
    // No error, no warning: the one info is the hook's trust on this machine.
    const lint = opsSkill(["lint"], repo);
    expect(lint.stdout).toContain("(0 errors, 0 warnings, 1 info)");
    expect(lint.stdout).toContain("hooks/untrusted");
    expect(lint.code).toBe(0);
    expect(opsSkill(["types", "--check"], repo).code).toBe(0);
    const test = opsSkill(["test"], repo);
    expect(test.stdout).toMatch(/\n(\d+) scenarios: \1 passed, 0 failed/);
    expect(test.code).toBe(0);
    // The doctor: nothing breaks in any of the four schedules.
    const doctor = opsSkill(["doctor"], repo);
    expect(doctor.stdout).toMatch(/5 schedules, 4 codex exec runs: .*nothing breaks/);
    expect(doctor.code).toBe(0);
    const home = join(repo, "..", `${repo.split("/").at(-1)}-home`);
    made.push(home);
    const codexHome = opsSkill(["codex-home", home], repo);
    expect(codexHome.code, codexHome.stderr).toBe(0);
    expect(codexHome.stdout).toContain("config.toml: the project trusted, 1 hook trusted");
    for (const profile of ["day-two", "drift", "costs"])
      expect(existsSync(join(home, `${profile}.config.toml`))).toBe(true);
  }, 180_000);

  it("a profile that serves another runbook's needs is never kept silently", () => {
    const repo = tempRepo();
    made.push(repo);
    // blank's profile allows one host through the proxy; drift-check needs no allowlist.
    expect(create(["con", "--yes"], repo).code).toBe(0);
    const shared = readFileSync(join(repo, "schedule/day-two.config.toml"), "utf8");
    expect(shared).toContain("network_proxy = true");
    const drift = create(["drift", "-t", "drift-check", "--yes"], repo);
    expect(drift.code).toBe(0);
    expect(drift.stdout + drift.stderr).toContain(
      "schedule/day-two.config.toml exists and differs from the permissions the drift-check template needs (network on, no host allowlist); this skill is scheduled with a profile of its own, drift",
    );
    expect(readFileSync(join(repo, "schedule/day-two.config.toml"), "utf8")).toBe(shared);
    const own = readFileSync(join(repo, "schedule/drift.config.toml"), "utf8");
    expect(own).not.toContain("network_proxy");
    expect(own).toContain('default_permissions = "drift"');
    const suite = JSON.parse(
      readFileSync(join(repo, ".agents/skills/drift/tests/suite.json"), "utf8"),
    );
    expect(suite.schedule.profile).toBe("drift");
    expect(readFileSync(join(repo, ".github/workflows/drift.yml"), "utf8")).toContain(
      "--profile drift",
    );
    expect(opsSkill(["test"], repo).code).toBe(0);
    // A profile named by the user is refused instead, and nothing is written.
    const named = create(["k8s", "-t", "k8s-health", "--sandbox", "day-two", "--yes"], repo);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain("name another profile (--sandbox <profile>)");
    expect(existsSync(join(repo, ".agents/skills/k8s"))).toBe(false);
  }, 120_000);

  it("merges into a hand-written hooks.json, keeping every line, and trusts the new group", () => {
    const repo = tempRepo();
    made.push(repo);
    const hooks = `{
    "description": "The team's hooks.",
    "hooks": {
        "PreToolUse": [
            { "matcher": "^apply_patch$", "hooks": [{ "type": "command", "command": "true", "timeout": 5 }] }
        ]
    }
}
`;
    mkdirSync(join(repo, ".codex"));
    writeFileSync(join(repo, ".codex/hooks.json"), hooks);
    expect(create(["drift", "-t", "drift-check", "--yes"], repo).code).toBe(0);
    const merged = readFileSync(join(repo, ".codex/hooks.json"), "utf8");
    // Every line is kept in order; the last group gains the comma before the new one.
    const mergedLines = merged.split("\n");
    let at = 0;
    for (const line of hooks.split("\n")) {
      while (at < mergedLines.length && mergedLines[at] !== line && mergedLines[at] !== `${line},`)
        at++;
      expect(at, line).toBeLessThan(mergedLines.length);
    }
    const trust = JSON.parse(readFileSync(join(repo, "schedule/trust.json"), "utf8"));
    expect(trust.hooks.map((h: { key: string }) => h.key)).toEqual([
      ".codex/hooks.json:pre_tool_use:0:0",
      ".codex/hooks.json:pre_tool_use:1:0",
    ]);
    const created = create(["k8s", "-t", "k8s-health", "--yes"], repo);
    expect(created.stdout).toContain("pre_tool_use:1:0");
    expect(opsSkill(["test"], repo).stdout).toContain("7 scenarios: 7 passed, 0 failed");
  }, 120_000);

  it("warns when .codex/config.toml holds hooks too (Codex loads both, with an error item)", () => {
    const repo = tempRepo();
    made.push(repo);
    mkdirSync(join(repo, ".codex"));
    writeFileSync(
      join(repo, ".codex/config.toml"),
      '[[hooks.PreToolUse]]\nmatcher = "^apply_patch$"\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = "true"\n',
    );
    const created = create(["drift", "--yes"], repo);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("warning: .codex/config.toml has hooks");
  });

  it("--sandbox read-only writes no profile, warns, and the schedule passes the flag", () => {
    const repo = tempRepo();
    made.push(repo);
    const created = create(
      ["edge", "-t", "endpoint-check", "--sandbox", "read-only", "--yes"],
      repo,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("warning: --sandbox read-only");
    expect(created.stdout).toContain("cannot reach");
    const workflow = readFileSync(join(repo, ".github/workflows/edge.yml"), "utf8");
    expect(workflow).toContain("exec --sandbox read-only --output-schema schemas/edge.schema.json");
    const suite = JSON.parse(
      readFileSync(join(repo, ".agents/skills/edge/tests/suite.json"), "utf8"),
    );
    expect(suite.schedule).toBeUndefined();
    expect(opsSkill(["test"], repo).code).toBe(0);
  }, 120_000);
});
