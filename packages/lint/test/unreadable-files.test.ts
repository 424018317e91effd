/**
 * Files the linter opens by itself that are not what they seem, run through the built CLI as a
 * CI runner meets them: links to devices, FIFOs, folders, files no one may read, symbolic link
 * loops, nesting and tokens past what the parsers take. Every run ends in time, within a bounded
 * address space, with a finding on the file (or a usage error naming it, exit 2), and the other
 * files' results are still there. `npm run build` first.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliBounded } from "../../cli/test/run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "ops-skill-unreadable-"));
// Reached by the unprivileged runs too.
chmodSync(scratch, 0o755);
afterAll(() => {
  execFileSync("chmod", ["-R", "u+rwX", scratch]);
  rmSync(scratch, { recursive: true, force: true });
});

/** 2 GB: `/dev/zero` read whole grew past 6 GB. */
const ADDRESS_SPACE = 2_000_000_000;
const LIMITS = { timeoutMs: 30_000, addressSpace: ADDRESS_SPACE };

const skill = (name: string, extra = "") =>
  `---\nname: ${name}\ndescription: Checks the ${name} things and reports them. Use when a job asks.\n${extra}---\n\n# ${name}\n\nRun it.\n`;

let counter = 0;
/** A project with one good skill, plus `files` (a string is a file's text). */
function project(files: Record<string, string | ((path: string) => void)> = {}): string {
  const root = join(scratch, `p${counter++}`);
  mkdirSync(join(root, ".git"), { recursive: true });
  mkdirSync(join(root, ".agents", "skills", "good"), { recursive: true });
  writeFileSync(join(root, ".agents", "skills", "good", "SKILL.md"), skill("good"));
  for (const [path, make] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof make === "string") writeFileSync(target, make);
    else make(target);
  }
  return root;
}

const fifo = (path: string) => execFileSync("mkfifo", [path]);
const linkTo = (target: string) => (path: string) => symlinkSync(target, path);
const locked = (text: string) => (path: string) => {
  writeFileSync(path, text);
  chmodSync(path, 0o000);
};

interface Message {
  ruleId: string;
  severity: number;
  message: string;
  line: number;
  column: number;
}

function lintJson(cwd: string, args: string[] = [], unprivileged = false) {
  const run = runCliBounded(["lint", ...args, "--format", "json"], cwd, {
    ...LIMITS,
    unprivileged,
  });
  expect(run.signal, `killed: ${run.stderr}`).toBeNull();
  let results: { filePath: string; messages: Message[] }[] = [];
  if (run.stdout !== "") results = JSON.parse(run.stdout);
  const findings = (suffix: string) =>
    results.find((r) => r.filePath.endsWith(suffix))?.messages.map((m) => m.ruleId) ?? [];
  const message = (suffix: string, ruleId: string) =>
    results.find((r) => r.filePath.endsWith(suffix))?.messages.find((m) => m.ruleId === ruleId)
      ?.message;
  return { ...run, results, findings, message };
}

describe("files the linter opens by itself", () => {
  for (const device of ["/dev/zero", "/dev/urandom"])
    it(`agents/openai.yaml linked to ${device}: a finding, never read`, () => {
      const root = project({
        ".agents/skills/policy/SKILL.md": skill("policy"),
        ".agents/skills/policy/agents/openai.yaml": linkTo(device),
      });
      const run = lintJson(root);
      expect(run.code).toBe(0);
      expect(run.message("policy/agents/openai.yaml", "quality/not-checked")).toBe(
        "Not checked: agents/openai.yaml is a character device, so ops-skill does not read it, and Codex ignores it: the skill loads and is listed as if the file were not there.",
      );
      expect(run.results.map((r) => r.filePath.slice(root.length))).toContain(
        "/.agents/skills/good/SKILL.md",
      );
      expect(run.findings("good/SKILL.md")).toEqual([]);
    });

  it("agents/openai.yaml a FIFO: a finding, no wait", () => {
    const root = project({
      ".agents/skills/policy/SKILL.md": skill("policy"),
      ".agents/skills/policy/agents/openai.yaml": fifo,
    });
    expect(lintJson(root).findings("agents/openai.yaml")).toEqual(["quality/not-checked"]);
  });

  it("a plugin manifest that is a FIFO is no manifest, as to Codex: no wait", () => {
    const root = project({ ".agents/skills/.codex-plugin/plugin.json": fifo });
    expect(lintJson(root).code).toBe(0);
  });

  it(".codex/config.toml a FIFO: Codex refuses it, and so do we (no wait)", () => {
    const root = project({ ".codex/config.toml": fifo });
    const run = lintJson(root);
    expect(run.code).toBe(1);
    expect(run.findings(".codex/config.toml")).toEqual(["config/unreadable-file"]);
  });

  it(".codex/hooks.json a FIFO: skipped by Codex without a word, reported (no wait)", () => {
    const root = project({ ".codex/hooks.json": fifo });
    const run = lintJson(root);
    expect(run.code).toBe(1);
    expect(run.message(".codex/hooks.json", "hooks/config-shape")).toBe(
      "Codex skips this file without a word and none of its hooks run: it is a FIFO, and Codex reads hooks.json only when it is a regular file.",
    );
  });

  it("ops-skill.config.json a FIFO: a usage error naming it (exit 2, no wait)", () => {
    const root = project({ "ops-skill.config.json": fifo });
    const run = lintJson(root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ops-skill: ${join(root, "ops-skill.config.json")}: is a FIFO\n`);
  });

  it("ops-skill.config.json no one may read: a usage error naming it", () => {
    const root = project({ "ops-skill.config.json": locked("{}") });
    const run = lintJson(root, [], true);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `ops-skill: ${join(root, "ops-skill.config.json")}: permission denied\n`,
    );
  });

  for (const [what, make, words] of [
    ["a directory", (path: string) => mkdirSync(path), "is a directory"],
    ["a device", linkTo("/dev/null"), "is a character device"],
  ] as const)
    it(`.codex/config.toml ${what}: a finding naming it, the run goes on`, () => {
      const root = project({ ".codex/config.toml": make });
      const run = lintJson(root);
      expect(run.code).toBe(1);
      expect(run.message(".codex/config.toml", "config/unreadable-file")).toBe(
        `Codex refuses to start: this config ${words}, and Codex exits 1 with \`Error loading config.toml: Failed to read project config file ${join(root, ".codex/config.toml")}: path \`${join(root, ".codex/config.toml")}\` is not a file\`.`,
      );
    });

  it(".codex/config.toml no one may read: Codex's own words, not 'no such file'", () => {
    const root = project({ ".codex/config.toml": locked('model = "x"\n') });
    const run = lintJson(root, [], true);
    expect(run.code).toBe(1);
    expect(run.message(".codex/config.toml", "config/unreadable-file")).toMatch(
      /cannot be read \(permission denied\), and Codex exits 1 with `.*: Permission denied \(os error 13\)`\.$/,
    );
    expect(run.stderr).toBe("");
  });

  it("a SKILL.md linked to itself, given: a finding, exit 1", () => {
    const root = project({ ".agents/skills/loop/SKILL.md": linkTo("SKILL.md") });
    const run = lintJson(root, [".agents/skills/loop/SKILL.md"]);
    expect(run.code).toBe(1);
    expect(run.findings("loop/SKILL.md")).toEqual(["codex/skill-file-not-regular"]);
    expect(run.stderr).toBe("");
  });

  it("a SKILL.md linked to itself in a root: a finding, other skills still linted", () => {
    const root = project({
      ".agents/skills/loop/SKILL.md": linkTo("SKILL.md"),
      ".agents/skills/short/SKILL.md": "---\nname: short\ndescription: Short.\n---\n# Short\n",
    });
    const run = lintJson(root);
    expect(run.code).toBe(1);
    expect(run.findings("loop/SKILL.md")).toEqual(["codex/skill-file-not-regular"]);
    expect(run.findings("short/SKILL.md")).toContain("quality/description-too-short");
  });

  it("a skill folder no one may list: a finding, other skills still linted", () => {
    const root = project({
      ".agents/skills/locked/SKILL.md": skill("locked"),
      ".agents/skills/short/SKILL.md": "---\nname: short\ndescription: Short.\n---\n# Short\n",
    });
    chmodSync(join(root, ".agents/skills/locked"), 0o000);
    const run = lintJson(root, [], true);
    expect(run.code).toBe(1);
    expect(run.findings(".agents/skills/locked")).toEqual(["codex/unreadable-directory"]);
    expect(run.findings("short/SKILL.md")).toContain("quality/description-too-short");
  });
});

describe("nesting and tokens past what the parsers take", () => {
  it("metadata: followed by 10,000 [: Codex's refusal, no abort", () => {
    const root = project({
      ".agents/skills/deep/SKILL.md": skill("deep", `metadata: ${"[".repeat(10_000)}\n`),
    });
    const run = lintJson(root);
    expect(run.code).toBe(1);
    expect(run.findings("deep/SKILL.md")).toEqual(
      expect.arrayContaining(["codex/yaml-syntax", "quality/not-checked"]),
    );
  });

  it("TOML nested 10,000 deep: Codex's refusal at the 81st bracket", () => {
    const root = project({
      ".codex/config.toml": `deep = ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`,
    });
    const run = lintJson(root);
    expect(run.code).toBe(1);
    const config = run.results.find((r) => r.filePath.endsWith(".codex/config.toml"));
    expect(config?.messages).toHaveLength(1);
    expect(config?.messages[0]).toMatchObject({
      ruleId: "config/toml-syntax",
      line: 1,
      column: 88,
      message:
        "Codex refuses to start: this config is not valid TOML (cannot recurse further; max recursion depth met).",
    });
  });

  it("hooks.json nested 100,000 deep: skipped by Codex (serde_json's limit), reported", () => {
    const root = project({
      ".codex/hooks.json": `{"hooks": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
    });
    const run = lintJson(root);
    expect(run.code).toBe(1);
    expect(run.message(".codex/hooks.json", "hooks/config-shape")).toContain(
      "recursion limit exceeded at line 1 column 137",
    );
  });

  it("a TOML string of 200,000 characters (Codex accepts it): read whole, no crash", () => {
    const secret = "0123456789".repeat(20_000);
    const root = project({
      ".codex/config.toml": `model_reasoning_effort = "low"\npasted = """\n${secret}\n"""\nnotes = 'tail'\n`,
    });
    const run = lintJson(root);
    expect(run.code).toBe(0);
    expect(run.findings(".codex/config.toml")).toEqual([
      "config/unknown-key",
      "config/unknown-key",
    ]);
    const config = run.results.find((r) => r.filePath.endsWith(".codex/config.toml"));
    expect(config?.messages.map((m) => m.line)).toEqual([2, 5]);
  });
});
