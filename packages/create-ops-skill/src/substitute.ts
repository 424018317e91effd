/**
 * The new name in a template's files: the skill's name, its paths (`skills/<t>` becomes the
 * skill's folder from the repository root, `../../schemas/<x>` the schema from the skill's
 * folder) and the schema's file name, in one pass, so a name that holds the template's name is
 * never replaced twice. Applied to every text file of the template alike (SKILL.md, scripts,
 * cassettes, recorded calls, goldens), so what a command prints and what the cassette recorded
 * stay the same. Pure.
 */
export interface Renames {
  /** The skill's name in the template. */
  from: string;
  to: string;
  /** The skill's folder from the repository root, with `/` (`.agents/skills/foo`). */
  skillPath: string;
  /** From the skill's folder to the repository root (`../../../`). */
  upToRoot: string;
  schemaFrom: string;
  schemaTo: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function renameText(text: string, r: Renames): string {
  const from = escapeRegExp(r.from);
  const schema = escapeRegExp(r.schemaFrom);
  const pattern = new RegExp(
    [
      `\\.\\./\\.\\./schemas/${schema}`,
      `schemas/${schema}`,
      `skills/${from}(?![A-Za-z0-9_-])`,
      schema,
      `(?<![A-Za-z0-9_])${from}(?![A-Za-z0-9_])`,
    ].join("|"),
    "g",
  );
  return text.replace(pattern, (match) => {
    if (match.startsWith("../../schemas/")) return `${r.upToRoot}schemas/${r.schemaTo}`;
    if (match.startsWith("schemas/")) return `schemas/${r.schemaTo}`;
    if (match.startsWith("skills/")) return r.skillPath;
    if (match === r.schemaFrom) return r.schemaTo;
    return r.to;
  });
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The text of `bytes` when they are UTF-8 text (no NUL), else undefined (left as they are). */
export function textOf(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The guard's deny reasons recorded in a cassette (`blocks \`kubectl rollout\` (forbidden by
 * a, b)`) with the skills that forbid the command in the repository's `forbidden.json`, as the
 * guard will word them there.
 */
export function rewordBlocked(text: string, forbidden: Record<string, readonly string[]>): string {
  return text.replace(/blocks `([^`]+)` \(forbidden by [^)]*\)/g, (whole, words: string) => {
    const skills = Object.keys(forbidden).filter((skill) => forbidden[skill]?.includes(words));
    return skills.length === 0 ? whole : `blocks \`${words}\` (forbidden by ${skills.join(", ")})`;
  });
}
