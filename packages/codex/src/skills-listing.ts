/**
 * The model-visible skills list Codex 0.169.0 puts in a developer message of every request:
 *
 * ```
 * <skills_instructions>
 * ## Skills
 * ...
 * ### Skill roots
 * - `r0` = `/abs/codex-home/skills/.system`
 * - `r1` = `/abs/project/.agents/skills`
 * ### Available skills
 * - NAME: DESCRIPTION (file: r1/dir/SKILL.md)
 * </skills_instructions>
 * ```
 *
 * Over the listing budget the descriptions are removed and an entry reads `- NAME: (file: ...)`.
 */

export const SKILLS_INSTRUCTIONS_OPEN = "<skills_instructions>";
export const SKILLS_INSTRUCTIONS_CLOSE = "</skills_instructions>";

export interface ListedSkill {
  name: string;
  /** Empty when Codex removed descriptions to fit its budget. */
  description: string;
  /** Absolute path, with the `rN/` alias resolved through the skill roots table. */
  file: string;
  /** The path exactly as listed (`r1/dir/SKILL.md`). */
  listedFile: string;
}

export interface SkillRootAlias {
  alias: string;
  path: string;
}

export interface SkillsCatalog {
  roots: SkillRootAlias[];
  skills: ListedSkill[];
}

export interface ParseListedSkillsOptions {
  /**
   * Names known to exist (e.g. from `skills/list`). A listed line is ambiguous when a name holds
   * `": "`; a known name that fits the line wins over the first-`": "` split.
   */
  knownNames?: Iterable<string>;
}

interface ContentPart {
  type?: unknown;
  text?: unknown;
}

interface InputItem {
  type?: unknown;
  role?: unknown;
  content?: unknown;
}

/** The text of every developer message in a Responses request body, in order. */
export function developerMessageTexts(requestBody: unknown): string[] {
  const input = (requestBody as { input?: unknown } | null)?.input;
  if (!Array.isArray(input)) return [];
  const texts: string[] = [];
  for (const item of input as InputItem[]) {
    if (item?.role !== "developer" || !Array.isArray(item.content)) continue;
    for (const part of item.content as ContentPart[]) {
      if (typeof part?.text === "string") texts.push(part.text);
    }
  }
  return texts;
}

/** The text between `<skills_instructions>` and its closing tag, or undefined if absent. */
export function findSkillsInstructions(requestBody: unknown): string | undefined {
  for (const text of developerMessageTexts(requestBody)) {
    const start = text.indexOf(SKILLS_INSTRUCTIONS_OPEN);
    if (start === -1) continue;
    const end = text.indexOf(SKILLS_INSTRUCTIONS_CLOSE, start);
    return text.slice(start + SKILLS_INSTRUCTIONS_OPEN.length, end === -1 ? undefined : end);
  }
  return undefined;
}

const ROOT_LINE = /^- `([^`]+)` = `(.*)`$/;
const FILE_MARK = " (file: ";

/**
 * `- <head> (file: <listed file>)`, split at the last ` (file: ` that leaves a file name before
 * the closing `)`. A scan, not a regex: `(.*) \(file: (.+)\)$` backtracks quadratically.
 */
function splitEntryLine(line: string): { head: string; listedFile: string } | undefined {
  if (!line.startsWith("- ") || !line.endsWith(")") || /[\r\u2028\u2029]/.test(line))
    return undefined;
  for (let at = line.lastIndexOf(FILE_MARK); at >= 2; at = line.lastIndexOf(FILE_MARK, at - 1)) {
    const listedFile = line.slice(at + FILE_MARK.length, -1);
    if (listedFile !== "") return { head: line.slice(2, at), listedFile };
  }
  return undefined;
}

/** `text` without the `/` characters it ends with. */
function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === "/") end--;
  return text.slice(0, end);
}

function splitEntryHead(
  head: string,
  knownNames: readonly string[],
): { name: string; description: string } {
  let best: string | undefined;
  for (const name of knownNames) {
    const fits = head === `${name}:` || head.startsWith(`${name}: `);
    if (fits && (best === undefined || name.length > best.length)) best = name;
  }
  if (best !== undefined) {
    return { name: best, description: head.slice(best.length + 2) };
  }
  const separator = head.indexOf(": ");
  if (separator !== -1) {
    return { name: head.slice(0, separator), description: head.slice(separator + 2) };
  }
  if (head.endsWith(":")) return { name: head.slice(0, -1), description: "" };
  return { name: head, description: "" };
}

export function resolveListedFile(listedFile: string, roots: readonly SkillRootAlias[]): string {
  const slash = listedFile.indexOf("/");
  if (slash === -1) return listedFile;
  const alias = listedFile.slice(0, slash);
  const root = roots.find((candidate) => candidate.alias === alias);
  if (root === undefined) return listedFile;
  return `${trimTrailingSlashes(root.path)}/${listedFile.slice(slash + 1)}`;
}

/** Parses the inside of `<skills_instructions>`: the root alias table and the entries. */
export function parseSkillsInstructions(
  instructions: string,
  options: ParseListedSkillsOptions = {},
): SkillsCatalog {
  const knownNames = [...(options.knownNames ?? [])];
  const roots: SkillRootAlias[] = [];
  const entries: Array<{ head: string; listedFile: string }> = [];
  let section: "roots" | "skills" | "other" = "other";
  for (const line of instructions.split("\n")) {
    if (line.startsWith("#")) {
      const heading = line
        .replace(/^#+\s*/, "")
        .trim()
        .toLowerCase();
      section =
        heading === "skill roots" ? "roots" : heading === "available skills" ? "skills" : "other";
      continue;
    }
    if (section === "roots") {
      const match = ROOT_LINE.exec(line);
      if (match?.[1] !== undefined && match[2] !== undefined) {
        roots.push({ alias: match[1], path: match[2] });
      }
    } else if (section === "skills") {
      const entry = splitEntryLine(line);
      if (entry) entries.push(entry);
    }
  }
  const skills = entries.map(({ head, listedFile }) => ({
    ...splitEntryHead(head, knownNames),
    file: resolveListedFile(listedFile, roots),
    listedFile,
  }));
  return { roots, skills };
}

/** The skills a request lists for the model (`[]` when it has no skills message). */
export function parseListedSkills(
  requestBody: unknown,
  options: ParseListedSkillsOptions = {},
): ListedSkill[] {
  const instructions = findSkillsInstructions(requestBody);
  if (instructions === undefined) return [];
  return parseSkillsInstructions(instructions, options).skills;
}
