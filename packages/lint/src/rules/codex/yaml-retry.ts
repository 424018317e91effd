import type { FrontmatterSplit, SkillFile } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { atOffset } from "../../rule-support/skill-position.js";

/** The file offset of an offset into the YAML text (lines joined with `\n`, CRs dropped). */
function fileOffsetOf(skill: SkillFile, split: FrontmatterSplit, yamlOffset: number): number {
  const before = split.yaml.slice(0, yamlOffset).split("\n");
  const line = skill.lines.positionAt(split.yamlStart).line + before.length - 1;
  return skill.lines.offsetAt({ line, column: (before.at(-1)?.length ?? 0) + 1 });
}

export default defineSkillRule(
  {
    id: "codex/yaml-retry",
    description:
      "The frontmatter is invalid YAML that Codex loads only through its retry with values quoted; other tools reject it.",
    defaultSeverity: "warning",
    fixable: true,
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status !== "loaded" || !codex.retryParse || !codex.firstParse || codex.firstParse.ok)
      return;
    const split = codex.split;
    if ("kind" in split) return;
    const problem = codex.firstParse.problems[0];
    const retried = codex.parsedYaml ?? split.yaml;
    // The retry rewrites whole lines, so the fix replaces the frontmatter text line for line.
    const eol = skill.text.includes("\r\n") ? "\r\n" : "\n";
    report({
      message: `Invalid YAML (${problem?.message ?? "parse error"}); Codex loads it only by retrying with single-line values quoted, and other tools that read SKILL.md reject it.`,
      ...atOffset(skill, fileOffsetOf(skill, split, problem?.offset ?? 0)),
      fix: {
        description: "Quote the values the way Codex's retry does",
        edits: [
          {
            range: [split.yamlStart, split.yamlEnd],
            text: `${retried.split("\n").join(eol)}${eol}`,
          },
        ],
      },
    });
  },
);
