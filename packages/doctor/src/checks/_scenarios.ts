/**
 * A skill's recorded scenarios (`<skill>/tests/<scenario>/`), read by `@ops-skill/testing`'s
 * reader (the one `ops-skill test` uses): the tools they call, the tokens each run took, the
 * final message each run gave. Read once per skill folder.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readScenario, type Scenario } from "@ops-skill/testing";

const cache = new Map<string, Scenario[]>();

/** The scenarios of the skill in `skillDir` that read (a broken one is `ops-skill test`'s to report). */
export function recordedScenarios(skillDir: string): Scenario[] {
  const cached = cache.get(skillDir);
  if (cached !== undefined) return cached;
  const tests = join(skillDir, "tests");
  let names: string[] = [];
  try {
    names = readdirSync(tests, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort();
  } catch {
    names = [];
  }
  const scenarios: Scenario[] = [];
  for (const name of names) {
    const read = readScenario(join(tests, name));
    if (read.ok) scenarios.push(read.scenario);
  }
  cache.set(skillDir, scenarios);
  return scenarios;
}

/** The last message the recorded run ended with, when it has one. */
export function finalMessage(scenario: Scenario): string | undefined {
  const steps = scenario.cassette.session.steps;
  for (let k = steps.length - 1; k >= 0; k--) {
    const step = steps[k];
    if (step?.kind === "message") return step.text;
  }
  return undefined;
}
