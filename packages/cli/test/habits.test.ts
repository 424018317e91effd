/**
 * The built binary with the habits ESLint users bring: `--quiet`, quoted globs and
 * `--no-error-on-unmatched-pattern`, `-o/--output-file`, `FORCE_COLOR`/`NO_COLOR`, crashes
 * that exit 2 (never 1), `ops-skill rules`, `ops-skill init`, `--print-config`, and `-` with
 * `--stdin-filename`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scratchProjects, skill } from "../../../test/support/project.js";
import { bin, runCli, runCliBounded } from "./run-cli.js";

const faults = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "faults");
const { project } = scratchProjects("ops-skill-habits-");

type JsonFile = {
  filePath: string;
  messages: { ruleId: string; severity: number }[];
  errorCount: number;
  warningCount: number;
};

/** `a` has an error (no description), `b` a warning (a placeholder), `c` is clean. */
const mixed = () =>
  project({
    "skills/a/SKILL.md": "---\nname: a\n---\n\n# a\n",
    "skills/b/SKILL.md": skill("b", "TODO"),
    "skills/c/SKILL.md": skill("c"),
    "skills/c/notes.md": "# not a skill\n",
  });

describe("--quiet", () => {
  const cwd = mixed();

  it("reports errors only; the exit code is the errors'", () => {
    const { code, stdout } = runCli(["lint", "skills", "--quiet", "-f", "json"], cwd);
    expect(code).toBe(1);
    const files = JSON.parse(stdout) as JsonFile[];
    expect(files.map((f) => f.filePath.split("/").at(-2))).toEqual(["a", "b", "c"]);
    expect(files.flatMap((f) => f.messages.map((m) => m.severity))).toEqual([2]);
    expect(files.reduce((n, f) => n + f.warningCount, 0)).toBe(0);
    const plain = runCli(["lint", "skills/b", "skills/c", "--quiet"], cwd);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe("✔ 2 files checked: no problems.\n");
  });

  it("does not run the rules set to warn, as ESLint 9: their warnings are not there to count", () => {
    // ESLint 9's --quiet skips the rules at "warn": nothing of theirs counts toward
    // --max-warnings, and nothing of theirs is fixed.
    expect(runCli(["lint", "skills/b", "--quiet", "--max-warnings", "0"], cwd)).toEqual({
      code: 0,
      stdout: "✔ 1 file checked: no problems.\n",
      stderr: "",
    });
    const shown = runCli(["lint", "skills/b", "--max-warnings", "0"], cwd);
    expect(shown.code).toBe(1);
    expect(shown.stderr).toBe("ops-skill: too many warnings (1; --max-warnings 0)\n");
    expect(runCli(["lint", "skills/b", "--max-warnings", "1"], cwd).stderr).toBe("");
    // A rule raised to error runs, and its findings are reported.
    const raised = project({
      "ops-skill.config.json": '{ "rules": { "quality/placeholder-text": "error" } }',
      "skills/b/SKILL.md": skill("b", "TODO"),
    });
    const errors = runCli(["lint", "skills", "--quiet", "-f", "json"], raised);
    expect(errors.code).toBe(1);
    expect(
      (JSON.parse(errors.stdout) as JsonFile[])[0]?.messages.map(
        (m) => `${m.ruleId}:${m.severity}`,
      ),
    ).toEqual(["quality/placeholder-text:2"]);
  });

  it("counts a directive naming a rule it did not run as used, as ESLint 9", () => {
    const directive = project({
      "skills/d/SKILL.md": skill(
        "d",
        "<!-- ops-skill-disable-next-line ops/mutating-command -- approved in CHG-1 -->\nList the pods.",
      ),
    });
    const args = ["lint", "skills", "--report-unused-disable-directives", "-f", "json"];
    const loud = runCli(args, directive);
    expect(loud.code).toBe(1);
    expect((JSON.parse(loud.stdout) as JsonFile[])[0]?.messages.map((m) => m.ruleId)).toEqual([
      "quality/unused-directive",
    ]);
    const quiet = runCli([...args, "--quiet"], directive);
    expect(quiet.code).toBe(0);
    expect((JSON.parse(quiet.stdout) as JsonFile[])[0]?.messages).toEqual([]);
  });
});

describe("a bad flag or value, on any command", () => {
  const cwd = mixed();

  it("is one line, ops-skill: ..., and exit 2, never oclif's block or the help", () => {
    expect(runCli(["lint", "-f", "nope", "."], cwd)).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "ops-skill: Expected --format=nope to be one of: stylish, json, json-with-metadata, sarif, github, junit (see --help)\n",
    });
    expect(runCli(["lint", "--max-warnings", "x"], cwd).stderr).toBe(
      "ops-skill: --max-warnings: Expected an integer but received: x (see --help)\n",
    );
    expect(runCli(["lint", "--concurrency", "0"], cwd).stderr).toBe(
      'ops-skill: --concurrency takes a positive number, "auto" or "off", not "0" (see --help)\n',
    );
    for (const args of [
      ["lint", "--bogus"],
      ["lint", "--config"],
      ["doctor", "--format", "nope"],
      ["doctor", "--nope"],
      ["schema", "check", "--bogus"],
      ["rules", "a", "b"],
      ["test", "--shard", "x"],
      ["init", "--bogus"],
      ["no-such-command"],
    ]) {
      const { code, stdout, stderr } = runCli(args, cwd);
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: "" });
      expect(stderr).toMatch(/^ops-skill: [^\n]+ \(see --help\)\n$/);
    }
  });
});

describe("a config file with no JSON object in it", () => {
  it("is a usage error naming it, exit 2, given with -c or found; {} stays valid", () => {
    const cwd = project({
      "skills/c/SKILL.md": skill("c"),
      "empty.json": "",
      "blank.json": " \n\t\n",
      "none.json": "{}",
    });
    for (const name of ["empty.json", "blank.json"])
      expect(runCli(["lint", "skills", "-c", name], cwd)).toEqual({
        code: 2,
        stdout: "",
        stderr: `ops-skill: ${join(cwd, name)}: no JSON object in the file (write {} for no settings)\n`,
      });
    expect(runCli(["lint", "skills", "-c", "none.json"], cwd).code).toBe(0);
    const found = project({ "skills/c/SKILL.md": skill("c"), "ops-skill.config.json": "\n" });
    expect(runCli(["lint", "skills"], found)).toEqual({
      code: 2,
      stdout: "",
      stderr: `ops-skill: ${join(found, "ops-skill.config.json")}: no JSON object in the file (write {} for no settings)\n`,
    });
  });
});

describe("a Codex config folder given", () => {
  it("is linted as plain `lint` lints it: .codex, path/to/.codex and a file in it", () => {
    const codex = {
      "config.toml": 'model = "gpt-5"\nnot_a_codex_key = 1\n',
      "hooks.json": '{ "hooks": {} }\n',
    };
    const cwd = project(
      Object.fromEntries(
        Object.entries(codex).flatMap(([name, text]) => [
          [`.codex/${name}`, text],
          [`path/to/.codex/${name}`, text],
        ]),
      ),
    );
    const linted = (args: string[], at = cwd) => {
      const { code, stdout, stderr } = runCli(["lint", ...args, "-f", "json"], at);
      const files = JSON.parse(stdout) as JsonFile[];
      return { code, stderr, files: files.map((f) => [f.filePath.slice(cwd.length), f.messages]) };
    };
    const plain = linted([]);
    expect(plain.files.map(([path]) => path)).toEqual([
      "/.codex/config.toml",
      "/.codex/hooks.json",
    ]);
    expect(linted([".codex"])).toEqual(plain);
    expect(linted([".codex/"])).toEqual(plain);
    expect(linted([".codex/hooks.json"]).files).toEqual(plain.files.slice(1));
    const nested = linted(["path/to/.codex"]);
    expect(nested.stderr).toBe("");
    expect(nested.files.map(([path]) => path)).toEqual([
      "/path/to/.codex/config.toml",
      "/path/to/.codex/hooks.json",
    ]);
    expect(nested.files.map(([, messages]) => messages)).toEqual(
      plain.files.map(([, messages]) => messages),
    );
  });
});

describe("a pattern over many plain JSON files", () => {
  it("says once, with the count and a few names, that they are not linted; exit codes unchanged", () => {
    const files: Record<string, string> = { "skills/a/SKILL.md": "---\nname: a\n---\n\n# a\n" };
    for (let i = 1; i <= 12; i++) files[`data/d${String(i).padStart(2, "0")}.json`] = '{ "a": 1 }';
    files["data/report.schema.json"] =
      '{ "type": "object", "properties": {}, "required": [], "additionalProperties": false }';
    const cwd = project(files);
    const why =
      'JSON that is neither a JSON Schema ("$schema" of a json-schema.org dialect, or a schema "type" or "properties" at its root) nor a Codex hooks.json; `ops-skill schema check` checks any file as a schema';
    const run = runCli(["lint", "data/*.json", "-f", "json"], cwd);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `ops-skill: 12 files matched by data/*.json not linted (data/d01.json, data/d02.json, data/d03.json and 9 more): ${why}\n`,
    );
    expect((JSON.parse(run.stdout) as JsonFile[]).map((f) => f.filePath.slice(cwd.length))).toEqual(
      ["/data/report.schema.json"],
    );
    // Named one by one, each has its line; one match alone keeps its own; errors still exit 1.
    expect(runCli(["lint", "data/d01.json", "data/d02.json"], cwd).stderr).toBe(
      `ops-skill: data/d01.json: not linted: ${why}\nops-skill: data/d02.json: not linted: ${why}\n`,
    );
    expect(runCli(["lint", "data/d01.*"], cwd).stderr).toBe(
      `ops-skill: data/d01.json: not linted: ${why}\n`,
    );
    const withError = runCli(["lint", "data/d*.json", "skills/a"], cwd);
    expect(withError.code).toBe(1);
    expect(withError.stderr.split("\n")).toHaveLength(2);
  });
});

describe("suppressedMessages", () => {
  it("lists each finding a directive silenced with its reason, in json and sarif, on every thread", () => {
    const body =
      "<!-- ops-skill-disable-next-line ops/mutating-command -- approved in CHG-1 -->\nRun `kubectl delete pod web-1` to restart it.\n\nRun `kubectl delete pod web-2` too.";
    const files: Record<string, string> = {};
    for (const name of ["d1", "d2", "d3", "d4"])
      files[`skills/${name}/SKILL.md`] = skill(name, body);
    const cwd = project(files);
    type Suppressed = JsonFile & {
      suppressedMessages: { ruleId: string; line: number; suppressions: unknown[] }[];
    };
    for (const concurrency of ["off", "2"]) {
      const { code, stdout } = runCli(
        ["lint", "skills", "-f", "json", "--concurrency", concurrency],
        cwd,
      );
      expect(code).toBe(0);
      for (const file of JSON.parse(stdout) as Suppressed[]) {
        expect(file.messages.map((m) => `${m.ruleId}:${(m as { line?: number }).line}`)).toEqual([
          "ops/mutating-command:11",
        ]);
        expect(file.warningCount).toBe(1);
        expect(file.suppressedMessages).toEqual([
          expect.objectContaining({
            ruleId: "ops/mutating-command",
            severity: 1,
            line: 9,
            suppressions: [{ kind: "directive", justification: "approved in CHG-1" }],
          }),
        ]);
      }
    }
    const sarif = JSON.parse(runCli(["lint", "skills/d1", "-f", "sarif"], cwd).stdout) as {
      runs: { results: { suppressions?: unknown }[] }[];
    };
    expect(sarif.runs[0]?.results.map((r) => r.suppressions ?? null)).toEqual([
      null,
      [{ kind: "inSource", justification: "approved in CHG-1" }],
    ]);
  });
});

describe("glob arguments", () => {
  const cwd = mixed();

  it("expand a quoted pattern to the files a kind lints, whatever the shell", () => {
    const { code, stdout } = runCli(["lint", "skills/*/SKILL.md", "-f", "json"], cwd);
    expect(code).toBe(1);
    const files = (JSON.parse(stdout) as JsonFile[]).map((f) => f.filePath.slice(cwd.length));
    expect(files).toEqual(["/skills/a/SKILL.md", "/skills/b/SKILL.md", "/skills/c/SKILL.md"]);
    // `**` takes SKILL.md files and leaves other Markdown alone.
    const all = runCli(["lint", "skills/**", "-f", "json"], cwd);
    expect((JSON.parse(all.stdout) as JsonFile[]).map((f) => f.filePath.slice(cwd.length))).toEqual(
      files,
    );
    // A pattern ending in `/` matches folders: each a skill.
    const folders = runCli(["lint", "skills/{b,c}/", "-f", "json"], cwd);
    expect(folders.code).toBe(0);
    expect(JSON.parse(folders.stdout)).toHaveLength(2);
  });

  it("a pattern that matches nothing exits 2 with one line, unless --no-error-on-unmatched-pattern", () => {
    const none = runCli(["lint", "nowhere/**/SKILL.md"], cwd);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      "ops-skill: no files match the pattern nowhere/**/SKILL.md (a SKILL.md, Codex config or hooks file, or *.schema.json)\n",
    );
    // Nothing else was linted in its place (not the project's default paths).
    expect(none.stdout).toBe("No files to lint: no skills, Codex config or schemas were found.\n");
    const allowed = runCli(["lint", "nowhere/**/SKILL.md", "--no-error-on-unmatched-pattern"], cwd);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toBe("");
    const withOthers = runCli(
      ["lint", "nowhere/*", "skills/c", "--no-error-on-unmatched-pattern"],
      cwd,
    );
    expect(withOthers.code).toBe(0);
    expect(withOthers.stdout).toBe("✔ 1 file checked: no problems.\n");
  });

  it("takes a path that exists for a path, even with glob characters in its name", () => {
    const odd = project({ "skills/[prod]/SKILL.md": skill("prod") });
    const { code, stdout } = runCli(["lint", "skills/[prod]", "-f", "json"], odd);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as JsonFile[])[0]?.filePath).toBe(
      join(odd, "skills/[prod]/SKILL.md"),
    );
  });

  it("a pattern whose every match is ignored exits 2, as ESLint's", () => {
    const ignored = project({
      "ops-skill.config.json": '{ "ignores": ["skills/**"] }',
      "skills/a/SKILL.md": skill("a"),
    });
    const { code, stderr } = runCli(["lint", "skills/*/SKILL.md"], ignored);
    expect(code).toBe(2);
    expect(stderr).toMatch(/every file in skills\/\*\/SKILL\.md is ignored by "ignores"/);
  });
});

describe("-o/--output-file", () => {
  const cwd = mixed();

  it("writes the report to the file, its folders created, and nothing to stdout", () => {
    const { code, stdout, stderr } = runCli(
      ["lint", "skills", "-f", "sarif", "-o", "reports/ci/lint.sarif"],
      cwd,
    );
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe("");
    const log = JSON.parse(readFileSync(join(cwd, "reports/ci/lint.sarif"), "utf8"));
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    const long = runCli(["lint", "skills/c", "--output-file", "out.txt"], cwd);
    expect(long.code).toBe(0);
    expect(readFileSync(join(cwd, "out.txt"), "utf8")).toBe("✔ 1 file checked: no problems.\n");
  });

  it("has no colour in the file unless forced", () => {
    runCli(["lint", "skills/a", "-o", "plain.txt"], cwd, { NO_COLOR: "" });
    expect(readFileSync(join(cwd, "plain.txt"), "utf8")).not.toContain("\u001b[");
    runCli(["lint", "skills/a", "-o", "forced.txt"], cwd, { FORCE_COLOR: "1" });
    expect(readFileSync(join(cwd, "forced.txt"), "utf8")).toContain("\u001b[");
  });

  it("a path that cannot be written exits 2 with one line, and leaves no file", () => {
    writeFileSync(join(cwd, "a-file"), "x");
    const under = runCli(["lint", "skills/c", "-o", "a-file/report.txt"], cwd);
    expect(under.code).toBe(2);
    expect(under.stdout).toBe("");
    expect(under.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(under.stderr).toMatch(/^ops-skill: cannot write the output: a-file\/report\.txt: /);
    // A folder the user may not write (as a user the permission bits stop).
    const locked = join(cwd, "locked");
    mkdirSync(locked);
    chmodSync(dirname(cwd), 0o755);
    chmodSync(cwd, 0o755);
    chmodSync(locked, 0o555);
    const denied = runCliBounded(["lint", "skills/c", "-o", "locked/report.txt"], cwd, {
      unprivileged: true,
    });
    expect(denied.code).toBe(2);
    expect(denied.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(denied.stderr).toMatch(/^ops-skill: cannot write the output: locked\/report\.txt: /);
    expect(existsSync(join(locked, "report.txt"))).toBe(false);
  });
});

describe("-o/--output-file that would lose a file", () => {
  const cwd = mixed();

  it("refuses a file being linted (the report would replace the skill), a folder name and an empty name", () => {
    const skillText = readFileSync(join(cwd, "skills/b/SKILL.md"), "utf8");
    for (const [args, shown] of [
      [["lint", "skills", "-f", "json", "-o", "skills/b/SKILL.md"], "skills/b/SKILL.md"],
      [["lint", "skills/b", "-o", "./skills//b/SKILL.md"], "./skills//b/SKILL.md"],
    ] as const) {
      const { code, stdout, stderr } = runCli([...args], cwd);
      expect(code, shown).toBe(2);
      expect(stdout, shown).toBe("");
      expect(stderr, shown).toBe(
        `ops-skill: cannot write the output to ${shown}: it is a file being linted; the file is unchanged\n`,
      );
      expect(readFileSync(join(cwd, "skills/b/SKILL.md"), "utf8"), shown).toBe(skillText);
    }
    const folder = runCli(["lint", "skills/c", "-o", "reports/"], cwd);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(
      "ops-skill: cannot write the output to reports/: it names a folder; give a file name\n",
    );
    expect(existsSync(join(cwd, "reports"))).toBe(false);
    const empty = runCli(["lint", "skills/c", "-o", ""], cwd);
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe("");
    expect(empty.stderr).toContain("-o/--output-file needs a file name");
  });
});

describe("a home folder the user cannot read", () => {
  it("is not read: no warning, the run as usual (docker run -u with HOME=/root)", () => {
    const cwd = mixed();
    const home = join(cwd, ".home");
    mkdirSync(join(home, ".local", "share", "ops-skill"), { recursive: true });
    writeFileSync(join(home, ".local", "share", "ops-skill", "package.json"), "{}\n");
    execFileSync("chmod", ["-R", "a+rX", dirname(cwd)]);
    chmodSync(home, 0o700);
    const run = runCliBounded(["lint", "skills/c"], cwd, { unprivileged: true });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("✔ 1 file checked: no problems.\n");
  });
});

describe("colour", () => {
  const cwd = mixed();
  const colored = (env: NodeJS.ProcessEnv, args: string[] = []) =>
    runCli(["lint", "skills/a", ...args], cwd, env).stdout.includes("\u001b[");

  it("follows --color, then FORCE_COLOR (over NO_COLOR, as in Node), then NO_COLOR", () => {
    expect(colored({ NO_COLOR: "" })).toBe(false); // not a terminal
    expect(colored({ FORCE_COLOR: "1" })).toBe(true);
    expect(colored({ FORCE_COLOR: "" })).toBe(true);
    expect(colored({ FORCE_COLOR: "0" })).toBe(false);
    expect(colored({ FORCE_COLOR: "false" })).toBe(false);
    expect(colored({ NO_COLOR: "1", FORCE_COLOR: "3" })).toBe(true);
    expect(colored({ FORCE_COLOR: "1" }, ["--no-color"])).toBe(false);
    expect(colored({ NO_COLOR: "1" }, ["--color"])).toBe(true);
  });
});

describe("a crash", () => {
  const cwd = mixed();
  const runWithFault = (fault: string) => {
    const result = spawnSync(
      process.execPath,
      ["--import", join(faults, fault), bin, "lint", "skills/c"],
      { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    return { code: result.status, stderr: result.stderr };
  };

  it.each([
    ["an error oclif gives exit 1 (a module that cannot load)", "oclif-exit-one.mjs"],
    ["an unhandled rejection during the run", "reject-later.mjs"],
    ["a thrown value that is not an Error", "throw-non-error.mjs"],
  ])("exits 2, never 1: %s", (_, fault) => {
    const { code, stderr } = runWithFault(fault);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe("ops-skill rules", () => {
  const cwd = mixed();

  it("lists every rule, built-in and schema/, with its default, category, fixable and docs", () => {
    const { code, stdout } = runCli(["rules"], cwd);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^rule\s+default\s+category\s+fixable\s+docs$/);
    expect(stdout).toMatch(
      /\ncodex\/byte-order-mark\s+error\s+codex\s+yes\s+https:\/\/github\.com\/ops-skill\/ops-skill\/blob\/main\/docs\/rules\/codex\/byte-order-mark\.md\n/,
    );
    expect(stdout).toMatch(/\nschema\/additional-properties\s+error\s+schema\s+/);
    const listed = JSON.parse(runCli(["rules", "--json"], cwd).stdout) as { id: string }[];
    expect(stdout).toContain(`\n${listed.length} rules.\n`);
    expect(listed.map((r) => r.id)).toContain("ops/hardcoded-secret");
  });

  it("describes one rule with its options schema", () => {
    const { code, stdout } = runCli(["rules", "quality/body-length"], cwd);
    expect(code).toBe(0);
    expect(stdout).toContain("Default severity: warning\nCategory: quality\nFixable: no\n");
    expect(stdout).toContain("  maxLines: Most lines the body may have.");
    expect(stdout).toContain('"additionalProperties": false');
    const json = JSON.parse(runCli(["rules", "quality/body-length", "--json"], cwd).stdout);
    expect(json.options.properties.maxLines.type).toBe("integer");
    expect(runCli(["rules", "spec/name-format"], cwd).stdout).toContain("Options: none.");
  });

  it("an unknown id exits 2 and names the closest ids", () => {
    const typo = runCli(["rules", "codex/nam-fallback"], cwd);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'ops-skill: unknown rule "codex/nam-fallback"; did you mean "codex/name-fallback"? (`ops-skill rules` lists them)\n',
    );
    // What the user typed is shown, never acted on by the terminal.
    const sequence = runCli(["rules", "x\u001b]0;title\u0007\u001b[2J"], cwd);
    expect(sequence.code).toBe(2);
    expect(sequence.stderr).toBe(
      'ops-skill: unknown rule "x\\u001b]0;title\\u0007\\u001b[2J" (`ops-skill rules` lists them)\n',
    );
    const bare = runCli(["rules", "name-format"], cwd);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('did you mean "spec/name-format"?');
  });
});

describe("ops-skill init", () => {
  it("writes ops-skill.config.json with $schema and the defaults, which lint reads as they are", () => {
    const cwd = mixed();
    const before = runCli(["lint", "skills", "-f", "json"], cwd).stdout;
    const { code, stdout } = runCli(["init"], cwd);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Wrote ops-skill\.config\.json/);
    const config = JSON.parse(readFileSync(join(cwd, "ops-skill.config.json"), "utf8"));
    expect(config.$schema).toMatch(/\/packages\/lint\/schema\/ops-skill\.config\.schema\.json$/);
    expect(runCli(["lint", "skills", "-f", "json"], cwd).stdout).toBe(before);
    const printed = JSON.parse(runCli(["lint", "--print-config", "skills/a/SKILL.md"], cwd).stdout);
    expect(printed.configFile).toBe(join(cwd, "ops-skill.config.json"));
  });

  it("never replaces a file that exists (exit 2, one line, the file unchanged)", () => {
    const cwd = project({ "ops-skill.config.json": "// mine\n{}\n" });
    const { code, stderr } = runCli(["init"], cwd);
    expect(code).toBe(2);
    expect(stderr).toBe("ops-skill: ops-skill.config.json not written: it exists already\n");
    expect(readFileSync(join(cwd, "ops-skill.config.json"), "utf8")).toBe("// mine\n{}\n");
  });
});

describe("lint --print-config", () => {
  it("prints the effective config for a file as JSON, without linting", () => {
    const cwd = project({
      "ops-skill.config.json": `{
  // JSONC
  "rules": { "quality/body-length": ["error", { "maxLines": 40 }], "spec/name-format": "off", },
  "ignores": ["vendor/**"],
}`,
      "skills/a/SKILL.md": "---\nname: a\n---\n",
    });
    const { code, stdout } = runCli(["lint", "--print-config", "skills/a/SKILL.md"], cwd);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({
      file: join(cwd, "skills/a/SKILL.md"),
      configFile: join(cwd, "ops-skill.config.json"),
      ignored: false,
      ignores: ["vendor/**"],
    });
    expect(printed.rules["quality/body-length"]).toEqual(["error", { maxLines: 40 }]);
    expect(printed.rules["spec/name-format"]).toEqual(["off"]);
    expect(printed.rules["codex/description-missing"]).toEqual(["error"]);
    expect(printed.rules["schema/additional-properties"]).toEqual(["error"]);
    const ignored = JSON.parse(runCli(["lint", "--print-config", "vendor/x/SKILL.md"], cwd).stdout);
    expect(ignored.ignored).toBe(true);
  });

  it("a bad config exits 2 with one line naming line:column", () => {
    const cwd = project({ "ops-skill.config.json": '{\n  "rules": { "x" 1 }\n}\n' });
    const { code, stderr } = runCli(["lint", "--print-config", "SKILL.md"], cwd);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `ops-skill: ${join(cwd, "ops-skill.config.json")}: invalid JSON at 2:18: a colon is expected\n`,
    );
  });
});

describe("lint - (stdin)", () => {
  const cwd = project({
    "skills/c/SKILL.md": skill("c"),
    "skills/c/scripts/check.sh": "#!/bin/sh\necho ok\n",
    ".codex/config.toml": 'model = "gpt-5"\n',
  });
  chmodSync(join(cwd, "skills/c/scripts/check.sh"), 0o755);
  // The run's temporary folder, outside the project as the system's is.
  const temp = mkdtempSync(join(dirname(cwd), "tmp-"));
  const piped = (args: string[], input: string | Buffer) => {
    const result = spawnSync(process.execPath, [bin, "lint", ...args], {
      cwd,
      input,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", TMPDIR: temp },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  /** `piped` in `dir`, as uid 65534 when the tests run as root (the permission bits apply). */
  const pipedAs = (dir: string, args: string[], input: string, hidden: string[]) => {
    chmodSync(temp, 0o777);
    chmodSync(dirname(dir), 0o755);
    execFileSync("chmod", ["-R", "a+rX", dir]);
    for (const path of hidden) chmodSync(join(dir, path), 0o700);
    const asRoot = process.getuid?.() === 0;
    const node = [process.execPath, bin, "lint", ...args];
    const command = asRoot
      ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...node]
      : node;
    const result = spawnSync(command[0] as string, command.slice(1), {
      cwd: dir,
      input,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", TMPDIR: temp, HOME: join(dir, ".home") },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it("lints stdin as a SKILL.md named <stdin>, and leaves no temporary file", () => {
    const { code, stdout, stderr } = piped(["-", "-f", "json"], "---\nname: c\n---\n\n# c\n");
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const [file] = JSON.parse(stdout) as JsonFile[];
    expect(file?.filePath).toBe("<stdin>");
    expect(file?.messages.map((m) => m.ruleId)).toEqual(["codex/description-missing"]);
    expect(readdirSync(temp)).toEqual([]);
  });

  it("--stdin-filename names it: findings there, the files beside it found, as in place", () => {
    const text = skill("c", "Run `scripts/check.sh` and see [notes](references/missing.md).");
    const { code, stdout } = piped(
      ["-", "--stdin-filename", "skills/c/SKILL.md", "-f", "json"],
      text,
    );
    expect(code).toBe(0);
    const [file] = JSON.parse(stdout) as JsonFile[];
    expect(file?.filePath).toBe(join(cwd, "skills/c/SKILL.md"));
    // The script exists beside it; the reference does not.
    expect(file?.messages.map((m) => m.ruleId)).toEqual(["quality/broken-link"]);
    expect(JSON.stringify(file)).not.toContain(temp);
    expect(readFileSync(join(cwd, "skills/c/SKILL.md"), "utf8")).toBe(skill("c"));
  });

  it("a --stdin-filename the config ignores: ESLint's one warning, exit 0; --no-ignore lints it", () => {
    const ignoring = project({ "ops-skill.config.json": '{ "ignores": ["skills/wip/**"] }' });
    const pipe = (args: string[]) => {
      const result = spawnSync(process.execPath, [bin, "lint", "-", ...args], {
        cwd: ignoring,
        input: "---\nname: wip\n---\n\n# wip\n",
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", TMPDIR: temp },
      });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    expect(pipe(["--stdin-filename", "skills/wip/SKILL.md"])).toEqual({
      code: 0,
      stdout: `\nskills/wip/SKILL.md\n  1:1  warning  File ignored because of a matching ignore pattern. Use "--no-ignore" to disable file ignore settings.  internal/ignored\n\n⚠ 1 problem (0 errors, 1 warning)\n`,
      stderr: "",
    });
    const linted = pipe(["--stdin-filename", "skills/wip/SKILL.md", "--no-ignore", "-f", "json"]);
    expect(linted.code).toBe(1);
    expect((JSON.parse(linted.stdout) as JsonFile[])[0]?.messages.map((m) => m.ruleId)).toEqual([
      "codex/description-missing",
    ]);
  });

  it("takes the kind from the name: a config.toml is linted as Codex config", () => {
    const { code, stdout } = piped(
      ["-", "--stdin-filename", ".codex/config.toml", "-f", "json"],
      "model = [\n",
    );
    expect(code).toBe(1);
    const [file] = JSON.parse(stdout) as JsonFile[];
    expect(file?.filePath).toBe(join(cwd, ".codex/config.toml"));
    expect(file?.messages.map((m) => m.ruleId)).toEqual(["config/toml-syntax"]);
  });

  it("a file beside it that cannot be read is left out, never the run's end", () => {
    // As a user the permission bits stop: a secret of someone else's beside the skill.
    const shared = project({
      "skills/c/SKILL.md": skill("c"),
      "skills/c/private/key.pem": "not yours\n",
      "skills/c/secret.txt": "not yours\n",
    });
    const { code, stdout, stderr } = pipedAs(
      shared,
      ["-", "--stdin-filename", "skills/c/SKILL.md", "-f", "json"],
      skill("c", "Read [the key](private/key.pem)."),
      ["skills/c/private", "skills/c/secret.txt"],
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [file] = JSON.parse(stdout) as JsonFile[];
    expect(file?.filePath).toBe(join(shared, "skills/c/SKILL.md"));
    expect(readdirSync(temp)).toEqual([]);
  });

  it("a --stdin-filename that names a folder is a usage error (it copied the folder's parent)", () => {
    for (const name of [".", "..", "skills/c", "skills/new/"]) {
      const { code, stdout, stderr } = piped(["-", "--stdin-filename", name], skill("c"));
      expect(code, name).toBe(2);
      expect(stdout, name).toBe("");
      expect(stderr, name).toBe(
        `ops-skill: --stdin-filename ${name} names a folder; give the file's name (as .agents/skills/<name>/SKILL.md)\n`,
      );
    }
    expect(readdirSync(temp)).toEqual([]);
  });

  it("a name whose folder holds the temporary folder (/, the temp folder) lints on its own", () => {
    for (const name of ["/SKILL.md", join(temp, "SKILL.md")]) {
      const { code, stdout, stderr } = piped(
        ["-", "--stdin-filename", name, "-f", "json"],
        skill("c"),
      );
      expect(stderr, name).toBe("");
      expect(code, name).toBeLessThan(2);
      const files = JSON.parse(stdout) as JsonFile[];
      expect(
        files.map((file) => file.filePath),
        name,
      ).toEqual([name]);
      expect(readdirSync(temp), name).toEqual([]);
    }
  });

  it("past 16 MiB is one line and exit 2; with paths, --fix or alone the flag is a usage error", () => {
    const big = piped(["-"], Buffer.alloc(16 * 1024 * 1024 + 1, 0x61));
    expect(big.code).toBe(2);
    expect(big.stderr).toBe(
      "ops-skill: stdin: more than 16 MiB, the most ops-skill reads of a file\n",
    );
    const both = piped(["-", "skills/c"], skill("c"));
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("ops-skill: lint either stdin (-) or paths, not both\n");
    const fix = piped(["-", "--fix"], skill("c"));
    expect(fix.code).toBe(2);
    expect(fix.stderr).toBe("ops-skill: --fix cannot write stdin back\n");
    const alone = piped(["skills/c", "--stdin-filename", "x/SKILL.md"], "");
    expect(alone.code).toBe(2);
    expect(readdirSync(temp)).toEqual([]);
  });
});
