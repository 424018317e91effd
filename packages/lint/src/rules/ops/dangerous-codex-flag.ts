import { CODEX_VERSION } from "@ops-skill/codex/version";
import { LineIndex } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { filesUnder, hasBody } from "../../rule-support/skill-files.js";
import { codeSnippets, isForbiddenHere } from "./_commands.js";

interface DangerousFlag {
  flag: string;
  pattern: RegExp;
  effect: string;
}

const BYPASS =
  "Codex then runs every command the model chooses without asking and without the sandbox";

export const DANGEROUS_FLAGS: DangerousFlag[] = [
  {
    flag: "--dangerously-bypass-approvals-and-sandbox",
    pattern: /--dangerously-bypass-approvals-and-sandbox\b/g,
    effect: BYPASS,
  },
  {
    flag: "--yolo",
    pattern: /(?<![\w-])--yolo\b/g,
    effect: `it is Codex's alias of --dangerously-bypass-approvals-and-sandbox. ${BYPASS}`,
  },
  {
    flag: "danger-full-access",
    pattern: /(?<![\w-])danger-full-access\b/g,
    effect: "it turns the sandbox off, so commands can write anywhere and reach the network",
  },
  {
    flag: "--full-auto",
    pattern: /(?<![\w-])--full-auto\b/g,
    effect: `it asks Codex to run commands without approval, and Codex ${CODEX_VERSION} no longer accepts it (\`codex exec\` stops with "unexpected argument '--full-auto' found")`,
  },
  {
    flag: "--dangerously-bypass-hook-trust",
    pattern: /--dangerously-bypass-hook-trust\b/g,
    effect: "Codex then runs every enabled hook, including hooks nobody has reviewed and trusted",
  },
];

/** Every flag above holds one of these; most texts hold none, and one search settles it. */
const ANY_FLAG = /danger|--yolo|--full-auto/;

export function findDangerousFlags(text: string): { flag: DangerousFlag; index: number }[] {
  const found: { flag: DangerousFlag; index: number }[] = [];
  if (!ANY_FLAG.test(text)) return found;
  for (const flag of DANGEROUS_FLAGS)
    for (const match of text.matchAll(flag.pattern)) found.push({ flag, index: match.index });
  return found.sort((a, b) => a.index - b.index);
}

const message = (flag: DangerousFlag, where: string) =>
  `\`${flag.flag}\` in ${where}: ${flag.effect}.`;

export default defineSkillRule(
  {
    id: "ops/dangerous-codex-flag",
    description:
      "The skill's code or scripts run Codex with approvals or the sandbox turned off (`--yolo`, `--dangerously-bypass-approvals-and-sandbox`, `danger-full-access`...).",
    defaultSeverity: "warning",
    securitySeverity: 8.0,
  },
  ({ skill, report }) => {
    if (!hasBody(skill)) return;
    const hint =
      "Keep the sandbox and approvals on (`codex exec --sandbox read-only` or `workspace-write`); grant narrow permissions in config instead.";
    for (const snippet of codeSnippets(skill, { allFences: true })) {
      // Comments in the code say things; they run nothing.
      const found = findDangerousFlags(snippet.text).filter((f) => !snippet.inComment(f.index));
      if (found.length === 0 || isForbiddenHere(skill, snippet)) continue;
      for (const { flag, index } of found) {
        const { line, column } = snippet.positionAt(index);
        report({
          message: message(flag, "the instructions"),
          line,
          column,
          endColumn: column + flag.flag.length,
          hint,
        });
      }
    }
    for (const entry of filesUnder(skill, "scripts")) {
      const text = skill.textOf(entry);
      if (text === undefined) continue;
      const found = findDangerousFlags(text);
      if (found.length === 0) continue;
      const lines = new LineIndex(text);
      for (const { flag, index } of found) {
        const { line, column } = lines.positionAt(index);
        if (/^\s*(#|\/\/)/.test(lines.lineText(line))) continue; // a comment runs nothing
        report({
          file: entry.path,
          message: message(flag, entry.rel),
          line,
          column,
          endColumn: column + flag.flag.length,
          hint,
        });
      }
    }
  },
);
