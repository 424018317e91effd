/**
 * ESLint-style rule tests: each case is a small project written to a temporary directory and
 * linted by the real engine with only the rule under test enabled.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "@ops-skill/core";
import { describe, expect, it } from "vitest";
import { loadedConfig, type RuleSetting } from "../src/config.js";
import { lint } from "../src/engine/lint.js";
import type { Rule } from "../src/rule.js";

export type FileSpec =
  | string
  | Uint8Array
  | { content: string | Uint8Array; mode: number }
  | { symlink: string }
  /** A named pipe. */
  | { fifo: true }
  /** A folder with these permission bits, set once every file is written. */
  | { directoryMode: number };

export interface RuleCase {
  name?: string;
  /** Text of `skills/<skillDir>/SKILL.md`. */
  skill?: string | Uint8Array;
  skillDir?: string;
  /** Extra files relative to the skill directory. */
  skillFiles?: Record<string, FileSpec>;
  /** Extra files relative to the project root. */
  files?: Record<string, FileSpec>;
  /** What to lint, relative to the project root; default: the skill directory, else every file in `files`. */
  paths?: string[];
  options?: Record<string, unknown>;
  /** Rules run beside the one under test (directive rules need findings to act on); their findings are not compared. */
  withRules?: Rule[];
  /** Config settings of other rules (`{ "codex/name-too-long": "warning" }`). */
  settings?: Record<string, RuleSetting>;
  /**
   * Lint as an unprivileged user (permission bits stop it), in a child process of the built
   * package: as root, through `setpriv` as uid 65534 (`npm run build` first).
   */
  unprivileged?: boolean;
}

export interface ExpectedError {
  message?: string | RegExp;
  line?: number;
  column?: number;
}

export interface InvalidRuleCase extends RuleCase {
  errors: ExpectedError[];
  /** The SKILL.md (or the only linted file) after `--fix`; omit when the rule offers no fix here. */
  output?: string;
}

export async function writeProject(root: string, testCase: RuleCase): Promise<string[]> {
  const skillDir = join("skills", testCase.skillDir ?? "demo-skill");
  const files: Record<string, FileSpec> = { ...testCase.files };
  if (testCase.skill !== undefined) files[join(skillDir, "SKILL.md")] = testCase.skill;
  for (const [path, spec] of Object.entries(testCase.skillFiles ?? {}))
    files[join(skillDir, path)] = spec;
  const modes: [string, number][] = [];
  for (const [path, spec] of Object.entries(files)) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    if (typeof spec === "object" && "symlink" in spec) await symlink(spec.symlink, target);
    else if (typeof spec === "object" && "fifo" in spec) execFileSync("mkfifo", [target]);
    else if (typeof spec === "object" && "directoryMode" in spec) {
      await mkdir(target, { recursive: true });
      modes.push([target, spec.directoryMode]);
    } else if (typeof spec === "object" && "mode" in spec) {
      await writeFile(target, spec.content);
      await chmod(target, spec.mode);
    } else await writeFile(target, spec);
  }
  for (const [target, mode] of modes) await chmod(target, mode);
  if (testCase.paths) return testCase.paths;
  return testCase.skill !== undefined ? [skillDir] : Object.keys(testCase.files ?? {});
}

async function runCase(rule: Rule, testCase: RuleCase, fix = false) {
  const root = await mkdtemp(join(tmpdir(), "ops-skill-rule-"));
  try {
    const paths = await writeProject(root, testCase);
    if (testCase.unprivileged) return { diagnostics: runUnprivileged(rule, root, paths, testCase) };
    const result = await lint({
      paths,
      cwd: root,
      fix,
      rules: [rule, ...(testCase.withRules ?? [])],
      config: loadedConfig(root, {
        rules: {
          ...testCase.settings,
          ...(testCase.options
            ? { [rule.meta.id]: [rule.meta.defaultSeverity, testCase.options] }
            : {}),
        },
      }),
    });
    const diagnostics = result.results
      .flatMap((r) => r.diagnostics)
      .filter((d) => d.ruleId === rule.meta.id);
    const firstPath = join(root, paths[0] ?? "");
    const fixedPath = testCase.skill !== undefined ? join(firstPath, "SKILL.md") : firstPath;
    const output = fix ? await readFile(fixedPath, "utf8").catch(() => undefined) : undefined;
    return { diagnostics, output };
  } finally {
    // Folders a case made unreadable are opened up again to be removed.
    execFileSync("chmod", ["-R", "u+rwx", root]);
    await rm(root, { recursive: true, force: true });
  }
}

const lintDist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");

/** The case linted by the built package in a child process, as uid 65534 when run as root. */
function runUnprivileged(rule: Rule, root: string, paths: string[], testCase: RuleCase) {
  if (testCase.options || testCase.withRules || testCase.settings)
    throw new Error("an unprivileged case takes no options, other rules or settings");
  const script = `
    const { lint, loadedConfig } = await import(${JSON.stringify(join(lintDist, "index.js"))});
    const { allRules } = await import(${JSON.stringify(join(lintDist, "rules", "index.js"))});
    const rule = allRules.find((r) => r.meta.id === ${JSON.stringify(rule.meta.id)});
    const result = await lint({
      paths: ${JSON.stringify(paths)},
      cwd: ${JSON.stringify(root)},
      rules: [rule],
      config: loadedConfig(${JSON.stringify(root)}),
    });
    process.stdout.write(JSON.stringify(result.results.flatMap((r) => r.diagnostics)));
  `;
  const node = [process.execPath, "--input-type=module", "-e", script];
  const asRoot = process.getuid?.() === 0;
  // The temporary folder is the user's alone; the other user must reach into it.
  if (asRoot) execFileSync("chmod", ["755", root]);
  const child = asRoot
    ? spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", ...node], {
        encoding: "utf8",
        cwd: root,
        env: { ...process.env, HOME: join(root, "home") },
      })
    : spawnSync(node[0] as string, node.slice(1), { encoding: "utf8", cwd: root });
  if (child.status !== 0) throw new Error(`unprivileged lint failed: ${child.stderr}`);
  return (JSON.parse(child.stdout) as Diagnostic[]).filter((d) => d.ruleId === rule.meta.id);
}

export function testRule(
  rule: Rule,
  cases: { valid: RuleCase[]; invalid: InvalidRuleCase[] },
): void {
  describe(rule.meta.id, () => {
    it("has at least one valid and one invalid case", () => {
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
    });
    cases.valid.forEach((testCase, index) => {
      it(`valid: ${testCase.name ?? index}`, async () => {
        const { diagnostics } = await runCase(rule, testCase);
        expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
      });
    });
    cases.invalid.forEach((testCase, index) => {
      it(`invalid: ${testCase.name ?? index}`, async () => {
        const { diagnostics } = await runCase(rule, testCase);
        expect(diagnostics.length, diagnostics.map((d) => d.message).join("\n")).toBe(
          testCase.errors.length,
        );
        testCase.errors.forEach((expected, i) => {
          const actual = diagnostics[i];
          if (!actual) return;
          if (expected.message instanceof RegExp) expect(actual.message).toMatch(expected.message);
          else if (expected.message !== undefined) expect(actual.message).toBe(expected.message);
          if (expected.line !== undefined) expect(actual.line).toBe(expected.line);
          if (expected.column !== undefined) expect(actual.column).toBe(expected.column);
          expect(actual.severity).toBe(rule.meta.defaultSeverity);
        });
        const hasFix = diagnostics.some((d) => d.fix);
        if (testCase.output !== undefined) {
          expect(hasFix, "expected a fix").toBe(true);
          const { output } = await runCase(rule, testCase, true);
          expect(output).toBe(testCase.output);
        } else {
          expect(hasFix, "the rule offers a fix: state the expected `output`").toBe(false);
        }
      });
    });
  });
}
