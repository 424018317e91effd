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
  const open = "blocks `";
  const by = "` (forbidden by ";
  let out = "";
  let at = 0;
  for (;;) {
    const start = text.indexOf(open, at);
    if (start === -1) break;
    const wordsStart = start + open.length;
    const wordsEnd = text.indexOf("`", wordsStart);
    if (wordsEnd === -1) break;
    if (!text.startsWith(by, wordsEnd)) {
      out += text.slice(at, wordsEnd);
      at = wordsEnd;
      continue;
    }
    const listStart = wordsEnd + by.length;
    const close = text.indexOf(")", listStart);
    if (close === -1) break;
    const words = text.slice(wordsStart, wordsEnd);
    const skills = Object.keys(forbidden).filter((skill) => forbidden[skill]?.includes(words));
    out +=
      text.slice(at, listStart) +
      (skills.length > 0 ? skills.join(", ") : text.slice(listStart, close));
    at = close;
  }
  return out + text.slice(at);
}
