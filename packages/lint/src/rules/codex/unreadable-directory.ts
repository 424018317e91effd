import { defineCandidateRule } from "../../rule.js";

export default defineCandidateRule(
  {
    id: "codex/unreadable-directory",
    description:
      "Codex cannot list a folder of a skills root (no permission): it logs the error and never discovers the skills in it.",
    defaultSeverity: "error",
  },
  ({ candidate, report }) => {
    if (candidate.miss !== "unreadable-directory" || !candidate.listError) return;
    const { problem, codexWords } = candidate.listError;
    report({
      message: `Codex never discovers the skills in this folder: it cannot list it (${problem.problem}), and only stderr says \`failed to scan skill path file://${candidate.path}: ${codexWords}\`.`,
      hint: "Give the user that runs Codex read and search permission on the folder (chmod a+rx).",
    });
  },
);
