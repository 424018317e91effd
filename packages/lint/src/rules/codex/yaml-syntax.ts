import { defineSkillRule } from "../../rule.js";
import { refusedMessage } from "../../rule-support/skill-position.js";

export default defineSkillRule(
  {
    id: "codex/yaml-syntax",
    description:
      "Codex refuses frontmatter that is not valid YAML even after its retry with single-line values quoted.",
    defaultSeverity: "error",
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (
      codex.status !== "refused" ||
      (codex.refusal.step !== "yaml" && codex.refusal.step !== "root-type")
    )
      return;
    const split = codex.split;
    const yamlStart = split && !("kind" in split) ? split.yamlStart : 0;
    const yamlLine = skill.lines.positionAt(yamlStart).line;
    const offset = codex.refusal.step === "yaml" ? codex.refusal.offset : 0;
    const position =
      split && !("kind" in split) ? positionInYaml(split.yaml, offset) : { line: 1, column: 1 };
    report({
      message: refusedMessage(codex.refusal.reason),
      line: yamlLine + position.line - 1,
      column: position.column,
      hint: "Quote the value with double quotes, or use a block scalar (`description: >-` and the text indented below).",
    });
  },
);

function positionInYaml(yaml: string, offset: number): { line: number; column: number } {
  const before = yaml.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
