// The sharded workflow of docs/examples/test-shards.yml, run as its jobs run it: each shard's
// `ops-skill test` command, read from the file, over one repository. The shards' JUnit files
// must hold every scenario once, so merging them gives the whole suite.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { parse } from "yaml";
import { runCli } from "./run-cli.js";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const fixtures = join(repoRoot, "packages", "testing", "test", "fixtures", "skills");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-workflow-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template.
const SHARD = "${{ matrix.shard }}";

interface Workflow {
  jobs: {
    test: { strategy: { matrix: { shard: number[] } }; steps: { run?: string }[] };
    report: { needs: string; steps: { run?: string }[] };
  };
}

test("the example's four shards run every scenario once, and the report job merges them", () => {
  const workflow = parse(
    readFileSync(join(repoRoot, "docs", "examples", "test-shards.yml"), "utf8"),
  ) as Workflow;
  const shards = workflow.jobs.test.strategy.matrix.shard;
  expect(shards).toEqual([1, 2, 3, 4]);
  const command = workflow.jobs.test.steps
    .map((step) => step.run ?? "")
    .find((run) => run.includes("ops-skill test"));
  expect(command).toBeDefined();
  const match = /^npx ops-skill (test .*?) > (.+)$/.exec(command as string);
  expect(match).not.toBeNull();
  const [, line, junitFile] = match as RegExpExecArray;
  expect(junitFile).toBe(`junit-${SHARD}.xml`);
  expect(workflow.jobs.report.needs).toBe("test");
  expect(workflow.jobs.report.steps.some((step) => step.run?.includes('"junit/*.xml"'))).toBe(true);

  const repo = join(scratch, "repo");
  mkdirSync(join(repo, ".git"), { recursive: true });
  cpSync(join(fixtures, "demo", "SKILL.md"), join(repo, "skills", "demo", "SKILL.md"));
  const names = ["a", "b", "c", "d", "e"];
  for (const name of names) {
    cpSync(join(fixtures, "demo", "tests", "drift"), join(repo, "skills", "demo", "tests", name), {
      recursive: true,
    });
  }

  const seen: string[] = [];
  for (const shard of shards) {
    const argv = (line as string).replaceAll(SHARD, String(shard)).split(" ");
    const run = runCli(argv, repo);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<\?xml/);
    for (const [, name] of run.stdout.matchAll(/<testcase\b[^>]*?\sname="([^"]+)"/g)) {
      seen.push(name as string);
    }
  }
  expect(seen.sort()).toEqual(names);
  expect(new Set(seen).size).toBe(names.length);
});
