/** The built `ops-skill` binary, end to end: exit codes, output formats and errors without stack traces. */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatters } from "@ops-skill/lint";
import { describe, expect, it } from "vitest";
import { FORMAT_NAMES } from "../src/flags.js";

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, "..", "bin", "run.js");
const project = join(here, "fixtures", "project");

function run(args: string[], cwd = project) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

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
