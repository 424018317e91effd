/**
 * The `schema` check: the `--output-schema` file Codex reads at start-up exists, is a regular
 * file and parses as JSON (else Codex exits 1 before any request), and strict mode accepts it
 * (else the API answers 400 `invalid_json_schema` on the first request and the run exits 1).
 * Strict mode is decided by `@ops-skill/schema`'s strict checks, the ones `ops-skill schema
 * check` reports. Without `--output-schema`, a later step that parses the report as JSON reads
 * whatever the model wrote last: the skill's recorded runs say whether that was JSON.
 */
import { codexIoError, problemClause, readRegularText } from "@ops-skill/core";
import { apiErrorText, checkSchemaText, STRICT_KINDS } from "@ops-skill/schema";
import type { Invocation, Location, SyncCheck, Verdict } from "../model.js";
import { isRunTimePath, listed, resolveInRun, skillsOfRun, startDir, verdict } from "./_run.js";
import { finalMessage, recordedScenarios } from "./_scenarios.js";

/** What Codex reads of an `--output-schema` file at most (the lint's schema cap). */
const MAX_SCHEMA_BYTES = 16 * 1024 * 1024;

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function withoutSchema(invocation: Invocation, root: string): Verdict[] {
  const parsers = invocation.reportUses.filter((use) => use.jqPaths.length > 0);
  if (parsers.length === 0) {
    return [
      verdict(
        "schema",
        "works",
        "no --output-schema, and no later step parses the report as JSON",
        "Codex sends no output schema; nothing after the run reads its final message as JSON.",
        invocation.location,
      ),
    ];
  }
  const use = parsers[0] as (typeof parsers)[number];
  const fix =
    "Pass the report's schema: `codex exec --output-schema schemas/<report>.schema.json ...` (strict mode then makes every final message match it).";
  const skills = skillsOfRun(invocation, root);
  const messages = skills.flatMap((skill) =>
    recordedScenarios(skill.dir).flatMap((scenario) => {
      const text = finalMessage(scenario);
      return text === undefined ? [] : [{ id: scenario.id, text }];
    }),
  );
  const notJson = messages.filter((message) => !isJson(message.text.trim()));
  if (notJson.length > 0) {
    return [
      verdict(
        "schema",
        "breaks",
        `${use.file} is parsed as JSON, but the run has no --output-schema`,
        `Without --output-schema the final message is whatever the model writes, and the skill's recorded runs ended with text that is not JSON (${listed(notJson.map((m) => m.id))}): jq fails on it and the gate never decides.`,
        use.location,
        fix,
      ),
    ];
  }
  return [
    verdict(
      "schema",
      "cannot-tell",
      `${use.file} is parsed as JSON, but the run has no --output-schema`,
      messages.length > 0
        ? `Without --output-schema nothing makes the final message JSON; the skill's recorded runs happened to end with JSON (${listed(messages.map((m) => m.id))}), a scheduled run may not.`
        : "Without --output-schema nothing makes the final message JSON, and no recorded run of the skill shows what it writes.",
      use.location,
      fix,
    ),
  ];
}

function schemaLocation(file: string, line = 1, column = 1): Location {
  return { file, line, column };
}

export const schemaCheck: SyncCheck = (invocation, context) => {
  const given = invocation.options.outputSchema;
  if (given === undefined) return withoutSchema(invocation, context.root);
  const path = resolveInRun(invocation, given);
  const title = `the output schema ${given} is read and accepted by strict mode`;
  if (isRunTimePath(given)) {
    return [
      verdict(
        "schema",
        "cannot-tell",
        title,
        `The schema's path is made when the run starts (${given}), so the doctor cannot read the file Codex will.`,
        invocation.location,
        "Name the schema by a path in the repository, or check it with `ops-skill schema check`.",
      ),
    ];
  }
  const read = readRegularText(path, { maxBytes: MAX_SCHEMA_BYTES });
  if (!read.ok && read.kind === "too-large") {
    return [
      verdict(
        "schema",
        "cannot-tell",
        title,
        `${path} ${problemClause(read)}: the doctor does not read it (Codex would, and send it whole on every request).`,
        invocation.location,
        "Keep the report schema small; `ops-skill schema check` reports the API's size limits.",
      ),
    ];
  }
  if (!read.ok) {
    const words = codexIoError(read);
    return [
      verdict(
        "schema",
        "breaks",
        title,
        words !== undefined
          ? `Codex reads the schema before the first request and stops: \`Failed to read output schema file ${given}: ${words}\` (exit 1).`
          : `${path} ${problemClause(read)}: Codex cannot read it as the output schema and the run fails before the first request.`,
        invocation.location,
        `Point --output-schema at the report schema's file (relative to ${startDir(invocation)}, where codex exec is started).`,
      ),
    ];
  }
  const problems = checkSchemaText(read.text, { kinds: STRICT_KINDS }).filter(
    (problem) => problem.severity === "error",
  );
  const first = problems[0];
  if (first === undefined) {
    return [
      verdict(
        "schema",
        "works",
        title,
        `${given} parses as JSON and passes every strict-mode check (the checks of \`ops-skill schema check\`): the API accepts it as \`text.format\`.`,
        schemaLocation(path),
      ),
    ];
  }
  const at = schemaLocation(path, first.range?.line, first.range?.column);
  if (first.code === "schema/invalid-json") {
    return [
      verdict(
        "schema",
        "breaks",
        title,
        `Codex parses the schema at start-up and stops: \`Output schema file ${given} is not valid JSON\` (exit 1, nothing sent). ${first.message}`,
        at,
        `Fix the JSON of ${given} (\`ops-skill schema check ${given}\` shows where).`,
      ),
    ];
  }
  const more =
    problems.length > 1 ? ` (${problems.length} problems in all; the API names one per run)` : "";
  return [
    verdict(
      "schema",
      "breaks",
      title,
      `The API's strict mode rejects the schema on the first request (HTTP 400 \`invalid_json_schema\`, not retried, exit 1): ${apiErrorText(first.message)}${more}.`,
      at,
      `Run \`ops-skill schema check ${given}\` to see every problem and \`ops-skill schema fix ${given} --write\` for the ones it repairs.`,
    ),
  ];
};
