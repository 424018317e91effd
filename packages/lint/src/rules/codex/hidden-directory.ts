import { defineCandidateRule } from "../../rule.js";

export default defineCandidateRule(
  {
    id: "codex/hidden-directory",
    description:
      "Codex skips directories whose name starts with `.` below a skills root, so a skill inside one is never discovered.",
    defaultSeverity: "error",
  },
  ({ candidate, report }) => {
    if (candidate.miss !== "hidden-directory") return;
    report({
      message: `Codex never discovers this skill: it lies inside the hidden directory "${candidate.hiddenDirectory}", and Codex skips entries starting with "." when it scans ${candidate.root?.path ?? "the skills root"}.`,
      hint: "Move the skill out of the hidden directory.",
    });
  },
);
