// The catalogue (this repository's skills/, .codex/ and schedule/) run as the scaffold's
// workflow runs a skill (packages/create-ops-skill/src/schedule.ts): from the checkout's root,
// CODEX_HOME made by `ops-skill codex-home` from schedule/, `--profile day-two`, the prompt its
// cassettes record. Discovery (through .agents/skills, a link to skills/), config and hooks
// must say "works".
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { config } from "../../src/checks/config.js";
import { discovery } from "../../src/checks/discovery.js";
import { hooks } from "../../src/checks/hooks.js";
import type { DoctorContext } from "../../src/model.js";
import { FIXTURES, invocation, runnerTempHome } from "./helpers.js";

const ROOT = resolve(FIXTURES, "../../../../..");
const SKILLS = readdirSync(join(ROOT, "skills")).sort();

function scheduled(skill: string) {
  const tests = join(ROOT, "skills", skill, "tests");
  const scenario = readdirSync(tests, { withFileTypes: true }).find((e) => e.isDirectory());
  const header = JSON.parse(
    readFileSync(join(tests, scenario?.name ?? "", "cassette.jsonl"), "utf8").split("\n")[0] ?? "",
  ) as { invocation: { prompt: string } };
  const workflow = join(ROOT, ".github/workflows", `${skill}.yml`);
  return invocation(ROOT, header.invocation.prompt, {
    source: { kind: "workflow", file: workflow, name: `${skill}.yml › run › Run ${skill}` },
    location: { file: workflow, line: 1, column: 1 },
    env: [runnerTempHome(workflow)],
    inheritsLoginEnv: true,
    args: [
      "--profile",
      "day-two",
      "--output-schema",
      `schemas/${skill}.schema.json`,
      "-o",
      "report.json",
    ],
  });
}

const context: DoctorContext = {
  root: ROOT,
  settings: {},
  env: { PATH: process.env.PATH, HOME: process.env.HOME },
};

describe("the catalogue's schedule", () => {
  it.each(SKILLS)("%s: config and hooks work", async (skill) => {
    const run = scheduled(skill);
    const verdicts = [...(await config(run, context)), ...(await hooks(run, context))];
    expect(verdicts.map((v) => [v.check, v.status])).toEqual([
      ["config", "works"],
      ["hooks", "works"],
    ]);
  });

  it("drift-check's guard blocks the commands its runbook forbids", async () => {
    const [verdict] = await hooks(scheduled("drift-check"), context);
    expect(verdict?.title).toMatch(/^the guard hooks block \d+ forbidden commands?$/);
    expect(verdict?.reason).toContain("kubectl");
  });

  it.each(SKILLS)(
    "%s is discovered from the root through the linked .agents/skills",
    async (skill) => {
      const [verdict] = await discovery(scheduled(skill), context);
      expect(verdict?.status).toBe("works");
    },
  );
});
