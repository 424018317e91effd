/**
 * A unified diff of two schemas, pretty-printed as JSON with two spaces (how `fixSchema`'s
 * output is written), made by jsdiff (`diff`).
 */
import { createTwoFilesPatch } from "diff";

export interface SchemaDiffOptions {
  /** Names in the `---`/`+++` header (default `a/schema.json`, `b/schema.json`). */
  fromFile?: string;
  toFile?: string;
  /** Unchanged lines around each change (default 3). */
  context?: number;
}

/** The text `fixSchema` output is written as: 2-space JSON and a final newline. */
export function formatSchemaJson(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** A unified diff of two texts; empty when they are equal. */
export function unifiedDiff(
  before: string,
  after: string,
  options: SchemaDiffOptions = {},
): string {
  if (before === after) return "";
  const patch = createTwoFilesPatch(
    options.fromFile ?? "a/schema.json",
    options.toFile ?? "b/schema.json",
    before,
    after,
    undefined,
    undefined,
    { context: options.context ?? 3 },
  );
  // jsdiff starts with an `Index:`-free `===` line only for createPatch; drop tabs after names.
  return patch
    .split("\n")
    .filter((line) => !line.startsWith("==="))
    .map((line) =>
      line.startsWith("--- ") || line.startsWith("+++ ") ? line.split("\t", 1)[0] : line,
    )
    .join("\n");
}

/** The unified diff between two schemas as `fixSchema` writes them. */
export function formatSchemaDiff(
  before: unknown,
  after: unknown,
  options: SchemaDiffOptions = {},
): string {
  return unifiedDiff(formatSchemaJson(before), formatSchemaJson(after), options);
}
