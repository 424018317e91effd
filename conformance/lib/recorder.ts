import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CODEX_VERSION, ensureCodex, runsCacheDir } from "@ops-skill/codex";
import { inPool } from "@ops-skill/core";
import {
  type CaseManifest,
  type CorpusCase,
  casesDirOf,
  compareStrings,
  conformanceDir,
  listCases,
  repositoryRoot,
} from "./corpus.js";

/**
 * The one recorder every conformance domain plugs into: it lists the domain's cases
 * (`conformance/<domain>/cases/<id>/case.json`), runs each against the real Codex through the
 * domain's `record`, and writes `conformance/<domain>/verdicts.json` (and any other output the
 * domain declares) deterministically: cases sorted by id, a fixed header, the repository's
 * formatter over the text, so re-recording without a change gives the same bytes.
 */

/** What a domain's `record` gets besides its case. */
export interface RecordContext {
  /** The Codex binary of the pinned version. */
  bin: string;
  codexVersion: string;
  repoRoot: string;
  /**
   * A fresh, empty folder for this case's run, under `runsCacheDir()` (`$OPS_SKILL_RUNS_DIR`, or
   * `.cache/runs`): `conformance/<domain>/cases/<case-id>`. Raw evidence stays there.
   */
  runDir: string;
  /** What the domain's `prepare` returned (one shared project, say). */
  shared: unknown;
}

/** One file a domain writes: `verdicts.json`, or another (hooks' `hook-runs.json`). */
export interface DomainOutput<Recorded> {
  file: string;
  /** Fields written after `codexVersion` and `recorder`, before `cases`. */
  header?: Record<string, unknown>;
  /** This file's entry for one case. */
  select: (recorded: Recorded) => unknown;
}

export interface Domain<Manifest extends CaseManifest = CaseManifest, Recorded = unknown> {
  /** The folder under `conformance/`. */
  name: string;
  /** Checks the domain's own `case.json` fields; throws with the case id on a problem. */
  validate?: (corpusCase: CorpusCase<Manifest>) => void;
  /** Runs once before the cases, with every case of the domain (also on a partial run). */
  prepare?: (cases: CorpusCase<Manifest>[], context: PrepareContext) => Promise<unknown>;
  record: (corpusCase: CorpusCase<Manifest>, context: RecordContext) => Promise<Recorded>;
  /** Cases recorded at once (default 1). */
  concurrency?: number;
  /** Default: `verdicts.json` holding what `record` returned. */
  outputs?: DomainOutput<Recorded>[];
  /** One line of progress per case. */
  describe?: (recorded: Recorded) => string;
  /**
   * Files a case's recording writes into its own folder beside `case.json` (mock's `stdout`,
   * `stderr`, ...), by name, written byte for byte. `caseFileNames` lists every name the domain
   * may write there: one the recording does not produce is removed.
   */
  caseFiles?: (recorded: Recorded) => Record<string, string>;
  caseFileNames?: readonly string[];
}

export interface PrepareContext {
  bin: string;
  codexVersion: string;
  repoRoot: string;
  /** `conformance/<domain>/shared` under the runs folder (fresh), for what the domain shares. */
  runDir: string;
}

export interface RecordOptions {
  /** Record only these case ids, keeping the others' verdicts (all when empty). */
  only?: string[];
  /** Record in memory and compare with the files instead of writing them. */
  check?: boolean;
  bin: string;
  codexVersion?: string;
  log?: (line: string) => void;
}

/** Per output file, what a recording changed. */
export interface OutputChange {
  file: string;
  /** Cases whose entry differs from the file's, with the top-level fields that differ. */
  changed: { id: string; fields: string[] }[];
  added: string[];
  removed: string[];
  /** The file's text differs (also for header-only changes, such as another Codex version). */
  differs: boolean;
}

export interface DomainReport {
  domain: string;
  cases: number;
  outputs: OutputChange[];
  /** Per case, the case-folder files (`caseFiles`) a recording changed, added or removed. */
  caseFiles?: { id: string; files: string[] }[];
}

interface OutputFile {
  codexVersion: string;
  recorder: string;
  cases: Record<string, unknown>;
  [field: string]: unknown;
}

/** The command that re-records a domain, written in each of its files. */
export function recorderCommand(domain: string): string {
  return `node conformance/record.mjs ${domain}`;
}

/** The repository's formatter has the last word on layout, so `biome check` stays clean. */
export function formatLikeTheRepository(path: string, text: string): string {
  const repoRoot = repositoryRoot();
  const biome = join(repoRoot, "node_modules", ".bin", "biome");
  if (!existsSync(biome)) return text;
  return execFileSync(biome, ["format", `--stdin-file-path=${path}`], {
    cwd: repoRoot,
    input: text,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * A file's text: `codexVersion`, `recorder`, the header fields, then `cases` sorted by id
 * (code-unit order); each case's entry as the domain built it (its key order is the domain's).
 */
export function renderOutput(
  path: string,
  codexVersion: string,
  recorder: string,
  header: Record<string, unknown>,
  cases: Record<string, unknown>,
): string {
  const sorted: Record<string, unknown> = {};
  for (const id of Object.keys(cases).sort(compareStrings)) sorted[id] = cases[id];
  const value = { codexVersion, recorder, ...header, cases: sorted };
  return formatLikeTheRepository(path, `${JSON.stringify(value, null, 2)}\n`);
}

function readOutput(path: string): OutputFile | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as OutputFile;
  } catch {
    return undefined;
  }
}

/** Top-level fields whose values differ between two entries (`*` when one is not an object). */
export function changedFields(before: unknown, after: unknown): string[] {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === "object" && !Array.isArray(value);
  if (!isObject(before) || !isObject(after))
    return JSON.stringify(before) === JSON.stringify(after) ? [] : ["*"];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareStrings);
  return keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

function compareOutput(
  file: string,
  previous: OutputFile | undefined,
  cases: Record<string, unknown>,
  text: string,
  currentText: string,
): OutputChange {
  const before = previous?.cases ?? {};
  const changed: OutputChange["changed"] = [];
  const added: string[] = [];
  for (const id of Object.keys(cases).sort(compareStrings)) {
    if (!(id in before)) added.push(id);
    else {
      const fields = changedFields(before[id], cases[id]);
      if (fields.length > 0) changed.push({ id, fields });
    }
  }
  const removed = Object.keys(before)
    .filter((id) => !(id in cases))
    .sort(compareStrings);
  return { file, changed, added, removed, differs: text !== currentText };
}

function freshDir(path: string): string {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  return path;
}

/**
 * Writes (or, with `check`, compares) a case's own files; removes the `known` names it did not
 * produce. Returns the names whose bytes differ (or that appear or go).
 */
function writeCaseFiles(
  caseDir: string,
  files: Record<string, string>,
  known: readonly string[],
  check: boolean,
): string[] {
  const changed: string[] = [];
  for (const name of [...new Set([...known, ...Object.keys(files)])].sort(compareStrings)) {
    const path = join(caseDir, name);
    const content = files[name];
    const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    if (current === content) continue;
    changed.push(name);
    if (check) continue;
    if (content === undefined) rmSync(path, { force: true });
    else writeFileSync(path, content);
  }
  return changed;
}

/** Records a domain's cases and writes (or, with `check`, compares) its files. */
export async function recordDomain<Manifest extends CaseManifest, Recorded>(
  domain: Domain<Manifest, Recorded>,
  options: RecordOptions,
): Promise<DomainReport> {
  const codexVersion = options.codexVersion ?? CODEX_VERSION;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const repoRoot = repositoryRoot();
  const all = listCases<Manifest>(casesDirOf(domain.name));
  for (const corpusCase of all) domain.validate?.(corpusCase);
  const only = options.only ?? [];
  const unknown = only.filter((id) => !all.some((c) => c.id === id));
  if (unknown.length > 0) throw new Error(`${domain.name}: no such case: ${unknown.join(", ")}`);
  const cases = only.length > 0 ? all.filter((c) => only.includes(c.id)) : all;

  const runRoot = join(runsCacheDir(repoRoot), "conformance", domain.name);
  const shared =
    domain.prepare === undefined
      ? undefined
      : await domain.prepare(all, {
          bin: options.bin,
          codexVersion,
          repoRoot,
          runDir: freshDir(join(runRoot, "shared")),
        });
  const recorded = await inPool(cases, domain.concurrency ?? 1, async (corpusCase) => {
    const runDir = freshDir(join(runRoot, "cases", corpusCase.id));
    const result = await domain.record(corpusCase, {
      bin: options.bin,
      codexVersion,
      repoRoot,
      runDir,
      shared,
    });
    log(`${domain.name}/${corpusCase.id}: ${domain.describe?.(result) ?? "recorded"}`);
    return [corpusCase.id, result] as const;
  });

  const caseFileChanges =
    domain.caseFiles === undefined
      ? undefined
      : recorded.flatMap(([id, result]) => {
          const files = writeCaseFiles(
            join(casesDirOf(domain.name), id),
            domain.caseFiles?.(result) ?? {},
            domain.caseFileNames ?? [],
            options.check === true,
          );
          return files.length > 0 ? [{ id, files }] : [];
        });

  const outputs: DomainOutput<Recorded>[] = domain.outputs ?? [
    { file: "verdicts.json", select: (result) => result },
  ];
  const domainDir = join(conformanceDir(), domain.name);
  const report: DomainReport = {
    domain: domain.name,
    cases: all.length,
    outputs: [],
    ...(caseFileChanges === undefined ? {} : { caseFiles: caseFileChanges }),
  };
  for (const output of outputs) {
    const path = join(domainDir, output.file);
    const previous = readOutput(path);
    const entries: Record<string, unknown> = {};
    // A partial run keeps the other cases' entries when they are of the same Codex.
    if (only.length > 0 && previous?.codexVersion === codexVersion) {
      for (const corpusCase of all)
        if (corpusCase.id in previous.cases) entries[corpusCase.id] = previous.cases[corpusCase.id];
    }
    for (const [id, result] of recorded) entries[id] = output.select(result);
    const text = renderOutput(
      path,
      codexVersion,
      recorderCommand(domain.name),
      output.header ?? {},
      entries,
    );
    const currentText = existsSync(path) ? readFileSync(path, "utf8") : "";
    report.outputs.push(
      compareOutput(relative(repoRoot, path), previous, entries, text, currentText),
    );
    if (!options.check) writeFileSync(path, text);
  }
  return report;
}

/** `ensureCodex` for the pinned version (installed into `.cache/codex-<version>` if missing). */
export function pinnedCodex(codexVersion: string = CODEX_VERSION): Promise<string> {
  return ensureCodex({ repoRoot: repositoryRoot(), version: codexVersion });
}

/** A short account of a report: one line per output file, one per changed case. */
export function describeReport(report: DomainReport): string[] {
  const lines: string[] = [];
  for (const output of report.outputs) {
    const counts = [
      `${output.changed.length} changed`,
      ...(output.added.length > 0 ? [`${output.added.length} added`] : []),
      ...(output.removed.length > 0 ? [`${output.removed.length} removed`] : []),
    ];
    const state = output.differs ? "differs" : "unchanged";
    lines.push(`${output.file}: ${report.cases} cases, ${counts.join(", ")} (${state})`);
    for (const { id, fields } of output.changed)
      lines.push(`  changed ${id}: ${fields.join(", ")}`);
    for (const id of output.added) lines.push(`  added ${id}`);
    for (const id of output.removed) lines.push(`  removed ${id}`);
  }
  if (report.caseFiles !== undefined) {
    const state = report.caseFiles.length > 0 ? "differs" : "unchanged";
    lines.push(`case files: ${report.caseFiles.length} cases changed (${state})`);
    for (const { id, files } of report.caseFiles)
      lines.push(`  changed ${id}: ${files.join(", ")}`);
  }
  return lines;
}

const TIMESTAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g;

/**
 * `text` with run-specific paths replaced by placeholders (`[path, "<project>"]`, ...) and
 * timestamps by `<ts>`, so a verdict reads the same on every run and machine.
 */
export function replacePaths(text: string, replacements: readonly [string, string][]): string {
  let out = text;
  for (const [from, to] of replacements) out = out.split(from).join(to);
  return out.replace(TIMESTAMP, "<ts>");
}
