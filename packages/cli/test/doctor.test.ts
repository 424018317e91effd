/**
 * `ops-skill doctor` as users run it: the built binary on copies of the catalogue (its
 * schedule works), on a workflow broken the way schedules break (`--sandbox read-only` beating
 * the profile that gives kubectl the network), in every format, with `-o`, `--fix` and usage
 * errors, and on the bad input an attacker or a clumsy user brings: FIFOs, devices, unreadable
 * folders, huge, deep and binary files, odd names, thousands of runs, a hook that hangs,
 * credentials written into the schedule, a full disk.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchProjects } from "../../../test/support/project.js";
import { copyCatalogue } from "./catalogue-copy.js";
import { bin, runCli, runCliBounded } from "./run-cli.js";

const { scratch } = scratchProjects("ops-skill-doctor-");
chmodSync(scratch, 0o755);
const asRoot = process.getuid?.() === 0;

const FLOW = ".github/workflows/drift-check.yml";
const SANDBOX_FLAG = "exec --profile day-two --sandbox read-only";
let made = 0;

/** A copy of the catalogue whose skills Codex discovers, with `drift-check.yml` as its schedule. */
function catalogue(edit: (workflow: string) => string = (w) => w): string {
  const repo = copyCatalogue(scratch, `repo-${++made}`);
  mkdirSync(join(repo, ".agents"));
  symlinkSync("../skills", join(repo, ".agents", "skills"));
  mkdirSync(join(repo, ".github", "workflows"), { recursive: true });
  const workflow = readFileSync(join(repo, "schedule", "workflows", "drift-check.yml"), "utf8");
  writeFileSync(join(repo, FLOW), edit(workflow));
  return repo;
}

/** The drift-check run with `--sandbox read-only`: kubectl and terraform get no network. */
const readOnly = (workflow: string) => {
  const edited = workflow.replace("exec --profile day-two", SANDBOX_FLAG);
  expect(edited).not.toBe(workflow);
  return edited;
};

/** A repository (`.git`) holding only the given files. */
function bare(files: Record<string, string>): string {
  const repo = join(scratch, `bare-${++made}`);
  mkdirSync(join(repo, ".git"), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(repo, path, ".."), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  return repo;
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
const oneLine = (text: string) => expect(text.trimEnd().split("\n")).toHaveLength(1);

type JsonFile = {
  filePath: string;
  messages: { ruleId: string; severity: number; message: string }[];
};

describe("the catalogue's schedule", () => {
  it("works: every check of every workflow says works, exit 0", () => {
    const repo = catalogue();
    const { code, stdout, stderr } = runCli(["doctor", "schedule/workflows"], repo);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/^\s+[✖?] /m);
    expect(stdout).toMatch(/^6 schedules, 6 codex exec runs: \d+ work — every check works\.$/m);
    // Each run's checklist says each line once (the report's jq reads are one line).
    for (const run of stdout.split("\n\n")) {
      const lines = run.split("\n").filter((line) => /^\s+✔ /.test(line));
      expect(lines).toEqual([...new Set(lines)]);
    }
    expect(stdout).toContain("✔ report-file the jq paths report.json is read with are fields");
  }, 120_000);
});

describe("a broken workflow, --fix and -o", () => {
  const repo = catalogue(readOnly);

  it("names the network check and its fix, exit 1", () => {
    const { code, stdout } = runCli(["doctor", FLOW], repo);
    expect(code).toBe(1);
    expect(stdout).toMatch(/✖ network {5}kubectl diff gets no network/);
    expect(stdout).toMatch(/fix: Give the run a permission profile with the network on/);
    expect(stdout).toMatch(/✖ sandbox {5}--sandbox read-only overrides the permission profile/);
    expect(stdout).toMatch(/fix: Remove --sandbox read-only from the command line/);
    expect(stdout).toMatch(/the scheduled run will not do its job\.\n$/);
  }, 60_000);

  it("prints each format so that it parses, the breaks as errors", () => {
    const json = runCli(["doctor", FLOW, "-f", "json"], repo);
    expect(json.code).toBe(1);
    const files = JSON.parse(json.stdout) as JsonFile[];
    const errors = files.flatMap((f) => f.messages.filter((m) => m.severity === 2));
    expect(errors.map((m) => m.ruleId)).toContain("doctor/network");
    const sarif = JSON.parse(runCli(["doctor", FLOW, "-f", "sarif"], repo).stdout) as {
      runs: { results: { ruleId: string; level: string }[] }[];
    };
    expect(sarif.runs[0]?.results).toContainEqual(
      expect.objectContaining({ ruleId: "doctor/network", level: "error" }),
    );
    const github = runCli(["doctor", FLOW, "-f", "github"], repo).stdout.trimEnd().split("\n");
    for (const line of github) expect(line).toMatch(/^::(error|warning|notice) file=/);
    expect(github.some((l) => l.startsWith("::error") && l.includes("doctor/network"))).toBe(true);
    const junit = runCli(["doctor", FLOW, "-f", "junit"], repo).stdout;
    expect(junit).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites/);
    expect(junit).toMatch(/<failure [^>]*doctor\/network|doctor\/network[^\n]*\n[^\n]*<failure/);
    expect(junit.match(/<testsuite /g)?.length).toBe(junit.match(/<\/testsuite>/g)?.length);
  }, 120_000);

  it("-o writes the report (no temporary file left) and keeps the old one when it cannot", () => {
    const { code, stdout } = runCli(["doctor", FLOW, "-f", "json", "-o", "out/doctor.json"], repo);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    JSON.parse(readFileSync(join(repo, "out", "doctor.json"), "utf8"));
    const before = readFileSync(join(repo, "out", "doctor.json"));
    const toFolder = runCli(["doctor", FLOW, "-o", "out"], repo);
    expect(toFolder.code).toBe(2);
    oneLine(toFolder.stderr);
    const full = runCli(["doctor", FLOW, "-o", "/dev/full"], repo);
    expect(full.code).toBe(2);
    oneLine(full.stderr);
    expect(readFileSync(join(repo, "out", "doctor.json"))).toEqual(before);
    expect(
      spawnSync("ls", ["-A", join(repo, "out")], { encoding: "utf8" })
        .stdout.trim()
        .split("\n"),
    ).toEqual(["doctor.json"]);
  }, 120_000);

  it("--fix on a full disk writes nothing and exits 2", () => {
    const padded = catalogue((w) => `${readOnly(w)}# ${"x".repeat(9000)}\n`);
    const before = readFileSync(join(padded, FLOW), "utf8");
    const run = spawnSync("prlimit", ["--fsize=8192", process.execPath, bin, "doctor", "--fix"], {
      cwd: padded,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/EFBIG.*nothing was written\n$/);
    expect(readFileSync(join(padded, FLOW), "utf8")).toBe(before);
  }, 60_000);

  it("--fix drops the overriding --sandbox and the doctor then says works", () => {
    const fixed = catalogue(readOnly);
    const { code, stdout, stderr } = runCli(["doctor", "--fix"], fixed);
    expect(stderr).toMatch(/^ops-skill doctor: fixed \.github\/workflows\/drift-check\.yml: /);
    expect(code).toBe(0);
    expect(stdout).toMatch(/every check works\.\n$/);
    const workflow = readFileSync(join(fixed, FLOW), "utf8");
    expect(workflow).not.toContain("--sandbox");
    expect(runCli(["doctor"], fixed).code).toBe(0);
  }, 120_000);

  it.runIf(asRoot)(
    "--fix in a tree its user cannot write writes nothing, exit 2",
    () => {
      const locked = catalogue(readOnly);
      const before = readFileSync(join(locked, FLOW), "utf8");
      const run = runCliBounded(["doctor", "--fix"], locked, { unprivileged: true });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/permission denied \(EACCES\).*nothing was written\n$/);
      expect(readFileSync(join(locked, FLOW), "utf8")).toBe(before);
    },
    60_000,
  );
});

describe("usage errors exit 2 with one line", () => {
  it("--trust without --fix, no schedule, no codex exec, an unknown format", () => {
    const empty = bare({ "README.md": "# nothing scheduled\n" });
    for (const args of [
      ["doctor", "--trust"],
      ["doctor"],
      ["doctor", "README.md"],
      ["doctor", "--command", ""],
    ]) {
      const { code, stdout, stderr } = runCli(args, empty);
      expect({ args, code }).toEqual({ args, code: args.includes("--command") ? 1 : 2 });
      if (code === 2) oneLine(stderr);
      noStackTrace(stdout + stderr);
    }
    const format = runCli(["doctor", "-f", "stylish"], empty);
    expect(format.code).toBe(2);
    noStackTrace(format.stderr);
  });

  it("outside any git repository it still reads the schedule it is given", () => {
    const dir = join(scratch, "no-git");
    mkdirSync(dir);
    writeFileSync(join(dir, "job.cron"), "61 * * * * codex exec 'Run $drift-check'\n");
    const { code, stdout } = runCli(["doctor", "job.cron"], dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^✖ job\.cron:1:1: cron cannot run this schedule/);
  });
});

describe("ops-skill.config.json: the linter's ignores, and doctor.schedules", () => {
  const cron = "@daily cd /srv/ops && codex exec 'Run $drift-check'\n";
  const config = (value: unknown) => JSON.stringify(value);

  it("with no argument: ignores drop what is found, doctor.schedules adds a folder", () => {
    const repo = bare({
      "ops-skill.config.json": config({
        ignores: ["test/**"],
        doctor: { schedules: ["ops/workflows", "ops/nightly.txt"] },
      }),
      "test/cases/a/run.sh": "codex exec 'Run $a'\n",
      "node_modules/pkg/run.sh": "codex exec 'Run $b'\n",
      "cron/real.cron": cron,
      "ops/workflows/drift.yml": readFileSync(
        join(import.meta.dirname, "..", "..", "..", "schedule", "workflows", "drift-check.yml"),
        "utf8",
      ),
      "ops/nightly.txt": cron,
    });
    const { stdout, stderr } = runCli(["doctor", "-f", "json"], repo);
    expect(stderr).toBe("");
    const read = (JSON.parse(stdout) as JsonFile[]).map((file) => file.filePath.slice(repo.length));
    expect(read.sort()).toEqual([
      "/cron/real.cron",
      "/ops/nightly.txt",
      "/ops/workflows/drift.yml",
    ]);
  }, 60_000);

  it("a schedule named whose every file ignores drop: said as the linter says it, exit 2", () => {
    const repo = bare({
      "ops-skill.config.json": config({ ignores: ["cron/old.cron", "legacy/**"] }),
      "cron/old.cron": cron,
      "cron/real.cron": cron,
      "legacy/run.sh": "codex exec 'Run $a'\n",
    });
    const one = runCli(["doctor", "cron/old.cron"], repo);
    expect(one.code).toBe(2);
    expect(one.stderr).toBe(
      `ops-skill doctor: every schedule in cron/old.cron is ignored by "ignores" in ${join(repo, "ops-skill.config.json")}\n`,
    );
    // The others are still checked and printed; the ignored one still fails the run.
    const both = runCli(["doctor", "legacy", "cron/real.cron"], repo);
    expect(both.code).toBe(2);
    expect(both.stdout).toMatch(/^real\.cron:1 /m);
    expect(both.stderr).toMatch(/^ops-skill doctor: every schedule in legacy is ignored/);
  });

  it("a config the linter refuses is refused here too, exit 2 with one line", () => {
    for (const bad of [
      { doctor: { schedules: "ops" } },
      { ignores: [""] },
      { doctor: { schedule: ["ops"] } },
    ]) {
      const repo = bare({ "ops-skill.config.json": config(bad), "cron/real.cron": cron });
      const { code, stderr } = runCli(["doctor"], repo);
      expect({ bad, code }).toEqual({ bad, code: 2 });
      oneLine(stderr);
    }
  });
});

describe("bad input: a finding naming the file and line, exit 1, the others still checked", () => {
  it("a FIFO, devices and a folder named like a workflow never hang the reader", () => {
    const repo = bare({ ".github/workflows/ok.cron": "" });
    const flows = join(repo, ".github", "workflows");
    spawnSync("mkfifo", [join(flows, "fifo.yml")]);
    symlinkSync("/dev/zero", join(flows, "zero.yml"));
    symlinkSync("/dev/urandom", join(flows, "random.yml"));
    writeFileSync(join(flows, "ok.sh"), "cd /nowhere && codex exec 'Run $drift-check'\n");
    const run = runCliBounded(
      [
        "doctor",
        ".github/workflows/fifo.yml",
        ".github/workflows/zero.yml",
        ".github/workflows/random.yml",
        ".github/workflows/ok.sh",
      ],
      repo,
      { timeoutMs: 30_000 },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ .github/workflows/fifo.yml:1:1: this schedule is a FIFO");
    expect(run.stdout).toContain(".github/workflows/zero.yml:1:1: this schedule is a character");
    expect(run.stdout).toContain(".github/workflows/random.yml:1:1: this schedule is a character");
    expect(run.stdout).toMatch(/^ok\.sh:1 \(\.github\/workflows\/ok\.sh:1:\d+\)$/m);
  });

  it("huge, deep, aliased, binary, CRLF and BOM workflows", () => {
    const head = "on:\n  schedule:\n    - cron: '0 6 * * *'\njobs:\n";
    let laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (let i = 1; i < 10; i++) {
      const [name, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      laughs += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]\n`;
    }
    const repo = bare({
      "big.yml": `${head}# ${"x".repeat(20 * 1024 * 1024)}\n`,
      "deep.yml": `${head}  x: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`,
      "lol.yml": `${laughs}${head}  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: codex exec 'Run $drift-check'\n        env:\n          X: *j\n`,
      "nul.yml": `${head}\0\0\0`,
    });
    const run = runCliBounded(["doctor", "big.yml", "deep.yml", "lol.yml", "nul.yml"], repo, {
      timeoutMs: 30_000,
      addressSpace: 4 * 1024 ** 3,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ big.yml:1:1: this schedule is larger than 1 MiB");
    expect(run.stdout).toMatch(/✖ deep\.yml:5:\d+: this workflow nests deeper/);
    expect(run.stdout).toContain("✖ nul.yml:1:1: this schedule is a binary file, not text");
    expect(run.stdout).toMatch(/^lol\.yml › x › step 1 \(lol\.yml:\d+:\d+\)$/m);
    expect(run.stdout.length).toBeLessThan(100_000);
    const crlf = catalogue((w) => `\uFEFF${w.replaceAll("\n", "\r\n")}`);
    const ok = runCli(["doctor", FLOW], crlf);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/every check works\.\n$/);
  }, 120_000);

  it("a workflow of 5,000 codex exec steps is checked up to a bound, and says so", () => {
    const steps = Array.from(
      { length: 5000 },
      (_, i) => `      - run: codex exec --sandbox read-only 'Run $drift-check ${i}'\n`,
    ).join("");
    const repo = bare({
      "many.yml": `on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`,
    });
    const run = runCliBounded(["doctor", "many.yml", "-f", "json"], repo, { timeoutMs: 60_000 });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "this schedule runs codex exec 5000 times; the doctor checks the first 100",
    );
    expect(run.stdout.length).toBeLessThan(10 * 1024 * 1024);
  }, 90_000);

  it("a crontab of 100,000 bad lines names 20 of them and counts the rest", () => {
    // 100,000 lines under the 1 MiB a schedule may have.
    const repo = bare({ "cron/jobs": "x\n".repeat(100_000) });
    const run = runCliBounded(["doctor", "cron/jobs"], repo, { timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.stdout.match(/^✖ cron\/jobs:/gm)).toHaveLength(21);
    expect(run.stdout).toContain(
      "✖ cron/jobs:21:1: 99980 more problems from here on are not listed",
    );
  });

  it("odd names: a newline, an escape and bytes that are not UTF-8", () => {
    const repo = bare({});
    const flows = join(repo, ".github", "workflows");
    mkdirSync(flows, { recursive: true });
    const line = "0 6 * * * codex exec 'Run $drift-check'\n";
    writeFileSync(join(flows, "new\nline.cron"), line);
    writeFileSync(join(flows, "esc\u001b[31mred.cron"), line);
    writeFileSync(Buffer.from(`${flows}/bad\xff.cron`, "latin1"), line);
    const run = runCliBounded(["doctor", ".github/workflows"], repo, { timeoutMs: 60_000 });
    expect(run.stdout).not.toContain("\u001b");
    expect(run.stdout).toContain("new\\nline.cron");
    expect(run.stdout).toMatch(/bad\uFFFD\.cron:1:1: this schedule's name is not valid UTF-8/);
    noStackTrace(run.stdout + run.stderr);
  }, 90_000);

  it.runIf(asRoot)(
    "a skill folder its user cannot read is no crash of any check",
    () => {
      const repo = catalogue();
      chmodSync(join(repo, "skills", "vuln-audit"), 0o700);
      const run = runCliBounded(["doctor", FLOW], repo, { unprivileged: true, timeoutMs: 60_000 });
      expect(run.stdout).not.toContain("could not finish");
      expect(run.stdout).toMatch(/✔ tools/);
      expect(run.code).toBe(0);
    },
    90_000,
  );

  it.runIf(asRoot)(
    "an unreadable workflow is named, the others still checked",
    () => {
      const repo = catalogue();
      writeFileSync(join(repo, ".github", "workflows", "secret.yml"), "on: push\n");
      chmodSync(join(repo, ".github", "workflows", "secret.yml"), 0o600);
      const run = runCliBounded(["doctor"], repo, { unprivileged: true, timeoutMs: 60_000 });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        "✖ .github/workflows/secret.yml:1:1: this schedule cannot be read (permission denied)",
      );
      expect(run.stdout).toMatch(/^2 schedules, 1 codex exec run: 1 breaks, \d+ work/m);
    },
    90_000,
  );

  it("a guard hook that hangs costs its timeout once, not once per forbidden command", () => {
    const repo = catalogue();
    // The command and timeout stay as trusted; the script it runs never ends (10 s timeout).
    writeFileSync(join(repo, ".codex", "hooks", "guard.cjs"), "setInterval(() => {}, 1000);\n");
    const run = runCliBounded(["doctor", FLOW], repo, { timeoutMs: 90_000 });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✖ hooks {7}`terraform apply` would run/);
    expect(run.stdout).toContain("make it finish within its timeout of 10 s");
    // 23 forbidden commands: 230 s when each waits for the timeout.
    expect(run.ms).toBeLessThan(60_000);
  }, 120_000);

  it("a credential written into the schedule is never printed, in any format", () => {
    const key = `sk-proj-${"1Ue8oXFMiTbtjlZWi684wskEhIMBgw"}T3BlbkFJ${"i0cGsGWs0iHjjseKbNJIzC3yHjwUyp"}`;
    const possible = "sk-4XKPTdf1UUpxa8mgtkZSfLpWKE0hriLWPAkAXrvEm37ae7DA";
    const repo = catalogue((w) =>
      w
        .replace(/\$\{\{ secrets\.OPENAI_API_KEY \}\}/, key)
        .replace(
          "exec --profile day-two",
          `exec -c 'model_providers.x.api_key="${possible}"' --profile day-two`,
        ),
    );
    for (const format of ["text", "json", "json-with-metadata", "sarif", "github", "junit"]) {
      const { code, stdout, stderr } = runCli(["doctor", FLOW, "-f", format], repo);
      expect({ format, code }).toEqual({ format, code: 1 });
      expect(stdout + stderr).not.toContain("T3BlbkFJ");
      expect(stdout + stderr).not.toContain(possible.slice(3));
      if (format === "json")
        expect(stdout).toContain("CODEX_API_KEY is not a secret written into the schedule");
    }
    const line = runCli(
      ["doctor", "--command", `CODEX_API_KEY=${key} codex exec 'Run $drift-check ${possible}'`],
      repo,
    );
    expect(line.stdout).not.toContain("T3BlbkFJ");
    expect(line.stdout).not.toContain(possible.slice(3));
    expect(line.stdout).toContain("[sk-…]");
  }, 240_000);

  it("stdout closed or cut by `head -c0`: no stack trace, the exit code stands", () => {
    const repo = bare({ "job.cron": "61 * * * * codex exec 'Run $drift-check'\n" });
    const closed = spawnSync("sh", ["-c", `"${process.execPath}" "${bin}" doctor job.cron >&-`], {
      cwd: repo,
      encoding: "utf8",
      timeout: 30_000,
    });
    noStackTrace(closed.stderr);
    expect(closed.status).toBe(1);
    const cut = spawnSync(
      "sh",
      ["-c", `"${process.execPath}" "${bin}" doctor job.cron | head -c0; echo "$?"`],
      { cwd: repo, encoding: "utf8", timeout: 30_000 },
    );
    noStackTrace(cut.stderr);
    expect(cut.stderr).toBe("");
  });

  it("a SKILL.md that is a FIFO and hooks.json linked to /dev/zero never hang", () => {
    const repo = catalogue();
    rmSync(join(repo, "skills", "drift-check", "SKILL.md"));
    spawnSync("mkfifo", [join(repo, "skills", "drift-check", "SKILL.md")]);
    rmSync(join(repo, ".codex", "hooks.json"));
    symlinkSync("/dev/zero", join(repo, ".codex", "hooks.json"));
    const run = runCliBounded(["doctor", FLOW], repo, { timeoutMs: 30_000 });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✖ discovery {3}drift-check is not available to the run/);
    expect(statSync(join(repo, "skills", "drift-check", "SKILL.md")).isFIFO()).toBe(true);
  }, 60_000);
});
