import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cronProblem, discoverScenarios, parseSuite, readScenario } from "../src/index.js";

const fixtures = join(import.meta.dirname, "fixtures", "suite");

describe("suite.json", () => {
  test("reads the skill's forbidden list, token budget and schedule", () => {
    const text = `{
  "version": 1,
  "forbidden": ["terraform apply", ["kubectl", "delete"]],
  "token_budget": 15000,
  "schedule": { "cron": "0 6 * * *", "profile": "day-two" }
}`;
    expect(parseSuite(text, "skills/x/tests/suite.json")).toEqual({
      ok: true,
      suite: {
        file: "skills/x/tests/suite.json",
        forbidden: [
          { argv: ["terraform", "apply"], line: 3 },
          { argv: ["kubectl", "delete"], line: 3 },
        ],
        tokenBudget: 15000,
        schedule: { cron: "0 6 * * *", profile: "day-two" },
      },
    });
    expect(parseSuite('{"version": 1}', "s.json")).toEqual({
      ok: true,
      suite: { file: "s.json", forbidden: [] },
    });
  });

  test("each problem names the file and line, unknown keys with the nearest", () => {
    const text = `{
  "version": 2,
  "forbiden": [],
  "forbidden": [3, "terraform apply"],
  "token_budget": 1.5,
  "schedule": { "cron": "0 6 * *", "profil": "x", "profile": "day two" }
}`;
    const result = parseSuite(text, "tests/suite.json");
    if (result.ok) throw new Error("expected problems");
    expect(result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'tests/suite.json:2: "version" must be 1 (the suite format this ops-skill reads)',
      'tests/suite.json:3: unknown key "forbiden"; did you mean "forbidden"?',
      'tests/suite.json:4: a forbidden command is a string ("terraform apply") or an array of words',
      'tests/suite.json:5: "token_budget" must be a positive integer (tokens per run)',
      'tests/suite.json:6: unknown key "profil"; did you mean "profile"?',
      'tests/suite.json:6: "cron" must have 5 fields (minute hour day month weekday), like "0 6 * * *"; "0 6 * *" has 4',
      'tests/suite.json:6: "profile" must be the name of a Codex profile (letters, digits, "_" and "-"): the scheduled `codex exec --profile <name>`',
    ]);
    const syntax = parseSuite('{\n  "version": 1,\n}', "s.json");
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.problems[0]?.line).toBe(3);
    expect(parseSuite("[]", "s.json")).toEqual({
      ok: false,
      problems: [{ file: "s.json", line: 1, message: "suite.json must hold a JSON object" }],
    });
  });

  test("cron lines", () => {
    expect(cronProblem("*/15 6-18 * jan-mar mon,fri")).toBeUndefined();
    expect(cronProblem("@daily")).toContain("5 fields");
    expect(cronProblem("0 6 * * * *")).toContain("has 6");
    expect(cronProblem("0 6 * * ?")).toBe('"cron" field "?" is not a cron field');
  });

  test("load.ts attaches the suite to every scenario of the skill; its tools get shims", () => {
    const found = discoverScenarios(fixtures, { cwd: fixtures });
    const demo = found.scenarios.find((result) => result.ok && result.scenario.id === "demo/one");
    if (!demo?.ok) throw new Error("demo/one should load");
    expect(demo.scenario.suite).toEqual({
      file: "demo/tests/suite.json",
      forbidden: [
        { argv: ["terraform", "apply"], line: 3 },
        { argv: ["kubectl", "delete"], line: 3 },
        { argv: ["psql"], line: 3 },
      ],
      tokenBudget: 15000,
      schedule: { cron: "0 6 * * *", profile: "day-two" },
    });
    // The scenario's own list stays its own; the suite's tools are shimmed too.
    expect(demo.scenario.forbidden).toEqual([{ argv: ["helm", "uninstall"], line: 1 }]);
    expect(demo.scenario.tools).toContain("psql");
    const direct = readScenario(join(fixtures, "demo/tests/one"), "demo/tests/one");
    expect(direct.ok && direct.scenario.suite?.file).toBe("demo/tests/suite.json");
  });

  test("a bad suite.json fails every scenario of its skill, naming its lines", () => {
    const found = discoverScenarios(fixtures, { cwd: fixtures });
    const bad = found.scenarios.find((result) => !result.ok && result.id === "bad/one");
    if (bad === undefined || bad.ok) throw new Error("bad/one should not load");
    expect(bad.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'bad/tests/suite.json:3: unknown key "forbiden"; did you mean "forbidden"?',
      'bad/tests/suite.json:4: "token_budget" must be a positive integer (tokens per run)',
      'bad/tests/suite.json:5: unknown key "profil"; did you mean "profile"?',
      'bad/tests/suite.json:5: "cron" must have 5 fields (minute hour day month weekday), like "0 6 * * *"; "0 6 * *" has 4',
      'bad/tests/suite.json:5: "profile" must be the name of a Codex profile (letters, digits, "_" and "-"): the scheduled `codex exec --profile <name>`',
    ]);
  });
});
