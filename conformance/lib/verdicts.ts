import { isAbsolute, relative, sep } from "node:path";

/**
 * How recorded Codex observations of one case become its entry in
 * `conformance/skills/verdicts.json`. Pure: no Codex, no file system.
 */

export type SkillVerdict = "loaded" | "refused" | "undiscovered";

export interface SkillVerdictRecord {
  /** Path relative to the case root, posix. */
  file: string;
  verdict: SkillVerdict;
  /** Codex's refusal text (`failed to load skill <path>: <reason>`). */
  reason?: string;
  /** For loaded skills: whether the model-visible list holds it. */
  listed?: boolean;
  /** Where the list points when that is another path to the same file (a symlinked directory). */
  listedAs?: string;
  listedName?: string;
  listedDescription?: string;
}

export interface CaseVerdicts {
  skills: SkillVerdictRecord[];
  /** `--json` error items, minus the stub model's own metadata warning. */
  warnings: string[];
  /** Skills roots (relative to the case root) whose scan hit the directory limit. */
  traversalLimit?: string[];
}

export interface VerdictsFile {
  codexVersion: string;
  cases: Record<string, CaseVerdicts>;
}

export interface CaseObservation {
  /** Real (symlink-free) absolute path of the materialized project root. */
  projectDir: string;
  /** `candidateSkillFiles` of the project, relative posix paths. */
  candidates: string[];
  /**
   * Model-visible entries from the request: `file` is the real path of the listed file,
   * `listedPath` the absolute path as listed when it went through a symlink.
   */
  listed: Array<{ name: string; description: string; file: string; listedPath?: string }>;
  /** `failed to load skill` lines from stderr, absolute `path`. */
  failures: Array<{ path: string; reason: string }>;
  /** Absolute paths of every skill `skills/list` reports as loaded. */
  loadedPaths: string[];
  /** Messages of `--json` error items. */
  warnings: string[];
  /** Absolute roots from `skills scan reached its traversal limit` lines. */
  traversalRoots: string[];
}

/** The stub's model name is unknown to Codex; this warning says nothing about the case. */
const STUB_MODEL_WARNING = /^Model metadata for `[^`]*` not found\./;

export const PROJECT_PLACEHOLDER = "<project>";

function insideRelative(projectDir: string, absolutePath: string): string | undefined {
  if (!isAbsolute(absolutePath)) return undefined;
  const rel = relative(projectDir, absolutePath);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return undefined;
  return rel.split(sep).join("/");
}

function withoutProjectPath(text: string, projectDir: string): string {
  return text.split(projectDir).join(PROJECT_PLACEHOLDER);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildCaseVerdicts(observation: CaseObservation): CaseVerdicts {
  const { projectDir } = observation;
  const listedByFile = new Map<
    string,
    { name: string; description: string; listedPath?: string | undefined }
  >();
  for (const entry of observation.listed) {
    const rel = insideRelative(projectDir, entry.file);
    if (rel !== undefined && !listedByFile.has(rel)) listedByFile.set(rel, entry);
  }
  const reasonByFile = new Map<string, string>();
  for (const failure of observation.failures) {
    const rel = insideRelative(projectDir, failure.path);
    if (rel !== undefined && !reasonByFile.has(rel)) {
      reasonByFile.set(rel, withoutProjectPath(failure.reason, projectDir));
    }
  }
  const loaded = new Set<string>();
  for (const path of observation.loadedPaths) {
    const rel = insideRelative(projectDir, path);
    if (rel !== undefined) loaded.add(rel);
  }

  const files = new Set<string>(observation.candidates);
  for (const rel of [...listedByFile.keys(), ...reasonByFile.keys(), ...loaded]) files.add(rel);

  const skills: SkillVerdictRecord[] = [...files].sort(compareStrings).map((file) => {
    const listed = listedByFile.get(file);
    if (listed !== undefined) {
      const listedAs =
        listed.listedPath === undefined ? undefined : insideRelative(projectDir, listed.listedPath);
      return {
        file,
        verdict: "loaded",
        listed: true,
        ...(listedAs !== undefined && listedAs !== file ? { listedAs } : {}),
        listedName: listed.name,
        listedDescription: listed.description,
      };
    }
    const reason = reasonByFile.get(file);
    if (reason !== undefined) return { file, verdict: "refused", reason };
    if (loaded.has(file)) return { file, verdict: "loaded", listed: false };
    return { file, verdict: "undiscovered" };
  });

  const warnings = observation.warnings
    .filter((message) => !STUB_MODEL_WARNING.test(message))
    .map((message) => withoutProjectPath(message, projectDir));

  const verdicts: CaseVerdicts = { skills, warnings };
  const traversalLimit = observation.traversalRoots
    .map((root) => insideRelative(projectDir, root) ?? withoutProjectPath(root, projectDir))
    .sort(compareStrings);
  if (traversalLimit.length > 0) verdicts.traversalLimit = [...new Set(traversalLimit)];
  return verdicts;
}

/**
 * Paths the two channels disagree on: refused per exec stderr but loaded per `skills/list`,
 * or listed for the model but missing from `skills/list`. Empty when they agree.
 */
export function channelDisagreements(observation: CaseObservation): string[] {
  const loaded = new Set(observation.loadedPaths);
  const problems: string[] = [];
  for (const failure of observation.failures) {
    if (loaded.has(failure.path)) problems.push(`refused on stderr but loaded: ${failure.path}`);
  }
  for (const entry of observation.listed) {
    if (insideRelative(observation.projectDir, entry.file) === undefined) continue;
    if (!loaded.has(entry.file)) problems.push(`listed but not in skills/list: ${entry.file}`);
  }
  return problems;
}

/** A copy of `value` with object keys sorted at every level (code-unit order). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareStrings)) {
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return sorted;
  }
  return value;
}

/** JSON with object keys sorted at every level, two-space indented, newline-terminated. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
