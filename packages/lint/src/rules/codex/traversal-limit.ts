import { CODEX_MAX_ROOT_DIRECTORIES } from "@ops-skill/core";
import { defineCandidateRule } from "../../rule.js";

export default defineCandidateRule(
  {
    id: "codex/traversal-limit",
    description: `Codex reads at most ${CODEX_MAX_ROOT_DIRECTORIES} directories of a skills root (breadth-first, the root included); skills in directories past that are silently missed.`,
    defaultSeverity: "error",
  },
  ({ candidate, report }) => {
    if (candidate.miss !== "traversal-limit" || !candidate.root) return;
    report({
      message: `Codex never discovers this skill: its walk of ${candidate.root.path} stops after ${CODEX_MAX_ROOT_DIRECTORIES} directories, before this one (stderr only says "skills scan reached its traversal limit").`,
      hint: "Keep vendored code, data and node_modules out of the skills root.",
    });
  },
);
