import { describe, expect, it } from "vitest";
import {
  buildCaseVerdicts,
  type CaseObservation,
  channelDisagreements,
  stableStringify,
} from "./verdicts.js";

const PROJECT = "/runs/case/project";
const skillPath = (dir: string) => `${PROJECT}/.agents/skills/${dir}/SKILL.md`;

function observation(overrides: Partial<CaseObservation>): CaseObservation {
  return {
    projectDir: PROJECT,
    candidates: [],
    listed: [],
    failures: [],
    loadedPaths: [],
    warnings: [],
    traversalRoots: [],
    ...overrides,
  };
}

describe("buildCaseVerdicts", () => {
  it("gives each candidate exactly one verdict, sorted by file", () => {
    const verdicts = buildCaseVerdicts(
      observation({
        candidates: [
          ".agents/skills/listed/SKILL.md",
          ".agents/skills/hidden/SKILL.md",
          ".agents/skills/broken/SKILL.md",
          ".agents/skills/missed/skill.md",
        ],
        listed: [{ name: "listed", description: "Shown.", file: skillPath("listed") }],
        failures: [{ path: skillPath("broken"), reason: `missing field \`description\`` }],
        loadedPaths: [skillPath("listed"), skillPath("hidden")],
      }),
    );
    expect(verdicts.skills).toEqual([
      {
        file: ".agents/skills/broken/SKILL.md",
        verdict: "refused",
        reason: "missing field `description`",
      },
      { file: ".agents/skills/hidden/SKILL.md", verdict: "loaded", listed: false },
      {
        file: ".agents/skills/listed/SKILL.md",
        verdict: "loaded",
        listed: true,
        listedName: "listed",
        listedDescription: "Shown.",
      },
      { file: ".agents/skills/missed/skill.md", verdict: "undiscovered" },
    ]);
  });

  it("names the symlink path a skill was listed under and ignores skills outside the case", () => {
    const verdicts = buildCaseVerdicts(
      observation({
        candidates: ["shared/real/SKILL.md"],
        listed: [
          {
            name: "real",
            description: "d",
            file: `${PROJECT}/shared/real/SKILL.md`,
            listedPath: skillPath("link"),
          },
          {
            name: "imagegen",
            description: "system",
            file: "/home/codex/skills/.system/imagegen/SKILL.md",
          },
        ],
      }),
    );
    expect(verdicts.skills).toEqual([
      {
        file: "shared/real/SKILL.md",
        verdict: "loaded",
        listed: true,
        listedAs: ".agents/skills/link/SKILL.md",
        listedName: "real",
        listedDescription: "d",
      },
    ]);
  });

  it("drops the stub model's warning, keeps others, and makes paths relative", () => {
    const verdicts = buildCaseVerdicts(
      observation({
        warnings: [
          "Model metadata for `gpt-5.4` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.",
          `Exceeded skills context budget under ${PROJECT}.`,
        ],
        traversalRoots: [`${PROJECT}/.codex/skills`, `${PROJECT}/.codex/skills`],
      }),
    );
    expect(verdicts.warnings).toEqual(["Exceeded skills context budget under <project>."]);
    expect(verdicts.traversalLimit).toEqual([".codex/skills"]);
    expect(buildCaseVerdicts(observation({})).traversalLimit).toBeUndefined();
  });
});

describe("channelDisagreements", () => {
  it("reports a refused skill that skills/list loaded and a listed one it lacks", () => {
    expect(
      channelDisagreements(
        observation({
          failures: [{ path: skillPath("a"), reason: "r" }],
          listed: [{ name: "b", description: "", file: skillPath("b") }],
          loadedPaths: [skillPath("a")],
        }),
      ),
    ).toEqual([
      `refused on stderr but loaded: ${skillPath("a")}`,
      `listed but not in skills/list: ${skillPath("b")}`,
    ]);
  });
});

describe("stableStringify", () => {
  it("sorts keys at every depth and ends with a newline", () => {
    expect(stableStringify({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(
      '{\n  "a": [\n    {\n      "c": 2,\n      "d": 1\n    }\n  ],\n  "b": 1\n}\n',
    );
  });
});
