/**
 * The workflow `create-ops-skill` writes for each template (the built bin, as users run it)
 * comes out `works` for the schema, report-file, environment, tools and cost checks. The
 * Invocation is read from the workflow by hand here (the schedules reader is tested on its own).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runsPer30Days, runsPerYear } from "@ops-skill/testing";
import { TEMPLATE_NAMES } from "create-ops-skill";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { costCheck } from "../src/checks/cost.js";
import { environmentCheck } from "../src/checks/environment.js";
import { reportFileCheck } from "../src/checks/report-file.js";
import { schemaCheck } from "../src/checks/schema.js";
import { toolsCheck } from "../src/checks/tools.js";
import type { Invocation } from "../src/model.js";
import { run } from "./checks-b.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const createBin = join(repoRoot, "packages", "create-ops-skill", "bin", "create-ops-skill.js");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}

/** The scheduled run of the scaffold's workflow, as an Invocation. */
function invocationOf(repo: string, name: string): Invocation {
  const file = join(repo, ".github", "workflows", `${name}.yml`);
  const workflow = parse(readFileSync(file, "utf8")) as {
    on: { schedule: { cron: string }[] };
    jobs: { run: { "runs-on": string; steps: Step[] } };
  };
  const job = workflow.jobs.run;
  const index = job.steps.findIndex((step) => step.name === `Run ${name}`);
  const step = job.steps[index] as Step;
  const exec = (step.run as string).replace(/^npx --yes @openai\/codex@\S+ /, "");
  const gate = job.steps[index + 1]?.run ?? "";
  const jqPaths = [...gate.matchAll(/jq (?:-\w+ )*'([^']*)' report\.json/g)].map(
    (m) => m[1] as string,
  );
  expect(jqPaths.length).toBeGreaterThan(0);
  const at = { file, line: 1, column: 1 };
  const cron = workflow.on.schedule[0]?.cron as string;
  const perYear = runsPerYear(cron);
  if ("problem" in perYear) throw new Error(perYear.problem);
  const invocation = run(exec, {
    project: repo,
    env: Object.entries(step.env ?? {}).map(([key, value]) => {
      const secret = /^\$\{\{ secrets\.(\w+) \}\}$/.exec(value);
      return secret
        ? { name: key, source: "secret" as const, secret: secret[1] as string }
        : { name: key, source: "expression" as const };
    }),
    reportUses: [{ file: "report.json", jqPaths }],
    runsPerMonth: runsPer30Days(perYear.runsPerYear),
    cron,
    runner: job["runs-on"],
    setupSteps: job.steps.slice(0, index).map((s) => ({
      ...(s.uses === undefined ? {} : { uses: s.uses }),
      ...(s.run === undefined ? {} : { run: s.run }),
      location: at,
    })),
  });
  return invocation;
}

describe("the scaffolded workflows", () => {
  it.each(TEMPLATE_NAMES)(
    "%s: works for schema, report-file, environment, tools and cost",
    (template) => {
      const repo = mkdtempSync(join(tmpdir(), "doctor-scaffold-"));
      spawnSync("git", ["init", "-q", repo]);
      const made = spawnSync(
        process.execPath,
        [createBin, template, "-t", template, "-y", "--no-trust"],
        {
          cwd: repo,
          encoding: "utf8",
          env: { ...process.env, CODEX_HOME: join(repo, ".no-home") },
        },
      );
      expect(made.status, made.stderr).toBe(0);
      const invocation = invocationOf(repo, template);
      const context = { root: repo, settings: {}, env: {} };
      const verdicts = [
        schemaCheck,
        reportFileCheck,
        environmentCheck,
        toolsCheck,
        costCheck,
      ].flatMap((check) => check(invocation, context));
      expect(verdicts.length).toBeGreaterThanOrEqual(6);
      for (const verdict of verdicts) {
        expect(verdict.status, `${verdict.check}: ${verdict.title}: ${verdict.reason}`).toBe(
          "works",
        );
      }
    },
  );
});
