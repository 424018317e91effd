import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CODEX_VERSION,
  listHooksViaAppServer,
  makeRunDirectory,
  parseListedSkills,
  parseSkillLoadFailures,
  readCodexVersion,
  requireCodexBinary,
  runCodexExec,
  runHookCommand,
  shellCall,
  startResponsesServer,
} from "../src/index.js";

// Run by `npm run test:codex`, which installs the pinned Codex first; not part of `npm test`,
// which works from the recorded verdicts alone.
const bin = requireCodexBinary();

const runDirectories: string[] = [];
afterAll(() => {
  for (const dir of runDirectories) rmSync(dir, { recursive: true, force: true });
});

function makeProject(): { project: string; codexHome: string; home: string } {
  const runDirectory = makeRunDirectory("codex-test");
  runDirectories.push(runDirectory);
  const project = join(runDirectory, "project");
  mkdirSync(join(project, ".git"), { recursive: true });
  const write = (relative: string, content: string) => {
    mkdirSync(dirname(join(project, relative)), { recursive: true });
    writeFileSync(join(project, relative), content);
  };
  write(".agents/skills/greet/SKILL.md", "---\nname: greet\ndescription: Says: hello\n---\n");
  write(".agents/skills/broken/SKILL.md", "---\nname: broken\n---\n");
  return { project, codexHome: join(runDirectory, "codex-home"), home: join(runDirectory, "home") };
}

describe("the real Codex against the stub", () => {
  it("is the pinned version", () => {
    expect(readCodexVersion(bin)).toBe(CODEX_VERSION);
  });

  it("lists a loaded skill and reports a refused one", async () => {
    const { project, codexHome, home } = makeProject();
    const server = await startResponsesServer();
    try {
      const result = await runCodexExec({
        bin: bin,
        cwd: project,
        codexHome,
        home,
        prompt: "hi",
        serverUrl: server.url,
      });
      expect(result.exitCode).toBe(0);
      expect(result.events.at(-1)?.type).toBe("turn.completed");
      const listed = parseListedSkills(server.requests[0]).filter((skill) =>
        skill.file.startsWith(project),
      );
      expect(listed).toEqual([
        {
          name: "greet",
          description: "Says: hello",
          file: join(project, ".agents/skills/greet/SKILL.md"),
          listedFile: "r1/greet/SKILL.md",
        },
      ]);
      expect(parseSkillLoadFailures(result.stderr)).toEqual([
        {
          path: join(project, ".agents/skills/broken/SKILL.md"),
          reason: "missing field `description`",
        },
      ]);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("runs a scripted shell call and sends its output back", async () => {
    const { project, codexHome, home } = makeProject();
    const server = await startResponsesServer({
      turns: [{ items: [shellCall("echo scripted-output", "call_echo")] }],
    });
    try {
      const result = await runCodexExec({
        bin: bin,
        cwd: project,
        codexHome,
        home,
        prompt: "run it",
        serverUrl: server.url,
      });
      expect(result.exitCode).toBe(0);
      const command = result.events.find(
        (event) =>
          event.type === "item.completed" &&
          (event.item as { type?: string }).type === "command_execution",
      );
      expect(command?.item).toMatchObject({
        aggregated_output: "scripted-output\n",
        exit_code: 0,
        status: "completed",
      });
      expect(server.requests).toHaveLength(2);
      expect(JSON.stringify(server.requests[1])).toContain("call_echo");
    } finally {
      await server.close();
    }
  }, 60_000);

  it("lists a trusted project's hooks with their trust hash, and runs one as Codex does", async () => {
    const { project, codexHome, home } = makeProject();
    // A repository of its own: Codex asks git for the project root when it reads project hooks.
    rmSync(join(project, ".git"), { recursive: true, force: true });
    execFileSync("git", ["init", "--quiet", "--template=", project]);
    mkdirSync(join(project, ".codex"), { recursive: true });
    writeFileSync(
      join(project, ".codex", "config.toml"),
      '[[hooks.PreToolUse]]\nmatcher = "Bash"\n\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = "cat >/dev/null; echo blocked >&2; exit 2"\ntimeout = 5\n',
    );
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(
      join(codexHome, "config.toml"),
      `[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`,
    );
    const listed = await listHooksViaAppServer({
      bin: bin,
      cwd: project,
      codexHome,
      home,
    });
    expect(listed.errors).toEqual([]);
    expect(listed.hooks).toHaveLength(1);
    const hook = listed.hooks[0];
    expect(hook).toMatchObject({
      key: `${join(project, ".codex", "config.toml")}:pre_tool_use:0:0`,
      eventName: "preToolUse",
      handlerType: "command",
      matcher: "Bash",
      timeoutSec: 5,
    });
    expect(hook?.currentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const ran = await runHookCommand({
      command: String(hook?.command),
      cwd: project,
      codexHome,
      home,
      input: "{}",
      timeoutSec: 5,
    });
    expect(ran).toEqual({ exitCode: 2, stdout: "", stderr: "blocked\n" });
  }, 60_000);
});
