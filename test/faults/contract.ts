/**
 * The contract every run of the CLI keeps, whatever its input (docs/commands.md,
 * docs/formats.md): the exit code is one the docs give, stderr holds no stack trace or bundle
 * source, stdout is valid in the format asked for, control characters from files never reach
 * a human-readable format raw, and the files are as they were unless `--fix` meant to change
 * them. Each check returns what it found wrong, in words, so one failing probe says everything
 * it broke at once. Nothing here knows a rule id or a message.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { FORMAT_NAMES } from "../../packages/cli/src/flags.js";
import type { Entry, RunOutcome, Snapshot } from "./harness.js";

/** Every output format the CLI offers. */
export const FORMATS = FORMAT_NAMES;
export type Format = (typeof FORMATS)[number];

const sarifSchema = JSON.parse(
  readFileSync(
    join(
      import.meta.dirname,
      "..",
      "..",
      "packages",
      "lint",
      "test",
      "fixtures",
      "formatters",
      "sarif-schema-2.1.0.json",
    ),
    "utf8",
  ),
) as object;
let validateSarif: ((data: unknown) => boolean) & { errors?: unknown } = () => true;
{
  const ajv = new AjvDraft04.default({ allErrors: false, strict: false });
  ajvFormats.default(ajv);
  validateSarif = ajv.compile(sarifSchema);
}

/** Where the first C0 control but tab and line feed, DEL or C1 (CSI is U+009B) is: what a terminal acts on. */
export function terminalControlAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f)) return i;
  }
  return -1;
}

/** Whether the text holds a character XML 1.0 forbids, raw or as a character reference. */
function xmlForbidden(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff)
      return true;
  }
  return XML_FORBIDDEN_REF.test(text);
}
const XML_FORBIDDEN_REF =
  /&#(?:x0*(?:[0-8bcef]|1[0-9a-f]|fff[ef])|0*(?:[0-8]|1[1245-9]|2[0-9]|3[01]|6553[45]));/i;

export interface JsonFile {
  filePath: string;
  messages: { ruleId: string | null; message: string; severity: number }[];
}

/** Why stdout is not valid output of `format` (nothing when it is). */
export function formatProblems(format: Format, stdout: string): string[] {
  const controls = (what: string) => {
    const at = terminalControlAt(stdout);
    if (at < 0) return [];
    const code = stdout.charCodeAt(at).toString(16).padStart(2, "0");
    return [`${what} holds the raw control character U+00${code.toUpperCase()} at ${at}`];
  };
  switch (format) {
    case "json":
    case "json-with-metadata": {
      const document = parseJson(stdout);
      if (typeof document === "string") return [`${format} output does not parse: ${document}`];
      const parsed = format === "json" ? document : document?.results;
      if (format !== "json" && typeof document?.metadata?.codexVersion !== "string")
        return [`${format} output names no Codex version`];
      if (!Array.isArray(parsed)) return [`${format} output is not an array of files`];
      const bad = parsed.find(
        (f) =>
          typeof f !== "object" ||
          f === null ||
          typeof f.filePath !== "string" ||
          !Array.isArray(f.messages),
      );
      return bad === undefined ? [] : [`${format} output has a file without filePath and messages`];
    }
    case "sarif": {
      const parsed = parseJson(stdout);
      if (typeof parsed === "string") return [`sarif output does not parse: ${parsed}`];
      if (!Array.isArray(parsed?.runs) || parsed.runs.length === 0)
        return ["sarif output has no runs"];
      if (!validateSarif(parsed))
        return [
          `sarif output breaks the SARIF 2.1.0 schema: ${JSON.stringify(validateSarif.errors).slice(0, 300)}`,
        ];
      return [];
    }
    case "junit": {
      if (stdout.trim() === "") return ["junit output is empty"];
      const valid = XMLValidator.validate(stdout);
      if (valid !== true)
        return [`junit output is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`];
      const problems: string[] = [];
      if (xmlForbidden(stdout)) problems.push("junit output holds a character XML 1.0 forbids");
      const parsed = junitParser.parse(stdout) as { testsuites?: unknown };
      if (parsed.testsuites === undefined) problems.push("junit output has no <testsuites>");
      return problems;
    }
    case "github": {
      const problems = controls("github output");
      const lines = stdout.split("\n").filter((l) => l !== "");
      const bad = lines.find((l) => !/^::(?:error|warning|notice)(?: [^:]*)?::/.test(l));
      if (bad !== undefined)
        problems.push(`github output has a line that is no workflow command: ${bad.slice(0, 120)}`);
      return problems;
    }
    case "stylish":
      return controls("stylish output");
  }
}

const junitParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (name) => ["testsuite", "testcase", "failure"].includes(name),
});

function parseJson(text: string): // biome-ignore lint/suspicious/noExplicitAny: JSON of any shape
any | string {
  try {
    return JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
}

/** How many findings `format`'s output gives for the file at `rel` (relative to the project, `/`). */
export function findingsFor(format: Format, stdout: string, rel: string): number {
  switch (format) {
    case "json":
    case "json-with-metadata": {
      const document = parseJson(stdout);
      const files = (format === "json" ? document : document?.results) as JsonFile[] | undefined;
      if (!Array.isArray(files)) return 0;
      return files
        .filter((f) => f.filePath.split("\\").join("/").endsWith(`/${rel}`))
        .reduce((n, f) => n + f.messages.length, 0);
    }
    case "sarif": {
      const log = parseJson(stdout);
      const results: {
        locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[];
      }[] = log?.runs?.[0]?.results ?? [];
      return results.filter((r) =>
        r.locations?.some((l) => l.physicalLocation?.artifactLocation?.uri === encodeURI(rel)),
      ).length;
    }
    case "github":
      return stdout.split("\n").filter((l) => l.includes(` file=${rel},`)).length;
    case "junit": {
      if (XMLValidator.validate(stdout) !== true) return 0;
      const parsed = junitParser.parse(stdout) as {
        testsuites?: { testsuite?: { name: string; testcase?: { failure?: unknown[] }[] }[] };
      };
      return (parsed.testsuites?.testsuite ?? [])
        .filter((s) => s.name === rel)
        .flatMap((s) => s.testcase ?? [])
        .reduce((n, c) => n + (c.failure?.length ?? 0), 0);
    }
    case "stylish": {
      const lines = stdout.split("\n");
      const start = lines.indexOf(rel);
      if (start < 0) return 0;
      let n = 0;
      for (const line of lines.slice(start + 1)) {
        if (line === "") break;
        if (/^\s+\d+:\d+\s+(?:error|warning|info)\s/.test(line)) n++;
      }
      return n;
    }
  }
}

/**
 * Whether the JSON output names `rel` with a finding: on the file itself, or in a message
 * about another file that names it by its last two path segments (a schema a skill mentions
 * is reported where it is written).
 */
export function namedInJson(stdout: string, rel: string): boolean {
  const files = parseJson(stdout) as JsonFile[] | string;
  if (!Array.isArray(files)) return false;
  const tail = rel.split("/").slice(-2).join("/");
  return files.some(
    (f) =>
      (f.filePath.split("\\").join("/").endsWith(`/${rel}`) && f.messages.length > 0) ||
      f.messages.some((m) => m.message.includes(tail)),
  );
}

/** Whether a line on stderr names `rel` (by itself or its last two segments). */
export function namedOnStderr(stderr: string, rel: string): boolean {
  return stderr.includes(rel) || stderr.includes(rel.split("/").slice(-2).join("/"));
}

/** What a crash prints: a stack frame, bundle source with its caret, Node's internals, V8's fatal errors. */
const CRASH_ON_STDERR: [RegExp, string][] = [
  [/^\s+at .+/m, "a stack trace"],
  [/dist\/bundle|\.m?js:\d+/, "a source location in the bundle"],
  [/^\s*\^+\s*$/m, "source code under a caret"],
  [/node:internal/, "Node's internals"],
  [/FATAL ERROR|Allocation failed|out of memory/i, "a fatal V8 error"],
];

/** Engine errors that must never reach a user as a message when the run says it went fine. */
const ENGINE_ERROR =
  /Maximum call stack size exceeded|Cannot use 'in' operator|Cannot read properties of|is not a function|is not iterable|Invalid string length|RegExpCompiler/;

export function stderrProblems(stderr: string): string[] {
  return CRASH_ON_STDERR.filter(([re]) => re.test(stderr)).map(
    ([, what]) => `stderr holds ${what}: ${firstLine(stderr)}`,
  );
}

export function engineErrorProblems(outcome: RunOutcome): string[] {
  const text = `${outcome.stdout}\n${outcome.stderr}`;
  const match = ENGINE_ERROR.exec(text);
  return match ? [`a JavaScript engine error reached the user: "${match[0]}"`] : [];
}

export function firstLine(text: string): string {
  return (text.split("\n").find((l) => l.trim() !== "") ?? "").slice(0, 160);
}

export interface TreeRules {
  /** Files `--fix` may rewrite (their mode and owner still must not change); `dir/` for all under it. */
  mayChange?: readonly string[];
  /** Files that must have been rewritten. */
  mustChange?: readonly string[];
  /** New entries a run may leave (generated files), by path. */
  mayCreate?: RegExp;
}

/** Every way `after` differs from `before` that the rules do not allow. */
export function treeProblems(before: Snapshot, after: Snapshot, rules: TreeRules = {}): string[] {
  const problems: string[] = [];
  const allowed = [...(rules.mayChange ?? []), ...(rules.mustChange ?? [])];
  const may = (rel: string) =>
    allowed.some((a) => (a.endsWith("/") ? rel.startsWith(a) : rel === a));
  for (const [rel, was] of before) {
    const now = after.get(rel);
    if (!now) {
      problems.push(`${rel} was removed`);
      continue;
    }
    if (now.type !== was.type) {
      problems.push(`${rel} was a ${was.type}, is now a ${now.type}`);
      continue;
    }
    const changed = (key: keyof Entry) => now[key] !== was[key];
    if (changed("mode"))
      problems.push(`${rel} mode ${was.mode.toString(8)} became ${now.mode.toString(8)}`);
    if (changed("uid") || changed("gid"))
      problems.push(`${rel} owner ${was.uid}:${was.gid} became ${now.uid}:${now.gid}`);
    if (was.type === "dir") continue;
    if (may(rel)) {
      if (was.nlink > 1 && now.nlink !== was.nlink)
        problems.push(`${rel} had ${was.nlink} hard links, now ${now.nlink}`);
      continue;
    }
    if (changed("content")) problems.push(`${rel} changed (${was.size} → ${now.size} bytes)`);
    else if (changed("ino") || changed("mtimeMs"))
      problems.push(`${rel} was written though its bytes did not change`);
  }
  for (const rel of rules.mustChange ?? []) {
    const was = before.get(rel);
    const now = after.get(rel);
    if (was && now && was.content === now.content) problems.push(`${rel} was not fixed`);
  }
  for (const rel of after.keys())
    if (!before.has(rel) && !rules.mayCreate?.test(rel)) problems.push(`${rel} was left behind`);
  return problems;
}
