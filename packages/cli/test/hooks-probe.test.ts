// `ops-skill hooks probe` on a repository (test/fixtures/hooks-probe: a skill that forbids
// `kubectl delete` and `kubectl drain`, a guard hook that blocks `kubectl delete` only), run as
// users run it: the built binary, CODEX_HOME set, the repository as the working directory.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bin } from "./run-cli.js";

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "hooks-probe");

/** The fixture as a git repository, and a CODEX_HOME trusting the project (not the hook). */
function repository() {
  const root = mkdtempSync(join(tmpdir(), "hooks-probe-"));
  const repo = join(root, "repo");
  cpSync(FIXTURE, repo, { recursive: true });
  mkdirSync(join(repo, ".git"));
  writeFileSync(join(repo, ".git", "HEAD"), "ref: refs/heads/main\n");
  const codexHome = join(root, "codex-home");
  mkdirSync(codexHome);
  writeFileSync(
    join(codexHome, "config.toml"),
    `[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"\n`,
  );
  return { repo, codexHome };
}

function probe(where: { repo: string; codexHome: string }, args: string[]) {
  const result = spawnSync(process.execPath, [bin, "hooks", "probe", ...args], {
    cwd: where.repo,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CODEX_HOME: where.codexHome },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Probed {
  command: string;
  blocked: boolean;
  reason: string | null;
  hooks: { key: string; outcome: string; why: string | null; fix: string | null }[];
}

/** Appends the fix the probe printed for an untrusted hook (the trusted_hash line). */
function trustHook(where: { codexHome: string }, fix: string) {
  const match = /^add (\[hooks\.state\..*\]) (trusted_hash = "sha256:[0-9a-f]{64}") to /.exec(fix);
  if (!match) throw new Error(`no trust fix in ${fix}`);
  const path = join(where.codexHome, "config.toml");
  writeFileSync(path, `${readFileSync(path, "utf8")}\n${match[1]}\n${match[2]}\n`);
}

describe("ops-skill hooks probe", () => {
  it("an untrusted hook blocks nothing: exit 1, with the trusted_hash to add; added, it blocks", () => {
    const where = repository();
    const untrusted = probe(where, ["--format", "json"]);
    expect(untrusted.code).toBe(1);
    const before = JSON.parse(untrusted.stdout) as Probed[];
    expect(before.map((p) => [p.command, p.blocked])).toEqual([
      ["kubectl delete", false],
      ["kubectl drain", false],
    ]);
    const hook = before[0]?.hooks[0];
    expect(hook).toMatchObject({ outcome: "skipped", why: "untrusted" });
    trustHook(where, hook?.fix ?? "");

    const trusted = probe(where, ["--format", "json"]);
    const after = JSON.parse(trusted.stdout) as Probed[];
    expect(after.map((p) => [p.command, p.blocked, p.reason])).toEqual([
      [
        "kubectl delete",
        true,
        "Command blocked by PreToolUse hook: kubectl delete needs a change ticket. Command: kubectl delete",
      ],
      ["kubectl drain", false, null],
    ]);
    expect(after[1]?.hooks[0]).toMatchObject({ outcome: "lets-run", why: "no-output" });
    // kubectl drain, which the skill forbids, is not blocked.
    expect(trusted.code).toBe(1);
  });

  it("prints per command and hook what Codex would do, with the fix", () => {
    const where = repository();
    const result = probe(where, [
      "--dangerously-bypass-hook-trust",
      "--command",
      "kubectl delete pod web-0 -n web",
      "--command",
      "kubectl get pods -n web",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "blocked: kubectl delete pod web-0 -n web\n  the model reads: Command blocked by PreToolUse hook: kubectl delete needs a change ticket. Command: kubectl delete pod web-0 -n web\n",
    );
    expect(result.stdout).toContain("not blocked: kubectl get pods -n web\n");
    expect(result.stdout).toContain(
      "Codex lets the call run: the hook printed nothing on stdout\n    fix: exit 2 with the reason on stderr",
    );
  });

  it("takes codex exec's flags that change hooks: --disable hooks, -c features.hooks=false", () => {
    const where = repository();
    for (const flags of [
      ["--disable", "hooks"],
      ["-c", "features.hooks=false"],
    ]) {
      const result = probe(where, [
        "--dangerously-bypass-hook-trust",
        ...flags,
        "--command",
        "kubectl delete pod web-0",
        "--format",
        "json",
      ]);
      expect(result.code).toBe(1);
      const [probed] = JSON.parse(result.stdout) as Probed[];
      expect(probed?.hooks.map((h) => [h.outcome, h.why])).toEqual([["skipped", "hooks-off"]]);
    }
  });

  it("an untrusted project: its hooks do not load, the fix names the project", () => {
    const where = repository();
    writeFileSync(join(where.codexHome, "config.toml"), "");
    const result = probe(where, ["--command", "kubectl delete pod web-0"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("is not trusted, so Codex does not load its config");
    expect(result.stdout).toContain(`fix: add [projects.${JSON.stringify(where.repo)}]`);
    expect(
      probe(where, ["--trust", "--dangerously-bypass-hook-trust", "--command", "kubectl delete x"])
        .code,
    ).toBe(0);
  });

  it("a usage error exits 2", () => {
    expect(probe(repository(), ["--format", "xml"]).code).toBe(2);
  });
});
