import { basename } from "node:path";
import { defineSkillRule } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";

export default defineSkillRule(
  {
    id: "codex/name-fallback",
    description:
      "Without a `name`, Codex names the skill after its directory; say it explicitly so a rename cannot change it.",
    defaultSeverity: "warning",
    fixable: true,
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status !== "loaded" || !codex.listing.nameFromDirectory) return;
    const split = codex.split;
    if ("kind" in split) return;
    const field = skill.field("name");
    const eol = skill.text.includes("\r\n") ? "\r\n" : "\n";
    const directory = basename(skill.dir);
    const quoted = /^[a-z0-9][a-z0-9-]*$/.test(directory) ? directory : JSON.stringify(directory);
    report({
      message: `No \`name\`${field ? " (it is empty)" : ""}: Codex uses the directory name "${directory}".`,
      ...atField(skill, field),
      ...(field
        ? {}
        : {
            fix: {
              description: `Add name: ${directory}`,
              edits: [{ range: [split.yamlStart, split.yamlStart], text: `name: ${quoted}${eol}` }],
            },
          }),
    });
  },
);
