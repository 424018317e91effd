// The packed packages as a new user gets them: `npm pack` of every package (scripts/pack.mjs),
// installed by name into a fresh project in the system's temporary folder (its own
// package.json and git repository, no workspace around it) with npm's default strategy and
// with `--install-strategy=linked` (each package sees only what it declares), then
// `npx ops-skill` run there on a copy of a catalogue skill. The tarballs are served by a
// registry on 127.0.0.1 (local-registry.ts) that takes third-party packages from the npm cache
// `npm ci` filled, so nothing is fetched from the network. Build first (`npm test` does).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY, onTerminal } from "../../packages/create-ops-skill/test/pty.js";
import {
  INSTALL_TIMEOUT,
  installPacked,
  type PackedRegistry,
  projectEnv,
  sh,
  startPackedRegistry,
} from "./installed-project.js";

const root = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-pack-install-"));

let served: PackedRegistry;

beforeAll(async () => {
  served = await startPackedRegistry(scratch);
}, 60_000);

afterAll(async () => {
  await served?.registry.close();
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

/** A catalogue skill as a user's repository holds it: the skill, its schema, guard, schedule. */
function copySkill(project: string, skill: string, schema: string): void {
  cpSync(join(root, "skills", skill), join(project, "skills", skill), { recursive: true });
  mkdirSync(join(project, "schemas"), { recursive: true });
  cpSync(join(root, "schemas", schema), join(project, "schemas", schema));
  for (const part of [".codex", "schedule"])
    cpSync(join(root, part), join(project, part), { recursive: true });
}

describe.each(["hoisted", "linked"])("installed with --install-strategy=%s", (strategy) => {
  const project = join(scratch, `project-${strategy}`);
  let env: NodeJS.ProcessEnv;
  const npx = (args: string[]) => sh("npx", ["--offline", "ops-skill", ...args], project, env);

  beforeAll(async () => {
    const installed = await installPacked(project, strategy, served);
    env = installed.env;
    const install = installed.install;
    expect(served.registry.misses, "tarballs missing from the npm cache: run npm ci").toEqual([]);
    expect(install.stderr).not.toMatch(/npm error/);
    expect(install.code).toBe(0);
    copySkill(project, "drift-check", "drift-report.schema.json");
  }, INSTALL_TIMEOUT + 10_000);

  it.each([["--yes"], ["demo", "--template", "drift-check", "--yes"]])(
    "npx create-ops-skill %s scaffolds a repository whose lint and tests pass",
    async (...args) => {
      const repo = join(project, `scaffold-${args[0].replace(/^-+/, "")}`);
      mkdirSync(repo, { recursive: true });
      expect((await sh("git", ["init", "-q"], repo, env)).code).toBe(0);
      const created = await sh("npx", ["--offline", "create-ops-skill", ...args], repo, env);
      expect(created.stderr).not.toMatch(/Error|error:/);
      expect(created.code, created.stderr).toBe(0);
      const inRepo = (cli: string[]) => sh("npx", ["--offline", "ops-skill", ...cli], repo, env);
      const lint = await inRepo(["lint", "--format", "json"]);
      expect(lint.code, lint.stdout.slice(0, 2000)).toBe(0);
      const results = JSON.parse(lint.stdout) as { filePath: string; errorCount: number }[];
      expect(results.some((result) => result.filePath.endsWith("SKILL.md"))).toBe(true);
      const test = await inRepo(["test"]);
      expect(test.code, `${test.stdout}\n${test.stderr}`).toBe(0);
      expect(test.stdout).toMatch(/passed/);
    },
  );

  it("npx create-ops-skill on a terminal: the prompts answered, the hook trusted in CODEX_HOME", async () => {
    const repo = join(project, "scaffold-terminal");
    const home = join(project, "codex-home-terminal");
    mkdirSync(repo, { recursive: true });
    expect((await sh("git", ["init", "-q"], repo, env)).code).toBe(0);
    const term = onTerminal(["npx", "--offline", "create-ops-skill"], {
      cwd: repo,
      env: { ...env, CODEX_HOME: home },
    });
    for (const question of ["Template", "Skill name", "Sandbox", "Where"]) {
      await term.expect(question, 60_000);
      term.send(question === "Skill name" ? `web-check${KEY.enter}` : KEY.enter);
    }
    await term.expect("codex exec skips untrusted hooks");
    term.send(`y${KEY.enter}`);
    expect(await term.exited, term.screen()).toBe(0);
    expect(term.screen()).toContain("Created the web-check skill (template blank)");
    const config = readFileSync(join(home, "config.toml"), "utf8");
    expect(config).toContain(`trust_level = "trusted"`);
    expect(config).toContain(`/.codex/hooks.json:pre_tool_use:0:0"]\ntrusted_hash = "sha256:`);
    const test = await sh("npx", ["--offline", "ops-skill", "test"], repo, env);
    expect(test.code, test.stdout + test.stderr).toBe(0);
  });

  it("npx ops-skill --version names the package and the Codex of the verdicts", async () => {
    const run = await npx(["--version"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^ops-skill\/0\.1\.0 \S+ node-v\S+ \(verdicts of Codex \S+\)\n$/);
  });

  it("npx ops-skill lint: the skill, its schema and guard are clean", async () => {
    const run = await npx(["lint", "skills", "schemas", ".codex/hooks.json", "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const files = (JSON.parse(run.stdout) as { filePath: string }[]).map((r) => r.filePath);
    expect(files).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/skills\/drift-check\/SKILL\.md$/),
        expect.stringMatching(/schemas\/drift-report\.schema\.json$/),
        expect.stringMatching(/\.codex\/hooks\.json$/),
      ]),
    );
  });

  it("npx ops-skill lint: a schema the meta-schema rejects is an error (ajv loads)", async () => {
    const broken = join(project, "broken");
    mkdirSync(join(broken, ".git"), { recursive: true });
    const schema = JSON.parse(
      readFileSync(join(project, "schemas", "drift-report.schema.json"), "utf8"),
    );
    schema.properties.summary.minLength = "one";
    mkdirSync(join(broken, "schemas"));
    writeFileSync(join(broken, "schemas", "report.schema.json"), JSON.stringify(schema, null, 2));
    const run = await sh("npx", ["--offline", "ops-skill", "lint"], broken, env);
    expect(run.stderr).not.toMatch(/Cannot find module|cannot start/);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("schema/json-schema");
    expect(run.stdout).toContain("schemas/report.schema.json");
  });

  it("npx ops-skill test: the skill's scenarios, its guard and schedule are green", async () => {
    const run = await sh("npx", ["--offline", "ops-skill", "test"], project, env, 120_000);
    expect(run.stderr).not.toMatch(/Cannot find module|cannot start/);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/drift-check\/security-group-change/);
    expect(run.stdout).toMatch(/\n(\d+) scenarios: \1 passed, 0 failed/);
  });

  it("npx ops-skill types: typed validators that run once the package they name is added", async () => {
    const run = await npx(["types"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const named = /The generated validators import (\S+?)\.?$/m.exec(run.stdout)?.[1];
    expect(named).toBe("ajv-formats");
    expect(await npx(["types", "--check"])).toMatchObject({ code: 0 });
    const add = await sh(
      "npm",
      ["install", `--install-strategy=${strategy}`, named as string],
      project,
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    const report = readFileSync(
      join(root, "skills", "drift-check", "tests", "security-group-change", "report.json"),
      "utf8",
    );
    const script = [
      'const { parseDriftReport } = await import("./schemas/generated/drift-report.js");',
      `console.log(parseDriftReport(${JSON.stringify(report)}).status);`,
    ].join("\n");
    const parsed = await sh("node", ["--input-type=module", "-e", script], project, env);
    expect(parsed).toMatchObject({ code: 0, stderr: "", stdout: "critical\n" });
  });

  it("every entry point of every library imports (/vitest wants its optional peer); its source condition resolves", async () => {
    const entries = served.packed
      .filter((pack) => pack.name !== "ops-skill")
      .flatMap((pack) => {
        const manifest = JSON.parse(readFileSync(join(pack.dir, "package.json"), "utf8"));
        return Object.entries(manifest.exports as Record<string, object | string>)
          .filter(([sub]) => sub !== "./package.json")
          .map(([sub, target]) => ({
            specifier: sub === "." ? pack.name : `${pack.name}/${sub.slice(2)}`,
            // A plain string target is a data file (lint's config schema), imported as JSON.
            json: typeof target === "string" && target.endsWith(".json"),
            source: typeof target === "object" && "@ops-skill/source" in target,
          }));
      });
    const specifiers = entries.map((entry) => entry.specifier);
    const needsVitest = "@ops-skill/testing/vitest";
    expect(specifiers).toContain(needsVitest);
    expect(entries.filter((entry) => entry.json).map((entry) => entry.specifier)).toEqual([
      "@ops-skill/lint/schema/ops-skill.config.schema.json",
    ]);
    const others = entries.filter((entry) => entry.specifier !== needsVitest);
    const script = `for (const { specifier, json } of ${JSON.stringify(others)}) await import(specifier, json ? { with: { type: "json" } } : undefined);`;
    const run = await sh("node", ["--input-type=module", "-e", script], project, env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // The source condition the repository's tests use resolves to shipped TypeScript files.
    const resolveSource = [
      'import { existsSync } from "node:fs";',
      'import { fileURLToPath } from "node:url";',
      `for (const { specifier, source } of ${JSON.stringify(entries)}) {`,
      "  const file = fileURLToPath(import.meta.resolve(specifier));",
      '  if (!existsSync(file) || file.endsWith(".ts") !== source)',
      '    throw new Error(specifier + ": " + file);',
      "}",
    ].join("\n");
    const source = await sh(
      "node",
      ["--conditions=@ops-skill/source", "--input-type=module", "-e", resolveSource],
      project,
      env,
    );
    expect(source).toMatchObject({ code: 0, stderr: "" });
    expect(entries.filter((entry) => entry.source).length).toBeGreaterThan(20);
    // vitest is an optional peer dependency of @ops-skill/testing: not installed here.
    const peer = await sh(
      "node",
      ["--input-type=module", "-e", `await import("${needsVitest}")`],
      project,
      env,
    );
    expect(peer.stderr).toContain("Cannot find package 'vitest'");
  });
});

describe("npx ops-skill with nothing installed (npx fetches it, as the README says)", () => {
  it(
    "npx --yes ops-skill@<version> lints a repository",
    async () => {
      const env = projectEnv(served.registry, served.npmCache);
      const repo = join(scratch, "npx-only");
      mkdirSync(join(repo, ".git"), { recursive: true });
      copySkill(repo, "drift-check", "drift-report.schema.json");
      const cli = served.packed.find((pack) => pack.name === "ops-skill");
      const spec = `ops-skill@${cli?.version}`;
      const args = ["--yes", spec, "lint", "skills", "schemas", ".codex/hooks.json"];
      const run = await sh("npx", args, repo, env, INSTALL_TIMEOUT);
      expect(served.registry.misses).toEqual([]);
      expect(run.stderr).not.toMatch(/Cannot find module|cannot start|npm error/);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const version = await sh("npx", ["--yes", spec, "--version"], repo, env);
      expect(version.stdout).toMatch(/^ops-skill\/\S+ /);
    },
    INSTALL_TIMEOUT + 10_000,
  );
});
