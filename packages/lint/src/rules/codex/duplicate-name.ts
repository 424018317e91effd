import { relative } from "node:path";
import { defineSkillRule, type LintedSkill } from "../../rule.js";
import { atField } from "./_position.js";

/** Skills by listed name, computed once per run (the project list is shared by every skill). */
const byNameCache = new WeakMap<readonly LintedSkill[], Map<string, LintedSkill[]>>();

function skillsByName(project: readonly LintedSkill[]): Map<string, LintedSkill[]> {
  let byName = byNameCache.get(project);
  if (!byName) {
    byName = new Map();
    for (const entry of project) {
      if (entry.skill.codex.status !== "loaded") continue;
      const name = entry.skill.codex.listing.name;
      byName.set(name, [...(byName.get(name) ?? []), entry]);
    }
    byNameCache.set(project, byName);
  }
  return byName;
}

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
    const others = (skillsByName(project).get(codex.listing.name) ?? []).filter(
      (entry) => entry.skill.path !== skill.path,
    );
    if (others.length === 0) return;
    report({
      message: `Another skill is also named "${codex.listing.name}": ${others.map((o) => relative(skill.dir, o.skill.path)).join(", ")}. Codex lists both and the model may pick either.`,
      ...atField(skill, skill.field("name"), "value"),
    });
  },
);
