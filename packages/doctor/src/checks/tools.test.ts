import { describe, expect, it } from "vitest";
import { context, FIXTURES, run } from "../../test/checks-b.js";
import { toolsCheck } from "./tools.js";

const DRIFT = "exec -o report.json 'Run the drift-check skill for the production stack.'";

const judge = (options: Omit<Parameters<typeof run>[1], "project">, line = DRIFT) =>
  toolsCheck(run(line, { project: "scaffold", ...options }), context("scaffold"));

describe("tools check", () => {
  it("breaks on ubuntu-latest, whose image has kubectl but no terraform", () => {
    const [verdict] = judge({ runner: "ubuntu-latest" });
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.reason).toContain("`terraform` (run in SKILL.md, drift-check/clean");
    expect(verdict?.reason).not.toContain("`kubectl`");
    expect(verdict?.reason).toContain("Ubuntu 24.04 runner image");
    expect(verdict?.fix).toContain("hashicorp/setup-terraform");
  });

  it("works when an earlier step installs the tool, or on an image that has it", () => {
    const at = { file: `${FIXTURES}/scaffold/schedule.txt`, line: 3, column: 1 };
    const [installed] = judge({
      runner: "ubuntu-latest",
      setupSteps: [
        { uses: "actions/checkout@v4", location: at },
        { uses: "hashicorp/setup-terraform@v3", location: at },
      ],
    });
    expect(installed?.status).toBe("works");
    expect(installed?.reason).toContain("terraform: installed by the earlier step at line 3");
    const [older] = judge({ runner: "ubuntu-22.04" });
    expect(older?.status).toBe("works");
  });

  it("cannot tell on a runner whose software it does not know", () => {
    const [verdict] = judge({ runner: "self-hosted" });
    expect(verdict?.status).toBe("cannot-tell");
    expect(verdict?.reason).toContain("date, kubectl and terraform");
  });

  it("looks the tools up on the PATH of a run on this machine", () => {
    const path = (value: string) => [{ name: "PATH", source: "literal" as const, value }];
    const [missing] = judge({ kind: "crontab", env: path(`${FIXTURES}/tools-bin`) });
    expect(missing?.status).toBe("breaks");
    expect(missing?.reason).toContain("`terraform`");
    expect(missing?.reason).not.toContain("`kubectl`");
    const [script] = toolsCheck(
      run("exec 'Use the triage skill.'", { project: "prose", kind: "script" }),
      { ...context("prose"), env: { PATH: `${FIXTURES}/tools-bin` } },
    );
    expect(script?.status).toBe("breaks");
    expect(script?.reason).toContain("`curl`");
  });

  it("cannot tell without a skill or without recorded calls", () => {
    const [noSkill] = judge({ runner: "ubuntu-latest" }, "exec 'Check the cluster.'");
    expect(noSkill?.status).toBe("cannot-tell");
    const [noCalls] = toolsCheck(
      run("exec 'Use the kube skill.'", { project: "cron", runner: "ubuntu-latest" }),
      context("cron"),
    );
    expect(noCalls?.status).toBe("cannot-tell");
    expect(noCalls?.reason).toContain("no recorded scenario calls");
  });
});
