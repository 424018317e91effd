import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  applyFixes,
  codexHome,
  context,
  invocation,
  project,
  runnerTempHome,
  type Sandbox,
  withCodexHome,
} from "../../test/checks-a/helpers.js";
import type { Invocation } from "../model.js";
import { hooks } from "./hooks.js";

let box: Sandbox | undefined;
afterEach(() => box?.remove());

const PROMPT = "Run the drift-check skill and return its report.";

/** The scaffold's workflow step: CODEX_HOME made by `ops-skill codex-home`, --profile day-two. */
function scheduled(repo: string, args: readonly string[] = []): Invocation {
  const home = runnerTempHome();
  return invocation(repo, PROMPT, {
    source: { kind: "workflow", file: join(repo, ".github/workflows/drift-check.yml"), name: "w" },
    env: [home],
    inheritsLoginEnv: true,
    args: ["--profile", "day-two", ...args],
  });
}

describe("hooks", () => {
  it("works when the schedule's home trusts the project and the guard, which blocks the forbidden command", async () => {
    box = project("guarded");
    const verdicts = await hooks(scheduled(box.repo), context(box));
    expect(verdicts.map((v) => [v.status, v.title])).toEqual([
      ["works", "the guard hooks block 1 forbidden command"],
    ]);
    expect(verdicts[0]?.reason).toContain("`kubectl delete`");
  });

  it("breaks in an untrusted home, and the trust fix (with consent) makes it work", async () => {
    box = project("guarded");
    const home = codexHome(box);
    const run = invocation(box.repo, PROMPT, withCodexHome(home));
    const [verdict, ...rest] = await hooks(run, context(box));
    expect(rest).toEqual([]);
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.title).toBe("`kubectl delete` would run");
    expect(verdict?.reason).toContain("is not trusted");
    expect(verdict?.location).toEqual({
      file: join(box.repo, ".agents/skills/drift-check/SKILL.md"),
      line: 12,
      column: 1,
    });
    expect(verdict?.consent).toBe(true);
    expect(verdict?.fixes?.map((f) => [f.kind, f.path])).toEqual([
      ["write", join(home, "config.toml")],
    ]);
    applyFixes(verdict?.fixes ?? []);
    const after = await hooks(run, context(box));
    expect(after.map((v) => v.status)).toEqual(["works"]);
  });

  it("works with --dangerously-bypass-hook-trust and --trust in an empty home", async () => {
    box = project("guarded");
    const run = invocation(box.repo, PROMPT, {
      ...withCodexHome(codexHome(box)),
      args: ["--dangerously-bypass-hook-trust", "--trust"],
    });
    expect((await hooks(run, context(box))).map((v) => v.status)).toEqual(["works"]);
  });

  it("breaks when hooks are off (--disable hooks)", async () => {
    box = project("guarded");
    const [verdict] = await hooks(scheduled(box.repo, ["--disable", "hooks"]), context(box));
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.reason).toContain("hooks are off");
  });

  it("breaks when schedule/trust.json misses the hook, and the fix rewrites trust.json", async () => {
    box = project("guarded");
    const trustFile = join(box.repo, "schedule/trust.json");
    writeFileSync(trustFile, '{ "version": 1, "project": true, "hooks": [] }\n');
    const [verdict] = await hooks(scheduled(box.repo), context(box));
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.reason).toContain("the hook is not trusted");
    expect(verdict?.consent).toBeUndefined();
    expect(verdict?.fix).toContain("put the trust there");
    expect(verdict?.fixes?.map((f) => [f.kind, f.path])).toEqual([["write", trustFile]]);
    applyFixes(verdict?.fixes ?? []);
    expect((await hooks(scheduled(box.repo), context(box))).map((v) => v.status)).toEqual([
      "works",
    ]);
  });

  it("breaks on a fresh runner with no Codex home, naming the home as the run knows it", async () => {
    box = project("guarded");
    const run = invocation(box.repo, PROMPT, {
      source: { kind: "workflow", file: join(box.repo, "w.yml"), name: "w" },
      inheritsLoginEnv: true,
    });
    const [verdict] = await hooks(run, context(box));
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.fix).toContain("$CODEX_HOME/config.toml");
    expect(verdict?.fix).toContain("write one with `ops-skill codex-home`");
    expect(`${verdict?.reason} ${verdict?.fix}`).not.toContain("ops-skill-doctor-home-");
    expect(verdict?.fixes).toBeUndefined();
  });

  it("breaks when cron starts in $HOME: the project's hooks are not loaded there", async () => {
    box = project("guarded");
    const [verdict] = await hooks(
      invocation(box.home, PROMPT, { cwdKnown: false, ...withCodexHome(codexHome(box)) }),
      context(box),
    );
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.reason).toContain("no PreToolUse hook is configured");
    expect(verdict?.fix).toContain(`cd ${box.repo} && codex exec`);
  });

  it("breaks for a matcher that misses Bash and for a deny Codex ignores", async () => {
    for (const [name, words] of [
      ["matcher-miss", "does not match the shell tool's name, Bash"],
      ["ignored-deny", "Codex lets the call run"],
    ] as const) {
      box = project(name);
      const run = invocation(box.repo, PROMPT, {
        ...withCodexHome(codexHome(box)),
        args: ["--dangerously-bypass-hook-trust", "--trust"],
      });
      const [verdict] = await hooks(run, context(box));
      expect(verdict?.status, name).toBe("breaks");
      expect(verdict?.reason, name).toContain(words);
      box.remove();
      box = undefined;
    }
  });

  it("works with nothing to block for a skill that forbids nothing and no hooks", async () => {
    box = project("no-forbid");
    const run = invocation(box.repo, "Run $endpoint-check.", withCodexHome(codexHome(box)));
    const verdicts = await hooks(run, context(box));
    expect(verdicts.map((v) => [v.status, v.title])).toEqual([["works", "nothing to block"]]);
  });

  it("breaks when the skill forbids a command and no hook is configured", async () => {
    box = project("catalogue-layout");
    const run = invocation(box.repo, "Run the drift-check skill.", withCodexHome(codexHome(box)));
    const [verdict] = await hooks(run, context(box));
    expect(verdict?.status).toBe("breaks");
    expect(verdict?.reason).toContain("no PreToolUse hook is configured");
  });
});
