/**
 * What a schema check is. Each check lives in `src/rules/<name>.ts`, reads the one
 * `SchemaModel` and returns findings; the lint engine can wrap each as a `schema/` rule.
 * `error` by default means the run breaks (Codex or the API refuses the schema); `warning` and
 * `info` are report quality.
 */
import type { Severity } from "@ops-skill/core";
import type { SchemaModel } from "./model.js";

export interface SchemaCheckFinding {
  /** JSON Pointer of what the finding is about (a node, a keyword's value, a property). */
  pointer: string;
  message: string;
  /** Point at the property name rather than its value in the file. */
  at?: "key" | "value";
  /** How to fix it by hand, in one line. */
  hint?: string;
}

export interface SchemaCheck {
  /** `schema/<name>`; the file is `src/rules/<name>.ts`, the docs `docs/rules/schema/<name>.md`. */
  id: `schema/${string}`;
  /** One sentence: what the check reports. */
  description: string;
  defaultSeverity: Severity;
  /** `fixSchema` repairs what this check reports (at least in the usual cases). */
  fixable: boolean;
  /**
   * `codex`: Codex refuses the file before any request. `strict`: the API's strict mode rejects
   * the schema (HTTP 400, exit 1). `json-schema`: not a valid JSON Schema. `quality`: the run
   * works, the report is worse.
   */
  kind: "codex" | "strict" | "json-schema" | "quality";
  check(model: SchemaModel): SchemaCheckFinding[];
}

export function defineSchemaCheck(check: SchemaCheck): SchemaCheck {
  if (!/^schema\/[a-z0-9]+(-[a-z0-9]+)*$/.test(check.id)) {
    throw new Error(`bad schema check id: ${check.id}`);
  }
  return check;
}
