import { CODEX_MAX_ROOT_DIRECTORIES } from "@ops-skill/core";
import { defineCandidateRule } from "../../rule.js";

export default defineCandidateRule(
  {
    id: "codex/skills-root-too-large",
    description: `A skills root with more than ${CODEX_MAX_ROOT_DIRECTORIES} directories is dropped whole by Codex: none of its skills load.`,
    defaultSeverity: "error",
  },
  ({ candidate, report }) => {
    if (candidate.miss !== "root-too-large" || !candidate.root) return;
    report({
      message: `Codex never discovers this skill: its skills root ${candidate.root.path} has ${candidate.root.directoryCount} directories, over Codex's traversal limit of ${CODEX_MAX_ROOT_DIRECTORIES}, so the whole root is dropped (stderr only says "skills scan reached its traversal limit").`,
      hint: "Keep large data and dependencies out of the skills root.",
    });
  },
);
