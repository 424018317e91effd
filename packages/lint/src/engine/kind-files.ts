/**
 * The engine's one loop over the files of a kind: the files given and those the kind finds,
 * each read once with core's one reader, parsed once, every rule of the kind run on it (each
 * file, and each rule on it, in its own guard), then `--fix` (`fix.ts`) when a rule offered a
 * fix.
 */
import { type Diagnostic, LineIndex, problemClause, readRegularText } from "@ops-skill/core";
import type { FileKind, KindFile } from "../rule.js";
import fileNotRead from "../rules/quality/file-not-read.js";
import { type Crash, crashOf } from "./crash.js";
import { fixText, writeFixed } from "./fix.js";
import { shownPath } from "./paths.js";
import { collector, type EnabledRule, UsageError } from "./rules.js";
import type { LintRun } from "./run.js";

interface Entry {
  path: string;
  why: string;
  given: boolean;
}

/** What linting one text of a file gave: its findings and the internal errors on the way. */
interface Linted {
  diagnostics: Diagnostic[];
  crashes: Crash[];
}

/** Lints every file of `kind` the run has: given ones first, then what the kind finds. */
export async function lintKindFiles(kind: FileKind, run: LintRun): Promise<void> {
  const rules = run.rules.filter((r) => r.rule.target === "file" && r.rule.fileKind === kind.id);
  for (const entry of await filesOf(kind, run)) {
    if (run.skips(entry.path)) continue;
    const file = readKindFile(kind, entry, run);
    if (file === undefined) continue;
    run.note(entry.path, `${kind.label?.(entry.path) ?? kind.id} (${entry.why})`);
    let linted = await lintText(kind, file, rules, run);
    let text = file.text;
    const fixed =
      run.options.fix && !file.unread ? await fixFile(kind, file, rules, run, linted) : undefined;
    if (fixed) ({ text, linted } = fixed);
    const result = run.resultFor(file.path, text);
    for (const d of linted.diagnostics) result.diagnostics.push(d);
    for (const crash of linted.crashes) run.addCrash(file.path, crash);
    if (fixed) {
      result.fixed = true;
      result.fixes = fixed.fixes;
    }
  }
}

/** The files of the kind for this run, by path, given ones marked (a problem with one is a usage error). */
async function filesOf(kind: FileKind, run: LintRun): Promise<Entry[]> {
  const files = new Map<string, Entry>();
  for (const f of run.given)
    if (f.kind === undefined ? kind.matches(f.path) : f.kind === kind.id)
      files.set(f.path, { path: f.path, why: f.why, given: true });
  const found = await kind.discover?.({ dirs: run.dirs, scans: run.scansFor(kind), cwd: run.cwd });
  for (const item of found ?? []) {
    const { path, why } = typeof item === "string" ? { path: item, why: "found" } : item;
    if (!files.has(path)) files.set(path, { path, why, given: false });
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The file read, or undefined when it is not linted: a file given that is not there is a usage
 * error; one that cannot be read is parsed all the same by a kind that `parsesUnreadable`, else
 * a usage error when given and a `quality/file-not-read` finding when found.
 */
function readKindFile(kind: FileKind, entry: Entry, run: LintRun): KindFile | undefined {
  const { path, why, given } = entry;
  const read = readRegularText(path);
  if (read.ok) return { path, text: read.text };
  if (given && (read.kind === "missing" || !kind.parsesUnreadable))
    throw new UsageError(
      read.kind === "missing"
        ? `no such file or directory: ${shownPath(run.cwd, path)}`
        : `${shownPath(run.cwd, path)}: ${read.problem}`,
    );
  if (kind.parsesUnreadable) return { path, text: "", unread: read };
  run.note(path, `${kind.id} (${why}), not read: ${read.problem}`);
  const notRead = run.rules.find((r) => r.rule.meta.id === fileNotRead.meta.id);
  // Found, not given: a finding on the file, never a silent pass (unless it went away).
  if (notRead && read.kind !== "missing")
    collector(
      notRead.rule.meta,
      notRead.severity,
      path,
      undefined,
      run.resultFor(path).diagnostics,
    )({
      message: `Not checked: this file ${problemClause(read)}, so no rule looked at it (found as ${kind.id}, ${why}).`,
      hint: "Put a regular file here, or remove what stands in its place.",
    });
  return undefined;
}

/** A text of the file parsed once and every rule of its kind run on it. */
async function lintText(
  kind: FileKind,
  file: KindFile,
  rules: readonly EnabledRule[],
  run: LintRun,
): Promise<Linted> {
  const linted: Linted = { diagnostics: [], crashes: [] };
  let parsed: unknown;
  try {
    parsed = await kind.parse(file);
  } catch (error) {
    linted.crashes.push(crashOf(file.path, error, "the parser"));
    return linted;
  }
  const lines = new LineIndex(file.text);
  const { cache } = run;
  for (const { rule, severity, options } of rules) {
    if (rule.target !== "file") continue;
    const report = collector(rule.meta, severity, file.path, lines, linted.diagnostics);
    try {
      rule.check({ file, parsed, options, report, cache });
    } catch (error) {
      linted.crashes.push(crashOf(file.path, error, `rule ${rule.meta.id}`));
    }
  }
  return linted;
}

/**
 * `--fix` on one file of a kind: its fixes applied, the file linted again, written once. The
 * new text and its findings, or undefined when nothing changed or the file could not be
 * written (it is then as it was, and so are its findings).
 */
async function fixFile(
  kind: FileKind,
  file: KindFile,
  rules: readonly EnabledRule[],
  run: LintRun,
  found: Linted,
): Promise<{ text: string; linted: Linted; fixes: number } | undefined> {
  const fixed = await fixText(file.text, found, (text) =>
    lintText(kind, { path: file.path, text }, rules, run),
  );
  if (fixed === undefined) return undefined;
  const written = await writeFixed(file.path, fixed.text, run.dirs);
  if (written.ok) return fixed;
  run.notWritten(written);
  return undefined;
}
