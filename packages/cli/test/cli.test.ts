/** The built `ops-skill` binary, end to end: exit codes, output formats and errors without stack traces. */
import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DOCTOR_FORMATS } from "@ops-skill/doctor";
import { formatters } from "@ops-skill/lint";
import { describe, expect, it } from "vitest";
import { DOCTOR_FORMAT_NAMES } from "../src/commands/doctor.js";
import { FORMAT_NAMES } from "../src/flags.js";
import { bin, runCli } from "./run-cli.js";

const here = dirname(fileURLToPath(import.meta.url));
const project = join(here, "fixtures", "project");

/** Like `run`, without blocking this process (a server in the test can answer meanwhile). */
function runAsync(args: string[], cwd = project) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const run = (args: string[], cwd = project) => runCli(args, cwd);

describe("ops-skill lint", () => {
  it("exits 0 on a clean skill", () => {
    const { code, stdout } = run(["lint", ".agents/skills/good"]);
    expect(stdout).toBe("✔ 1 file checked: no problems.\n");
    expect(code).toBe(0);
  });

  it("exits 1 with file:line findings when Codex would refuse a skill", () => {
    const { code, stdout } = run(["lint"]);
    expect(code).toBe(1);
    expect(stdout).toContain(".agents/skills/broken/SKILL.md");
    expect(stdout).toMatch(
      /1:1\s+error\s+Codex refuses to load this skill: missing field `description`\./,
    );
  });

  it("prints ESLint's JSON shape", () => {
    const { code, stdout } = run(["lint", "--format", "json"]);
    expect(code).toBe(1);
    const files = JSON.parse(stdout) as {
      filePath: string;
      messages: { ruleId: string; severity: number }[];
      errorCount: number;
    }[];
    const broken = files.find((f) => f.filePath.endsWith(join("broken", "SKILL.md")));
    expect(broken?.messages[0]).toMatchObject({
      ruleId: "codex/description-missing",
      severity: 2,
      line: 1,
      column: 1,
    });
    expect(broken?.errorCount).toBe(1);
  });

  it("exits 2 on a missing path, naming it, without a stack trace", () => {
    const { code, stderr } = run(["lint", "no/such/dir"]);
    expect(code).toBe(2);
    expect(stderr).toBe("ops-skill: no such file or directory: no/such/dir\n");
  });

  it("exits 2 on an unknown format or flag", () => {
    expect(run(["lint", "--format", "xml"]).code).toBe(2);
    expect(run(["lint", "--frobnicate"]).code).toBe(2);
  });

  it("exits 2 on a broken config file, naming it", () => {
    const { code, stderr } = run(["lint", "--config", join(here, "fixtures", "bad-config.json")]);
    expect(code).toBe(2);
    expect(stderr).toContain("bad-config.json");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("offers exactly the library's formatters", () => {
    expect([...FORMAT_NAMES].sort()).toEqual(Object.keys(formatters).sort());
  });

  it("doctor offers exactly the doctor's formats", () => {
    expect([...DOCTOR_FORMAT_NAMES]).toEqual([...DOCTOR_FORMATS]);
  });
});

describe("ops-skill lint --report-unused-disable-directives", () => {
  it("reports a directive that suppresses nothing at the severity asked for; the two flags exclude each other", () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-skill-cli-unused-"));
    try {
      mkdirSync(join(dir, "skills", "demo"), { recursive: true });
      writeFileSync(
        join(dir, "skills", "demo", "SKILL.md"),
        "---\nname: demo\ndescription: Report pods that restart too often. Use when on-call asks.\n---\n<!-- ops-skill-disable-next-line ops/mutating-command -- approved in CHG-1 -->\nList the pods.\n",
      );
      const unused = (args: string[]) => {
        const { code, stdout } = run(["lint", "skills", "--format", "json", ...args], dir);
        const [file] = JSON.parse(stdout) as { messages: { ruleId: string; severity: number }[] }[];
        return [code, file?.messages.map((m) => `${m.ruleId}:${m.severity}`)];
      };
      expect(unused([])).toEqual([0, ["quality/unused-directive:1"]]);
      expect(unused(["--report-unused-disable-directives"])).toEqual([
        1,
        ["quality/unused-directive:2"],
      ]);
      expect(unused(["--report-unused-disable-directives-severity", "off"])).toEqual([0, []]);
      const both = run(
        [
          "lint",
          "skills",
          "--report-unused-disable-directives",
          "--report-unused-disable-directives-severity",
          "warn",
        ],
        dir,
      );
      expect(both.code).toBe(2);
      expect(both.stderr).toContain("cannot also be provided");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ops-skill lint --fix", () => {
  it("writes the fixes through the bundled binary", () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-skill-cli-fix-"));
    try {
      mkdirSync(join(dir, "skills", "demo"), { recursive: true });
      const file = join(dir, "skills", "demo", "SKILL.md");
      writeFileSync(
        file,
        "\uFEFF---\nname: demo\ndescription: Use when: drift is suspected.\n---\n",
      );
      const { code } = run(["lint", "skills", "--fix"], dir);
      expect(readFileSync(file, "utf8")).toBe(
        '---\nname: demo\ndescription: "Use when: drift is suspected."\n---\n',
      );
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ops-skill schema", () => {
  it("check lists all six strict-mode problems of the tutorial schema in one run", () => {
    const { code, stdout } = run([
      "schema",
      "check",
      join(here, "fixtures", "tutorial.schema.json"),
      "--format",
      "json",
    ]);
    expect(code).toBe(1);
    const [file] = JSON.parse(stdout) as { messages: { ruleId: string; severity: number }[] }[];
    expect(file?.messages.filter((m) => m.severity === 2).map((m) => m.ruleId)).toEqual([
      "schema/additional-properties",
      "schema/type-required",
      "schema/required-all",
      "schema/additional-properties",
      "schema/type-required",
      "schema/required-all",
    ]);
  });

  it("fix prints a diff, --write makes the schema pass, and a second fix changes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-skill-cli-schema-"));
    try {
      const file = join(dir, "report.schema.json");
      copyFileSync(join(here, "fixtures", "tutorial.schema.json"), file);
      const dry = run(["schema", "fix", "report.schema.json"], dir);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(
        /^--- a\/report\.schema\.json\n\+\+\+ b\/report\.schema\.json\n@@/,
      );
      expect(readFileSync(file, "utf8")).toBe(
        readFileSync(join(here, "fixtures", "tutorial.schema.json"), "utf8"),
      );
      expect(run(["schema", "fix", "report.schema.json", "--write"], dir).code).toBe(0);
      expect(run(["schema", "check", "report.schema.json"], dir)).toMatchObject({
        code: 0,
        stdout: "✔ 1 file checked: no problems.\n",
      });
      expect(run(["schema", "fix", "report.schema.json"], dir).stdout).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ["lint", "--fix"],
    ["schema", "check", "--fix"],
  ])("%s %s writes what schema fix --write writes", (...command) => {
    const dir = mkdtempSync(join(tmpdir(), "ops-skill-cli-schema-"));
    try {
      for (const name of ["by-fix", "by-schema-fix"]) {
        mkdirSync(join(dir, name));
        copyFileSync(
          join(here, "fixtures", "tutorial.schema.json"),
          join(dir, name, "report.schema.json"),
        );
      }
      expect(
        run(["schema", "fix", "report.schema.json", "--write"], join(dir, "by-schema-fix")).code,
      ).toBe(0);
      const fixed = run([...command, "report.schema.json"], join(dir, "by-fix"));
      expect(fixed.stderr).toBe("");
      const written = readFileSync(join(dir, "by-fix", "report.schema.json"), "utf8");
      expect(written).not.toBe(
        readFileSync(join(here, "fixtures", "tutorial.schema.json"), "utf8"),
      );
      expect(written).toBe(readFileSync(join(dir, "by-schema-fix", "report.schema.json"), "utf8"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the file and line of invalid JSON, and exits 2 on a missing file", () => {
    const invalid = run(["schema", "fix", join(here, "fixtures", "trailing-comma.schema.json")]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(
      /trailing-comma\.schema\.json:5:3: not valid JSON: .*nothing was changed/,
    );
    const checked = run(["schema", "check", join(here, "fixtures", "trailing-comma.schema.json")]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/5:3\s+error/);
    expect(run(["schema", "fix", "no-such.schema.json"]).code).toBe(2);
  });
});

describe("schemas by any name", () => {
  const tutorial = join(here, "fixtures", "tutorial.schema.json");
  const scratch = () => mkdtempSync(join(tmpdir(), "ops-skill-cli-any-name-"));
  const errorsOf = (stdout: string) =>
    (JSON.parse(stdout) as { messages: { ruleId: string; severity: number }[] }[]).flatMap((f) =>
      f.messages.filter((m) => m.severity === 2).map((m) => m.ruleId),
    );

  it("schema check finds the same six problems in schema.json as in x.schema.json", () => {
    const dir = scratch();
    try {
      copyFileSync(tutorial, join(dir, "schema.json"));
      copyFileSync(tutorial, join(dir, "x.schema.json"));
      copyFileSync(tutorial, join(dir, "report.txt"));
      const named = run(["schema", "check", "x.schema.json", "--format", "json"], dir);
      expect(errorsOf(named.stdout)).toHaveLength(6);
      for (const file of ["schema.json", "report.txt"]) {
        const any = run(["schema", "check", file, "--format", "json"], dir);
        expect(any.code, file).toBe(1);
        expect(errorsOf(any.stdout), file).toEqual(errorsOf(named.stdout));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("schema check takes --fix, as lint does, and leaves a clean schema as it is", () => {
    const dir = scratch();
    try {
      const clean = readFileSync(
        join(here, "..", "..", "schema", "test", "fixtures", "fix-text", "strict.schema.json"),
        "utf8",
      );
      writeFileSync(join(dir, "report.schema.json"), clean);
      const fixed = run(["schema", "check", "report.schema.json", "--fix"], dir);
      expect(fixed.stderr).toBe("");
      expect(fixed.code).toBe(0);
      expect(readFileSync(join(dir, "report.schema.json"), "utf8")).toBe(clean);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("schema check runs under the README's own example config, which sets rules it does not run", () => {
    const dir = scratch();
    try {
      const readme = readFileSync(join(here, "..", "..", "..", "README.md"), "utf8");
      const config = /### Configuration[\s\S]*?```jsonc?\n([\s\S]*?)```/.exec(readme)?.[1];
      expect(config).toContain('"quality/body-length"');
      writeFileSync(join(dir, "ops-skill.config.json"), config as string);
      copyFileSync(tutorial, join(dir, "schema.json"));
      const checked = run(["schema", "check", "schema.json", "--format", "json"], dir);
      expect(checked.stderr).toBe("");
      expect(checked.code).toBe(1);
      expect(errorsOf(checked.stdout)).toHaveLength(6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("schema check and types agree on whether a schema without $schema is valid: prefixItems is, items: [...] is not", () => {
    const dir = scratch();
    const tuple = join(
      here,
      "..",
      "..",
      "schema",
      "test",
      "fixtures",
      "dialect",
      "tuple-report.schema.json",
    );
    try {
      const prefixItems = readFileSync(tuple, "utf8");
      // The same tuple written the draft-07 way, which draft 2020-12 (the default) refuses.
      const draft07 = prefixItems
        .replace('"prefixItems"', '"items"')
        .replace(/,\s*"items": false/, "");
      writeFileSync(join(dir, "prefix.schema.json"), prefixItems);
      writeFileSync(join(dir, "draft07.schema.json"), draft07);
      const invalid = (file: string) =>
        (
          JSON.parse(run(["schema", "check", file, "--format", "json"], dir).stdout) as {
            messages: { ruleId: string }[];
          }[]
        )
          .flatMap((f) => f.messages.map((m) => m.ruleId))
          .filter((id) => id === "schema/json-schema");
      expect(invalid("prefix.schema.json")).toEqual([]);
      expect(run(["types", "prefix.schema.json", "--out", "out-prefix"], dir).code).toBe(0);
      expect(invalid("draft07.schema.json")).toEqual(["schema/json-schema"]);
      const types = run(["types", "draft07.schema.json", "--out", "out-draft07"], dir);
      expect(types.code).toBe(1);
      expect(types.stderr).toContain("draft07.schema.json:");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lint takes a .json file for a schema by its content, says which JSON it skips, and --debug says why", () => {
    const dir = scratch();
    try {
      copyFileSync(tutorial, join(dir, "report.json"));
      writeFileSync(join(dir, "package.json"), '{ "name": "x", "type": "module" }\n');
      const linted = run(
        ["lint", "report.json", "package.json", "--format", "json", "--debug"],
        dir,
      );
      expect(linted.code).toBe(1);
      expect(errorsOf(linted.stdout)).toHaveLength(6);
      expect(linted.stderr).toBe(
        [
          'debug: report.json: json-schema ("$schema" is the JSON Schema dialect https://json-schema.org/draft/2020-12/schema)',
          'ops-skill: package.json: not linted: JSON that is neither a JSON Schema ("$schema" of a json-schema.org dialect, or a schema "type" or "properties" at its root) nor a Codex hooks.json; `ops-skill schema check` checks any file as a schema',
          "",
        ].join("\n"),
      );
      const alone = run(["lint", "package.json"], dir);
      expect(alone.code).toBe(0);
      expect(alone.stderr).toContain("package.json: not linted");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lint and schema check follow --output-schema to a missing file: an error where it is written", () => {
    const dir = scratch();
    try {
      mkdirSync(join(dir, ".git"));
      mkdirSync(join(dir, ".agents", "skills", "drift"), { recursive: true });
      writeFileSync(
        join(dir, ".agents", "skills", "drift", "SKILL.md"),
        '---\nname: drift\ndescription: Use when drift is suspected; runs terraform plan and reports it.\n---\n\n```bash\ncodex exec --output-schema schemas/report.schema.json "Run drift"\n```\n',
      );
      for (const args of [["lint"], ["schema", "check"]]) {
        const { code, stdout } = run([...args, "--format", "json"], dir);
        expect(code, args.join(" ")).toBe(1);
        const [file] = JSON.parse(stdout) as {
          filePath: string;
          messages: { ruleId: string; line: number; message: string }[];
        }[];
        expect(file?.filePath).toBe(join(dir, ".agents", "skills", "drift", "SKILL.md"));
        expect(file?.messages.map((m) => [m.ruleId, m.line])).toEqual([
          ["schema/unreadable-file", 7],
        ]);
        expect(file?.messages[0]?.message).toContain(
          "Failed to read output schema file schemas/report.schema.json: No such file or directory (os error 2)",
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("schema fix and types take any name, and never open a FIFO", () => {
    const dir = scratch();
    try {
      copyFileSync(tutorial, join(dir, "report"));
      expect(run(["schema", "fix", "report", "--write"], dir).code).toBe(0);
      expect(run(["types", "report", "--out", "generated"], dir).code).toBe(0);
      expect(existsSync(join(dir, "generated", "report.d.ts"))).toBe(true);
      spawnSync("mkfifo", [join(dir, "pipe.json")]);
      const fix = run(["schema", "fix", "pipe.json"], dir);
      expect(fix).toMatchObject({
        code: 2,
        stderr: "ops-skill: pipe.json: is a FIFO\n",
      });
      const types = run(["types", "pipe.json", "--out", "generated"], dir);
      expect(types.code).toBe(1);
      expect(types.stderr).toMatch(/^pipe\.json: cannot read the schema: is a FIFO\n/);
      expect(run(["schema", "check", "pipe.json"], dir)).toMatchObject({
        code: 2,
        stderr: "ops-skill: pipe.json: is a FIFO\n",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a symbolic link loop given to schema check is a usage error naming it, not a stack trace", () => {
    const dir = scratch();
    try {
      symlinkSync("loop.json", join(dir, "loop.json"));
      const check = run(["schema", "check", "loop.json"], dir);
      expect(check.code).toBe(2);
      expect(check.stderr).toBe("ops-skill: loop.json: symbolic link loop\n");
      expect(check.stderr).not.toMatch(/\bat \w|Error:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a $ref to a URL or another file", () => {
  it("is never fetched or read, by check, lint, fix or types", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-skill-cli-remote-ref-"));
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(request.url ?? "");
      response.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // Reading the FIFO would block the command until the test times out.
      spawnSync("mkfifo", [join(dir, "pipe.schema.json")]);
      const schema = {
        type: "object",
        properties: {
          remote: { $ref: `http://127.0.0.1:${port}/finding.json` },
          file: { $ref: `file://${join(dir, "pipe.schema.json")}` },
          relative: { $ref: "pipe.schema.json#/$defs/x" },
        },
        required: ["remote", "file", "relative"],
        additionalProperties: false,
      };
      writeFileSync(join(dir, "report.json"), `${JSON.stringify(schema, null, 2)}\n`);
      const runs = await Promise.all([
        runAsync(["schema", "check", "report.json", "--format", "json"], dir),
        runAsync(["lint", "report.json", "--format", "json"], dir),
        runAsync(["schema", "fix", "report.json"], dir),
        runAsync(["types", "report.json", "--out", "generated"], dir),
      ]);
      const [check, lintRun, fix, types] = runs;
      for (const outcome of [check, lintRun]) {
        expect(outcome?.code).toBe(1);
        expect(
          (JSON.parse(outcome?.stdout ?? "[]") as { messages: { ruleId: string }[] }[])
            .flatMap((f) => f.messages.map((m) => m.ruleId))
            .filter((id) => id === "schema/ref-remote"),
        ).toHaveLength(3);
      }
      expect(fix?.code).toBe(1);
      expect(types?.code).toBe(1);
      expect(types?.stderr).toContain("is a remote reference, which is never fetched");
      expect(requests).toEqual([]);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("docs/commands.md", () => {
  it("is what `npm run docs` generates", () => {
    const packageDir = join(here, "..");
    const result = spawnSync(
      join(packageDir, "..", "..", "node_modules", ".bin", "oclif"),
      [
        "readme",
        "--dry-run",
        "--readme-path",
        "../../docs/commands.md",
        "--no-source-links",
        "--no-aliases",
      ],
      {
        cwd: packageDir,
        encoding: "utf8",
        env: { ...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: "true" },
      },
    );
    const committed = readFileSync(join(packageDir, "..", "..", "docs", "commands.md"), "utf8");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toContain(committed.trim());
  });
});

describe("ops-skill types", () => {
  it("--check passes on the committed catalogue types, from any subdirectory", () => {
    const repo = join(here, "..", "..", "..");
    expect(run(["types", "--check"], join(repo, "skills"))).toMatchObject({ code: 0 });
  });

  it("generates into --out, is up to date on a second run, and names a broken schema's file and line", () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-skill-cli-types-"));
    try {
      copyFileSync(join(here, "fixtures", "tutorial.schema.json"), join(dir, "report.schema.json"));
      run(["schema", "fix", "report.schema.json", "--write"], dir);
      const first = run(["types", "report.schema.json", "--out", "generated"], dir);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^Wrote \d+ files for 1 schema/);
      expect(readFileSync(join(dir, "generated", "report.d.ts"), "utf8")).toMatch(
        /export interface/,
      );
      expect(run(["types", "report.schema.json", "--out", "generated"], dir).stdout).toMatch(
        /up to date/,
      );
      expect(run(["types", "report.schema.json", "--out", "generated", "--check"], dir).code).toBe(
        0,
      );
      copyFileSync(
        join(here, "fixtures", "trailing-comma.schema.json"),
        join(dir, "report.schema.json"),
      );
      const broken = run(["types", "report.schema.json", "--out", "generated"], dir);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/report\.schema\.json:5:3: .*\nNothing was written\./);
      expect(run(["types", "report.schema.json", "--out", "generated", "--check"], dir).code).toBe(
        1,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes to "types.outDir" of the config (relative to the config file), --out overriding it', () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-skill-cli-types-config-"));
    try {
      mkdirSync(join(dir, "reports"));
      copyFileSync(join(here, "fixtures", "tutorial.schema.json"), join(dir, "report.schema.json"));
      run(["schema", "fix", "report.schema.json", "--write"], dir);
      writeFileSync(
        join(dir, "ops-skill.config.json"),
        '{ "types": { "outDir": "src/generated" } }\n',
      );
      // From a subfolder the config is found upward, and outDir is anchored at its folder.
      const configured = run(["types", "../report.schema.json"], join(dir, "reports"));
      expect(configured.code).toBe(0);
      expect(existsSync(join(dir, "src", "generated", "report.d.ts"))).toBe(true);
      expect(run(["types", "report.schema.json", "--check"], dir).code).toBe(0);
      const flagged = run(["types", "report.schema.json", "--out", "other"], dir);
      expect(flagged.code).toBe(0);
      expect(existsSync(join(dir, "other", "report.d.ts"))).toBe(true);

      writeFileSync(join(dir, "a-file"), "not a folder\n");
      writeFileSync(join(dir, "ops-skill.config.json"), '{ "types": { "outDir": "a-file" } }\n');
      const notFolder = run(["types", "report.schema.json"], dir);
      expect(notFolder.code).toBe(2);
      expect(notFolder.stderr).toMatch(
        /a-file \("types\.outDir" in .*ops-skill\.config\.json\) is not a directory/,
      );
      expect(run(["types", "report.schema.json", "--out", "a-file"], dir).stderr).toMatch(
        /a-file \(--out\) is not a directory/,
      );
      writeFileSync(join(dir, "ops-skill.config.json"), '{ "types": { "out": "x" } }\n');
      const bad = run(["types", "report.schema.json"], dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/ops-skill\.config\.json: unknown key "types\.out"/);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
