/**
 * `ops-skill lint --concurrency`: on worker threads the built CLI reports exactly what it
 * reports on one thread, in every format, with `--fix` too, including what needs every skill
 * of the run (duplicate names, the listing budget) and what the schema plugin scans.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

/** Over twice the engine's minimum per thread, so `--concurrency 3` really uses workers. */
const SKILLS = 480;

let project: string;

const run = (args: string[], cwd = project) => runCli(args, cwd);

/** A skill of one of a few shapes, each giving findings of a different kind. */
function skillText(i: number): string {
  const name = i % 97 === 5 ? "shared-name" : `skill-${i}`;
  const description = `Checks service ${i} with read-only commands and reports JSON. Use when a scheduled job needs the state of service ${i}.${" More words.".repeat(i % 7 === 0 ? 60 : 1)}`;
  const body = [
    `# Service ${i}`,
    "",
    "## Procedure",
    "",
    "```bash",
    i % 5 === 0 ? `kubectl delete pod web-${i}` : `kubectl get pods -n svc-${i}`,
    i % 11 === 0 ? "codex exec --output-schema schemas/missing.json 'report'" : "echo done",
    "```",
    "",
    i % 13 === 0 ? "<!-- ops-skill-disable-next-line quality/placeholder-text -- kept -->" : "",
    i % 13 === 0 ? "TODO: write the rollback step." : "",
  ].join("\n");
  const bom = i % 17 === 0 ? "\uFEFF" : "";
  return `${bom}---\nname: ${name}\ndescription: ${description}\n---\n\n${body}\n`;
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "ops-skill-concurrency-"));
  mkdirSync(join(project, ".git"));
  for (let i = 0; i < SKILLS; i++) {
    const dir = join(project, ".agents", "skills", `skill-${i}`);
    mkdirSync(join(dir, "scripts"), { recursive: true });
    writeFileSync(join(dir, "SKILL.md"), skillText(i));
    if (i % 9 === 0)
      writeFileSync(
        join(dir, "scripts", "run.sh"),
        "#!/bin/sh\nkubectl rollout restart deploy/web\n",
      );
  }
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("ops-skill lint --concurrency", () => {
  it("reports the same findings on worker threads as on one, in every format", () => {
    for (const format of ["json", "stylish", "sarif"]) {
      const one = run(["lint", "--format", format, "--concurrency", "off"]);
      const three = run(["lint", "--format", format, "--concurrency", "3"]);
      expect(one.code).toBe(1);
      expect(three.stderr).toBe(one.stderr);
      expect(three.stdout).toBe(one.stdout);
      expect(three.code).toBe(one.code);
    }
    const results = JSON.parse(run(["lint", "--format", "json", "--concurrency", "3"]).stdout);
    const ruleIds = new Set(
      results.flatMap((r: { messages: { ruleId: string }[] }) => r.messages.map((m) => m.ruleId)),
    );
    // Findings that need every skill of the run, or the schema plugin's scan of each skill.
    for (const id of [
      "codex/duplicate-name",
      "codex/listing-budget",
      "schema/unreadable-file",
      "ops/mutating-command",
      "codex/byte-order-mark",
    ])
      expect(ruleIds).toContain(id);
    expect(results.length).toBeGreaterThanOrEqual(SKILLS);
  });

  it("fixes the same files the same way", () => {
    const copies = ["off", "3"].map((concurrency) => {
      const copy = mkdtempSync(join(tmpdir(), "ops-skill-concurrency-fix-"));
      cpSync(project, copy, { recursive: true });
      const outcome = run(
        ["lint", "--fix", "--format", "json", "--concurrency", concurrency],
        copy,
      );
      return { copy, outcome };
    });
    const [one, three] = copies as [(typeof copies)[0], (typeof copies)[0]];
    expect(three.outcome.stdout.replaceAll(three.copy, "<project>")).toBe(
      one.outcome.stdout.replaceAll(one.copy, "<project>"),
    );
    for (let i = 0; i < SKILLS; i += 17) {
      const file = join(".agents", "skills", `skill-${i}`, "SKILL.md");
      const fixed = readFileSync(join(three.copy, file), "utf8");
      expect(fixed).toBe(readFileSync(join(one.copy, file), "utf8"));
      expect(fixed.startsWith("\uFEFF")).toBe(false);
    }
    for (const { copy } of copies) rmSync(copy, { recursive: true, force: true });
  });

  it("takes a number, auto or off, and exits 2 on anything else", () => {
    const bad = run(["lint", "--concurrency", "many"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--concurrency takes a positive number, "auto" or "off"');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(run(["lint", "--format", "json", "--concurrency", "auto"]).code).toBe(1);
  });
});
