/**
 * A schema a skill names with `--output-schema` that Codex cannot read, through the built CLI:
 * a FIFO, a folder, a device, a file no one may read. Each is a `schema/unreadable-file` error
 * where the argument is written, in Codex's words where they were measured, never a hang, an
 * abort or a wrong "no such file", and the other files' results stay. `npm run build` first.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliBounded } from "../../cli/test/run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "ops-skill-unreadable-schema-"));
chmodSync(scratch, 0o755);
afterAll(() => {
  execFileSync("chmod", ["-R", "u+rwX", scratch]);
  rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
/** A project whose skill runs `codex exec --output-schema report.schema.json`. */
function project(place: (path: string) => void): string {
  const root = join(scratch, `p${counter++}`);
  const skill = join(root, ".agents", "skills", "report");
  mkdirSync(join(root, ".git"), { recursive: true });
  mkdirSync(skill, { recursive: true });
  writeFileSync(
    join(skill, "SKILL.md"),
    '---\nname: report\ndescription: Reports drift as JSON for the nightly job. Use when a job asks.\n---\n\n# Report\n\n```sh\ncodex exec --output-schema report.schema.json "Report drift"\n```\n',
  );
  place(join(root, "report.schema.json"));
  return root;
}

function lint(root: string, unprivileged = false) {
  const run = runCliBounded(["lint", "--format", "json"], root, {
    timeoutMs: 30_000,
    unprivileged,
  });
  expect(run.signal, `killed: ${run.stderr}`).toBeNull();
  const results = JSON.parse(run.stdout) as {
    filePath: string;
    messages: { ruleId: string; message: string; line: number; column: number }[];
  }[];
  const skill = results.find((r) => r.filePath.endsWith("report/SKILL.md"));
  return { ...run, messages: skill?.messages.filter((m) => m.ruleId === "schema/unreadable-file") };
}

describe("a mentioned schema Codex cannot read", () => {
  it("a FIFO: Codex waits for a writer forever; we never open it", () => {
    const run = lint(project((path) => execFileSync("mkfifo", [path])));
    expect(run.code).toBe(1);
    expect(run.messages).toEqual([
      expect.objectContaining({
        line: 9,
        column: 28,
        message:
          "`--output-schema report.schema.json` names a FIFO (from the project root): Codex waits for a writer and the run never starts.",
      }),
    ]);
  });

  it("a folder: Codex's 'Is a directory', not 'no such file'", () => {
    const run = lint(project((path) => mkdirSync(path)));
    expect(run.code).toBe(1);
    expect(run.messages?.[0]?.message).toBe(
      '`--output-schema report.schema.json` names a directory (from the project root): Codex exits 1 with "Failed to read output schema file report.schema.json: Is a directory (os error 21)".',
    );
  });

  it("a device: what Codex makes of /dev/null", () => {
    const run = lint(project((path) => symlinkSync("/dev/null", path)));
    expect(run.code).toBe(1);
    expect(run.messages?.[0]?.message).toMatch(
      /^`--output-schema report\.schema\.json` names a character device, not a regular file .*EOF while parsing a value at line 1 column 0"\)\.$/,
    );
  });

  it("no permission: Codex's read error", () => {
    const run = lint(
      project((path) => {
        writeFileSync(path, '{"type": "object"}\n');
        chmodSync(path, 0o000);
      }),
      true,
    );
    expect(run.code).toBe(1);
    expect(run.messages?.[0]?.message).toBe(
      '`--output-schema report.schema.json` names a file that cannot be read (from the project root): permission denied; Codex exits 1 with "Failed to read output schema file report.schema.json: Permission denied (os error 13)".',
    );
    expect(run.stderr).toBe("");
  });
});
