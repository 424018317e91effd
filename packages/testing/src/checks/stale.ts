/**
 * The stale-cassette check: a cassette records the content hashes of what the session saw
 * (`invocation.inputs`: the skills Codex listed, by path from the working directory, and the
 * output schema). When the skill's SKILL.md or the schema changed since, the recorded model
 * turns answer a runbook that is no longer there: the scenario fails, naming the file, both
 * hashes, and how to re-record.
 */
import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { relative, resolve } from "node:path";
import { readRegularFile } from "@ops-skill/core";
import type { Scenario } from "../scenario.js";
import { shellQuote } from "../shims.js";
import { outputSchemaPath } from "./schema.js";

export interface StaleInput {
  /** The file, relative to the run's working directory. */
  file: string;
  recorded: string;
  /** The hash now; null when the file is gone. */
  current: string | null;
}

export interface StaleCheck {
  kind: "stale-cassette";
  passed: boolean;
  /** The cassette, relative to the working directory. */
  cassette: string;
  changed: StaleInput[];
  /** The command that re-records the session with its recorded flags and prompt. */
  rerecord: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function hashOf(path: string): string | null {
  const read = readRegularFile(path);
  return read.ok ? `sha256:${createHash("sha256").update(read.bytes).digest("hex")}` : null;
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The check, or undefined when the cassette records no hash of the skill or schema. */
export function checkStaleCassette(scenario: Scenario, cwd: string): StaleCheck | undefined {
  const invocation = scenario.cassette.session.invocation;
  const inputs = invocation.inputs;
  if (!isObject(inputs)) return undefined;
  const compared: StaleInput[] = [];
  const skillFile = resolve(scenario.dir, "..", "..", "SKILL.md");
  const skillReal = real(skillFile);
  if (isObject(inputs.skills)) {
    // The skill's entry: the recorded path that is its SKILL.md (through links such as
    // `.agents/skills` -> `skills`).
    for (const [path, recorded] of Object.entries(inputs.skills)) {
      if (typeof recorded !== "string" || real(resolve(cwd, path)) !== skillReal) continue;
      compared.push({ file: relative(cwd, skillFile), recorded, current: hashOf(skillFile) });
      break;
    }
  }
  const schema = outputSchemaPath(invocation.args ?? []);
  if (schema !== undefined && typeof inputs.schema === "string") {
    const path = resolve(cwd, schema);
    compared.push({ file: relative(cwd, path), recorded: inputs.schema, current: hashOf(path) });
  }
  if (compared.length === 0) return undefined;
  const changed = compared.filter((input) => input.current !== input.recorded);
  const cassette = relative(cwd, resolve(scenario.dir, scenario.cassette.path));
  const words = [...(invocation.args ?? []), ...(invocation.prompt ? [invocation.prompt] : [])];
  return {
    kind: "stale-cassette",
    passed: changed.length === 0,
    cassette,
    changed,
    rerecord: `ops-skill record --cassette ${shellQuote(cassette)} -- ${words.map(shellQuote).join(" ")}`,
  };
}

export function staleMessages(check: StaleCheck): string[] {
  if (check.passed) return [];
  return [
    ...check.changed.map(
      (input) =>
        `stale cassette: ${input.file} ${input.current === null ? "is gone" : "changed"} since ${check.cassette} was recorded (recorded ${input.recorded}, now ${input.current ?? "no file"})`,
    ),
    `  re-record the session from the repository root: ${check.rerecord}`,
  ];
}
