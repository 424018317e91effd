import { basename } from "node:path";
import { defineCandidateRule } from "../../rule.js";

export default defineCandidateRule(
  {
    id: "codex/skill-file-name",
    description:
      "The skill file must be named exactly `SKILL.md`; Codex never discovers `skill.md` or `SKILL.MD`.",
    defaultSeverity: "error",
  },
  ({ candidate, report }) => {
    if (candidate.miss !== "file-name-case") return;
    report({
      message: `Codex never discovers "${basename(candidate.path)}": the file name is case-sensitive and must be "SKILL.md".`,
      hint: `Rename it: git mv "${basename(candidate.path)}" SKILL.md`,
    });
  },
);
