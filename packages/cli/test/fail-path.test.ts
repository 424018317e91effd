/**
 * The built binary given hostile but realistic input, as a CI runner would meet it: a 10 MB
 * pasted log, an internal error on one file, a worker thread that dies, a full or closed
 * stdout, a deleted working directory, paths with nothing to lint, `--fix` on skills Codex
 * never discovers, terminal escapes in a skill's name. Each keeps the other results, prints
 * valid output and exits 0, 1 or 2 as documented, with no stack trace.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scratchProjects, skill } from "../../../test/support/project.js";
import { bin, runCli } from "./run-cli.js";

const faults = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "faults");
const { scratch, project } = scratchProjects("ops-skill-fail-path-");

/** The CLI with a fault injected by a module loaded before it. */
function runWithFault(fault: string, args: string[], cwd: string) {
  const result = spawnSync(process.execPath, ["--import", join(faults, fault), bin, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

type JsonFile = { filePath: string; messages: { ruleId: string; message: string }[] };
const rulesOf = (stdout: string): Record<string, string[]> =>
  Object.fromEntries(
    (JSON.parse(stdout) as JsonFile[]).map((f): [string, string[]] => [
      f.filePath.split("/").slice(-2, -1)[0] ?? "",
      f.messages.map((m) => m.ruleId),
    ]),
  );

/** No stack frame, no bundle source: what a user must never see. */
function expectNoStack(stderr: string) {
  expect(stderr).not.toMatch(/\n\s+at |ops-skill\.mjs|node:internal/);
}

describe("a 10 MB SKILL.md of TODO and lorem ipsum lines", () => {
  const lines = ["TODO fix this", "lorem ipsum dolor sit amet TODO", "Lorem ipsum dolor sit amet"];
  let body = "";
  for (let i = 0; body.length < 10 * 1024 * 1024; i++) body += `${lines[i % 3]}\n`;
  const cwd = project({ "skills/logdump/SKILL.md": skill("logdump", body) });

  it.each(["json", "sarif", "junit", "github", "stylish"])(
    "gives 50 findings of the rule and one that counts the rest (--format %s)",
    (format) => {
      const { code, stdout, stderr } = runCli(["lint", "skills", "--format", format], cwd);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toMatch(/…and [\d,]+ more findings of quality\/placeholder-text in this file/);
      if (format === "json") {
        expect(
          rulesOf(stdout).logdump?.filter((r) => r === "quality/placeholder-text"),
        ).toHaveLength(51);
      } else if (format === "sarif") {
        expect(JSON.parse(stdout).runs[0].results).toHaveLength(52);
      } else if (format === "junit") {
        expect(stdout.split("<testcase ").length - 1).toBe(52);
        expect(stdout.trimEnd().endsWith("</testsuites>")).toBe(true);
      } else if (format === "github") {
        expect(stdout.trimEnd().split("\n")).toHaveLength(52);
      } else {
        expect(stdout).toContain("⚠ 52 problems (0 errors, 52 warnings)");
      }
    },
  );
});

describe("an internal error on one file", () => {
  const cwd = project({
    "skills/a/SKILL.md": skill("a", "Step one: injected-fault-marker."),
    "skills/b/SKILL.md": skill("b", "TODO"),
  });

  it("is an internal/crash finding on it; the other file's results are printed; exit 2", () => {
    const { code, stdout, stderr } = runWithFault(
      "throw-on-marker.mjs",
      ["lint", "skills", "--format", "json"],
      cwd,
    );
    expect(code).toBe(2);
    expect(stderr).toBe("");
    const rules = rulesOf(stdout);
    expect(rules.a).toContain("internal/crash");
    expect(rules.b).toEqual(["quality/placeholder-text"]);
  });

  it("reads the same in stylish, and --debug adds the stack on stderr", () => {
    const plain = runWithFault("throw-on-marker.mjs", ["lint", "skills"], cwd);
    expect(plain.code).toBe(2);
    expect(plain.stdout).toMatch(
      /1:1 {2}error {2}Internal error in rule [a-z]+\/[a-z-]+ while linting this file \(TypeError: injected fault on injected-fault-marker\).*internal\/crash/,
    );
    expect(plain.stdout).toContain("quality/placeholder-text");
    expectNoStack(plain.stderr);
    const debug = runWithFault("throw-on-marker.mjs", ["lint", "skills", "--debug"], cwd);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(
      /debug: skills\/a\/SKILL\.md: internal\/crash: TypeError: injected fault on injected-fault-marker\n\s+at /,
    );
  });
});

describe("Codex config nested deeper than its parser's stack", () => {
  it("a finding on each file; the skills of the project are linted; no stack trace", () => {
    const cwd = project({
      ".codex/config.toml": `a = ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`,
      ".codex/hooks.json": `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
      ".agents/skills/a/SKILL.md": skill("a", "TODO"),
    });
    const { code, stdout, stderr } = runCli(["lint", "--format", "json"], cwd);
    expectNoStack(stderr);
    expect(code).toBeGreaterThan(0);
    const rules = rulesOf(stdout);
    expect(rules.a).toEqual(["quality/placeholder-text"]);
    const files = (JSON.parse(stdout) as JsonFile[]).map((f) => f.filePath.split("/").pop());
    expect(files).toEqual(expect.arrayContaining(["config.toml", "hooks.json"]));
    for (const file of JSON.parse(stdout) as JsonFile[])
      expect(file.messages.length, file.filePath).toBeGreaterThan(0);
  });
});

describe("a lint worker thread that dies", () => {
  it("gives each file it had an internal/crash finding; the other files are linted; exit 2", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`.agents/skills/s${i}/SKILL.md`] = skill(`s${i}`, "TODO");
    const cwd = project(files);
    const { code, stdout, stderr } = runWithFault(
      "worker-dies.mjs",
      ["lint", "--format", "json", "--concurrency", "2"],
      cwd,
    );
    expect(stderr).toBe("");
    expect(code).toBe(2);
    const results = JSON.parse(stdout) as JsonFile[];
    expect(results).toHaveLength(300);
    const crashed = results.filter((f) => f.messages.some((m) => m.ruleId === "internal/crash"));
    expect(crashed).toHaveLength(150);
    expect(crashed[0]?.messages[0]?.message).toMatch(
      /^Internal error in a lint worker thread while linting this file \(Error: a lint worker stopped with exit code 7\)/,
    );
    expect(
      results.filter((f) => f.messages.some((m) => m.ruleId === "quality/placeholder-text")),
    ).toHaveLength(150);
  });
});

describe("an error outside any file", () => {
  it("a deleted working directory exits 2 with one line", () => {
    const gone = mkdtempSync(join(scratch, "gone-"));
    const result = spawnSync(
      "/bin/sh",
      ["-c", `cd "${gone}" && rmdir "${gone}" && exec "${process.execPath}" "${bin}" lint`],
      { encoding: "utf8" },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("ops-skill: ENOENT: no such file or directory, uv_cwd\n");
    expect(result.stdout).toBe("");
  });

  it("a full device on stdout exits 2 with one line", () => {
    const cwd = project({ "skills/a/SKILL.md": skill("a", "TODO") });
    const full = openSync("/dev/full", "w");
    try {
      const result = spawnSync(process.execPath, [bin, "lint", "skills", "--format", "json"], {
        cwd,
        encoding: "utf8",
        stdio: ["ignore", full, "pipe"],
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(
        "ops-skill: cannot write the output: ENOSPC: no space left on device, write\n",
      );
    } finally {
      closeSync(full);
    }
  });

  it("a reader that closes the pipe ends the run quietly, with the exit code it had", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++)
      files[`skills/s${i}/SKILL.md`] = skill(`s${i}`, "TODO\n".repeat(40));
    files["skills/broken/SKILL.md"] = "---\nname: broken\n";
    const cwd = project(files);
    const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, "lint", "skills"], {
        cwd,
        env: { ...process.env, NO_COLOR: "1" },
      });
      // The reader goes away before the first byte (`ops-skill lint | head -c0`).
      child.stdout.destroy();
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(outcome).toEqual({ code: 1, stderr: "" });
  });

  it("a config error is one line, exit 2: an empty glob in ignores, a package.json of null", () => {
    const cwd = project({
      "skills/a/SKILL.md": skill("a"),
      "ops-skill.config.json": '{"ignores": [""]}',
    });
    const glob = runCli(["lint", "skills"], cwd);
    expect(glob.code).toBe(2);
    expect(glob.stderr).toMatch(
      /^ops-skill: \S+ops-skill\.config\.json: "ignores" must be an array of non-empty glob strings\n$/,
    );
    rmSync(join(cwd, "ops-skill.config.json"));
    writeFileSync(join(cwd, "package.json"), "null");
    const nullPackage = runCli(["lint", "skills"], cwd);
    expect(nullPackage.code).toBe(2);
    expect(nullPackage.stderr).toMatch(
      /^ops-skill: \S+package\.json: a package\.json must hold a JSON object \(it holds null\)\n$/,
    );
  });
});

describe("a path given with nothing to lint", () => {
  it.each([
    ["an empty folder", "empty", "nothing to lint in empty"],
    ["a folder named SKILL.md", "folder/SKILL.md", "nothing to lint in folder/SKILL.md"],
    ["a mistyped folder", "skils", "no such file or directory: skils"],
  ])("exits 2 and says so: %s", (_, path, message) => {
    const cwd = project({ "skills/a/SKILL.md": skill("a"), "empty/.keep": "" });
    mkdirSync(join(cwd, "folder", "SKILL.md"), { recursive: true });
    const { code, stderr } = runCli(["lint", path], cwd);
    expect(code).toBe(2);
    expect(stderr).toContain(`ops-skill: ${message}`);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("--fix", () => {
  it("says what it fixed and reports every finding that remains, discovery ones included", () => {
    const cwd = project({
      ".agents/skills/.hidden/h/SKILL.md": skill("h"),
      ".agents/skills/lower/skill.md": skill("lower"),
      ".agents/skills/a/b/c/d/e/f/g/deep/SKILL.md": skill("deep"),
      "elsewhere/real/SKILL.md": skill("real"),
      ".agents/skills/bom/SKILL.md": `\uFEFF${skill("bom")}`,
    });
    mkdirSync(join(cwd, ".agents/skills/linked"));
    symlinkSync("../../../elsewhere/real/SKILL.md", join(cwd, ".agents/skills/linked/SKILL.md"));
    const discovery = [
      "codex/hidden-directory",
      "codex/skill-file-name",
      "codex/skill-too-deep",
      "codex/skill-file-not-regular",
    ];
    const before = runCli(["lint", "--format", "json"], cwd);
    expect(before.code).toBe(1);
    const json = runCli(["lint", "--fix", "--format", "json"], cwd);
    expect(json.code).toBe(1);
    const remaining = (JSON.parse(json.stdout) as JsonFile[]).flatMap((f) =>
      f.messages.map((m) => m.ruleId),
    );
    for (const rule of discovery) expect(remaining).toContain(rule);
    expect(remaining).not.toContain("codex/byte-order-mark");
    expect(json.stderr).toBe("ops-skill: fixed 1 problem in .agents/skills/bom/SKILL.md\n");
    expect(readFileSync(join(cwd, ".agents/skills/bom/SKILL.md"), "utf8")).toBe(skill("bom"));
    // Fixed already: stylish says what it fixed, here nothing, and lists what remains.
    writeFileSync(join(cwd, ".agents/skills/bom/SKILL.md"), `\uFEFF${skill("bom")}`);
    const stylish = runCli(["lint", "--fix"], cwd);
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toContain(".agents/skills/bom/SKILL.md\n  fixed 1 problem\n");
    expect(stylish.stdout).toContain("✔ fixed 1 problem in 1 file (--fix)");
    for (const rule of discovery) expect(stylish.stdout).toContain(rule);
  });
});

describe("terminal control characters in a skill", () => {
  // A name with ESC, BEL, a C1 CSI and a right-to-left override, as YAML escapes.
  const cwd = project({
    "skills/drift/SKILL.md":
      '---\nname: "drift\\e[31m\\a\\x9b2J\\u202eevil"\ndescription: Checks drift. Use when asked.\n---\n\n# Drift\n\nLine with a carriage\rreturn.\n',
  });
  const RAW = ["\u001b", "\u0007", "\u009b", "\u202e", "\r"];

  it.each(["stylish", "github"])("are escaped visibly in %s", (format) => {
    const { code, stdout } = runCli(["lint", "skills", "--format", format], cwd);
    expect(code).toBeLessThan(2);
    for (const char of RAW) expect(stdout).not.toContain(char);
    expect(stdout).toContain("\\u001b[31m\\u0007\\u009b2J\\u202eevil");
  });

  it("keep json and sarif valid, and junit well-formed", () => {
    for (const format of ["json", "sarif"]) {
      const { stdout } = runCli(["lint", "skills", "--format", format], cwd);
      expect(() => JSON.parse(stdout)).not.toThrow();
      expect(stdout).toContain("\\u001b");
    }
    const { stdout } = runCli(["lint", "skills", "--format", "junit"], cwd);
    const notXml = [...stdout].filter((c) => c < " " && c !== "\t" && c !== "\n" && c !== "\r");
    expect(notXml).toEqual([]);
    expect(stdout).toContain("\\u001b[31m\\u0007");
  });

  it("are escaped visibly in the diff schema fix prints, CR LF line endings kept", () => {
    const dir = project({
      "evil.schema.json":
        '{\r\n  "type": "object",\r\n  "properties": { "a": { "type": "string", "description": "evil \u202e txt \u009b2J" } }\r\n}\r\n',
    });
    const { code, stdout } = runCli(["schema", "fix", "evil.schema.json"], dir);
    expect(code).toBe(0);
    expect(stdout).toContain("evil \\u202e txt \\u009b2J");
    for (const char of ["\u202e", "\u009b"]) expect(stdout).not.toContain(char);
    // The file's CR LF endings show as they are, not as escapes.
    expect(stdout).toContain("\r\n");
    expect(stdout).not.toContain("\\r");
  });
});
