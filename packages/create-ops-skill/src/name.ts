/**
 * A skill's name as Codex and the Agent Skills specification want it: lowercase letters, digits
 * and single hyphens, neither first nor last, at most 64 characters; so no path separator, no
 * `..`, no space. A scaffold's name also starts with a letter: it names the report schema
 * (`schemas/<name>.schema.json`), whose generated TypeScript types are named after it. Pure.
 */
export const MAX_NAME_LENGTH = 64;
const VALID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why `name` is not a valid skill name, or undefined when it is. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return "the name is empty";
  if (name.length > MAX_NAME_LENGTH)
    return `the name has ${name.length} characters (at most ${MAX_NAME_LENGTH})`;
  if (/[/\\]/.test(name)) return "the name holds a path separator";
  if (name.includes("..")) return 'the name holds ".."';
  if (/\s/.test(name)) return "the name holds a space";
  if (/[A-Z]/.test(name)) return "the name holds upper-case letters";
  if (VALID.test(name)) {
    return /^[0-9]/.test(name)
      ? "the name starts with a digit, and its report schema's TypeScript types need a name that starts with a letter"
      : undefined;
  }
  if (/^-|-$/.test(name)) return "the name starts or ends with a hyphen";
  if (name.includes("--")) return "the name holds two hyphens in a row";
  return "the name holds a character other than a-z, 0-9 and -";
}

/** The nearest valid name (lower case, other characters as single hyphens, cut to 64), if any. */
export function suggestName(name: string): string | undefined {
  // Other characters become single hyphens; then one hyphen at most at each end to drop.
  let base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
  if (base.startsWith("-")) base = base.slice(1);
  base = base.slice(0, MAX_NAME_LENGTH);
  if (base.endsWith("-")) base = base.slice(0, -1);
  return base.length > 0 && nameProblem(base) === undefined ? base : undefined;
}
