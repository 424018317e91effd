import { scalarLength, trimLeading, trimTrailing } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";
import { SPEC_NAME_MAX_LENGTH, specName } from "./_spec.js";

/** The closest name the specification allows: lowercase, other characters to single hyphens. */
export function specSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
  return trimTrailing(
    trimLeading(trimTrailing(slug, "-"), "-").slice(0, SPEC_NAME_MAX_LENGTH),
    "-",
  );
}

export default defineSkillRule(
  {
    id: "spec/name-format",
    description:
      "The Agent Skills specification allows only lowercase letters, digits and single hyphens in `name`, with no hyphen at the start or end.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    const found = specName(skill);
    if (!found) return;
    const { field, name } = found;
    if (scalarLength(name) > SPEC_NAME_MAX_LENGTH) return; // codex/name-too-long
    const problems: string[] = [];
    if (/[A-Z]/.test(name)) problems.push("uppercase letters");
    const invalid = [...new Set(name.replace(/[A-Za-z0-9-]/g, ""))];
    if (invalid.length > 0)
      problems.push(
        `${invalid.length === 1 ? "the character" : "the characters"} ${invalid.map((c) => JSON.stringify(c)).join(", ")}`,
      );
    if (name.startsWith("-") || name.endsWith("-")) problems.push("a hyphen at the start or end");
    if (name.includes("--")) problems.push("consecutive hyphens");
    if (problems.length === 0) return;
    const suggestion = specSlug(name);
    report({
      message: `The name "${name}" has ${joinAnd(problems)}; the Agent Skills specification allows only lowercase letters a-z, digits 0-9 and single hyphens between them. Codex loads the skill, but other clients may refuse it.`,
      ...atField(skill, field, "value"),
      hint: suggestion
        ? `Use "${suggestion}" and rename the skill directory to match.`
        : "Use lowercase letters, digits and hyphens.",
    });
  },
);

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
