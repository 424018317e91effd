/**
 * The prompts, on a real terminal (test/pty.ts): every question answered from the keyboard
 * writes the skill asked for, trusts the hook in $CODEX_HOME/config.toml only on a yes, and a
 * Ctrl-C at any question writes nothing, in the repository or the Codex home, and exits 1.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TEMPLATE_NAMES } from "../src/index.js";
import { createBin, missingTrust, snapshot, tempRepo } from "./helpers.js";
import { KEY, onTerminal, type Terminal } from "./pty.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const HOME_CONFIG = '# mine\nmodel = "gpt-5.4"\n';

function setUp(): { repo: string; home: string; env: NodeJS.ProcessEnv } {
  const repo = tempRepo();
  const home = mkdtempSync(join(tmpdir(), "create-ops-skill-home-"));
  made.push(repo, home);
  writeFileSync(join(home, "config.toml"), HOME_CONFIG);
  const env: NodeJS.ProcessEnv = { ...process.env, CODEX_HOME: home, NO_COLOR: "1", CI: "" };
  delete env.FORCE_COLOR;
  return { repo, home, env };
}

const QUESTIONS = [
  "Template",
  "Skill name",
  "Sandbox of the scheduled run",
  "Where",
  "codex exec skips untrusted hooks",
] as const;

/** Down presses from blank (the first choice shown selected) to `template`. */
function downTo(template: string): string {
  const n = TEMPLATE_NAMES.length;
  const steps =
    (TEMPLATE_NAMES.indexOf(template as never) - TEMPLATE_NAMES.indexOf("blank") + n) % n;
  return KEY.down.repeat(steps);
}

async function answer(
  term: Terminal,
  answers: { template: string; name: string[]; sandbox: string; where: string; trust: "y" | "n" },
): Promise<void> {
  await term.expect(QUESTIONS[0]);
  term.send(downTo(answers.template));
  term.send(KEY.enter);
  await term.expect(QUESTIONS[1]);
  // Every name but the last is refused on the spot with its correction; erased, then retyped.
  for (const [k, name] of answers.name.entries()) {
    term.send(name + KEY.enter);
    if (k < answers.name.length - 1) {
      await term.expect(/try [a-z-]+\)/);
      term.send("\u007f".repeat(name.length));
    }
  }
  await term.expect(QUESTIONS[2]);
  term.send(answers.sandbox + KEY.enter);
  await term.expect(QUESTIONS[3]);
  term.send(answers.where + KEY.enter);
  await term.expect(QUESTIONS[4]);
  term.send(answers.trust);
  term.send(KEY.enter);
}

describe("create-ops-skill on a terminal", () => {
  it("asks every question; a yes to trust writes the trust tables into CODEX_HOME", async () => {
    const { repo, home, env } = setUp();
    const term = onTerminal([process.execPath, createBin], { cwd: repo, env });
    await answer(term, {
      template: "drift-check",
      name: ["My Drift", "my-drift"],
      sandbox: "",
      where: "",
      trust: "y",
    });
    expect(await term.exited, term.screen()).toBe(0);
    const screen = term.screen();
    expect(screen).toContain("the name holds a space");
    expect(screen).toContain("(try my-drift)");
    expect(screen).toContain(`Created the my-drift skill (template drift-check) in ${repo}`);
    const skill = readFileSync(join(repo, ".agents/skills/my-drift/SKILL.md"), "utf8");
    expect(skill).toMatch(/^---\nname: my-drift\n/);
    expect(readFileSync(join(repo, ".github/workflows/my-drift.yml"), "utf8")).toContain(
      "--profile day-two --output-schema schemas/my-drift.schema.json",
    );
    const config = readFileSync(join(home, "config.toml"), "utf8");
    expect(config.startsWith(HOME_CONFIG)).toBe(true);
    expect(missingTrust(config, repo)).toEqual([]);
  }, 60_000);

  it("a no to trust leaves CODEX_HOME alone and prints the lines; the sandbox and folder are as chosen", async () => {
    const { repo, home, env } = setUp();
    const before = snapshot(home);
    const term = onTerminal([process.execPath, createBin], { cwd: repo, env });
    await answer(term, {
      template: "blank",
      name: ["edge"],
      sandbox: KEY.down,
      where: "skills/edge",
      trust: "n",
    });
    expect(await term.exited, term.screen()).toBe(0);
    const screen = term.screen();
    expect(screen).toContain(
      `Created the edge skill (template blank) in ${join(repo, "skills/edge")}`,
    );
    expect(screen).toContain("warning: --sandbox read-only");
    expect(screen).toContain(`add to ${home}/config.toml`);
    expect(readFileSync(join(repo, "skills/edge/SKILL.md"), "utf8")).toMatch(/^---\nname: edge\n/);
    expect(readFileSync(join(repo, ".github/workflows/edge.yml"), "utf8")).toContain(
      "exec --sandbox read-only --output-schema schemas/edge.schema.json",
    );
    expect(snapshot(home)).toEqual(before);
  }, 60_000);

  it("a name given that is no skill name is asked again with its correction; a folder not named as the skill is said on the spot", async () => {
    const { repo, env } = setUp();
    const term = onTerminal([process.execPath, createBin, "My Skill", "--no-trust"], {
      cwd: repo,
      env,
    });
    await term.expect("Template");
    term.send(KEY.enter);
    await term.expect('"My Skill" is not a skill name: the name holds a space');
    await term.expect("Skill name");
    term.send(KEY.enter);
    await term.expect("Sandbox of the scheduled run");
    term.send(KEY.enter);
    await term.expect("Where");
    term.send(`skills/other${KEY.enter}`);
    await term.expect("the skill's folder must be named as the skill: skills/other/my-skill?");
    term.send("\u007f".repeat("other".length));
    term.send(`my-skill${KEY.enter}`);
    expect(await term.exited, term.screen()).toBe(0);
    expect(term.screen()).toContain(
      `Created the my-skill skill (template blank) in ${join(repo, "skills/my-skill")}`,
    );
  }, 60_000);

  it("an unknown template is a usage error before any question", async () => {
    const { repo, env } = setUp();
    const before = snapshot(repo);
    const term = onTerminal([process.execPath, createBin, "--template", "nope"], {
      cwd: repo,
      env,
    });
    expect(await term.exited).toBe(2);
    expect(term.screen()).toBe(
      `create-ops-skill: unknown template "nope" (one of ${TEMPLATE_NAMES.join(", ")})\n`,
    );
    expect(snapshot(repo)).toEqual(before);
  }, 60_000);

  it.each(QUESTIONS.map((question, k) => [k, question] as const))(
    "Ctrl-C at question %i (%s) writes nothing and exits 1",
    async (k) => {
      const { repo, home, env } = setUp();
      const before = [snapshot(repo), snapshot(home)];
      const term = onTerminal([process.execPath, createBin], { cwd: repo, env });
      const keys = [KEY.enter, `cut${KEY.enter}`, KEY.enter, KEY.enter];
      for (const [q, question] of QUESTIONS.entries()) {
        await term.expect(question);
        if (q === k) break;
        term.send(keys[q] as string);
      }
      term.send(KEY.ctrlC);
      expect(await term.exited).toBe(1);
      expect(term.screen()).toContain("create-ops-skill: cancelled; nothing was written");
      expect([snapshot(repo), snapshot(home)]).toEqual(before);
    },
    60_000,
  );
});
