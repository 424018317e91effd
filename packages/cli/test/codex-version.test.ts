/** Which Codex the verdicts are for, as users see it: `--version` and the SARIF output. */
import { join } from "node:path";
import { CODEX_VERSION } from "@ops-skill/codex/version";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const repo = join(import.meta.dirname, "..", "..", "..");

describe("the pinned Codex in what ops-skill prints", () => {
  it("--version names the Codex release every verdict was recorded with", () => {
    const { code, stdout, stderr } = runCli(["--version"], repo);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^ops-skill/\\d+\\.\\d+\\.\\d+ \\S+ node-v\\S+ \\(verdicts of Codex ${CODEX_VERSION.replaceAll(".", "\\.")}\\)\\n$`,
      ),
    );
  });

  it("SARIF names it in the run's properties; JSON stays ESLint's array", () => {
    const sarif = runCli(["lint", "skills", "--format", "sarif"], repo);
    expect(sarif.code).toBe(0);
    expect(JSON.parse(sarif.stdout).runs[0].properties).toEqual({ codexVersion: CODEX_VERSION });
    const json = runCli(["lint", "skills", "--format", "json"], repo);
    expect(Array.isArray(JSON.parse(json.stdout))).toBe(true);
  });
});
