import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readSchedule, UNKNOWN_HOME } from "./index.js";

const fixtures = resolve(import.meta.dirname, "../../test/fixtures/schedules");
const root = join(fixtures, "repo");

describe("crontab", () => {
  it("reads env lines, cd, VAR=x prefixes, global options before `e`, and % as stdin", () => {
    const file = join(root, "cron/ops.crontab");
    const read = readSchedule(file, { root });
    expect(read.problems).toEqual([]);
    const [first, second] = read.invocations;
    expect(first?.source).toEqual({ kind: "crontab", file, name: "ops.crontab:6" });
    expect(first?.location).toEqual({ file, line: 6, column: 64 });
    expect(first?.cwd).toBe("/srv/ops/repo");
    expect(first?.cwdKnown).toBe(true);
    expect(first?.inheritsLoginEnv).toBe(false);
    expect(first?.env.map((e) => [e.name, e.source, e.value])).toEqual([
      ["MAILTO", "literal", "ops@example.com"],
      ["PATH", "literal", "/usr/local/bin:/usr/bin:/bin"],
      ["HOME", "literal", "/srv/ops"],
      ["CODEX_HOME", "literal", "/srv/ops/codex-home"],
    ]);
    expect(first?.env[3]?.location).toEqual({ file, line: 6, column: 33 });
    expect(first?.codexHome).toBe("/srv/ops/codex-home");
    expect(first?.options.sandbox).toBe("read-only");
    expect(first?.options.outputLastMessage).toBe("out.json");
    expect(first?.prompt).toBe("Use the cert-expiry skill");
    expect(first?.frequency).toEqual({
      cron: "0 6 * * 1-5",
      runsPerMonth: 21.5,
      location: { file, line: 6, column: 1 },
    });
    // `codex -c ... -p day-two e --json -`: options before the alias count; stdin after `%`.
    expect(second?.argv).toEqual(["-c", "model=o3", "-p", "day-two", "e", "--json", "-"]);
    expect(second?.options.profile).toBe("day-two");
    expect(second?.options.json).toBe(true);
    expect(second?.options.config).toEqual([
      { key: "model", raw: "o3", location: { file, line: 7, column: 23 } },
    ]);
    expect(second?.prompt).toBe(" Use the drift-check skill\non staging\n");
    // No cd: cron's working directory is the crontab's HOME.
    expect(second?.cwd).toBe("/srv/ops");
    expect(second?.cwdKnown).toBe(true);
    expect(second?.frequency?.runsPerMonth).toBe(2880);
  });

  it("says where each odd line is and still reads the others", () => {
    const file = join(fixtures, "crontabs/odd.crontab");
    const read = readSchedule(file, { root });
    expect(read.invocations.map((i) => i.prompt)).toEqual(["first", "last"]);
    expect(read.invocations.map((i) => i.frequency?.runsPerMonth)).toEqual([30, 720]);
    expect(read.problems.map((p) => [p.location.line, p.location.column])).toEqual([
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 22],
      [7, 18],
    ]);
    expect(read.problems[0]?.message).toMatch(/^cron cannot run this schedule: "61 \* \* \* \*"/);
    expect(read.problems[1]?.message).toMatch(/"0 6 \* \* codex": .*cannot resolve alias/);
    expect(read.problems[2]?.message).toMatch(/"@fortnightly" is no cron schedule name/);
    expect(read.problems[3]?.message).toBe(
      "the shell cannot parse this: unterminated single quote",
    );
    expect(read.problems[4]?.message).toBe(
      "codex refuses this command line: unexpected argument '--full-auto' found",
    );
    for (const problem of read.problems) expect(problem.location.file).toBe(file);
  });

  it("assumes the doctor's HOME (cwdKnown false) when the crontab sets none; cron expands nothing", () => {
    const file = join(fixtures, "crontabs/no-home.crontab");
    const read = readSchedule(file, { root, env: { HOME: "/home/me" } });
    expect(read.problems).toEqual([]);
    const [weekly, boot, monthly] = read.invocations;
    expect(weekly?.cwd).toBe("/home/me");
    expect(weekly?.cwdKnown).toBe(false);
    expect(weekly?.env[0]).toMatchObject({
      name: "PATH",
      source: "literal",
      value: "$PATH:/usr/local/bin",
    });
    expect(weekly?.frequency?.runsPerMonth).toBe(4.3);
    // @reboot runs once per boot: no frequency. A relative CODEX_HOME under an assumed cwd.
    expect(boot?.frequency).toBeUndefined();
    expect(boot?.codexHome).toBe("/home/me/codex-home");
    expect(boot?.codexHomeExpression).toBe("codex-home");
    // bash -lc: a login shell reads the profile; its cd is known.
    expect(monthly?.inheritsLoginEnv).toBe(true);
    expect(monthly?.cwd).toBe("/srv/ops");
    expect(monthly?.cwdKnown).toBe(true);
    expect(monthly?.prompt).toBe("monthly, in a login shell");

    const unknown = readSchedule(file, { root, env: {} });
    expect(unknown.invocations[0]?.cwd).toBe(UNKNOWN_HOME);
  });

  it("reads a script of the checkout the crontab names by its path on the server", () => {
    const file = join(fixtures, "crontabs/checkout.crontab");
    const read = readSchedule(file, { root });
    expect(read.problems).toEqual([]);
    expect(read.files).toEqual([file, join(root, "scripts/nightly.sh")]);
    expect(read.invocations).toHaveLength(1);
    const [run] = read.invocations;
    expect(run?.source.name).toBe("checkout.crontab:3 › nightly.sh:7");
    expect(run?.cwd).toBe(root);
    expect(run?.inheritsLoginEnv).toBe(false);
    expect(run?.env.map((e) => e.name)).toEqual(["HOME", "CODEX_HOME", "KUBECONFIG"]);
    expect(run?.frequency?.runsPerMonth).toBe(30);
    expect(run?.reportUses.map((u) => u.file)).toEqual(["report.json", "report.json"]);
  });

  it("reads the user field of a system crontab (cron.d)", () => {
    const file = join(fixtures, "crontabs/cron.d/codex");
    const read = readSchedule(file, { root });
    expect(read.problems).toEqual([]);
    expect(read.invocations).toHaveLength(1);
    expect(read.invocations[0]?.cwd).toBe("/srv/ops");
    expect(read.invocations[0]?.prompt).toBe("system crontab");
    expect(read.invocations[0]?.env.map((e) => e.name)).toEqual(["SHELL"]);
  });

  it("takes % as a character in a command line (cron's % is cron's)", () => {
    const read = readSchedule({ commandLine: 'cd /x && codex exec "hi" % more' }, { root });
    expect(read.invocations).toEqual([]);
    expect(read.problems).toEqual([
      {
        location: { file: "<command>", line: 1, column: 16 },
        message: "codex refuses this command line: unexpected argument '%' found",
      },
    ]);
  });
});
