import { relative } from "node:path";
import { defineSkillRule, type ProjectSkill } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";

/** Skills by listed name (computed once per run: the project list is the run's). */
function skillsByName(project: readonly ProjectSkill[]): ReadonlyMap<string, ProjectSkill[]> {
  const byName = new Map<string, ProjectSkill[]>();
  for (const entry of project) {
    const list = byName.get(entry.listing.name);
    if (list) list.push(entry);
    else byName.set(entry.listing.name, [entry]);
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
  ({ skill, project, report, cache }) => {
    const { codex } = skill;
    if (codex.status !== "loaded") return;
    const byName = cache("codex/duplicate-name:by-name", () => skillsByName(project));
    const others = (byName.get(codex.listing.name) ?? []).filter(
      (entry) => entry.path !== skill.path,
    );
    if (others.length === 0) return;
    report({
      message: `Another skill is also named "${codex.listing.name}": ${others.map((o) => relative(skill.dir, o.path)).join(", ")}. Codex lists both and the model may pick either.`,
      ...atField(skill, skill.field("name"), "value"),
    });
  },
);
