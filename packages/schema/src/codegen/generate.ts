import { readdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import {
  makeFolders,
  type StagedWrite,
  stageWrite,
  TEMP_FILE_SUFFIX,
  type WriteFailure,
  writeFailure,
} from "@ops-skill/core";
import { readRegularFile, readRegularText } from "@ops-skill/core/read-file";
import type { JsonDocument } from "../json-document.js";
import { parsePointer, toPointer } from "../pointer.js";
import type { SchemaOutput } from "./compile.js";
import {
  type CodegenProblem,
  type LocatedMessage,
  TypesGenerationError,
  TypesWriteError,
} from "./errors.js";
import {
  byteLength,
  generatorVersion,
  MANIFEST_FILE,
  type Manifest,
  parseManifest,
  type SchemaRecord,
  serializeManifest,
  sha256,
} from "./manifest.js";
import { nameProblem, outputNames, pascalName, schemaBaseName } from "./naming.js";
import { compileAll, threadsFor, toOutput } from "./pool.js";
import {
  GENERATED_MARKER,
  outputPackageJson,
  RUNTIME_BASENAME,
  runtimeDts,
  runtimeJs,
} from "./templates.js";

export interface GenerateTypesOptions {
  /** Base of the defaults and of relative paths below; default `process.cwd()`. */
  cwd?: string;
  /** Schema files; default every `schemas/*.schema.json` under `cwd`. */
  schemas?: readonly string[];
  /** Where the files go; default `schemas/generated` under `cwd`. */
  outDir?: string;
  /**
   * Generate in memory and compare with what is on disk; write nothing. The result lists stale,
   * missing and extra files (the CI guard: fail when any list is not empty).
   */
  check?: boolean;
  /** Ignore the manifest and regenerate every schema (files whose content is unchanged are still not rewritten). */
  force?: boolean;
  /**
   * Threads that compile schemas, the main one included. Default: one per two CPUs, at most 8
   * and at most one per 4 schemas to compile. (Worker threads run from the compiled package
   * only; from the TypeScript sources everything compiles on the main thread.)
   */
  concurrency?: number;
}

export interface GeneratedSchema {
  /** The schema file, relative to `cwd` when inside it. */
  file: string;
  /** `disk-report`: the generated files are `disk-report.js`, `.d.ts`, `.validate.js`, `.validate.d.ts`. */
  name: string;
  /** `DiskReport`: the report type; the entry exports `parseDiskReport`, `assertDiskReport`, `isDiskReport`. */
  typeName: string;
  /** True when the manifest showed the outputs up to date and nothing was compiled for it. */
  cached: boolean;
  /** Its four files, relative to the output directory. */
  outputs: string[];
}

export interface GenerateTypesResult {
  /** Absolute path of the output directory. */
  outDir: string;
  schemas: GeneratedSchema[];
  /** Files written, relative to `outDir` (never in check mode). */
  written: string[];
  /** Generated files deleted because no schema produces them any more (never in check mode). */
  deleted: string[];
  /** Check mode: files whose content differs from what would be generated. */
  stale: string[];
  /** Check mode: files that would be generated but do not exist. */
  missing: string[];
  /** Check mode: generated files that no schema produces any more (a normal run deletes them). */
  extra: string[];
  /** Nothing to write or delete; in check mode, no stale, missing or extra file. */
  upToDate: boolean;
  /** Packages the generated files import, which a consumer must install (`ajv`, `ajv-formats`). */
  runtimePackages: string[];
  /** ajv's notes, prefixed with the schema file. */
  warnings: string[];
  /** Threads that compiled schemas (the main one included); 0 when everything was cached. */
  threads: number;
}

interface Entry {
  path: string;
  display: string;
  name: string;
  typeName: string;
  schemaFile: string;
  /** Relative to the output directory, with `/`: the banner's source and the manifest's key. */
  source: string;
  bytes?: Buffer;
  sha256?: string;
  cached: boolean;
  output?: SchemaOutput;
  problems?: LocatedMessage[];
}

const TEMP_SUFFIX = TEMP_FILE_SUFFIX;
/** Age after which a temporary file of another run is taken for the leftover of a crash. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

const toPosix = (path: string) => path.split(sep).join("/");

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A regular file's bytes; undefined when nothing is there, and an error for anything else. */
function readIfExists(path: string): Buffer | undefined {
  const read = readRegularFile(path);
  if (read.ok) return Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
  if (read.kind === "missing") return undefined;
  throw new Error(`cannot read ${path}: ${read.problem}`);
}

/** Size and modification time (ns) of a file, or undefined. */
function statIfExists(path: string): { size: number; mtimeNs: bigint } | undefined {
  try {
    const stats = statSync(path, { bigint: true });
    return stats.isFile() ? { size: Number(stats.size), mtimeNs: stats.mtimeNs } : undefined;
  } catch {
    return undefined;
  }
}

/** `<cwd>/schemas/*.schema.json`, sorted; none when the directory does not exist. */
function defaultSchemas(cwd: string): string[] {
  const dir = join(cwd, "schemas");
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names
    .filter((n) => n.endsWith(".schema.json"))
    .sort(compare)
    .map((n) => join(dir, n));
}

/**
 * Whether each of `names` is in `dir` as the run that wrote the manifest left it: with the size
 * it recorded and not modified after it (a run renames the manifest into place last).
 */
function intact(
  dir: string,
  sizes: Record<string, number>,
  names: string[],
  manifestMtimeNs: bigint,
): boolean {
  if (Object.keys(sizes).length !== names.length) return false;
  return names.every((n) => {
    const stats = statIfExists(join(dir, n));
    return stats !== undefined && stats.size === sizes[n] && stats.mtimeNs <= manifestMtimeNs;
  });
}

/** Whether the first bytes of a file carry GENERATED_MARKER. */
function hasMarker(path: string): boolean {
  const head = readRegularFile(path, { maxBytes: 512, truncate: true });
  return head.ok && Buffer.from(head.bytes).toString("utf8").includes(GENERATED_MARKER);
}

/**
 * Files in `outDir` that we generated but that no schema produces now: listed in the old
 * manifest, carrying our banner, the manifest itself when nothing is expected, or temporary
 * files of a run interrupted long ago. A file of someone else's in the directory is never one.
 */
function findExtra(
  outDir: string,
  expected: Set<string>,
  old: Manifest | undefined,
  stage: Stage | undefined,
): string[] {
  let names: string[];
  try {
    names = readdirSync(outDir, { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name);
  } catch {
    return [];
  }
  const listed = new Set<string>(Object.keys(old?.shared ?? {}));
  for (const schema of Object.values(old?.schemas ?? {}))
    for (const name of Object.keys(schema.outputs)) listed.add(name);
  // Another run's temporary files are extra only once that run is surely over.
  const abandoned = (n: string) =>
    (statIfExists(join(outDir, n))?.mtimeNs ?? 0n) <
    BigInt(Date.now() - ABANDONED_AFTER_MS) * 1_000_000n;
  return names
    .filter(
      (n) =>
        !expected.has(n) &&
        (n.endsWith(TEMP_SUFFIX)
          ? !stage?.owns(n) && abandoned(n)
          : n === MANIFEST_FILE || listed.has(n) || hasMarker(join(outDir, n))),
    )
    .sort(compare);
}

/** Whether a file's text is a manifest `ops-skill types` wrote (even one it cannot use now). */
function isOurManifest(path: string): boolean {
  try {
    const read = readRegularText(path);
    if (!read.ok) return false;
    const value = JSON.parse(read.text) as { generator?: unknown };
    return typeof value.generator === "string" && value.generator.startsWith("@ops-skill/schema");
  } catch {
    return false;
  }
}

/**
 * Stages files as they are generated, through the one writer (`stageWrite`): each is compared
 * with the file on disk and, when it differs, written in full to a temporary sibling, in the
 * background while the next schemas compile. A file already there is replaced only when it is
 * ours: listed in the last manifest, or carrying GENERATED_MARKER (a user's `package.json` in
 * the output folder is never one). Nothing is renamed into place before `commit`, which runs
 * only once every schema compiled and every file was staged; `abort` removes the temporary files
 * (and the output directory if this run created it).
 */
class Stage {
  private readonly pending: Promise<void>[] = [];
  private readonly staged = new Map<string, StagedWrite>();
  private readonly failures: WriteFailure[] = [];
  private created: string | undefined | null = null;

  constructor(
    private readonly outDir: string,
    /** Files the last manifest lists (the manifest itself included when it was ours). */
    private readonly listed: ReadonlySet<string>,
    private readonly display: (path: string) => string,
  ) {}

  /** Why `name`, already in the output folder at `target`, must not be replaced; or undefined. */
  private notOurs(name: string, target: string): string | undefined {
    if (this.listed.has(name)) return undefined;
    if (name === MANIFEST_FILE ? isOurManifest(target) : hasMarker(target)) return undefined;
    return `it exists and was not generated by ops-skill types (not in ${MANIFEST_FILE}, no "${GENERATED_MARKER}" mark); move it or generate into another folder`;
  }

  add(name: string, content: string, always = false): void {
    if (this.created === null) {
      try {
        // One folder at a time: Node's recursive mkdir spins on /proc instead of failing.
        this.created = makeFolders(this.outDir);
      } catch (error) {
        this.created = undefined;
        this.failures.push(writeFailure(this.outDir, error, "cannot create the output folder"));
      }
    }
    if (this.created === undefined && this.failures.some((f) => f.path === this.outDir)) return;
    const path = join(this.outDir, name);
    this.pending.push(
      (async () => {
        const staged = await stageWrite(path, content, {
          root: this.outDir,
          mayReplace: (target) => this.notOurs(name, target),
          evenIfUnchanged: always,
        });
        if (!staged.ok) this.failures.push(staged);
        else if (staged.changed) this.staged.set(name, staged);
      })(),
    );
  }

  /** Waits for every staged file; returns the names that differ from disk, sorted. */
  async settle(): Promise<string[]> {
    await Promise.allSettled(this.pending);
    if (this.failures.length > 0) {
      // One line per path, in name order.
      const seen = new Set<string>();
      const failures = this.failures
        .filter((f) => !seen.has(f.path) && seen.add(f.path))
        .sort((a, b) => compare(a.path, b.path));
      throw new TypesWriteError(failures, this.display);
    }
    return [...this.staged.keys()].sort(compare);
  }

  /** Puts every staged file in place, `last` after the others; deletes `remove`. */
  async commit(last: string, remove: string[]): Promise<void> {
    const names = [...this.staged.keys()].sort((a, b) =>
      a === last ? 1 : b === last ? -1 : compare(a, b),
    );
    for (const [i, name] of names.entries()) {
      const result = await (this.staged.get(name) as StagedWrite).commit();
      if (!result.ok) {
        for (const rest of names.slice(i + 1)) await this.staged.get(rest)?.abort();
        throw new TypesWriteError([result], this.display, i > 0);
      }
    }
    for (const name of remove) {
      const path = join(this.outDir, name);
      try {
        rmSync(path, { force: true });
      } catch (error) {
        const failure = writeFailure(path, error, "cannot delete it (no schema generates it now)");
        throw new TypesWriteError([failure], this.display, true);
      }
    }
  }

  /** Whether `name` (a file name in the output directory) is a temporary file of this run. */
  owns(name: string): boolean {
    for (const staged of this.staged.values())
      if (staged.temp !== undefined && basename(staged.temp) === name) return true;
    return false;
  }

  async abort(): Promise<void> {
    await Promise.allSettled(this.pending);
    for (const staged of this.staged.values()) await staged.abort();
    if (typeof this.created === "string") rmSync(this.created, { recursive: true, force: true });
  }
}

/** Line and column of each problem, from its pointer (through the model's JSON document) or offset. */
async function locate(entry: Entry, list: readonly LocatedMessage[]): Promise<CodegenProblem[]> {
  const raw = entry.bytes?.toString("utf8") ?? "";
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  // The parser with positions is loaded on this error path only.
  const { parseJsonDocument } = await import("../json-document.js");
  const document = parseJsonDocument(text);
  return list.map((item) => {
    const offset =
      item.offset ?? (item.pointer === undefined ? undefined : offsetOf(document, item.pointer));
    const position = offset === undefined ? undefined : document.lines.positionAt(offset);
    return { file: entry.display, ...position, message: item.message };
  });
}

/** The offset of the value at a JSON Pointer, or of the deepest part of it that exists. */
function offsetOf(document: JsonDocument, pointer: string): number | undefined {
  let segments: string[];
  try {
    segments = parsePointer(pointer);
  } catch {
    return undefined;
  }
  for (let n = segments.length; n >= 0; n--) {
    const location = document.locate(toPointer(segments.slice(0, n)));
    if (location !== undefined) return location.offset;
  }
  return undefined;
}

/**
 * Generates, for each schema `<name>.schema.json`, `<name>.d.ts` (json-schema-to-typescript's
 * types plus the entry's declarations), `<name>.js` (`parse<Name>`, `assert<Name>`,
 * `is<Name>`), and `<name>.validate.js` + `.d.ts` (ajv standalone code); and, shared by all,
 * `_runtime.js` + `.d.ts`, a `package.json` that makes the `.js` files ES modules, and
 * `.manifest.json`, the cache.
 *
 * A warm run (schemas, generator and toolchain unchanged, outputs present with their recorded
 * sizes) reads the manifest and the schemas, compiles nothing and writes nothing. Otherwise only
 * the changed schemas are compiled, and files whose content changed are written to temporary
 * files renamed into place once every schema compiled: a bad schema throws a
 * TypesGenerationError naming each problem with its file, line and column, and leaves the
 * output directory as it was. Only files this generator wrote are ever replaced: a file of
 * another's in the output directory under an output's name (a `package.json`), a full disk or
 * a link out of the directory throws a TypesWriteError naming the path, with nothing written.
 */
export async function generateTypes(
  options: GenerateTypesOptions = {},
): Promise<GenerateTypesResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const outDir = resolve(cwd, options.outDir ?? join("schemas", "generated"));
  const check = options.check === true;
  const display = (path: string) => {
    const r = relative(cwd, path);
    return r !== "" && !r.startsWith("..") && !isAbsolute(r) ? r : path;
  };

  const paths = options.schemas
    ? [...new Set(options.schemas.map((f) => resolve(cwd, f)))]
    : defaultSchemas(cwd);
  const problems: CodegenProblem[] = [];
  const entries: Entry[] = [];
  const byName = new Map<string, Entry>();
  for (const path of paths) {
    const schemaFile = basename(path);
    const name = schemaBaseName(schemaFile);
    const entry: Entry = {
      path,
      display: display(path),
      name,
      typeName: pascalName(name),
      schemaFile,
      source: toPosix(relative(outDir, path)),
      cached: false,
    };
    const bad = nameProblem(name);
    const twin = byName.get(name);
    if (bad) problems.push({ file: entry.display, message: bad });
    else if (twin)
      problems.push({
        file: entry.display,
        message: `gives the same output names ("${name}.js", ...) as ${twin.display}`,
      });
    else {
      byName.set(name, entry);
      entries.push(entry);
    }
  }
  entries.sort((a, b) => compare(a.name, b.name));
  for (const entry of entries) {
    // Any file is a schema whatever its name; a folder, a FIFO or a device is never opened.
    const read = readRegularFile(entry.path);
    if (read.ok) {
      entry.bytes = Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
      entry.sha256 = sha256(entry.bytes);
    } else
      problems.push({ file: entry.display, message: `cannot read the schema: ${read.problem}` });
  }
  if (problems.length > 0) throw new TypesGenerationError(problems);

  const manifestPath = join(outDir, MANIFEST_FILE);
  const old = parseManifest(readIfExists(manifestPath)?.toString("utf8"));
  const manifestMtimeNs = (old && statIfExists(manifestPath)?.mtimeNs) ?? 0n;
  const generator = generatorVersion();
  const shared = new Map<string, string>(
    entries.length === 0
      ? []
      : [
          [`${RUNTIME_BASENAME}.d.ts`, runtimeDts()],
          [`${RUNTIME_BASENAME}.js`, runtimeJs()],
          ["package.json", outputPackageJson()],
        ],
  );
  const useCache = !check && options.force !== true && old?.generator === generator;
  for (const entry of entries) {
    const cached = useCache ? old?.schemas[entry.source] : undefined;
    entry.cached =
      cached !== undefined &&
      cached.sha256 === entry.sha256 &&
      cached.name === entry.name &&
      intact(outDir, cached.outputs, outputNames(entry.name), manifestMtimeNs);
  }

  const result = (
    extra: Partial<GenerateTypesResult>,
    packages: Set<string>,
    warnings: string[],
  ): GenerateTypesResult => ({
    outDir,
    schemas: entries.map((e) => ({
      file: e.display,
      name: e.name,
      typeName: e.typeName,
      cached: e.cached,
      outputs: outputNames(e.name),
    })),
    written: [],
    deleted: [],
    stale: [],
    missing: [],
    extra: [],
    upToDate: true,
    runtimePackages: [...packages].sort(compare),
    warnings,
    threads: 0,
    ...extra,
  });

  // Warm: every schema cached, the same set of schemas, the shared files intact, and no extra
  // file to delete. (The shared files' content is a function of the generator version, which
  // the manifest matched.)
  const expectedNames = new Set<string>([
    ...entries.flatMap((e) => outputNames(e.name)),
    ...shared.keys(),
    ...(entries.length > 0 ? [MANIFEST_FILE] : []),
  ]);
  if (
    useCache &&
    old !== undefined &&
    entries.every((e) => e.cached) &&
    Object.keys(old.schemas).length === entries.length &&
    Object.keys(old.shared).length === shared.size &&
    [...shared].every(([name, content]) => old.shared[name] === byteLength(content)) &&
    intact(outDir, old.shared, [...shared.keys()], manifestMtimeNs) &&
    findExtra(outDir, expectedNames, old, undefined).length === 0
  ) {
    const packages = new Set(entries.flatMap((e) => old.schemas[e.source]?.packages ?? []));
    return result({}, packages, []);
  }

  // Compile what changed (everything in check mode); stage files as they come.
  const listed = new Set<string>(Object.keys(old?.shared ?? {}));
  for (const record of Object.values(old?.schemas ?? {}))
    for (const name of Object.keys(record.outputs)) listed.add(name);
  if (old !== undefined) listed.add(MANIFEST_FILE);
  const stage = check ? undefined : new Stage(outDir, listed, display);
  for (const [name, content] of shared) stage?.add(name, content);
  const warnings: string[] = [];
  const todo = entries.filter((e) => !e.cached);
  const threads = todo.length === 0 ? 0 : threadsFor(todo.length, options.concurrency);
  let failed = false;
  try {
    await compileAll(
      todo.map((entry) => ({
        name: entry.name,
        typeName: entry.typeName,
        schemaFile: entry.schemaFile,
        source: entry.source,
        text: (entry.bytes as Buffer).toString("utf8"),
        dir: dirname(entry.path),
      })),
      threads,
      (i, outcome) => {
        const entry = todo[i] as Entry;
        if (!outcome.ok) {
          entry.problems = outcome.problems;
          failed = true;
          return;
        }
        entry.output = toOutput(outcome);
        // Nothing more is staged once a schema failed: the run will write nothing.
        if (!failed) for (const [name, content] of entry.output.files) stage?.add(name, content);
      },
    );
    for (const entry of todo)
      if (entry.problems)
        for (const problem of await locate(entry, entry.problems)) problems.push(problem);
    if (problems.length > 0) throw new TypesGenerationError(problems);
  } catch (error) {
    await stage?.abort();
    throw error;
  }
  for (const entry of todo)
    for (const w of entry.output?.warnings ?? []) warnings.push(`${entry.display}: ${w}`);

  // The manifest: what the output directory holds once this run is done.
  const manifest: Manifest = { generator, schemas: {}, shared: {} };
  const contents = new Map<string, string>();
  const packages = new Set<string>();
  for (const entry of entries) {
    let schemaRecord: SchemaRecord;
    if (entry.output) {
      const outputs: Record<string, number> = {};
      for (const [name, content] of entry.output.files) {
        outputs[name] = byteLength(content);
        contents.set(name, content);
      }
      schemaRecord = {
        name: entry.name,
        sha256: entry.sha256 as string,
        packages: entry.output.packages,
        outputs,
      };
    } else schemaRecord = old?.schemas[entry.source] as SchemaRecord;
    manifest.schemas[entry.source] = schemaRecord;
    for (const p of schemaRecord.packages) packages.add(p);
  }
  for (const [name, content] of shared) {
    manifest.shared[name] = byteLength(content);
    contents.set(name, content);
  }
  if (entries.length > 0) contents.set(MANIFEST_FILE, serializeManifest(manifest));
  const extra = findExtra(outDir, expectedNames, old, stage);

  if (!stage) {
    const stale: string[] = [];
    const missing: string[] = [];
    for (const name of [...contents.keys()].sort(compare)) {
      const disk = readIfExists(join(outDir, name));
      if (disk === undefined) missing.push(name);
      else if (!disk.equals(Buffer.from(contents.get(name) as string))) stale.push(name);
    }
    const upToDate = stale.length === 0 && missing.length === 0 && extra.length === 0;
    return result({ stale, missing, extra, upToDate, threads }, packages, warnings);
  }

  // The manifest goes last, once every other file is staged, and is rewritten by every run that
  // was not warm, even with the same content: its modification time must follow every
  // output's (see `intact`).
  let written: string[];
  try {
    await stage.settle();
    const manifestText = contents.get(MANIFEST_FILE);
    if (manifestText !== undefined) stage.add(MANIFEST_FILE, manifestText, true);
    written = await stage.settle();
  } catch (error) {
    await stage.abort();
    throw error;
  }
  const deleted = extra;
  await stage.commit(MANIFEST_FILE, deleted);
  return result(
    { written, deleted, upToDate: written.length === 0 && deleted.length === 0, threads },
    packages,
    warnings,
  );
}
