import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { skillCommands } from "./skill-commands.js";

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
