import { describe, expect, it } from "vitest";
import { context, run } from "../../test/checks-b.js";
import { costCheck } from "./cost.js";

const DRIFT = "exec -o report.json 'Run the drift-check skill for the production stack.'";

// The scaffold's drift-check scenarios (input + output over their model turns): clean 12,129;
// kubectl-diff-read-only 11,910; provider-error 11,364; security-group-change 14,295.
const judge = (runsPerMonth: number | undefined, monthlyTokenBudget?: number, line = DRIFT) =>
  costCheck(
    run(line, { project: "scaffold", ...(runsPerMonth === undefined ? {} : { runsPerMonth }) }),
    context("scaffold", monthlyTokenBudget === undefined ? {} : { monthlyTokenBudget }),
  );

describe("cost check", () => {
  it("works within the budget, quoting the numbers", () => {
    const [verdict] = judge(30, 500_000);
    expect(verdict?.status).toBe("works");
    expect(verdict?.reason).toContain(
      "14,295 tokens a run for drift-check (its most expensive of 4 recorded runs: drift-check/security-group-change)",
    );
    expect(verdict?.reason).toContain(
      "× 30 runs in 30 days (`0 6 * * *`) = 428,850 tokens a month",
    );
    expect(verdict?.reason).toContain("within the budget of 500,000");
  });

  it("breaks over the budget, by how much", () => {
    const [verdict] = judge(720, 5_000_000);
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.reason).toContain("10,292,400 tokens a month");
    expect(verdict?.reason).toContain("by 5,292,400");
    expect(verdict?.fix).toContain("at most 349 runs in 30 days");
  });

  it("works without a budget, saying nothing caps it", () => {
    const [verdict] = judge(30);
    expect(verdict?.status).toBe("works");
    expect(verdict?.reason).toContain("no budget is set");
  });

  it("cannot tell without a frequency, a skill or a recording", () => {
    expect(judge(undefined, 1)[0]?.status).toBe("cannot-tell");
    expect(judge(30, 1, "exec 'Check the cluster.'")[0]?.status).toBe("cannot-tell");
    const [unrecorded] = costCheck(
      run("exec 'Use the kube skill.'", { project: "cron", runsPerMonth: 30 }),
      context("cron", { monthlyTokenBudget: 1 }),
    );
    expect(unrecorded?.status).toBe("cannot-tell");
    expect(unrecorded?.reason).toContain("kube has no recorded run");
  });
});
