/**
 * The scenario model: one folder `skills/<skill>/tests/<scenario>/` (docs/testing.md) read into
 * a `Scenario`, or the problems that stop it, each naming its file and line. Pure: the caller
 * hands in a `ScenarioSource` that reads the folder's files (load.ts reads the disk through
 * core's one reader), so the model decides and the adapter reports.
 *
 * A problem of one scenario never stops another: discovery loads each on its own.
 */
import { closestMatch, LineIndex } from "@ops-skill/core";
import { parseCassette, type Session } from "@ops-skill/mock-codex";
import { type JsonDocument, parseJsonDocument } from "@ops-skill/schema";
import { type ContextSettings, parseContextSettings } from "./checks/context-settings.js";
import { MAX_REPORT_DEPTH, tooDeepAt } from "./json-depth.js";
import {
  parseRecordings,
  relativePathProblem,
  shimmedTools,
  type ToolRecording,
  toolNameProblem,
} from "./recordings.js";
import type { Suite } from "./suite.js";

export const SCENARIO_FORMAT_VERSION = 1;
export const SCENARIO_FILE = "scenario.json";
export const DEFAULT_CASSETTE = "cassette.jsonl";
export const DEFAULT_GOLDEN = "report.json";
export const DEFAULT_CALLS = "calls.jsonl";
/** What a scrubbed value becomes, on both sides of the comparison, unless a rule says. */
export const SCRUBBED = "[scrubbed]";

/** Variables the shim environment owns: a scenario cannot set them. */
export const RESERVED_ENV = new Set([
  "PATH",
  "HOME",
  "BASH_ENV",
  "ENV",
  "TZ",
  "SOURCE_DATE_EPOCH",
  "OPS_SKILL_SHIMS",
]);

export interface ScenarioProblem {
  /** The file, as the caller names the scenario folder joined with the file's name. */
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  line: number;
  message: string;
}

export interface FrozenClock {
  /** RFC 3339, as written. */
  now: string;
  /** Seconds since the epoch (`SOURCE_DATE_EPOCH`). */
  epoch: number;
  /** IANA time zone (`TZ`), `UTC` unless given. */
  tz: string;
}

export type Expectation =
  | { pointer: string; line: number; op: "equals"; value: unknown }
  /** A string holds the text, an array holds an equal element, an object the given members. */
  | { pointer: string; line: number; op: "contains"; value: unknown }
  /** The number of elements of an array or members of an object. */
  | { pointer: string; line: number; op: "count"; value: number };

export interface ScrubRule {
  /** A JSON Pointer whose segments may be `*` (any member or element). */
  pointer: string;
  line: number;
  /** What the value becomes. */
  with: unknown;
}

export type Golden =
  | { path: string; state: "missing" }
  | { path: string; state: "present"; value: unknown };

export interface Scenario {
  /** `<skill>/<scenario>`. */
  id: string;
  skill: string;
  name: string;
  /** The folder, as the caller named it. */
  dir: string;
  description: string | undefined;
  clock: FrozenClock;
  cassette: { path: string; session: Session };
  golden: Golden;
  /** The recorded tool calls (empty when the scenario has no calls file). */
  recordings: ToolRecording[];
  /** Every tool that gets a shim: the defaults, those named, those recorded. */
  tools: string[];
  env: Record<string, string>;
  /** The exit code expected of `codex exec`. */
  exitCode: number;
  scrub: ScrubRule[];
  /** Arrays compared as sets (order ignored), by JSON Pointer (`*` allowed). */
  sets: { pointer: string; line: number }[];
  expect: Expectation[];
  /** Argument-vector prefixes no call may start with (`["terraform", "apply"]`). */
  forbidden: { argv: string[]; line: number }[];
  /** `context`: the most tokens one command's output may lose to Codex's cut (none: a warning). */
  context?: ContextSettings;
  /** The skill's test settings (`tests/suite.json`), when it has them (load.ts attaches them). */
  suite?: Suite;
}

export type ScenarioResult =
  | { ok: true; scenario: Scenario }
  | {
      ok: false;
      id: string;
      skill: string;
      name: string;
      dir: string;
      problems: ScenarioProblem[];
    };

export type SourceRead =
  | { ok: true; text: string }
  | { ok: false; missing: boolean; problem: string };

/** How the model sees a scenario folder. Paths are relative to it. */
export interface ScenarioSource {
  read(path: string): SourceRead;
  /** Why a side file cannot be used (missing, not a regular file), or undefined. */
  checkFile(path: string): string | undefined;
  /** Whether the skill the scenario tests has a `SKILL.md`. */
  skillExists: boolean;
}

export interface ScenarioInput {
  skill: string;
  name: string;
  /** The folder as problems name it (`skills/drift-check/tests/clean`). */
  dir: string;
  source: ScenarioSource;
}

const KEYS = [
  "version",
  "description",
  "clock",
  "cassette",
  "golden",
  "calls",
  "tools",
  "env",
  "exit_code",
  "scrub",
  "sets",
  "expect",
  "forbidden",
  "context",
];

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Why a JSON Pointer (segments may be `*`) is not one, or undefined. */
export function pointerProblem(pointer: unknown): string | undefined {
  if (typeof pointer !== "string") return "a JSON Pointer must be a string";
  if (pointer !== "" && !pointer.startsWith("/")) {
    return `${JSON.stringify(pointer)} is not a JSON Pointer (it starts with "/", or is "" for the whole report)`;
  }
  if (/~(?![01])/.test(pointer)) return `${JSON.stringify(pointer)}: "~" must be "~0" or "~1"`;
  return undefined;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function joinPath(dir: string, file: string): string {
  let end = dir.length;
  while (end > 0 && (dir[end - 1] === "/" || dir[end - 1] === "\\")) end--;
  return end === 0 ? file : `${dir.slice(0, end)}/${file}`;
}

/** Reads one scenario folder into a `Scenario`, or every problem found in it. */
export function parseScenario(input: ScenarioInput): ScenarioResult {
  const { skill, name, dir, source } = input;
  const id = `${skill}/${name}`;
  const problems: ScenarioProblem[] = [];
  const fail = (): ScenarioResult => ({
    ok: false,
    id,
    skill,
    name,
    dir,
    // By file, then line (sort is stable: problems of one line keep their order).
    problems: problems.sort((a, b) => (a.file === b.file ? a.line - b.line : 0)),
  });
  const scenarioFile = joinPath(dir, SCENARIO_FILE);

  const read = source.read(SCENARIO_FILE);
  if (!read.ok) {
    problems.push({
      file: scenarioFile,
      line: 0,
      message: read.missing
        ? `no ${SCENARIO_FILE}: every folder under tests/ is a scenario and needs one`
        : read.problem,
    });
    return fail();
  }
  const doc = parseJsonDocument(read.text);
  if (doc.problems.length > 0) {
    for (const problem of doc.problems) {
      problems.push({ file: scenarioFile, line: problem.range.line, message: problem.message });
    }
    return fail();
  }
  const lineOf = (pointer: string): number => doc.locate(pointer)?.value.line ?? 1;
  const at = (pointer: string, message: string) =>
    problems.push({ file: scenarioFile, line: lineOf(pointer), message });

  const root = doc.value;
  if (!isObject(root)) {
    at("", `${SCENARIO_FILE} must hold a JSON object`);
    return fail();
  }
  if (!source.skillExists) {
    at("", `the skill "${skill}" has no SKILL.md: a scenario tests a skill of the folder it is in`);
  }
  for (const key of Object.keys(root)) {
    if (KEYS.includes(key)) continue;
    const near = closestMatch(key, KEYS);
    at(`/${key}`, `unknown key "${key}"${near === undefined ? "" : `; did you mean "${near}"?`}`);
  }
  if (root.version !== SCENARIO_FORMAT_VERSION) {
    at(
      root.version === undefined ? "" : "/version",
      `"version" must be ${SCENARIO_FORMAT_VERSION} (the scenario format this ops-skill reads)`,
    );
  }
  if (root.description !== undefined && typeof root.description !== "string") {
    at("/description", '"description" must be a string');
  }

  const clock = parseClock(root.clock, at);
  const files = parseFileNames(root, at);
  const env = parseEnv(root.env, at);
  const tools = parseStringList(root.tools, "/tools", at, toolNameProblem);
  const exitCode = root.exit_code ?? 0;
  if (typeof exitCode !== "number" || !Number.isInteger(exitCode) || exitCode < 0) {
    at("/exit_code", '"exit_code" must be a non-negative integer (what `codex exec` exits with)');
  }
  const scrub = parseScrub(root.scrub, at, lineOf);
  const sets = parseStringList(root.sets, "/sets", at, pointerProblem).map((pointer, k) => ({
    pointer,
    line: lineOf(`/sets/${k}`),
  }));
  const expect = parseExpect(root.expect, at, lineOf);
  const forbidden = parseForbidden(root.forbidden, at, lineOf);
  const context = parseContextSettings(root.context, at);

  // The cassette, the recorded calls and the golden, each named by scenario.json.
  let session: Session | undefined;
  const cassetteFile = joinPath(dir, files.cassette);
  const cassetteRead = source.read(files.cassette);
  if (!cassetteRead.ok) {
    problems.push({
      file: cassetteFile,
      line: 0,
      message: cassetteRead.missing ? "the cassette does not exist" : cassetteRead.problem,
    });
  } else {
    const base = files.cassette.includes("/") ? files.cassette.replace(/\/[^/]*$/, "/") : "";
    const parsed = parseCassette(cassetteRead.text, {
      file: cassetteFile,
      readSideFile: (side) => {
        const path = base + side;
        if (relativePathProblem(path) !== undefined) return undefined;
        const sideRead = source.read(path);
        return sideRead.ok ? sideRead.text : undefined;
      },
    });
    if (parsed.ok) session = parsed.session;
    else {
      problems.push({ ...parsed.problem });
    }
  }

  let recordings: ToolRecording[] = [];
  const callsFile = joinPath(dir, files.calls);
  const callsRead = source.read(files.calls);
  if (callsRead.ok) {
    const parsed = parseRecordings(callsRead.text, {
      file: callsFile,
      checkFile: (path) => source.checkFile(path),
    });
    recordings = parsed.recordings;
    problems.push(...parsed.problems);
  } else if (!callsRead.missing || files.callsNamed) {
    problems.push({
      file: callsFile,
      line: 0,
      message: callsRead.missing ? "the recorded calls file does not exist" : callsRead.problem,
    });
  }

  let golden: Golden = { path: files.golden, state: "missing" };
  const goldenFile = joinPath(dir, files.golden);
  const goldenRead = source.read(files.golden);
  const goldenDeep = goldenRead.ok ? tooDeepAt(goldenRead.text) : undefined;
  if (goldenRead.ok && goldenDeep !== undefined) {
    problems.push({
      file: goldenFile,
      line: new LineIndex(goldenRead.text).positionAt(goldenDeep).line,
      message: `the golden report nests deeper than ${MAX_REPORT_DEPTH} levels`,
    });
  } else if (goldenRead.ok) {
    const goldenDoc: JsonDocument = parseJsonDocument(goldenRead.text);
    if (goldenDoc.problems.length > 0) {
      for (const problem of goldenDoc.problems) {
        problems.push({
          file: goldenFile,
          line: problem.range.line,
          message: `the golden report is not JSON: ${problem.message}`,
        });
      }
    } else golden = { path: files.golden, state: "present", value: goldenDoc.value };
  } else if (!goldenRead.missing) {
    problems.push({ file: goldenFile, line: 0, message: goldenRead.problem });
  }

  if (problems.length > 0 || clock === undefined || session === undefined) return fail();
  return {
    ok: true,
    scenario: {
      id,
      skill,
      name,
      dir,
      description: root.description as string | undefined,
      clock,
      cassette: { path: files.cassette, session },
      golden,
      recordings,
      tools: shimmedTools(
        [...tools, ...forbidden.map((entry) => entry.argv[0] as string)],
        recordings,
      ),
      env,
      exitCode: exitCode as number,
      scrub,
      sets,
      expect,
      forbidden,
      ...(context === undefined ? {} : { context }),
    },
  };
}

type At = (pointer: string, message: string) => void;

function parseClock(raw: unknown, at: At): FrozenClock | undefined {
  if (raw === undefined) {
    at(
      "",
      '"clock" is required: the time the session was recorded (RFC 3339), so "expires in 12 days" does not rot',
    );
    return undefined;
  }
  const given = typeof raw === "string" ? { now: raw } : raw;
  if (!isObject(given)) {
    at("/clock", '"clock" must be an RFC 3339 time or {"now": ..., "tz": ...}');
    return undefined;
  }
  const pointer = typeof raw === "string" ? "/clock" : "/clock/now";
  for (const key of Object.keys(given)) {
    if (key !== "now" && key !== "tz") at(`/clock/${key}`, `unknown key "${key}" in "clock"`);
  }
  const now = given.now;
  const ms = typeof now === "string" && RFC3339.test(now) ? Date.parse(now) : Number.NaN;
  if (typeof now !== "string" || Number.isNaN(ms)) {
    at(
      pointer,
      `"clock" must be an RFC 3339 time in whole seconds, like "2026-12-01T06:00:00Z" (got ${JSON.stringify(now)})`,
    );
    return undefined;
  }
  const tz = given.tz ?? "UTC";
  if (typeof tz !== "string" || !validTimeZone(tz)) {
    at("/clock/tz", `"tz" must be an IANA time zone such as "UTC" or "Europe/Paris"`);
    return undefined;
  }
  return { now, epoch: Math.floor(ms / 1000), tz };
}

function parseFileNames(
  root: Json,
  at: At,
): { cassette: string; golden: string; calls: string; callsNamed: boolean } {
  const pick = (key: string, fallback: string): string => {
    const value = root[key];
    if (value === undefined) return fallback;
    const problem = relativePathProblem(value);
    if (problem !== undefined) {
      at(`/${key}`, `"${key}" ${problem}`);
      return fallback;
    }
    return value as string;
  };
  return {
    cassette: pick("cassette", DEFAULT_CASSETTE),
    golden: pick("golden", DEFAULT_GOLDEN),
    calls: pick("calls", DEFAULT_CALLS),
    callsNamed: root.calls !== undefined,
  };
}

function parseEnv(raw: unknown, at: At): Record<string, string> {
  const env: Record<string, string> = {};
  if (raw === undefined) return env;
  if (!isObject(raw)) {
    at("/env", '"env" must be an object of variable names to strings');
    return env;
  }
  for (const [key, value] of Object.entries(raw)) {
    const pointer = `/env/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (!ENV_NAME.test(key)) at(pointer, `${JSON.stringify(key)} is not a variable name`);
    else if (RESERVED_ENV.has(key)) {
      at(pointer, `"${key}" is set by the test environment (the shims and the frozen clock)`);
    } else if (typeof value !== "string" || value.includes("\0")) {
      at(pointer, `"${key}" must be a string without NUL characters`);
    } else env[key] = value;
  }
  return env;
}

/**
 * The entries of an array member of scenario.json, each parsed by `parse` (undefined: a problem
 * was reported); a missing member is empty, anything but an array one problem.
 */
function eachEntry<T>(
  raw: unknown,
  pointer: string,
  expected: string,
  at: At,
  parse: (entry: unknown, here: string) => T | undefined,
): T[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    at(pointer, `"${pointer.slice(1)}" must be an array of ${expected}`);
    return [];
  }
  const parsed: T[] = [];
  raw.forEach((entry, k) => {
    const value = parse(entry, `${pointer}/${k}`);
    if (value !== undefined) parsed.push(value);
  });
  return parsed;
}

function parseStringList(
  raw: unknown,
  pointer: string,
  at: At,
  check: (value: unknown) => string | undefined,
): string[] {
  return eachEntry(raw, pointer, "strings", at, (value, here) => {
    const problem = check(value);
    if (problem === undefined) return value as string;
    at(here, problem);
    return undefined;
  });
}

function parseScrub(raw: unknown, at: At, lineOf: (p: string) => number): ScrubRule[] {
  return eachEntry(raw, "/scrub", 'JSON Pointers or {"pointer", "with"}', at, (entry, here) => {
    const rule = typeof entry === "string" ? { pointer: entry } : entry;
    if (!isObject(rule)) {
      at(here, 'a scrub rule is a JSON Pointer or {"pointer", "with"}');
      return undefined;
    }
    for (const key of Object.keys(rule)) {
      if (key !== "pointer" && key !== "with") at(`${here}/${key}`, `unknown key "${key}"`);
    }
    const problem = pointerProblem(rule.pointer);
    if (problem !== undefined) {
      at(here, problem);
      return undefined;
    }
    return {
      pointer: rule.pointer as string,
      line: lineOf(here),
      with: "with" in rule ? rule.with : SCRUBBED,
    };
  });
}

const OPS = ["equals", "contains", "count"] as const;

function parseExpect(raw: unknown, at: At, lineOf: (p: string) => number): Expectation[] {
  const shape = '{"pointer", "equals" | "contains" | "count"}';
  return eachEntry(raw, "/expect", shape, at, (entry, here): Expectation | undefined => {
    if (!isObject(entry)) {
      at(here, `an expectation is ${shape}`);
      return undefined;
    }
    for (const key of Object.keys(entry)) {
      if (key !== "pointer" && !(OPS as readonly string[]).includes(key)) {
        const near = closestMatch(key, [...OPS, "pointer"]);
        at(`${here}/${key}`, `unknown key "${key}"${near ? `; did you mean "${near}"?` : ""}`);
      }
    }
    const problem = pointerProblem(entry.pointer);
    if (problem !== undefined) at(entry.pointer === undefined ? here : `${here}/pointer`, problem);
    const ops = OPS.filter((op) => op in entry);
    if (ops.length !== 1) {
      at(
        here,
        `an expectation has exactly one of "equals", "contains", "count" (got ${ops.length})`,
      );
      return undefined;
    }
    const op = ops[0] as (typeof OPS)[number];
    const value = entry[op];
    if (op === "count" && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) {
      at(`${here}/count`, '"count" must be a non-negative integer');
      return undefined;
    }
    if (problem !== undefined) return undefined;
    const pointer = entry.pointer as string;
    if (pointer.split("/").includes("*")) {
      at(`${here}/pointer`, 'an expectation names one value: "*" is for scrub and sets');
      return undefined;
    }
    return { pointer, line: lineOf(here), op, value } as Expectation;
  });
}

/** The `forbidden` list of scenario.json or suite.json, each entry with its line. */
export function parseForbidden(
  raw: unknown,
  at: (pointer: string, message: string) => void,
  lineOf: (p: string) => number,
): { argv: string[]; line: number }[] {
  return eachEntry(raw, "/forbidden", 'commands ("terraform apply")', at, (entry, here) => {
    const argv =
      typeof entry === "string"
        ? entry.split(/\s+/).filter((word) => word !== "")
        : Array.isArray(entry) && entry.every((word) => typeof word === "string")
          ? (entry as string[])
          : undefined;
    if (argv === undefined || argv.length === 0) {
      at(here, 'a forbidden command is a string ("terraform apply") or an array of words');
      return undefined;
    }
    const problem = toolNameProblem(argv[0]);
    if (problem === undefined) return { argv, line: lineOf(here) };
    at(here, problem);
    return undefined;
  });
}
