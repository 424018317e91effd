// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are shell commands, not templates
/**
 * The catalogue's read-only guard (`.codex/hooks/guard.cjs`, a PreToolUse hook on Bash): what
 * it blocks, what it lets run, and that it answers in the one deny form Codex honours in
 * `codex exec` (judged by the shared hook-output judge), whatever it is given on stdin.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { judgeHookOutput } from "@ops-skill/codex/hook-judge";
import { afterAll, describe, expect, it } from "vitest";
import * as guard from "../../.codex/hooks/guard.cjs";

const ROOT = join(import.meta.dirname, "..", "..");
const GUARD = join(ROOT, ".codex/hooks/guard.cjs");
const LIST = join(ROOT, ".codex/hooks/forbidden.json");

const forbidden = guard.readForbidden(
  JSON.stringify({
    "drift-check": ["terraform apply", "terraform state rm", ["kubectl", "delete"]],
    "k8s-health": ["kubectl delete", "kubectl drain"],
  }),
);
const decide = (command: string): string | undefined => guard.decideCommand(command, forbidden);

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Runs the guard as Codex does: the hook event as JSON on stdin. */
function runGuard(stdin: string | Buffer, script = GUARD) {
  const result = spawnSync(process.execPath, [script], { input: stdin, encoding: "utf8" });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

function event(command: unknown, toolName = "Bash"): string {
  return JSON.stringify({
    session_id: "s",
    turn_id: "t",
    transcript_path: null,
    cwd: ROOT,
    hook_event_name: "PreToolUse",
    model: "gpt-5.4",
    permission_mode: "bypassPermissions",
    tool_name: toolName,
    tool_input: { command },
    tool_use_id: "call_1",
  });
}

describe("commands the guard blocks", () => {
  it.each([
    ["a plain forbidden command", "terraform apply"],
    ["options before the subcommand", "terraform -chdir=infra apply -auto-approve"],
    ["an absolute path to the tool", "/usr/local/bin/terraform apply"],
    ["after &&", "terraform plan && terraform apply"],
    ["after ;", "echo ok; terraform apply"],
    ["after ||", "false || terraform apply"],
    ["in a pipeline", "echo yes | terraform apply"],
    ["in the background", "terraform apply & wait"],
    ["on a second line", "echo ok\nterraform apply"],
    ["after a line continuation", "terraform \\\n  apply"],
    ["in $(...)", "echo $(terraform apply)"],
    ["in $(...) inside double quotes", 'echo "planned: $(terraform apply)"'],
    ["in nested $(...)", "echo $(echo $(terraform apply))"],
    ["in backticks", "echo `terraform apply`"],
    ["in a subshell", "(cd infra && terraform apply)"],
    ["in a group", "{ terraform apply; }"],
    ["in a function body", "f() { terraform apply; }; f"],
    ["in an if", "if true; then terraform apply; fi"],
    ["in a while loop", "while true; do terraform apply; done"],
    ["in process substitution", "diff <(terraform apply) /dev/null"],
    ["in a ${...:-} default", "echo ${X:-$(terraform apply)}"],
    ["in an unquoted heredoc's substitution", "cat <<EOF\n$(terraform apply)\nEOF"],
    ["single-quoted words", "'terraform' 'apply'"],
    ["double-quoted words", '"terraform" "apply"'],
    ["quotes inside words", "terr\"aform\" ap'ply'"],
    ["backslashes inside words", "terr\\aform app\\ly"],
    ["ANSI-C quoting", "$'\\x74erraform' $'\\141pply'"],
    ["bash -c", "bash -c 'terraform apply'"],
    ["bash -lc with wrappers inside", 'bash -lc "timeout 5 env -u X terraform -chdir=x apply"'],
    ["sh -c in bash -c", "bash -c \"sh -c 'terraform apply'\""],
    ["bash -o pipefail -c", "bash -o pipefail -c 'terraform apply'"],
    ["eval", "eval 'terraform apply'"],
    ["timeout", "timeout 10 terraform apply"],
    ["timeout with options", "timeout -k 5 --signal=KILL 10 terraform apply"],
    ["env -u", "env -u KUBECONFIG kubectl delete pod x"],
    ["env with assignments", "env A=1 B=2 terraform apply"],
    ["env -S", "env -S 'terraform apply'"],
    ["a leading assignment", "TF_LOG=debug terraform apply"],
    ["command", "command terraform apply"],
    ["exec", "exec terraform apply"],
    ["nice", "nice -n 5 terraform apply"],
    ["nohup", "nohup terraform apply"],
    ["sudo", "sudo -u root -E terraform apply"],
    ["stacked wrappers", "sudo timeout 5 nice env -u A command terraform apply"],
    ["xargs supplying the subcommand", "echo apply | xargs terraform"],
    ["xargs with options", "echo x | xargs -n 1 -I{} kubectl delete pod {}"],
    ["find -exec", "find . -name x -exec terraform apply \\;"],
    ["a subcommand held in a quoted variable", 'terraform "$ACTION"'],
    ["a subcommand held in an unquoted variable", "terraform $ACTION"],
    ["words from an unquoted substitution", "terraform $(echo apply)"],
    ["brace expansion", "terraform {apply,plan}"],
    ["a glob", "terraform ap*"],
    ["a three-word command", "terraform -chdir=x state rm aws_instance.a"],
    ["kubectl options before the verb", "kubectl --context prod -n web delete pod x"],
    ["the other skill's list", "kubectl drain node-a"],
  ])("%s: %s", (_what, command) => {
    expect(decide(command)).toMatch(/^the read-only guard blocks `/);
  });

  it("names the forbidden command, the skills that list it and the simple command", () => {
    expect(decide("echo ok && timeout 5 kubectl --context=prod delete ns web")).toBe(
      "the read-only guard blocks `kubectl delete` (forbidden by drift-check, k8s-health): `timeout 5 kubectl --context=prod delete ns web`",
    );
  });
});

describe("commands the guard cannot read safely, and denies", () => {
  it.each([
    ["an unterminated single quote", "echo 'oops", "an unterminated single quote"],
    ["an unterminated double quote", 'echo "oops', "an unterminated double quote"],
    ["an unterminated backtick", "echo `oops", "an unterminated backtick"],
    ["an unclosed $(", "echo $(terraform plan", "an unclosed ( or $("],
    ["a command name from a variable", "T=terraform; $T apply", "is only known at run time"],
    ["a command name from a substitution", "$(echo terraform) apply", "only known at run time"],
    ["bash -c of a variable", 'bash -c "$CMD"', "known only at run time"],
    ["eval of a variable", 'eval "$CMD"', "eval of text known only at run time"],
    [
      "a shell reading stdin",
      "echo 'terraform apply' | bash",
      "reads its commands from standard input",
    ],
    ["a shell fed a heredoc", "bash <<EOF\nterraform apply\nEOF", "reads its commands"],
    ["bash -s", "bash -s < script", "reads its commands from standard input"],
    ["substitution in arithmetic", "echo $(( $(terraform apply) ))", "inside $((...))"],
    ["deep nesting", `${"$(".repeat(80)}x${")".repeat(80)}`, "nested too deeply"],
    ["too many commands", "true;".repeat(20_000), "too many commands"],
  ])("%s", (_what, command, reason) => {
    const decision = decide(command);
    expect(decision).toMatch(/^the read-only guard cannot check this command safely: /);
    expect(decision).toContain(reason);
  });

  it("a command longer than 256 KiB", () => {
    expect(decide(`echo ${"a".repeat(300_000)}`)).toMatch(
      /cannot check a command of 300005 characters/,
    );
  });
});

describe("commands the guard lets run", () => {
  it.each([
    [
      "a read-only plan",
      "terraform -chdir=infra plan -detailed-exitcode -lock=false -input=false -no-color -json",
    ],
    [
      "the drift-check plan block",
      'plan="$(timeout "${DRIFT_TIMEOUT:-900}" terraform -chdir="$TF_DIR" plan -detailed-exitcode -lock=false -input=false \\\n  -no-color -json ${TF_VAR_FILE:+"-var-file=$TF_VAR_FILE"} 2>&1)"\necho "terraform exit code: $?"',
    ],
    [
      "kubectl diff with a context option from a variable",
      'timeout 900 env -u KUBECTL_EXTERNAL_DIFF kubectl ${KUBE_CONTEXT:+"--context=$KUBE_CONTEXT"} diff -R -f "$K8S_MANIFESTS_DIR" 2>&1',
    ],
    ["terraform state list", "terraform state list"],
    ["a quoted variable after the subcommand", 'kubectl get pods -n "$NS" -o json'],
    ["lookups with command -v", "command -v jq terraform kubectl diff timeout"],
    ["a forbidden word as data", "echo 'terraform apply' | grep apply"],
    [
      "a forbidden word in a quoted heredoc",
      "cat <<'EOF'\nterraform apply\n$(kubectl delete ns x)\nEOF",
    ],
    ["a forbidden word in an unquoted heredoc", "cat <<EOF\nterraform apply\nEOF"],
    [
      "a report on stdin through a heredoc",
      'scripts/validate-report.sh - <<\'JSON\'\n{"summary": "no terraform apply needed", "n": 1}\nJSON',
    ],
    ["redirections", "kubectl get pods -A 2>/dev/null >&2 </dev/null | jq ."],
    ["a test", '[ -f "$DIR/kustomization.yaml" ] && [[ -n "$X" ]] && echo yes'],
    [
      "a for loop",
      'for ep in ${CERT_ENDPOINTS:-}; do scripts/check-endpoint.sh "$ep"; done | jq -s .',
    ],
    ["arithmetic", "echo $((1 + 2))"],
    ["bash running a script file", "bash scripts/collect-findings.sh"],
    ["a comment naming a forbidden command", "kubectl get pods # not kubectl delete"],
    ["a here-string", 'jq . <<< \'{"terraform": "apply"}\''],
  ])("%s", (_what, command) => {
    expect(decide(command)).toBeUndefined();
  });
});

describe("the hook as Codex runs it", () => {
  it("denies in the hookSpecificOutput form, exit 0, which Codex honours", () => {
    const run = runGuard(event("terraform -chdir=infra apply -auto-approve"));
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "deny",
        permissionDecisionReason:
          "the read-only guard blocks `terraform apply` (forbidden by drift-check): `terraform -chdir=infra apply -auto-approve`",
      },
    });
    const verdict = judgeHookOutput("PreToolUse", {
      exitCode: run.exitCode,
      stdout: run.stdout,
      stderr: run.stderr,
    });
    expect(verdict).toMatchObject({ status: "Blocked" });
  });

  it("prints nothing for a command it lets run, which Codex lets run", () => {
    const run = runGuard(event("terraform -chdir=infra plan -detailed-exitcode"));
    expect(run).toEqual({ exitCode: 0, stdout: "", stderr: "" });
  });

  it("reads the catalogue's list: every skill's forbidden command is blocked", () => {
    const list = JSON.parse(readFileSync(LIST, "utf8")) as Record<string, (string | string[])[]>;
    expect(Object.keys(list).length).toBeGreaterThan(0);
    for (const entries of Object.values(list)) {
      for (const entry of entries) {
        const command = typeof entry === "string" ? entry : entry.join(" ");
        const run = runGuard(event(command));
        expect(JSON.parse(run.stdout).hookSpecificOutput.permissionDecision, command).toBe("deny");
      }
    }
    // One Node start per listed command (over a hundred): slow on a busy machine.
  }, 120_000);

  it.each([
    ["invalid JSON", "{not json", "hook input that is not JSON"],
    ["a JSON array", "[1, 2]", "not a JSON object"],
    ["no tool_input", JSON.stringify({ tool_name: "Bash" }), "a shell call without a command"],
    ["a command that is not a string", event(["terraform", "apply"]), "without a command"],
    ["empty input", "", "not JSON"],
    ["binary input", Buffer.from([0xff, 0xfe, 0x00, 0x01]), "not JSON"],
  ])("denies %s", (_what, stdin, reason) => {
    const run = runGuard(stdin);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).hookSpecificOutput.permissionDecisionReason).toContain(reason);
  });

  it("denies more than 1 MiB of input without reading it all", () => {
    const run = runGuard(event(`echo ${"x".repeat(2 * 1024 * 1024)}`));
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).hookSpecificOutput.permissionDecisionReason).toBe(
      "the read-only guard got more than 1048576 bytes of hook input",
    );
  });

  it("denies when its stdin cannot be read (an error of its own never lets the call run)", () => {
    const dir = mkdtempSync(join(tmpdir(), "guard-"));
    temps.push(dir);
    // Standard input open for writing only: every read fails with EBADF.
    const stdin = openSync(join(dir, "write-only"), "w");
    try {
      const result = spawnSync(process.execPath, [GUARD], {
        stdio: [stdin, "pipe", "pipe"],
        encoding: "utf8",
      });
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout).hookSpecificOutput).toEqual({
        hookEventName: "PreToolUse",
        permissionDecision: "deny",
        permissionDecisionReason: "the read-only guard failed: EBADF: bad file descriptor, read",
      });
    } finally {
      closeSync(stdin);
    }
  });

  it("lets other tools through (its matcher gives it Bash calls only)", () => {
    expect(runGuard(event("terraform apply", "apply_patch")).stdout).toBe("");
  });

  it("denies everything when its list is missing or broken", () => {
    const dir = mkdtempSync(join(tmpdir(), "guard-"));
    temps.push(dir);
    const script = join(dir, "guard.cjs");
    copyFileSync(GUARD, script);
    const missing = runGuard(event("echo ok"), script);
    expect(JSON.parse(missing.stdout).hookSpecificOutput.permissionDecisionReason).toBe(
      "the read-only guard cannot read its forbidden list (ENOENT)",
    );
    writeFileSync(join(dir, "forbidden.json"), '{"drift-check": "terraform apply"}');
    const broken = runGuard(event("echo ok"), script);
    expect(JSON.parse(broken.stdout).hookSpecificOutput.permissionDecisionReason).toBe(
      "the read-only guard cannot run: the forbidden list of drift-check is not an array",
    );
  });
});

describe("where the checkout is", () => {
  /**
   * A checkout at `<tmp>/<name>/repo` holding the guard and the catalogue's list, optionally in
   * a package whose `type` is `module` (a repository of ES modules).
   */
  function checkout(name: string, options: { esmPackage?: boolean; as?: string } = {}): string {
    const base = mkdtempSync(join(tmpdir(), "guard-where-"));
    temps.push(base);
    const repo = join(base, name, "repo");
    mkdirSync(join(repo, ".codex", "hooks"), { recursive: true });
    copyFileSync(GUARD, join(repo, ".codex", "hooks", options.as ?? "guard.cjs"));
    copyFileSync(LIST, join(repo, ".codex", "hooks", "forbidden.json"));
    if (options.esmPackage) writeFileSync(join(repo, "package.json"), '{"type": "module"}\n');
    return repo;
  }

  /** The hook's command as Codex runs it: through a shell, in the session's directory. */
  function runHook(repo: string, command: string, stdin: string) {
    const result = spawnSync("/bin/sh", ["-c", command], {
      cwd: repo,
      input: stdin,
      encoding: "utf8",
    });
    return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it.each<[string, string, boolean]>([
    ["a backslash", "a\\b", false],
    ["a backslash and an ES-module package", "a\\b", true],
    ["an encoded backslash", "a%5Cb", false],
    ["a space, a quote and a hash", "it's #1 dir", false],
    ["non-ASCII letters", "déploiement-ünïcode", false],
    ["a newline", "line\nbreak", false],
  ])("blocks under a path with %s", (_what, name, esmPackage) => {
    const repo = checkout(name, { esmPackage });
    const run = runHook(repo, "node .codex/hooks/guard.cjs", event("terraform apply"));
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).hookSpecificOutput.permissionDecisionReason).toBe(
      "the read-only guard blocks `terraform apply` (forbidden by drift-check): `terraform apply`",
    );
    expect(
      judgeHookOutput("PreToolUse", {
        exitCode: run.exitCode,
        stdout: run.stdout,
        stderr: run.stderr,
      }),
    ).toMatchObject({ status: "Blocked" });
    expect(runHook(repo, "node .codex/hooks/guard.cjs", event("terraform plan")).stdout).toBe("");
  });

  it("is CommonJS because an ES module under a backslash never loads (exit 1: Codex runs the call)", () => {
    const repo = checkout("a\\b", { as: "guard.mjs" });
    const run = runHook(repo, "node .codex/hooks/guard.mjs", event("terraform apply"));
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("ERR_INVALID_MODULE_SPECIFIER");
    expect(
      judgeHookOutput("PreToolUse", {
        exitCode: run.exitCode,
        stdout: run.stdout,
        stderr: run.stderr,
      }).status,
    ).not.toBe("Blocked");
  });
});
