/** Words of a property name: `checked_at` → [checked, at], `checkedAt` → [checked, at]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

export type CaseStyle = "lower" | "upper" | "capitalized" | "camel";

/** The casing of an enum value's letters, or `undefined` when it has none. */
export function caseStyle(value: string): CaseStyle | undefined {
  const hasLower = /\p{Ll}/u.test(value);
  const hasUpper = /\p{Lu}/u.test(value);
  if (!hasLower && !hasUpper) return undefined;
  if (!hasUpper) return "lower";
  if (!hasLower) return "upper";
  const first = /\p{L}/u.exec(value)?.[0] ?? "";
  return /\p{Lu}/u.test(first) ? "capitalized" : "camel";
}
