/** The skill model: one SKILL.md read once, with everything the tools need and positions. */
import { realpathSync } from "node:fs";
import { basename, dirname } from "node:path";
import { type CodexLoadResult, codexIoError, codexLoad } from "./codex-load.js";
import type { DirectoryListings, RealDirectories } from "./discover.js";
import { isFrontmatterProblem } from "./frontmatter.js";
import { type MarkdownBody, parseMarkdownBody } from "./markdown.js";
import { type PluginNamespaceCache, pluginNamespace } from "./plugin-namespace.js";
import { DEFAULT_MAX_FILE_BYTES, type FileProblem, readRegularFile } from "./read-file.js";
import { readTextFile, type SkillDirEntry, walkSkillDir } from "./skill-files.js";
import { type DecodedText, decodeText, LineIndex, type Position } from "./text.js";
import type { FrontmatterField } from "./yaml.js";

export interface SkillFile {
  /** Absolute path of the SKILL.md. */
  path: string;
  /** The skill's directory (the folder holding SKILL.md). */
  dir: string;
  /** The directory's real path (symbolic links resolved); undefined when it does not resolve. */
  readonly realDir: string | undefined;
  bytes: Uint8Array;
  /** Set when the file could not be read at all: Codex's words for why (it refuses the skill). */
  readError: string | undefined;
  /**
   * Why the file was not read, when it was not: an operating-system error (then `readError`
   * holds Codex's words), or a file over the size cap, which Codex would read but ops-skill
   * does not (then the skill is refused with the step `not-read`).
   */
  readProblem: FileProblem | undefined;
  decoded: DecodedText;
  /** Decoded text (invalid UTF-8 replaced by U+FFFD, a BOM kept as U+FEFF). */
  text: string;
  lines: LineIndex;
  /** What Codex makes of the file. */
  codex: CodexLoadResult;
  /** Offset where the Markdown body starts (0 when there is no frontmatter). */
  bodyStart: number;
  /** The parsed body, computed on first use. */
  readonly markdown: MarkdownBody;
  /** File position of a frontmatter field's key or value. */
  fieldPosition(field: FrontmatterField, part: "key" | "value"): { start: Position; end: Position };
  /** File offsets of a frontmatter field's value (for fixes); undefined when the retry rewrote it. */
  fieldOffsets(field: FrontmatterField, part: "key" | "value"): [number, number] | undefined;
  field(key: string): FrontmatterField | undefined;
  /** Every file below the skill folder (not in nested skills), walked on first use. */
  readonly files: readonly SkillDirEntry[];
  /** A file's text, read once; undefined for binary, huge or unreadable files. */
  textOf(entry: SkillDirEntry): string | undefined;
  /**
   * A value derived from the skill (the shell snippets of its body, say), computed once per
   * `key` and shared by every rule that asks with the same key.
   */
  derived<T>(key: symbol, compute: () => T): T;
  /**
   * Forgets the parsed body, the file walk, file texts, line texts and derived values; each is
   * worked out again if asked for. A run over thousands of skills calls it once a skill is
   * linted, so memory holds one skill's worth of them, not all.
   */
  releaseDerived(): void;
}

export interface SkillReadOptions {
  /** Shared by the skills of one run, so each folder above them is searched once. */
  pluginNamespaces?: PluginNamespaceCache;
  /** Folders listed already in this run (by discovery), so the walk of a skill lists none twice. */
  listings?: DirectoryListings;
  /** Real paths of folders discovery walked, so a skill's folder is not resolved again. */
  realDirectories?: RealDirectories;
  /** A SKILL.md larger than this is not read (16 MiB by default). */
  maxBytes?: number;
}

/** Reads a SKILL.md; a file that cannot be read becomes a skill Codex refuses, not an exception. */
export async function readSkill(path: string, options: SkillReadOptions = {}): Promise<SkillFile> {
  const read = readRegularFile(path, { maxBytes: options.maxBytes ?? DEFAULT_MAX_FILE_BYTES });
  if (read.ok) return parseSkill(path, read.bytes, undefined, options);
  // Codex's words when it fails the same way (`failed to read file: Permission denied (os
  // error 13)`, measured); a file over the cap is ops-skill's limit, not a Codex refusal.
  const codexWords = read.kind === "too-large" ? undefined : (codexIoError(read) ?? read.problem);
  return parseSkill(path, new Uint8Array(), codexWords, options, read);
}

export function parseSkill(
  path: string,
  bytes: Uint8Array,
  readError?: string,
  options: SkillReadOptions = {},
  readProblem?: FileProblem,
): SkillFile {
  const decoded = decodeText(bytes);
  const text = decoded.text;
  const lines = new LineIndex(text);
  const dir = dirname(path);
  let realDir: string | null | undefined;
  const resolveDir = () => {
    if (realDir === undefined) {
      try {
        realDir = options.realDirectories?.get(dir) ?? realpathSync.native(dir);
      } catch {
        realDir = null;
      }
    }
    return realDir ?? undefined;
  };
  const codex: CodexLoadResult =
    readProblem?.kind === "too-large"
      ? {
          status: "refused",
          refusal: { step: "not-read", reason: `not read by ops-skill: ${readProblem.problem}` },
        }
      : codexLoad(decoded, basename(dir), readError);
  const realSkillDir = codex.status === "loaded" ? resolveDir() : undefined;
  if (codex.status === "loaded" && realSkillDir !== undefined) {
    const namespace = pluginNamespace(
      realSkillDir,
      options.pluginNamespaces,
      realSkillDir === dir ? options.listings : undefined,
    );
    if (namespace !== undefined)
      codex.listing = { ...codex.listing, namespace, name: `${namespace}:${codex.listing.name}` };
  }
  const split = codex.split;
  const hasFrontmatter = split !== undefined && !isFrontmatterProblem(split);
  const bodyStart = hasFrontmatter ? split.bodyStart : 0;
  const yamlFirstLine = hasFrontmatter ? lines.positionAt(split.yamlStart).line : 1;
  const yamlLines = codex.parsedYaml !== undefined ? new LineIndex(codex.parsedYaml) : undefined;
  const rewritten =
    codex.parsedYaml !== undefined && hasFrontmatter && codex.parsedYaml !== split.yaml;
  let markdown: MarkdownBody | undefined;
  let files: SkillDirEntry[] | undefined;
  const texts = new Map<string, string | undefined>();
  const values = new Map<symbol, unknown>();

  const toFile = (offset: number): Position => {
    if (!yamlLines) return { line: 1, column: 1 };
    const position = yamlLines.positionAt(offset);
    return { line: position.line + yamlFirstLine - 1, column: position.column };
  };

  return {
    path,
    dir,
    get realDir() {
      return resolveDir();
    },
    bytes,
    readError,
    readProblem,
    decoded,
    text,
    lines,
    codex,
    bodyStart,
    get markdown() {
      markdown ??= parseMarkdownBody(
        text.slice(bodyStart),
        lines.positionAt(bodyStart).line,
        (l) => lines.lineText(l),
        lines.lineCount,
      );
      return markdown;
    },
    fieldPosition(field, part) {
      const range = part === "key" ? field.keyRange : field.valueRange;
      return { start: toFile(range[0]), end: toFile(range[1]) };
    },
    fieldOffsets(field, part) {
      if (rewritten) return undefined;
      const range = part === "key" ? field.keyRange : field.valueRange;
      return [lines.offsetAt(toFile(range[0])), lines.offsetAt(toFile(range[1]))];
    },
    get files() {
      files ??= walkSkillDir(dir, options.listings);
      return files;
    },
    textOf(entry) {
      if (!texts.has(entry.path)) texts.set(entry.path, readTextFile(entry));
      return texts.get(entry.path);
    },
    derived<T>(key: symbol, compute: () => T): T {
      if (!values.has(key)) values.set(key, compute());
      return values.get(key) as T;
    },
    releaseDerived() {
      markdown = undefined;
      files = undefined;
      texts.clear();
      values.clear();
      lines.releaseLineTexts();
    },
    field(key) {
      return codex.fields?.find((f) => f.key === key);
    },
  };
}
