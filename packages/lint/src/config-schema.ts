/**
 * The JSON Schema of `ops-skill.config.json`, for editors' completion and checks (`"$schema"`
 * in the file): every rule id with its description, default and options schema (from the
 * rules' metadata), `ignores` and `types`. Published as
 * `@ops-skill/lint/schema/ops-skill.config.schema.json`; `scripts/generate-config-schema.mjs`
 * writes it, and a test keeps it equal to what this function returns.
 */
import type { RuleMeta } from "./rule.js";

/** Where the published schema is, for `"$schema"` in a config file (`ops-skill init` writes it). */
export const CONFIG_SCHEMA_URL =
  "https://raw.githubusercontent.com/ops-skill/ops-skill/main/packages/lint/schema/ops-skill.config.schema.json";

const SEVERITY = { $ref: "#/definitions/severity" };

/** The schema for a config whose rules are `rules` (the built-in ones and the plugins'). */
export function configSchema(rules: readonly RuleMeta[]): Record<string, unknown> {
  const configurable = rules
    // The internal rules (an internal error, an ignored stdin file) cannot be configured.
    .filter((r) => r.category !== "internal")
    .sort((a, b) => a.id.localeCompare(b.id));
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: CONFIG_SCHEMA_URL,
    title: "ops-skill configuration (ops-skill.config.json)",
    description:
      "Rule severities and options, ignored paths, and where `ops-skill types` writes. Read as JSONC: comments and trailing commas are allowed.",
    type: "object",
    properties: {
      $schema: { type: "string", description: "This schema, for editors." },
      rules: {
        type: "object",
        description:
          'Each rule\'s severity ("error", "warning" or "warn", "info", "off", or 2, 1, 0), or [severity, options].',
        properties: Object.fromEntries(configurable.map((rule) => [rule.id, ruleSetting(rule)])),
        additionalProperties: false,
      },
      ignores: {
        type: "array",
        description:
          "Globs (picomatch, relative to this file's folder) of paths that are never linted.",
        items: { type: "string", minLength: 1 },
      },
      types: {
        type: "object",
        description: "`ops-skill types`.",
        properties: {
          outDir: {
            type: "string",
            minLength: 1,
            description:
              "Where the generated types and validators go, relative to this file's folder (default: schemas/generated).",
          },
        },
        additionalProperties: false,
      },
      doctor: {
        type: "object",
        description: "`ops-skill doctor`.",
        properties: {
          monthlyTokenBudget: {
            type: "integer",
            minimum: 0,
            description:
              "The tokens a month each scheduled run may take: the cost check breaks when a run's recorded tokens times its schedule's runs in 30 days pass it.",
          },
          schedules: {
            type: "array",
            description:
              "Files or folders of schedules (relative to this file's folder) that `ops-skill doctor` reads, given no argument, besides those it finds (.github/workflows/, cron/, *.cron, scripts that call codex exec): a folder of workflows kept elsewhere, a crontab by another name.",
            items: { type: "string", minLength: 1 },
          },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
    definitions: {
      severity: {
        enum: ["error", "warning", "warn", "info", "off", 0, 1, 2],
        description: '"warn" and 1 mean "warning"; 2 "error"; 0 "off".',
      },
    },
  };
}

function ruleSetting(rule: RuleMeta): Record<string, unknown> {
  const options = rule.options ?? {
    type: "object",
    properties: {},
    additionalProperties: false,
  };
  return {
    description: `${rule.description} (default: ${rule.defaultSeverity}${rule.fixable ? "; fixable" : ""}) ${rule.docsUrl}`,
    anyOf: [
      SEVERITY,
      {
        type: "array",
        items: [SEVERITY, options],
        minItems: 1,
        maxItems: 2,
      },
    ],
  };
}
