import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  codexHome,
  context,
  invocation,
  project,
  type Sandbox,
  withCodexHome,
} from "../../test/checks-a/helpers.js";
import { namedSkills } from "./_skills.js";
import { discovery } from "./discovery.js";

let box: Sandbox | undefined;
afterEach(() => box?.remove());

const only = async (...args: Parameters<typeof discovery>) => {
  const verdicts = await discovery(...args);
  expect(verdicts).toHaveLength(1);
  return verdicts[0] as (typeof verdicts)[number];
};

describe("namedSkills", () => {
  it("reads $name mentions as Codex does and plain names before 'skill'", () => {
    expect(namedSkills("Run $drift-check now; then $PATH and $team:drift.", new Set())).toEqual([
      { name: "drift-check", how: "mention" },
      { name: "team:drift", how: "mention" },
    ]);
    expect(
      namedSkills("Run the drift-check skill (skills/drift-check/SKILL.md).", new Set()),
    ).toEqual([{ name: "drift-check", how: "plain" }]);
    expect(namedSkills("Use the `quiet` skill", new Set(["quiet"]))).toEqual([
      { name: "quiet", how: "plain" },
    ]);
    // A plain word is a name only when a skill goes by it.
    expect(namedSkills("Use the quiet skill, then this skill.", new Set())).toEqual([]);
  });
});

describe("discovery", () => {
  it("works for a skill in .agents/skills, named plainly or as $name", async () => {
    box = project("guarded");
    const plain = await only(
      invocation(box.repo, "Run the drift-check skill and return its report."),
      context(box),
    );
    expect(plain.status).toBe("works");
    expect(plain.reason).toContain(".agents/skills/drift-check/SKILL.md");
    const mention = await only(invocation(box.repo, "Run $drift-check."), context(box));
    expect(mention.status).toBe("works");
    expect(mention.reason).toContain("injects it");
  });

  it("breaks when cron starts in $HOME (no cd): the project's skills are never discovered", async () => {
    box = project("guarded");
    const verdict = await only(
      invocation(box.home, "Run $drift-check.", { cwdKnown: false }),
      context(box),
    );
    expect(verdict.status).toBe("breaks");
    expect(verdict.fix).toContain(`cd ${box.repo} && codex exec`);
    expect(verdict.fix).toContain(`-C ${box.repo}`);
  });

  it("breaks for a skill in the catalogue's skills/ folder, naming where it must live", async () => {
    box = project("catalogue-layout");
    const verdict = await only(
      invocation(box.repo, "Run the drift-check skill (skills/drift-check/SKILL.md)."),
      context(box),
    );
    expect(verdict.status).toBe("breaks");
    expect(verdict.title).toContain("not in a folder Codex discovers skills in");
    expect(verdict.fix).toBe("Move (or link) skills/drift-check to .agents/skills/drift-check.");
    expect(verdict.location.file).toBe(join(box.repo, "skills/drift-check/SKILL.md"));
  });

  it("cannot tell when the prompt names no skill, or is not on the command line", async () => {
    box = project("guarded");
    const none = await only(invocation(box.repo, "Check the cluster."), context(box));
    expect(none.status).toBe("cannot-tell");
    expect(none.title).toBe("the prompt names no skill");
    const stdin = await only(invocation(box.repo, undefined), context(box));
    expect(stdin.status).toBe("cannot-tell");
    expect(stdin.reason).toContain("stdin");
  });

  it("breaks for a skill named without $ whose openai.yaml keeps it off the list; $name works", async () => {
    box = project("skills-cases");
    const plain = await only(invocation(box.repo, "Use the quiet skill."), context(box));
    expect(plain.status).toBe("breaks");
    expect(plain.reason).toContain("allow_implicit_invocation: false");
    expect(plain.location.file).toBe(join(box.repo, ".agents/skills/quiet/agents/openai.yaml"));
    expect(plain.location.line).toBe(2);
    const mention = await only(invocation(box.repo, "Run $quiet."), context(box));
    expect(mention.status).toBe("works");
  });

  it("breaks for a skill too deep below its root, and for one Codex refuses to load", async () => {
    box = project("skills-cases");
    const deep = await only(invocation(box.repo, "Run $deep-check."), context(box));
    expect(deep.status).toBe("breaks");
    expect(deep.reason).toContain("more than 6 directories below its skills root");
    const broken = await only(invocation(box.repo, "Run $broken."), context(box));
    expect(broken.status).toBe("breaks");
    expect(broken.reason).toContain("missing YAML frontmatter delimited by ---");
  });

  it("cannot tell which of two skills of one name the run follows", async () => {
    box = project("skills-cases");
    const twin = await only(invocation(box.repo, "Run $twin."), context(box));
    expect(twin.status).toBe("cannot-tell");
    expect(twin.title).toBe("$twin: 2 skills go by this name");
  });

  it("breaks for a name no skill has, with where to create it", async () => {
    box = project("guarded");
    const verdict = await only(invocation(box.repo, "Run $drift-chek."), context(box));
    expect(verdict.status).toBe("breaks");
    expect(verdict.title).toBe("no skill named drift-chek is found");
    expect(verdict.fix).toContain(".agents/skills/drift-chek/SKILL.md");
  });

  it("finds skills from the cwd's chain and in $CODEX_HOME/skills", async () => {
    box = project("skills-cases");
    const home = codexHome(box);
    mkdirSync(join(home, "skills", "mine"), { recursive: true });
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      join(home, "skills", "mine", "SKILL.md"),
      "---\nname: mine\ndescription: A user skill in the Codex home.\n---\n\n# Mine\n",
    );
    const verdict = await only(
      invocation(join(box.repo, "ops"), "Run $mine.", withCodexHome(home)),
      context(box),
    );
    expect(verdict.status).toBe("works");
    expect(verdict.reason).toContain("(a user skill)");
    // From a subfolder, the root's .agents/skills is still on the chain.
    const quiet = await only(invocation(join(box.repo, "ops"), "Run $quiet."), context(box));
    expect(quiet.status).toBe("works");
  });
});
