/** What the Agent Skills specification (agentskills.io/specification) says about frontmatter. */
import type { FrontmatterField, SkillFile } from "@ops-skill/core";

export const SPEC_FIELDS = [
  "name",
  "description",
  "license",
  "compatibility",
  "metadata",
  "allowed-tools",
] as const;

export const SPEC_NAME_MAX_LENGTH = 64;
export const SPEC_DESCRIPTION_MAX_LENGTH = 1024;
export const SPEC_COMPATIBILITY_MAX_LENGTH = 500;

/** How a YAML value reads in a message: "a list", "a number"... */
export function kindPhrase(kind: FrontmatterField["kind"], value?: unknown): string {
  switch (kind) {
    case "sequence":
      return "a list";
    case "mapping":
      return "a map";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "null":
      return "empty";
    case "string":
      return "text";
    case "alias":
      return Array.isArray(value)
        ? "a list"
        : value !== null && typeof value === "object"
          ? "a map"
          : "an alias";
  }
}

/** The `name` value as the specification reads it, or undefined when it is absent or not text. */
export function specName(skill: SkillFile): { field: FrontmatterField; name: string } | undefined {
  const field = skill.field("name");
  if (!field || field.text === undefined) return undefined;
  if (field.kind === "sequence" || field.kind === "mapping" || field.kind === "null")
    return undefined;
  const name = field.text.trim();
  if (name === "") return undefined; // codex/name-fallback
  return { field, name };
}
