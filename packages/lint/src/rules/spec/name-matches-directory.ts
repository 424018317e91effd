import { basename } from "node:path";
import { scalarLength } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";
import { SPEC_NAME_MAX_LENGTH, specName } from "./_spec.js";

export default defineSkillRule(
  {
    id: "spec/name-matches-directory",
    description:
      "The Agent Skills specification requires `name` to equal the name of the skill's directory.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    const found = specName(skill);
    if (!found) return;
    const { field, name } = found;
    if (scalarLength(name) > SPEC_NAME_MAX_LENGTH) return; // codex/name-too-long
    const directory = basename(skill.dir);
    if (name.normalize("NFKC") === directory.normalize("NFKC")) return;
    report({
      message: `The name "${name}" differs from the directory name "${directory}"; the Agent Skills specification requires them to be equal. Codex lists the skill as "${name}", but other clients may refuse it or name it "${directory}".`,
      ...atField(skill, field, "value"),
      hint: `Rename the directory to "${name}", or set \`name: ${directory}\` if callers use that name.`,
    });
  },
);
