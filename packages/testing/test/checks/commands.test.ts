import { simpleCommands } from "@ops-skill/core/shell";
import { describe, expect, test } from "vitest";
import { runsForbidden } from "../../src/checks/commands.js";

const command = (...words: string[]) => ({ program: words[0] ?? "", args: words.slice(1) });

describe("a recorded command that runs a forbidden one", () => {
  const runs = (raw: string, forbidden: readonly string[]) =>
    simpleCommands(raw).some((c) => runsForbidden(c, forbidden));

  test.each([
    ["timeout 30 terraform -chdir=infra apply -auto-approve", true],
    ["echo $(terraform apply) `helm ls`", true],
    ["bash -lc 'terraform apply'", true],
    ["sh -c \"bash -c 'terraform apply'\"", true],
    ["FOO=1 sudo -u root /usr/bin/terraform apply", true],
    ["for d in a b; do (cd $d && terraform apply); done", true],
    // A script a shell reads on stdin runs.
    ["bash <<'EOF'\nterraform apply\nEOF", true],
    ["echo 'terraform apply' | bash", true],
    ["bash -s <<< 'terraform apply'", true],
    // Words, comments and data run nothing.
    ["echo 'terraform apply'", false],
    ["terraform plan # terraform apply", false],
    ["cat <<'EOF' > notes.md\nterraform apply\nEOF", false],
    ["command -v terraform && terraform plan", false],
    ["echo 'unterminated; terraform apply", false],
  ])("%j: %s", (raw, expected) => {
    expect(runs(raw, ["terraform", "apply"])).toBe(expected);
  });

  test("matching a forbidden command: same program, its words in order among the arguments", () => {
    expect(
      runsForbidden(command("terraform", "-chdir=infra", "apply", "-auto-approve"), [
        "terraform",
        "apply",
      ]),
    ).toBe(true);
    expect(runsForbidden(command("terraform", "plan"), ["terraform", "apply"])).toBe(false);
    expect(runsForbidden(command("echo", "terraform", "apply"), ["terraform", "apply"])).toBe(
      false,
    );
    expect(runsForbidden(command("psql", "-c", "x"), ["psql"])).toBe(true);
    expect(runsForbidden(command(), ["psql"])).toBe(false);
    // The program by its name, whatever the path.
    expect(
      runsForbidden(simpleCommands("/usr/bin/terraform apply")[0] ?? command(), [
        "terraform",
        "apply",
      ]),
    ).toBe(true);
  });
});
