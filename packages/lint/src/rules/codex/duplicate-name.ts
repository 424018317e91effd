import { relative } from "node:path";
import { defineSkillRule } from "../../rule.js";
import { atField } from "./_position.js";

export default defineSkillRule(
  {
    id: "codex/duplicate-name",
    description:
      "Codex lists every skill with the same name, without a warning; `$name` then cannot tell them apart.",
    defaultSeverity: "warning",
  },
  ({ skill, project, report }) => {
    const { codex } = skill;
    if (codex.status !== "loaded") return;
    const others = project.filter(
      (entry) =>
        entry.skill.path !== skill.path &&
        entry.skill.codex.status === "loaded" &&
        entry.skill.codex.listing.name === codex.listing.name,
    );
    if (others.length === 0) return;
    report({
      message: `Another skill is also named "${codex.listing.name}": ${others.map((o) => relative(skill.dir, o.skill.path)).join(", ")}. Codex lists both and the model may pick either.`,
      ...atField(skill, skill.field("name"), "value"),
    });
  },
);
