/**
 * Property tests over generated skill trees (generate.ts): many random skills, schemas and a
 * config beside the witness, linted in one run per format. Whatever they hold, every run keeps
 * the contract (contract.ts): exit 0, 1 or 2, no stack trace, valid output in every format with
 * the witness's finding, and every input byte-identical. With --fix, only skills and schemas may
 * change, and a second --fix changes nothing; `schema fix --write` is idempotent the same way,
 * and leaves a schema alone when what it would write is the same JSON value.
 * Shrinking would rerun the CLI hundreds of times, so a failure ends the run with its case.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMATS, type Format, treeProblems } from "./contract.js";
import { WITNESS, WITNESS_TEXT } from "./fixtures.js";
import { tree, writeTree } from "./generate.js";
import { runCli, Tree } from "./harness.js";
import { outcomeProblems, type Probe } from "./probe.js";

const { FAULTS_RUNS, FAULTS_SEED } = process.env;
/**
 * Generated trees per property; each costs several CLI runs. The seed is fixed so a run says
 * the same thing twice; FAULTS_SEED (any number, or "random") explores or replays others.
 */
const NUM_RUNS = Number(FAULTS_RUNS ?? 6);
const OPTIONS = {
  numRuns: NUM_RUNS,
  endOnFailure: true,
  ...(FAULTS_SEED === "random" ? {} : { seed: Number(FAULTS_SEED ?? 13) }),
};
const TIMEOUT = 20_000;

/** Any run: a documented exit, with the witness's finding when it lints the whole repository. */
const ANY_RUN: Probe = { name: "generated", setup: () => {}, exit: [0, 1, 2] };
const ANY_FILE_RUN: Probe = { ...ANY_RUN, witness: false };

/** Whether two texts are JSON of the same value (a rewrite of one into the other changed nothing). */
function sameJson(a: string, b: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
  } catch {
    return false;
  }
}

async function lintIn(t: Tree, args: string[], format: Format | "none"): Promise<string[]> {
  const outcome = await runCli({
    args: [...args, ...(format === "none" ? [] : ["--format", format])],
    cwd: t.project,
    timeoutMs: TIMEOUT,
  });
  const probe = args.length === 1 || args[1] === "--fix" ? ANY_RUN : ANY_FILE_RUN;
  return outcomeProblems(probe, format, outcome, TIMEOUT).map(
    (p) => `${args.join(" ")} [${format}] ${p}`,
  );
}

function withTree(run: (t: Tree, fixable: string[], schemas: string[]) => Promise<string[]>) {
  return fc.asyncProperty(tree, async (generated) => {
    const t = new Tree("ops-skill-props-");
    try {
      t.file(WITNESS, WITNESS_TEXT);
      const { fixable, schemas } = writeTree(t, generated);
      expect(await run(t, fixable, schemas)).toEqual([]);
    } finally {
      t.remove();
    }
  });
}

describe("generated skill trees", () => {
  it(
    "every format: valid output, a documented exit, the witness reported, inputs untouched",
    async () => {
      await fc.assert(
        withTree(async (t, _fixable, schemas) => {
          const problems: string[] = [];
          const before = t.snapshot();
          for (const format of FORMATS) problems.push(...(await lintIn(t, ["lint"], format)));
          if (schemas.length > 0)
            problems.push(...(await lintIn(t, ["schema", "check", ...schemas], "json")));
          problems.push(...treeProblems(before, t.snapshot()));
          return problems;
        }),
        OPTIONS,
      );
    },
    NUM_RUNS * 8 * TIMEOUT,
  );

  it(
    "--fix and schema fix --write change only what they fix, and a second run changes nothing",
    async () => {
      await fc.assert(
        withTree(async (t, fixable, schemas) => {
          const problems: string[] = [];
          const [schema] = schemas;
          if (schema !== undefined) {
            const original = t.snapshot();
            const text = t.read(schema).toString("utf8");
            problems.push(...(await lintIn(t, ["schema", "fix", schema], "none")));
            problems.push(...treeProblems(original, t.snapshot()).map((p) => `schema fix: ${p}`));
            problems.push(...(await lintIn(t, ["schema", "fix", schema, "--write"], "none")));
            const once = t.snapshot();
            if (sameJson(text, t.read(schema).toString("utf8")))
              problems.push(
                ...treeProblems(original, once).map(
                  (p) => `schema fix --write, nothing to fix: ${p}`,
                ),
              );
            problems.push(...(await lintIn(t, ["schema", "fix", schema, "--write"], "none")));
            problems.push(
              ...treeProblems(once, t.snapshot()).map((p) => `second schema fix --write: ${p}`),
            );
          }
          const before = t.snapshot();
          problems.push(...(await lintIn(t, ["lint", "--fix"], "json")));
          const fixed = t.snapshot();
          problems.push(...treeProblems(before, fixed, { mayChange: fixable }));
          problems.push(...(await lintIn(t, ["lint", "--fix"], "json")));
          problems.push(...treeProblems(fixed, t.snapshot()).map((p) => `second --fix: ${p}`));
          return problems;
        }),
        OPTIONS,
      );
    },
    NUM_RUNS * 8 * TIMEOUT,
  );
});
