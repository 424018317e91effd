/** The engine reports a file of a plugin's kind that it found but would not read. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lint } from "../../engine/lint.js";
import { defineFileRule, type LintPlugin } from "../../rule.js";
import rule from "./file-not-read.js";

const scratch = mkdtempSync(join(tmpdir(), "ops-skill-file-not-read-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A plugin kind that finds every `*.report` file under the run's folders. */
const reports: LintPlugin = {
  rules: [
    defineFileRule(
      { id: "quality/report-seen", description: "Sees reports.", defaultSeverity: "info" },
      "report",
      ({ report }) => report({ message: "seen" }),
    ),
  ],
  fileKinds: [
    {
      id: "report",
      matches: (path) => path.endsWith(".report"),
      discover: ({ dirs }) => dirs.flatMap((dir) => [join(dir, "a.report"), join(dir, "b.report")]),
      parse: ({ text }) => text,
    },
  ],
};

describe(rule.meta.id, () => {
  it("names a found file that is a FIFO, and still checks the regular one beside it", async () => {
    const dir = join(scratch, "fifo");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.report"), "ok\n");
    execFileSync("mkfifo", [join(dir, "b.report")]);
    const result = await lint({ paths: [dir], cwd: dir, plugins: [reports] });
    const byFile = Object.fromEntries(
      result.results.map((r) => [r.filePath, r.diagnostics.map((d) => `${d.ruleId} ${d.message}`)]),
    );
    expect(byFile[join(dir, "a.report")]).toEqual(["quality/report-seen seen"]);
    expect(byFile[join(dir, "b.report")]).toEqual([
      "quality/file-not-read Not checked: this file is a FIFO, so no rule looked at it (found as report, found).",
    ]);
  });

  it("says nothing of a found file that is not there", async () => {
    const dir = join(scratch, "missing");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.report"), "ok\n");
    const result = await lint({ paths: [dir], cwd: dir, plugins: [reports] });
    expect(result.results.map((r) => r.filePath)).toEqual([join(dir, "a.report")]);
  });
});
