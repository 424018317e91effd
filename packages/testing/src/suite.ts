/**
 * A skill's test settings: `skills/<skill>/tests/suite.json`, optional, a file beside the
 * scenario folders (so not a scenario). Pure: the caller hands in the text (load.ts reads it
 * through core's one reader); problems name the file and line, as scenario.json's do.
 *
 * ```json
 * { "version": 1,
 *   "forbidden": ["terraform apply", ["kubectl", "delete"]],
 *   "token_budget": 15000,
 *   "schedule": { "cron": "0 6 * * *", "profile": "day-two" } }
 * ```
 */
import { closestMatch } from "@ops-skill/core";
import { parseJsonDocument } from "@ops-skill/schema";
import { parseForbidden, type ScenarioProblem } from "./scenario.js";

export const SUITE_FILE = "suite.json";
export const SUITE_FORMAT_VERSION = 1;

export interface Suite {
  /** The file, as problems name it. */
  file: string;
  /** Commands no scenario of the skill may run, added to each scenario's own. */
  forbidden: { argv: string[]; line: number }[];
  /** Tokens per run: the recorded usage, input plus output, summed over the model turns. */
  tokenBudget?: number;
  /** How the skill is scheduled: a 5-field cron line and the Codex profile of the job. */
  schedule?: { cron: string; profile: string };
}

export type SuiteResult = { ok: true; suite: Suite } | { ok: false; problems: ScenarioProblem[] };

const KEYS = ["version", "forbidden", "token_budget", "schedule"];
const SCHEDULE_KEYS = ["cron", "profile"];
/** A cron field: numbers, names (`mon`, `jan`), `*`, ranges, steps and lists. */
const CRON_FIELD = /^[A-Za-z0-9*,/-]+$/;
/** A Codex profile name: the file `<profile>.config.toml` and a TOML key. */
const PROFILE_NAME = /^[A-Za-z0-9_-]+$/;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function unknownKey(key: string, known: readonly string[]): string {
  const near = closestMatch(key, [...known]);
  return `unknown key "${key}"${near === undefined ? "" : `; did you mean "${near}"?`}`;
}

/** Why a cron line is not the 5-field kind (minute hour day month weekday), or undefined. */
export function cronProblem(cron: unknown): string | undefined {
  if (typeof cron !== "string") return '"cron" must be a string of 5 fields, like "0 6 * * *"';
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    return `"cron" must have 5 fields (minute hour day month weekday), like "0 6 * * *"; ${JSON.stringify(cron)} has ${fields.length}`;
  }
  const bad = fields.find((field) => !CRON_FIELD.test(field));
  return bad === undefined ? undefined : `"cron" field ${JSON.stringify(bad)} is not a cron field`;
}

/** Reads suite.json's text; `file` is how problems name it. */
export function parseSuite(text: string, file: string): SuiteResult {
  const problems: ScenarioProblem[] = [];
  const doc = parseJsonDocument(text);
  if (doc.problems.length > 0) {
    return {
      ok: false,
      problems: doc.problems.map((problem) => ({
        file,
        line: problem.range.line,
        message: problem.message,
      })),
    };
  }
  const lineOf = (pointer: string): number => doc.locate(pointer)?.value.line ?? 1;
  const at = (pointer: string, message: string) =>
    problems.push({ file, line: lineOf(pointer), message });
  const root = doc.value;
  if (!isObject(root)) {
    at("", `${SUITE_FILE} must hold a JSON object`);
    return { ok: false, problems };
  }
  for (const key of Object.keys(root))
    if (!KEYS.includes(key)) at(`/${key}`, unknownKey(key, KEYS));
  if (root.version !== SUITE_FORMAT_VERSION) {
    at(
      root.version === undefined ? "" : "/version",
      `"version" must be ${SUITE_FORMAT_VERSION} (the suite format this ops-skill reads)`,
    );
  }
  const forbidden = parseForbidden(root.forbidden, at, lineOf);
  const suite: Suite = { file, forbidden };
  const budget = root.token_budget;
  if (budget !== undefined) {
    if (typeof budget !== "number" || !Number.isInteger(budget) || budget <= 0) {
      at("/token_budget", '"token_budget" must be a positive integer (tokens per run)');
    } else suite.tokenBudget = budget;
  }
  const schedule = root.schedule;
  if (schedule !== undefined) {
    if (!isObject(schedule)) {
      at("/schedule", '"schedule" must be {"cron": "0 6 * * *", "profile": "<name>"}');
    } else {
      for (const key of Object.keys(schedule)) {
        if (!SCHEDULE_KEYS.includes(key)) at(`/schedule/${key}`, unknownKey(key, SCHEDULE_KEYS));
      }
      const cron = cronProblem(schedule.cron);
      if (cron !== undefined)
        at(schedule.cron === undefined ? "/schedule" : "/schedule/cron", cron);
      const profile = schedule.profile;
      if (typeof profile !== "string" || !PROFILE_NAME.test(profile)) {
        at(
          profile === undefined ? "/schedule" : "/schedule/profile",
          '"profile" must be the name of a Codex profile (letters, digits, "_" and "-"): the scheduled `codex exec --profile <name>`',
        );
      }
      if (cron === undefined && typeof profile === "string" && PROFILE_NAME.test(profile)) {
        suite.schedule = { cron: (schedule.cron as string).trim(), profile };
      }
    }
  }
  return problems.length > 0
    ? { ok: false, problems: problems.sort((a, b) => a.line - b.line) }
    : { ok: true, suite };
}
