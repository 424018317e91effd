import { describe, expect, it } from "vitest";
import { shellInput, simpleCommands } from "./shell.js";

describe("simpleCommands", () => {
  it("reads every program after its wrappers, with its words and the files it writes", () => {
    const commands = simpleCommands(
      [
        'diff_out="$(timeout 900 env -u KUBECTL_EXTERNAL_DIFF kubectl --context=prod diff -R -f k8s 2>&1)"',
        "echo | openssl s_client -connect db.example.com:5432 > /tmp/cert.pem",
        "dig +short @1.1.1.1 example.com | tee out.txt",
        "bash -c 'curl -sS -o report.html https://status.example.com/'",
      ].join("\n"),
    );
    expect(commands.map((c) => [c.program, c.writes])).toEqual([
      ["kubectl", []],
      ["echo", []],
      ["openssl", ["/tmp/cert.pem"]],
      ["dig", []],
      ["tee", []],
      ["bash", []],
      ["curl", []],
    ]);
    expect(commands[0]?.args).toEqual(["--context=prod", "diff", "-R", "-f", "k8s"]);
    expect(commands[6]?.via).toEqual(["bash -c"]);
    expect(commands[6]?.args).toContain("https://status.example.com/");
  });

  it("skips lookups and commands it cannot name", () => {
    expect(simpleCommands('command -v kubectl; "$TOOL" get pods').map((c) => c.program)).toEqual([
      "$TOOL",
    ]);
  });
});

/**
 * Where the readers the tools had before this one disagreed (the linter's, on unbash, and the
 * test runner's, on shell-quote), and the answer this reader gives: each command as its program
 * as written and its words. The test runner matches what a cassette recorded against the
 * commands a skill forbids, the linter and the doctor what a SKILL.md tells Codex to run; a
 * command that really runs is a command for all three, data is never one.
 */
describe("simpleCommands: the answers where the old readers disagreed", () => {
  const words = (text: string) => simpleCommands(text).map((c) => [c.word, ...c.args]);
  it.each([
    // A substitution is a word as written, and its commands are commands (no placeholder).
    [
      "timeout 30 terraform -chdir=infra apply -auto-approve && echo $(kubectl delete pod x) `helm ls`",
      [
        ["terraform", "-chdir=infra", "apply", "-auto-approve"],
        ["echo", "$(kubectl delete pod x)", "`helm ls`"],
        ["kubectl", "delete", "pod", "x"],
        ["helm", "ls"],
      ],
    ],
    [
      'echo "$(terraform apply)" > out 2>&1',
      [
        ["echo", "$(terraform apply)"],
        ["terraform", "apply"],
      ],
    ],
    [
      "diff <(kubectl get ns) expected",
      [
        ["diff", "<(kubectl get ns)", "expected"],
        ["kubectl", "get", "ns"],
      ],
    ],
    // The shell that runs a script is a command too, then the script's commands.
    [
      "bash -lc 'terraform apply'; env -u X A=1 kubectl delete ns",
      [
        ["bash", "-lc", "terraform apply"],
        ["terraform", "apply"],
        ["kubectl", "delete", "ns"],
      ],
    ],
    [
      "sh -c \"bash -c 'terraform destroy'\"",
      [
        ["sh", "-c", "bash -c 'terraform destroy'"],
        ["bash", "-c", "terraform destroy"],
        ["terraform", "destroy"],
      ],
    ],
    // A script a shell reads on stdin runs; a heredoc given to another program is data.
    ["bash <<'EOF'\nterraform apply\nEOF", [["bash"], ["terraform", "apply"]]],
    [
      "echo 'terraform apply' | bash",
      [["echo", "terraform apply"], ["bash"], ["terraform", "apply"]],
    ],
    [
      "bash -s <<< 'kubectl delete ns x'",
      [
        ["bash", "-s"],
        ["kubectl", "delete", "ns", "x"],
      ],
    ],
    ["cat <<'EOF' > notes.txt\nrm -rf /\nEOF", [["cat"]]],
    [
      "git commit -m \"$(cat <<'EOF'\nmsg\nEOF\n)\"",
      [["git", "commit", "-m", "$(cat <<'EOF'\nmsg\nEOF\n)"], ["cat"]],
    ],
    // Reserved words are no commands.
    ["for f in *.yaml; do kubectl delete -f $f; done", [["kubectl", "delete", "-f", "$f"]]],
    [
      "if ! kubectl get ns x; then kubectl delete ns y; fi",
      [
        ["kubectl", "get", "ns", "x"],
        ["kubectl", "delete", "ns", "y"],
      ],
    ],
    ["case $x in a) terraform apply;; esac", [["terraform", "apply"]]],
    // Arithmetic is a word; a continued line is one command; a lookup runs nothing.
    [
      "echo $((1+2)); terraform apply",
      [
        ["echo", "$((1+2))"],
        ["terraform", "apply"],
      ],
    ],
    ["terraform apply \\\n  -auto-approve", [["terraform", "apply", "-auto-approve"]]],
    ["command -v terraform && terraform apply", [["terraform", "apply"]]],
    // An unterminated quote: bash refuses the line, nothing after the quote runs.
    ["echo 'unterminated; terraform apply", [["echo", "unterminated; terraform apply"]]],
    // Where they agreed.
    ["a | b || c\nd", [["a"], ["b"], ["c"], ["d"]]],
    ["FOO=1 sudo -u root /usr/bin/terraform apply", [["/usr/bin/terraform", "apply"]]],
    [
      "cd infra && terraform plan -out=- | tee x # terraform apply",
      [
        ["cd", "infra"],
        ["terraform", "plan", "-out=-"],
        ["tee", "x"],
      ],
    ],
    ["echo 'terraform apply'", [["echo", "terraform apply"]]],
    ["timeout -s KILL 5m nice -n 10 xargs -I{} kubectl delete {}", [["kubectl", "delete", "{}"]]],
    ['echo "a\\"b" \'c d\' e\\ f', [["echo", 'a"b', "c d", "e f"]]],
  ])("%j", (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it("says which shells read stdin, which run -c, and which run a file", () => {
    const args = (...values: string[]) => values.map((value) => ({ value }));
    expect(shellInput(args())).toEqual({ stdin: true });
    expect(shellInput(args("-s", "x"))).toEqual({ stdin: true });
    expect(shellInput(args("-e", "-c", "x"))).toEqual({ script: 2 });
    expect(shellInput(args("-o", "pipefail", "-c", "x"))).toEqual({ script: 3 });
    expect(shellInput(args("-c"))).toBeUndefined();
    expect(shellInput(args("run.sh", "-c", "x"))).toBeUndefined();
  });
});
