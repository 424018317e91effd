import { defineCandidateRule } from "../../rule.js";

const WHAT = {
  symlink: "a symbolic link",
  directory: "a directory",
  other: "not a regular file",
  file: "a file",
} as const;

export default defineCandidateRule(
  {
    id: "codex/skill-file-not-regular",
    description:
      "Codex ignores a `SKILL.md` that is a symbolic link, a directory or a FIFO; only a regular file is a skill.",
    defaultSeverity: "error",
  },
  ({ candidate, report }) => {
    if (candidate.miss !== "not-a-regular-file") return;
    report({
      message: `Codex never discovers this skill: SKILL.md is ${WHAT[candidate.entryKind]}, and Codex loads only regular files (a symlinked skill directory works).`,
      hint: "Replace the link with the file itself, or link the whole skill directory instead.",
    });
  },
);
