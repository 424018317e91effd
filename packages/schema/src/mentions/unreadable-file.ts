/**
 * `schema/unreadable-file`: a `--output-schema` argument in a skill's code, its scripts or a
 * workflow names something Codex cannot read as a JSON file, so `codex exec` exits 1 (or never
 * starts) before any request. Measured with Codex 0.169.0 (`conformance/schema/`).
 */
import { basename, relative } from "node:path";
import { codexIoError, walkSkillDir } from "@ops-skill/core";
import { defineFileRule, type Rule } from "@ops-skill/lint";
import { parseJsonDocument } from "../json-document.js";
import { MAX_SCHEMA_FILE_BYTES } from "./files.js";
import {
  type Resolution,
  readMentionedFile,
  resolveMention,
  type SchemaMention,
} from "./sources.js";

export const OUTPUT_SCHEMA_MENTION_KIND = "output-schema-mention";

const FAILED_TO_READ = "Failed to read output schema file";
const MIB = 1024 * 1024;

/** The words Codex 0.169.0 prints, or what happens, for what is at the path. */
function problemOf(mention: SchemaMention, resolution: Resolution): string | undefined {
  const argument = mention.argument;
  const flag = `\`--output-schema ${argument}\``;
  const where = (label: string) => (label === "" ? "" : ` (from ${label})`);
  switch (resolution.status) {
    case "missing": {
      const labels = mention.tried.map((t) => t.label).filter((l) => l !== "");
      const looked =
        labels.length > 0
          ? ` Looked for it from ${listed(labels)}${mention.afterCd !== undefined ? ` after \`cd ${mention.afterCd}\`` : ""}.`
          : "";
      return `${flag} names no file: Codex exits 1 with "${FAILED_TO_READ} ${argument}: ${resolution.osError}".${looked}`;
    }
    case "directory":
      return `${flag} names a directory${where(labelOf(mention, resolution.path))}: Codex exits 1 with "${FAILED_TO_READ} ${argument}: Is a directory (os error 21)".`;
    case "not-regular":
      return resolution.what === "a FIFO"
        ? `${flag} names a FIFO${where(labelOf(mention, resolution.path))}: Codex waits for a writer and the run never starts.`
        : `${flag} names ${resolution.what}, not a regular file${where(labelOf(mention, resolution.path))}: Codex reads it as a file and gets no schema (from /dev/null: "Output schema file /dev/null is not valid JSON: EOF while parsing a value at line 1 column 0").`;
    case "too-large":
      return `${flag} names a file of ${(resolution.size / MIB).toFixed(1)} MiB${where(labelOf(mention, resolution.path))}: more than ops-skill reads (${MAX_SCHEMA_FILE_BYTES / MIB} MiB), and Codex sends the whole schema on every request.`;
    case "file": {
      const read = readMentionedFile(resolution.path);
      if (!read.ok) {
        // The same read as a missing file's (measured: `... : No such file or directory (os
        // error 2)`), so the same words with the error's.
        const words = codexIoError(read);
        const file = `${flag} names a file that cannot be read${where(labelOf(mention, resolution.path))}: ${read.problem}`;
        return words === undefined
          ? `${file}.`
          : `${file}; Codex exits 1 with "${FAILED_TO_READ} ${argument}: ${words}".`;
      }
      const syntax = parseJsonDocument(read.text).problems[0];
      if (syntax === undefined) return undefined;
      const at = syntax.range ? ` at line ${syntax.range.line}, column ${syntax.range.column}` : "";
      return `${flag} names a file that is not JSON${where(labelOf(mention, resolution.path))}: Codex exits 1 with "Output schema file ${argument} is not valid JSON: ..." (${firstSentence(syntax.message)}${at}; \`schema/invalid-json\` reports it in the file).`;
    }
  }
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function labelOf(mention: SchemaMention, path: string): string {
  return mention.tried.find((t) => t.path === path)?.label ?? "";
}

function firstSentence(message: string): string {
  const cut = message.search(/[.:](\s|$)/);
  return cut > 0 ? message.slice(0, cut) : message;
}

const HINT =
  "Fix the path or add the file: a relative path is relative to the directory `codex exec` runs in (not `-C`).";

/** For a path that names nothing: a file of the same name in the skill, which it likely means. */
function hintFor(mention: SchemaMention, resolution: Resolution): string {
  if (resolution.status !== "missing" || mention.skillDir === undefined) return HINT;
  const name = basename(mention.argument);
  const skillDir = mention.skillDir;
  const same = walkSkillDir(skillDir).find((entry) => basename(entry.path) === name);
  if (same === undefined) return HINT;
  return `The skill has ${relative(skillDir, same.path)}: give its path as seen from where \`codex exec\` runs (not \`-C\`).`;
}

export const unreadableFileRule: Rule = defineFileRule<SchemaMention[]>(
  {
    id: "schema/unreadable-file",
    description:
      "A `--output-schema` path in a skill's code, its scripts or a workflow names no file, a directory, a FIFO or a file that is not JSON: `codex exec` exits 1 (or never starts) before any request.",
    defaultSeverity: "error",
  },
  OUTPUT_SCHEMA_MENTION_KIND,
  ({ parsed, report }) => {
    for (const mention of parsed) {
      if (mention.unresolvable !== undefined) continue;
      const resolution = resolveMention(mention);
      const message = problemOf(mention, resolution);
      if (message === undefined) continue;
      report({
        message,
        line: mention.line,
        column: mention.column,
        endLine: mention.endLine,
        endColumn: mention.endColumn,
        hint: hintFor(mention, resolution),
      });
    }
  },
);
