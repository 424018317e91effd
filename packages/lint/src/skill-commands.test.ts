import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { simpleCommands } from "./rules/ops/_commands-shell.js";
import { skillCommands } from "./skill-commands.js";

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

describe("skillCommands", () => {
  const dir = mkdtempSync(join(tmpdir(), "skill-commands-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives the commands of the procedure's fences with their lines, not the forbidden ones", async () => {
    const path = join(dir, "SKILL.md");
    writeFileSync(
      path,
      [
        "---",
        "name: probe",
        "description: Probes a host.",
        "---",
        "",
        "## Procedure",
        "",
        "```bash",
        "curl -sS https://api.example.com/health",
        "```",
        "",
        "## Constraints",
        "",
        "```bash",
        "kubectl delete pod x",
        "```",
        "",
      ].join("\n"),
    );
    const commands = await skillCommands(path);
    expect(commands.map((c) => [c.program, c.line])).toEqual([["curl", 9]]);
  });
});
