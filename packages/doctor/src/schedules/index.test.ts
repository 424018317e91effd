import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ignoreMatcher, loadConfig } from "@ops-skill/lint";
import { afterAll, describe, expect, it } from "vitest";
import {
  COMMAND_FILE,
  findSchedules,
  MAX_SCHEDULE_BYTES,
  readSchedule,
  scheduleKind,
} from "./index.js";

const fixtures = resolve(import.meta.dirname, "../../test/fixtures/schedules");
const root = join(fixtures, "repo");
const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("shell script", () => {
  it('follows cd "$(dirname "$0")/..", export, a multi-line command, $(cat prompt) and later jq', () => {
    const file = join(root, "scripts/nightly.sh");
    const read = readSchedule(file, { root });
    expect(read.problems).toEqual([]);
    expect(read.invocations).toHaveLength(1);
    const [run] = read.invocations;
    expect(run?.source).toEqual({ kind: "script", file, name: "nightly.sh:7" });
    expect(run?.cwd).toBe(root);
    expect(run?.cwdKnown).toBe(true);
    expect(run?.inheritsLoginEnv).toBe(true);
    expect(run?.env.map((e) => [e.name, e.source, e.value, e.location.line])).toEqual([
      ["CODEX_HOME", "literal", join(root, ".codex-home"), 5],
      ["KUBECONFIG", "literal", "/etc/kube/staging.yaml", 6],
    ]);
    expect(run?.codexHome).toBe(join(root, ".codex-home"));
    expect(run?.prompt).toBe("Use the drift-check skill on the staging cluster.");
    expect(run?.options.outputLastMessage).toBe("report.json");
    expect(run?.reportUses).toEqual([
      { file: "report.json", jqPaths: [".status"], location: { file, line: 11, column: 11 } },
      {
        file: "report.json",
        jqPaths: [".findings[].severity"],
        location: { file, line: 12, column: 1 },
      },
    ]);
  });

  it("reads heredoc, piped and redirected prompts, pushd, -C, npx and git rev-parse", () => {
    const file = join(root, "scripts/heredoc.sh");
    const read = readSchedule(file, { root });
    expect(read.problems).toEqual([]);
    const [heredoc, piped, redirected, npx] = read.invocations;
    expect(read.invocations).toHaveLength(4);
    expect(heredoc?.location).toEqual({ file, line: 3, column: 45 });
    expect(heredoc?.cwd).toBe("/srv/ops/checkout");
    expect(heredoc?.prompt).toBe("Use the drift-check skill.\nReport as JSON.\n");
    expect(heredoc?.options.outputLastMessage).toBe("$OUT");
    expect(heredoc?.env).toEqual([
      {
        name: "OPENAI_API_KEY",
        source: "expression",
        value: '"$(cat /run/secrets/openai)"',
        location: { file, line: 3, column: 1 },
      },
    ]);
    const prompt = "Use the drift-check skill on the staging cluster.\n";
    expect(piped?.cwd).toBe(root);
    expect(piped?.prompt).toBe(prompt);
    expect(redirected?.prompt).toBe(prompt);
    expect(redirected?.stdoutFile).toBe("last-message.json");
    expect(npx?.argv).toEqual(["exec", "$UNKNOWN_PROMPT"]);
    expect(npx?.prompt).toBeUndefined();
  });

  it("follows a script the schedule runs, inside the repository, with the caller's environment", () => {
    const file = join(root, "run-all.sh");
    const read = readSchedule(file, { root });
    expect(read.problems).toEqual([]);
    expect(read.files).toEqual([
      file,
      join(root, "scripts/nightly.sh"),
      join(root, "scripts/helper.sh"),
    ]);
    const [run] = read.invocations;
    expect(run?.source.name).toBe("run-all.sh › nightly.sh:7");
    expect(run?.location.file).toBe(join(root, "scripts/nightly.sh"));
    expect(run?.env.map((e) => e.value)).toEqual([
      "/var/lib/codex",
      join(root, ".codex-home"),
      "/etc/kube/staging.yaml",
    ]);
    expect(run?.codexHome).toBe(join(root, ".codex-home"));
  });

  it("names where the shell cannot parse a script", () => {
    const file = join(root, "scripts/bad.sh");
    expect(readSchedule(file, { root })).toEqual({
      invocations: [],
      problems: [
        {
          location: { file, line: 2, column: 12 },
          message: "the shell cannot parse this: unterminated double quote",
        },
      ],
      files: [file],
    });
  });
});

describe("command line", () => {
  it("parses a bare command line as Codex does, in the given cwd", () => {
    const read = readSchedule(
      {
        commandLine:
          "CODEX_HOME=home codex --strict-config -c 'hooks.enabled=true' exec -C sub --sandbox workspace-write -o r.json --output-schema s.json 'Use the drift-check skill'",
      },
      { root, cwd: "ops" },
    );
    expect(read.problems).toEqual([]);
    const [run] = read.invocations;
    expect(run?.source).toEqual({ kind: "command", file: COMMAND_FILE, name: "command line" });
    expect(run?.cwd).toBe(join(root, "ops/sub"));
    expect(run?.codexHome).toBe(join(root, "ops/home"));
    expect(run?.options).toMatchObject({
      strictConfig: true,
      sandbox: "workspace-write",
      outputLastMessage: "r.json",
      outputSchema: "s.json",
      cd: "sub",
    });
    expect(run?.options.config).toEqual([
      { key: "hooks.enabled", raw: "true", location: { file: COMMAND_FILE, line: 1, column: 42 } },
    ]);
    expect(run?.prompt).toBe("Use the drift-check skill");
  });

  it("reads codex after wrappers whose options take values (timeout -s KILL 1h, nice -n 5)", () => {
    for (const commandLine of [
      "timeout -s KILL 1h codex exec hi",
      "timeout --kill-after 30s 1h codex exec hi",
      "nice -n 5 ionice -c 3 codex exec hi",
      "env -u HOME A=1 timeout 1h codex exec hi",
    ]) {
      const read = readSchedule({ commandLine }, { root });
      expect(
        read.invocations.map((run) => run.prompt),
        commandLine,
      ).toEqual(["hi"]);
    }
  });

  it("takes exec's own -C over one before exec (measured), and root -c before exec's", () => {
    const read = readSchedule(
      { commandLine: "codex -C /a -c x=1 -s read-only exec -C /b -c y=2 hi" },
      { root },
    );
    const [run] = read.invocations;
    expect(run?.cwd).toBe("/b");
    expect(run?.options.sandbox).toBe("read-only");
    expect(run?.options.config.map((c) => c.key)).toEqual(["x", "y"]);
  });

  it("names unbalanced quotes, a line with no codex exec, and a flag Codex refuses", () => {
    expect(readSchedule({ commandLine: "codex exec 'unbalanced" }, { root }).problems).toEqual([
      {
        location: { file: COMMAND_FILE, line: 1, column: 12 },
        message: "the shell cannot parse this: unterminated single quote",
      },
    ]);
    expect(readSchedule({ commandLine: "echo codex exec" }, { root }).problems).toEqual([
      {
        location: { file: COMMAND_FILE, line: 1, column: 1 },
        message: "this command line runs no `codex exec`",
      },
    ]);
    expect(
      readSchedule({ commandLine: "codex --bogus exec hi" }, { root }).problems[0]?.message,
    ).toBe("codex refuses this command line: unexpected argument '--bogus' found");
  });
});

describe("files that are no schedule", () => {
  it("says what a folder, a FIFO, a huge, a binary or a missing file is, without throwing", () => {
    const dir = temp("doctor-bad-");
    const fifo = join(dir, "fifo.yml");
    execFileSync("mkfifo", [fifo]);
    const huge = join(dir, "huge.crontab");
    writeFileSync(huge, `# ${"x".repeat(MAX_SCHEDULE_BYTES)}\n`);
    const binary = join(dir, "binary.sh");
    writeFileSync(binary, Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x78, 0x00, 0x01]));
    const message = (file: string) => {
      const read = readSchedule(file, { root: dir });
      expect(read.invocations).toEqual([]);
      expect(read.problems).toHaveLength(1);
      expect(read.problems[0]?.location).toEqual({ file, line: 1, column: 1 });
      return read.problems[0]?.message;
    };
    expect(message(dir)).toBe("this schedule is a directory");
    expect(message(fifo)).toBe("this schedule is a FIFO");
    expect(message(huge)).toMatch(/^this schedule is larger than /);
    expect(message(binary)).toBe("this schedule is a binary file, not text");
    expect(message(join(dir, "missing.yml"))).toBe("this schedule does not exist");
  });

  it("reads no deeper than the parsers go: deep YAML and deep shell are findings", () => {
    const dir = temp("doctor-deep-");
    const file = join(dir, "deep.yml");
    writeFileSync(file, `on: push\njobs: ${"[".repeat(10_000)}\n`);
    const read = readSchedule(file, { root: dir });
    expect(read.invocations).toEqual([]);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatchObject({
      location: { file, line: 2 },
      message: "this workflow nests deeper than any YAML parser follows",
    });
    const shell = `${"(".repeat(5000)}codex exec hi${")".repeat(5000)}`;
    expect(readSchedule({ commandLine: shell }, { root: dir }).problems[0]?.message).toMatch(
      /^the shell cannot parse this: maximum .* nesting depth exceeded$/,
    );
  });

  it("decides the kind from the name, the folder, then the first lines", () => {
    expect(scheduleKind("/r/.github/workflows/a.yaml", "")).toBe("workflow");
    expect(scheduleKind("/r/cron/nightly", "")).toBe("crontab");
    expect(scheduleKind("/r/x.crontab", "")).toBe("crontab");
    expect(scheduleKind("/r/run", "#!/bin/sh\n")).toBe("script");
    expect(scheduleKind("/r/x", "PATH=/bin\n@daily codex exec hi\n")).toBe("crontab");
    expect(scheduleKind("/r/x", "on: push\njobs: {}\n")).toBe("workflow");
    expect(scheduleKind("/r/x", "codex exec hi\n")).toBe("script");
  });
});

describe("findSchedules", () => {
  it("finds workflows, cron files, *.cron and scripts running codex exec; not in node_modules, .git, fixtures", () => {
    const repo = temp("doctor-find-");
    cpSync(root, repo, { recursive: true });
    for (const dir of ["node_modules/pkg", ".git/hooks", "test/fixtures", "a/b/c/d/e/f/g/h/i"]) {
      mkdirSync(join(repo, dir), { recursive: true });
      writeFileSync(join(repo, dir, "run.sh"), 'codex exec "hidden"\n');
    }
    writeFileSync(join(repo, "nested.cron"), "@daily codex exec hi\n");
    writeFileSync(join(repo, "deep.crontab"), "@daily codex exec hi\n");
    mkdirSync(join(repo, "deep/er"), { recursive: true });
    writeFileSync(join(repo, "deep/er/crontab"), "@daily codex exec hi\n");
    writeFileSync(join(repo, "deep/alias.sh"), "npx -y @openai/codex@latest e 'hi'\n");
    const found = findSchedules(repo).map((file) => file.slice(repo.length + 1));
    expect(found).toEqual([
      ".github/workflows/action.yaml",
      ".github/workflows/github-env.yml",
      ".github/workflows/guide.yml",
      ".github/workflows/nightly.yml",
      "cron/ops.crontab",
      "deep.crontab",
      "deep/alias.sh",
      "deep/er/crontab",
      "nested.cron",
      "ops.cron",
      "scripts/bad.sh",
      "scripts/heredoc.sh",
      "scripts/nightly.sh",
    ]);
  });

  it("skips what the config's ignores drop, folders and files alike", async () => {
    const repo = temp("doctor-find-");
    cpSync(root, repo, { recursive: true });
    writeFileSync(join(repo, "ops-skill.config.json"), '{"ignores": ["cron/**", "**/nightly.*"]}');
    const isIgnored = await ignoreMatcher(await loadConfig(repo));
    const found = findSchedules(repo, isIgnored).map((file) => file.slice(repo.length + 1));
    expect(found).toEqual([
      ".github/workflows/action.yaml",
      ".github/workflows/github-env.yml",
      ".github/workflows/guide.yml",
      "ops.cron",
      "scripts/bad.sh",
      "scripts/heredoc.sh",
    ]);
    // A folder the ignores drop is not entered: nothing under it is read.
    const entered: string[] = [];
    findSchedules(repo, (path) => {
      entered.push(path);
      return path === join(repo, "scripts");
    });
    expect(entered).not.toContain(join(repo, "scripts", "nightly.sh"));
  });

  it("does not list a script another found script runs", () => {
    const repo = temp("doctor-find-");
    mkdirSync(join(repo, "scripts"));
    writeFileSync(join(repo, "scripts/inner.sh"), 'codex exec "inner"\n');
    writeFileSync(join(repo, "outer.sh"), 'codex exec "outer"\n./scripts/inner.sh\n');
    expect(findSchedules(repo)).toEqual([join(repo, "outer.sh")]);
    expect(findSchedules(join(repo, "missing"))).toEqual([]);
  });
});
