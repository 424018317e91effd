import { CODEX_MAX_SKILL_DEPTH } from "@ops-skill/core";
import { defineCandidateRule } from "../../rule.js";

export default defineCandidateRule(
  {
    id: "codex/skill-too-deep",
    description: `Codex finds a SKILL.md at most ${CODEX_MAX_SKILL_DEPTH} directories below its skills root; deeper ones are silently missed.`,
    defaultSeverity: "error",
  },
  ({ candidate, report }) => {
    if (candidate.miss !== "too-deep") return;
    report({
      message: `Codex never discovers this skill: it is ${candidate.depth} directories below the skills root ${candidate.root?.path ?? ""}, and Codex looks at most ${CODEX_MAX_SKILL_DEPTH} deep.`,
      hint: "Move the skill closer to the skills root.",
    });
  },
);
