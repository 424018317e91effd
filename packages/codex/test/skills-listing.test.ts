import { describe, expect, it } from "vitest";
import {
  findSkillsInstructions,
  parseListedSkills,
  parseSkillsInstructions,
  resolveListedFile,
} from "../src/index.js";
import { readJsonFixture } from "./fixtures.js";

const RUNS = "/work/main/.cache/runs/conformance";

describe("parseListedSkills on real requests", () => {
  const retryRequest = readJsonFixture("request-yaml-retry-loads.json");

  it("lists the four system skills first, resolved through the r0 alias", () => {
    const skills = parseListedSkills(retryRequest);
    expect(skills.slice(0, 4).map((skill) => skill.name)).toEqual([
      "imagegen",
      "openai-docs",
      "skill-creator",
      "skill-installer",
    ]);
    expect(skills[0]?.listedFile).toBe("r0/imagegen/SKILL.md");
    expect(skills[0]?.file).toBe(
      `${RUNS}/yaml-retry-loads/exec-codex-home/skills/.system/imagegen/SKILL.md`,
    );
  });

  it("resolves r1 entries to the project's .agents/skills", () => {
    const skills = parseListedSkills(retryRequest);
    const colon = skills.find((skill) => skill.listedFile === "r1/colon-space/SKILL.md");
    expect(colon).toEqual({
      name: "colon-space",
      description: "Use this: when deploying",
      file: `${RUNS}/yaml-retry-loads/project/.agents/skills/colon-space/SKILL.md`,
      listedFile: "r1/colon-space/SKILL.md",
    });
    expect(skills.filter((skill) => skill.listedFile.startsWith("r1/"))).toHaveLength(19);
  });

  it("splits an ambiguous line at the first ': ' unless the name is known", () => {
    const line = (skill: { listedFile: string }) =>
      skill.listedFile === "r1/name-with-colon/SKILL.md";
    const guessed = parseListedSkills(retryRequest).find(line);
    expect(guessed).toMatchObject({ name: "retry", description: "name: The name holds a colon." });
    const known = parseListedSkills(retryRequest, { knownNames: ["retry", "retry: name"] }).find(
      line,
    );
    expect(known).toMatchObject({ name: "retry: name", description: "The name holds a colon." });
  });

  it("reads entries whose descriptions were removed for the budget", () => {
    const skills = parseListedSkills(readJsonFixture("request-listing-budget.json"));
    const project = skills.filter((skill) => skill.listedFile.startsWith("r1/"));
    expect(project).toHaveLength(142);
    expect(project.every((skill) => skill.description === "")).toBe(true);
    expect(project[0]?.name).toBe(
      "budget-skill-with-a-deliberately-long-name-to-fill-the-list-001",
    );
  });

  it("keeps the path a symlinked directory was listed under", () => {
    const skills = parseListedSkills(readJsonFixture("request-symlinked-directory.json"));
    const project = skills.filter((skill) => skill.listedFile.startsWith("r1/"));
    expect(project.map((skill) => [skill.name, skill.listedFile])).toEqual([
      ["local", "r1/alias-of-local/SKILL.md"],
      ["outside-root", "r1/linked-outside/SKILL.md"],
    ]);
  });
});

describe("skills instructions text", () => {
  it("is absent from a request without developer messages", () => {
    expect(findSkillsInstructions({ input: [{ role: "user", content: [] }] })).toBeUndefined();
    expect(parseListedSkills({})).toEqual([]);
    expect(parseListedSkills(null)).toEqual([]);
  });

  it("parses the root table and leaves unknown aliases alone", () => {
    const catalog = parseSkillsInstructions(
      [
        "## Skills",
        "### Skill roots",
        "- `r0` = `/home/x/.codex/skills/.system`",
        "- `r1` = `/repo/.agents/skills/`",
        "### Available skills",
        "- deploy: Ships it (carefully) (file: r1/deploy/SKILL.md)",
        "- ghost: Unknown root (file: r9/ghost/SKILL.md)",
        "- plain: (file: /abs/plain/SKILL.md)",
        "not an entry",
      ].join("\n"),
    );
    expect(catalog.roots).toEqual([
      { alias: "r0", path: "/home/x/.codex/skills/.system" },
      { alias: "r1", path: "/repo/.agents/skills/" },
    ]);
    expect(catalog.skills).toEqual([
      {
        name: "deploy",
        description: "Ships it (carefully)",
        file: "/repo/.agents/skills/deploy/SKILL.md",
        listedFile: "r1/deploy/SKILL.md",
      },
      {
        name: "ghost",
        description: "Unknown root",
        file: "r9/ghost/SKILL.md",
        listedFile: "r9/ghost/SKILL.md",
      },
      {
        name: "plain",
        description: "",
        file: "/abs/plain/SKILL.md",
        listedFile: "/abs/plain/SKILL.md",
      },
    ]);
  });

  it("resolves aliases without doubling slashes", () => {
    expect(resolveListedFile("r1/a/SKILL.md", [{ alias: "r1", path: "/x/" }])).toBe(
      "/x/a/SKILL.md",
    );
  });
});
