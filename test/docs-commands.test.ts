// Every command in the docs is run: each line of a fenced `sh`, `bash`, `shell` or `console`
// block of README.md and docs/*.md runs with bash, in order, in a scratch repository made for
// its page (a copy of part of the catalogue, laid out as a scaffolded repository), and must exit
// with the code the page states (`# exit 1: ...` after the command) or 0. `npx ops-skill` and
// `ops-skill` run the built CLI; `npx create-ops-skill` runs the built create-ops-skill (through
// `createOpsSkillBin`). A command that cannot run offline is listed in ALLOWLIST with the
// reason; any other command the test cannot classify fails it, and so does an allowlist entry
// that matches no command.
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "packages", "cli", "bin", "run.js");
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "ops-skill-docs-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PAGES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];
const SHELL_FENCES = new Set(["sh", "bash", "shell", "console"]);

interface DocCommand {
  page: string;
  /** 1-based line of the command's first line. */
  line: number;
  /** The command as bash runs it (continuation lines joined, the trailing comment removed). */
  text: string;
  /** The exit code the page states, or 0. */
  exitCode: number;
}

/** The text before an unquoted ` #` comment, and the comment. */
function splitComment(line: string): { code: string; comment: string } {
  let quote: string | undefined;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (quote !== undefined) {
      if (c === "\\" && quote === '"') k++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "\\") k++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (k === 0 || /\s/.test(line[k - 1] as string)))
      return { code: line.slice(0, k).trimEnd(), comment: line.slice(k + 1).trim() };
  }
  return { code: line.trimEnd(), comment: "" };
}

/** The commands of a page's shell blocks. Pure. */
function extractCommands(markdown: string, page: string): DocCommand[] {
  const commands: DocCommand[] = [];
  const lines = markdown.split("\n");
  let fence: { marker: string; indent: number; lang: string } | undefined;
  let pending: { line: number; text: string } | undefined;
  for (const [k, raw] of lines.entries()) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([A-Za-z0-9_-]*)/.exec(raw);
    if (fence === undefined) {
      if (open)
        fence = {
          marker: open[2] as string,
          indent: (open[1] as string).length,
          lang: open[3] as string,
        };
      continue;
    }
    if (open && (open[2] as string).startsWith(fence.marker) && open[3] === "") {
      fence = undefined;
      continue;
    }
    if (!SHELL_FENCES.has(fence.lang)) continue;
    let line = raw.slice(Math.min(fence.indent, raw.length - raw.trimStart().length));
    if (fence.lang === "console") {
      if (!line.startsWith("$ ")) continue;
      line = line.slice(2);
    }
    if (pending === undefined) {
      if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
      pending = { line: k + 1, text: "" };
    }
    const { code, comment } = splitComment(line);
    if (code.endsWith("\\")) {
      pending.text += `${code.slice(0, -1).trim()} `;
      continue;
    }
    pending.text += code.trim();
    const stated = /^exits? (\d+)(?:$|[:;,.])/.exec(comment);
    commands.push({
      page,
      line: pending.line,
      text: pending.text,
      exitCode: stated ? Number(stated[1]) : 0,
    });
    pending = undefined;
  }
  return commands;
}

/** Commands that cannot run offline here, each with why. */
const ALLOWLIST: { page?: string; command: string | RegExp; reason: string }[] = [
  { command: /^npm ci && npm (start|test)$/, reason: "installs from the npm registry" },
  {
    command: /^npm run (bench|bench:[a-z-]+)$/,
    reason: "a benchmark of minutes, run by hand (bench/)",
  },
  {
    command: "npm run pack:all",
    reason: "builds and packs every package; test/packaging/ runs the same pack and check",
  },
  {
    command: /^npm run (conformance:record|test:codex)$/,
    reason: "installs and drives the real Codex binary (npm run test:codex runs those tests)",
  },
  {
    command: "npm run codex:pin -- <version>",
    reason: "a synopsis with a placeholder, and it installs another Codex release",
  },
  {
    command: "node conformance/public/measure.mjs .cache/public",
    reason: "reads public skill collections the contributor extracted, not in the repository",
  },
  { command: "npx changeset", reason: "interactive: asks which packages changed" },
  {
    command: /^npx ops-skill record |^ops-skill record /,
    reason: "runs codex exec against the model API (a real session)",
  },
  { command: /(^|\s)codex exec /, reason: "runs codex exec against the model API" },
  {
    page: "docs/testing.md",
    command: "ops-skill test --engine codex",
    reason: "needs the real Codex binary (npm run test:codex runs the codex engine)",
  },
  {
    page: "docs/writing-scenarios.md",
    command: "npx ops-skill test --filter drift-check --engine codex",
    reason: "needs the real Codex binary (npm run test:codex runs the codex engine)",
  },
  { command: /^git push\b/, reason: "pushes to a remote" },
  {
    page: "docs/cassettes.md",
    command:
      /^PATH="\$\(npm root\)\/\.bin:\$PATH"$|^MOCK_CODEX_CASSETTE=cassettes\/drift\.jsonl mock-codex /,
    reason: "needs @ops-skill/mock-codex installed in the project and a cassette of your own",
  },
  {
    page: "docs/schedule.md",
    command: /^npm run build && node scripts\/(catalogue-hashes|record-catalogue)\.mjs/,
    reason: "rebuilds and rewrites the repository in place (its --check form is run)",
  },
  {
    page: "docs/schedule.md",
    command: "node scripts/record-catalogue.mjs --check",
    reason: "replays every cassette for about 20 s; test/catalogue.test.ts runs it",
  },
];

/** Programs a page may run in its scratch repository. */
const PROGRAMS = new Set([
  "npx",
  "ops-skill",
  "create-ops-skill",
  "git",
  "cp",
  "mkdir",
  "ls",
  "cat",
  "jq",
]);
/** Repository scripts whose `--check` form only reads: run in the repository itself. */
const REPOSITORY_CHECK = /^node scripts\/[a-z-]+\.mjs --check$/;

type Plan =
  | { kind: "allowed"; reason: string }
  | { kind: "scratch" }
  | { kind: "repository" }
  | { kind: "unknown"; why: string };

function allowlisted(command: DocCommand): (typeof ALLOWLIST)[number] | undefined {
  return ALLOWLIST.find(
    (entry) =>
      (entry.page === undefined || entry.page === command.page) &&
      (typeof entry.command === "string"
        ? entry.command === command.text
        : entry.command.test(command.text)),
  );
}

/** What to do with a command. */
function plan(command: DocCommand): Plan {
  const entry = allowlisted(command);
  if (entry) return { kind: "allowed", reason: entry.reason };
  if (REPOSITORY_CHECK.test(command.text)) return { kind: "repository" };
  // Each simple command (split at && || ; |) must start, after VAR=value words, with a program
  // of PROGRAMS; npx only for ops-skill and create-ops-skill; git never reaches a remote.
  for (const part of command.text.split(/&&|\|\||;|\|/)) {
    const words = part.trim().split(/\s+/);
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] as string)) words.shift();
    const [program, first] = words;
    if (program === undefined) return { kind: "unknown", why: "an empty command" };
    if (!PROGRAMS.has(program)) return { kind: "unknown", why: `runs ${program}` };
    if (program === "npx" && first !== "ops-skill" && first !== "create-ops-skill")
      return { kind: "unknown", why: `npx ${first}: only ops-skill and create-ops-skill run` };
    if (program === "git" && ["push", "pull", "fetch", "clone", "remote"].includes(first ?? ""))
      return { kind: "unknown", why: `git ${first} reaches a remote` };
  }
  return { kind: "scratch" };
}

/**
 * The built create-ops-skill, once the package is in this tree: its `bin` from its
 * package.json, or undefined.
 */
function createOpsSkillBin(): string | undefined {
  const dir = join(ROOT, "packages", "create-ops-skill");
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return undefined;
  const bin = (
    JSON.parse(readFileSync(manifest, "utf8")) as { bin?: string | Record<string, string> }
  ).bin;
  const path = typeof bin === "string" ? bin : bin?.["create-ops-skill"];
  return path === undefined ? undefined : resolve(dir, path);
}

/** `npx`, `ops-skill` and `create-ops-skill` for the pages' commands, in `dir`. */
function writeShims(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const create = createOpsSkillBin();
  const runCreate = create
    ? `exec node ${JSON.stringify(create)} "$@"`
    : 'echo "create-ops-skill is not in this tree" >&2; exit 127';
  const scripts: Record<string, string> = {
    "ops-skill": `exec node ${JSON.stringify(CLI)} "$@"`,
    "create-ops-skill": runCreate,
    npx: [
      'case "$1" in',
      `  ops-skill) shift; exec node ${JSON.stringify(CLI)} "$@" ;;`,
      `  create-ops-skill) shift; ${runCreate} ;;`,
      '  *) echo "npx $1: not run by the docs test" >&2; exit 127 ;;',
      "esac",
    ].join("\n"),
  };
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
}

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: "Docs Test",
  GIT_AUTHOR_EMAIL: "docs@example.invalid",
  GIT_COMMITTER_NAME: "Docs Test",
  GIT_COMMITTER_EMAIL: "docs@example.invalid",
};

/**
 * A page's scratch repository (an empty one for FRESH_REPOSITORY pages): the catalogue's drift-check under skills/ (where
 * `ops-skill test` finds scenarios) and drift-check again under .agents/skills/ (where Codex
 * and `ops-skill lint` find skills), the schemas, the schedule and drift-check's workflow in
 * .github/workflows/, the guard, a schema at the root
 * under two names (report.json, report.schema.json), all of it not committed yet. Its HOME is
 * empty: nothing is trusted, as on a fresh machine.
 */
function scratchRepository(name: string): { repo: string; env: NodeJS.ProcessEnv } {
  const base = join(scratch, name.replaceAll("/", "_"));
  const repo = join(base, "repo");
  mkdirSync(repo, { recursive: true });
  if (!FRESH_REPOSITORY.has(name)) fillFromCatalogue(repo);
  writeShims(join(base, "bin"));
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_IDENTITY };
  for (const key of Object.keys(env)) {
    if (key === "CI" || key.startsWith("CODEX_") || key.startsWith("GITHUB_")) delete env[key];
  }
  Object.assign(env, {
    HOME: join(base, "home"),
    PATH: `${join(base, "bin")}:${process.env.PATH}`,
    NO_COLOR: "1",
  });
  mkdirSync(env.HOME as string);
  execFileSync("git", ["init", "--quiet", repo]);
  return { repo, env };
}

function fillFromCatalogue(repo: string): void {
  cpSync(join(ROOT, "skills", "drift-check"), join(repo, "skills", "drift-check"), {
    recursive: true,
  });
  cpSync(join(ROOT, "skills", "drift-check"), join(repo, ".agents", "skills", "drift-check"), {
    recursive: true,
  });
  for (const part of ["schemas", "schedule", ".codex"])
    cpSync(join(ROOT, part), join(repo, part), { recursive: true });
  for (const file of ["report.json", "report.schema.json"])
    cpSync(join(ROOT, "schemas", "drift-report.schema.json"), join(repo, file));
  // drift-check's schedule where a user runs it: the workflow create-ops-skill writes.
  mkdirSync(join(repo, ".github", "workflows"), { recursive: true });
  cpSync(
    join(ROOT, "schedule", "workflows", "drift-check.yml"),
    join(repo, ".github", "workflows", "drift-check.yml"),
  );
}

/** Pages that begin where a new user begins: an empty git repository, then create-ops-skill. */
const FRESH_REPOSITORY = new Set(["docs/getting-started.md", "docs/create.md"]);

/**
 * Pages that assume what an earlier page set up: their reader's Codex home (~/.codex) trusts
 * the project and its guard, as `ops-skill codex-home` writes it (docs/getting-started.md,
 * step 3).
 */
const TRUSTED_HOME = new Set(["README.md", "docs/hooks-probe.md"]);

function run(text: string, cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync("bash", ["--noprofile", "--norc", "-o", "pipefail", "-c", text], {
    cwd,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const commands = PAGES.flatMap((page) =>
  extractCommands(readFileSync(join(ROOT, page), "utf8"), page),
);

describe("the commands of the docs", () => {
  test("every command is run or allowlisted with a reason; every allowlist entry is used", () => {
    const unknown = commands
      .map((command) => ({ command, plan: plan(command) }))
      .filter(({ plan }) => plan.kind === "unknown")
      .map(
        ({ command, plan }) =>
          `${command.page}:${command.line}: ${command.text} (${(plan as { why: string }).why})`,
      );
    expect(unknown).toEqual([]);
    const unused = ALLOWLIST.filter(
      (entry) => !commands.some((command) => allowlisted(command) === entry),
    );
    expect(unused).toEqual([]);
    expect(commands.filter((command) => plan(command).kind === "scratch").length).toBeGreaterThan(
      30,
    );
  });

  test.each(
    PAGES.filter((page) => commands.some((c) => c.page === page && plan(c).kind !== "allowed")),
  )(
    "%s",
    (page) => {
      const { repo, env } = scratchRepository(page);
      if (TRUSTED_HOME.has(page)) {
        const home = run(`ops-skill codex-home "$HOME/.codex"`, repo, env);
        expect(home.code, home.stderr).toBe(0);
      }
      for (const command of commands.filter((c) => c.page === page)) {
        const how = plan(command);
        if (how.kind === "allowed") continue;
        const result = run(command.text, how.kind === "repository" ? ROOT : repo, env);
        expect(
          result.code,
          `${page}:${command.line}: ${command.text}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
        ).toBe(command.exitCode);
      }
    },
    300_000,
  );
});

describe("extractCommands", () => {
  test("blocks, continuations, comments, stated exit codes, console prompts", () => {
    const page = [
      "```sh",
      "# a comment line",
      "npx ops-skill lint   # lint",
      "npx ops-skill hooks probe \\",
      '  --command "a # b"   # exit 1: not trusted',
      "npx ops-skill types --check   # exit 1 when stale",
      "```",
      "```json",
      '{"not": "a command"}',
      "```",
      "- a list item:",
      "  ```console",
      "  $ ops-skill test",
      "  output line",
      "  ```",
    ].join("\n");
    expect(extractCommands(page, "p.md")).toEqual([
      { page: "p.md", line: 3, text: "npx ops-skill lint", exitCode: 0 },
      { page: "p.md", line: 4, text: 'npx ops-skill hooks probe --command "a # b"', exitCode: 1 },
      { page: "p.md", line: 6, text: "npx ops-skill types --check", exitCode: 0 },
      { page: "p.md", line: 13, text: "ops-skill test", exitCode: 0 },
    ]);
  });
});
