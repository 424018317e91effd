// A config.toml Codex loads that it cannot read stops it before the prompt, with Codex's words
// (conformance/config `unreadable-*`, recorded from the real binary); an unreadable hooks.json
// is passed over. mock-codex says the same, through the config model's `configReadError`.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runExec } from "../src/exec.js";

const VERDICTS = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../../conformance/config/verdicts.json",
);
const verdicts = JSON.parse(readFileSync(VERDICTS, "utf8")).cases as Record<
  string,
  { exitCode: number; stderr: string }
>;
const CASSETTE = [
  '{"type":"thread.started","thread_id":"t"}',
  '{"type":"turn.started"}',
  '{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"ok"}}',
  '{"type":"turn.completed","usage":{"input_tokens":1,"cached_input_tokens":0,"output_tokens":1}}',
  "",
].join("\n");

type Special = "fifo" | "directory";

function makeSpecial(path: string, special: Special): void {
  if (special === "fifo") execFileSync("mkfifo", [path]);
  else mkdirSync(path);
}

/** A git project and a Codex home; `special` puts a FIFO or a folder where a file is read. */
function setUp(where: "project" | "user", file: "config.toml" | "hooks.json", special: Special) {
  const root = mkdtempSync(join(tmpdir(), "mock-unreadable-"));
  const project = join(root, "project");
  const codexHome = join(root, "codex-home");
  mkdirSync(join(project, ".codex"), { recursive: true });
  mkdirSync(codexHome);
  execFileSync("git", ["init", "-q", project]);
  writeFileSync(join(root, "session.jsonl"), CASSETTE);
  if (where === "user") makeSpecial(join(codexHome, file), special);
  else {
    makeSpecial(join(project, ".codex", file), special);
    writeFileSync(
      join(codexHome, "config.toml"),
      `[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`,
    );
  }
  return { root, project, codexHome };
}

async function run(setup: ReturnType<typeof setUp>) {
  return runExec(["--json", "--cassette", join(setup.root, "session.jsonl"), "Run."], {
    cwd: setup.project,
    env: { CODEX_HOME: setup.codexHome, MOCK_CODEX_THREAD_ID: "t" },
    stdin: undefined,
  });
}

describe("a config file Codex cannot read", () => {
  it.each([
    ["unreadable-fifo", "project", "fifo"],
    ["unreadable-directory", "project", "directory"],
    ["unreadable-user-fifo", "user", "fifo"],
  ] as const)("%s: Codex's refusal and exit code", async (name, where, special) => {
    const setup = setUp(where, "config.toml", special);
    const result = await run(setup);
    const verdict = verdicts[name] as { exitCode: number; stderr: string };
    expect(result.exitCode).toBe(verdict.exitCode);
    expect(result.stdout).toBe("");
    expect(
      result.stderr
        .trim()
        .replaceAll(setup.project, "<project>")
        .replaceAll(setup.codexHome, "<codex-home>"),
    ).toBe(verdict.stderr);
  });

  it.each([
    ["unreadable-hooks-fifo", "fifo"],
    ["unreadable-hooks-directory", "directory"],
  ] as const)("%s: passed over, the run goes on as Codex's did", async (name, special) => {
    const setup = setUp("project", "hooks.json", special);
    const result = await run(setup);
    expect(result.exitCode).toBe((verdicts[name] as { exitCode: number }).exitCode);
    expect(result.stdout).toContain('"type":"turn.completed"');
  });

  it("a project's unreadable config.toml does not stop an untrusted project, which Codex does not load", async () => {
    const setup = setUp("project", "config.toml", "fifo");
    writeFileSync(join(setup.codexHome, "config.toml"), "");
    const result = await run(setup);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("Untrusted project-local configuration is disabled");
  });

  it("a symbolic link loop is Rust's words for ELOOP", async () => {
    const setup = setUp("project", "hooks.json", "directory");
    symlinkSync("config.toml", join(setup.project, ".codex", "config.toml"));
    const result = await run(setup);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe(
      (verdicts["unreadable-symlink-loop"] as { stderr: string }).stderr.replaceAll(
        "<project>",
        setup.project,
      ),
    );
  });
});
