import { describe, expect, it } from "vitest";
import { cronCommand } from "./crontab.js";
import { cronRuns } from "./frequency.js";
import { homeKey, jqPathsOf } from "./shell.js";
import { workflowValue } from "./workflow.js";

describe("pieces of a schedule", () => {
  it("jqPathsOf: the paths a filter reads, as written", () => {
    expect(jqPathsOf(".status")).toEqual([".status"]);
    expect(jqPathsOf('.findings[] | select(.severity == "high") | .resource')).toEqual([
      ".findings[]",
      ".severity",
      ".resource",
    ]);
    expect(jqPathsOf('.a.b[0]."odd key"')).toEqual(['.a.b[0]."odd key"']);
    expect(jqPathsOf(". | length")).toEqual([]);
    expect(jqPathsOf('$ENV.HOME, "x.y"')).toEqual([]);
  });

  it("cronCommand: % ends the command, the rest is stdin with % as newlines, \\% is a %", () => {
    expect(cronCommand("date +\\%F")).toEqual({
      command: "date +%F",
      offsets: [0, 1, 2, 3, 4, 5, 7, 8],
    });
    expect(cronCommand("codex exec - %line one%line two")).toMatchObject({
      command: "codex exec - ",
      stdin: "line one\nline two\n",
    });
  });

  it("cronRuns: runs in 30 days; @reboot never; a bad expression says why", () => {
    expect(cronRuns("@daily")).toEqual({ runsPerMonth: 30 });
    expect(cronRuns("@hourly")).toEqual({ runsPerMonth: 720 });
    expect(cronRuns("0 9 1 * *")).toEqual({ runsPerMonth: 1 });
    expect(cronRuns("@reboot")).toEqual({ never: true });
    expect(cronRuns("* * *")).toMatchObject({
      problem: expect.stringMatching(/not a 5-field cron line/),
    });
  });

  it("homeKey: one form for the runner.temp expression, RUNNER_TEMP in braces or not", () => {
    const key = "$RUNNER_TEMP/codex-home";
    expect(homeKey(`${"$"}{{ runner.temp }}/codex-home/`, "/w")).toBe(key);
    expect(homeKey(`${"$"}{RUNNER_TEMP}/codex-home`, "/w")).toBe(key);
    expect(homeKey(key, "/w")).toBe(key);
    expect(homeKey("home", "/w")).toBe("/w/home");
  });

  it("workflowValue: secret, empty (also a bare $), expression, literal", () => {
    expect(workflowValue(`${"$"}{{ secrets.OPENAI_API_KEY }}`)).toEqual({
      source: "secret",
      secret: "OPENAI_API_KEY",
    });
    expect(workflowValue("$")).toEqual({ source: "empty", value: "$" });
    expect(workflowValue("")).toEqual({ source: "empty", value: "" });
    expect(workflowValue(`${"$"}{{ vars.X }}`).source).toBe("expression");
    expect(workflowValue("$RUNNER_TEMP/x")).toEqual({ source: "literal", value: "$RUNNER_TEMP/x" });
  });
});
