import type { Dialect } from "../dialect.js";
import { parseJsonDocument } from "../json-document.js";
import { buildSchemaModel, type SchemaModel } from "../model.js";
import { type LocatedMessage, SchemaProblems } from "./errors.js";
import { outputNames } from "./naming.js";
import {
  type EntryNames,
  entryDts,
  entryJs,
  RUNTIME_TYPE_NAMES,
  validateDts,
  validateJs,
} from "./templates.js";
import { compileDeclarations } from "./typescript.js";
import { compileValidator, metaSchemaProblems } from "./validator.js";

export interface SchemaInput extends EntryNames {
  /** The schema's text (a leading BOM is ignored). */
  text: string;
  /** Directory of the schema file (json-schema-to-typescript's `cwd`; nothing is read there). */
  dir: string;
}

export interface SchemaOutput {
  /** Generated files by name (relative to the output directory). */
  files: Map<string, string>;
  /** Packages the generated files import. */
  packages: string[];
  warnings: string[];
}

/**
 * The dialect to generate for, by the rule every command shares (`../dialect.ts`, read by the
 * model); a `$schema` naming another dialect is refused rather than guessed.
 */
export function generationDialect(model: SchemaModel): Dialect | LocatedMessage {
  const { dialect, declared, recognized } = model.dialect;
  const $schema = (model.root as Record<string, unknown>).$schema;
  if (recognized && (declared !== undefined || $schema === undefined)) return dialect;
  return {
    pointer: "/$schema",
    message: `"$schema": ${JSON.stringify($schema)} is not supported: use "https://json-schema.org/draft/2020-12/schema" or "http://json-schema.org/draft-07/schema#"`,
  };
}

/**
 * What generation cannot start from, read off the model's resolved references: every `$ref`
 * must be local (`#` or `#/json/pointer`) and name a schema of the file. Remote and relative
 * references are refused rather than fetched or read, and so are nested `$id`s, which would
 * make json-schema-to-typescript and ajv resolve `#/...` differently.
 */
export function referenceProblems(model: SchemaModel): LocatedMessage[] {
  const problems: LocatedMessage[] = [];
  for (const node of model.nodes) {
    const schema = node.value;
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) continue;
    const $id = (schema as Record<string, unknown>).$id;
    if (typeof $id === "string" && node.parent !== undefined && !$id.startsWith("#"))
      problems.push({
        pointer: `${node.pointer}/$id`,
        message: `a nested "$id" ("${$id}") is not supported: keep one "$id" at the root and put shared definitions under "$defs"`,
      });
    const ref = model.refOf(node);
    if (ref === undefined) continue;
    const message = refMessage(ref.ref, ref.problem, (schema as Record<string, unknown>).$ref);
    if (message !== undefined) problems.push({ pointer: `${node.pointer}/$ref`, message });
  }
  return problems;
}

function refMessage(
  ref: string,
  problem: SchemaModel["refs"][number]["problem"],
  raw: unknown,
): string | undefined {
  switch (problem) {
    case "malformed":
      return typeof raw === "string"
        ? `"$ref": "${ref}" is not a valid URI fragment`
        : `"$ref" must be a string`;
    case "remote":
      return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(ref)
        ? `"$ref": "${ref}" is a remote reference, which is never fetched: copy the definition under "$defs" and use "#/$defs/..."`
        : `"$ref": "${ref}" points into another file, which is not supported: copy the definition under "$defs" and use "#/$defs/..."`;
    case "missing":
      return /^#[^/]/.test(ref)
        ? `"$ref": "${ref}" uses an anchor, which is not supported: use a JSON Pointer such as "#/$defs/${ref.slice(1)}"`
        : `"$ref": "${ref}" points to a definition that does not exist`;
    case "alias-cycle":
      return `"$ref": "${ref}" only leads to other references and back to itself: no schema is ever reached`;
    default:
      // A reference to a schema below the top level works for the generators.
      return undefined;
  }
}

/** Parses and checks one schema (through the schema model), then generates its files. Throws SchemaProblems. */
export async function generateSchemaFiles(input: SchemaInput): Promise<SchemaOutput> {
  const text = input.text.charCodeAt(0) === 0xfeff ? input.text.slice(1) : input.text;
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch {
    // The wording and place every command gives (`schema check`, `schema fix`).
    const syntax = parseJsonDocument(text).problems[0];
    throw new SchemaProblems([
      syntax === undefined
        ? { message: "not valid JSON" }
        : { offset: syntax.offset, message: `not valid JSON: ${syntax.message}` },
    ]);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    throw new SchemaProblems([
      { pointer: "", message: "the schema must be a JSON object (a report is an object)" },
    ]);
  const root = schema as Record<string, unknown>;
  const model = buildSchemaModel(root);
  const dialect = generationDialect(model);
  if (typeof dialect !== "string") throw new SchemaProblems([dialect]);
  const refProblems = referenceProblems(model);
  if (refProblems.length > 0) throw new SchemaProblems(refProblems);

  const validator = await compileValidator(model, dialect);
  let declarations: string;
  try {
    declarations = await compileDeclarations(root, input.typeName, input.dir);
  } catch (error) {
    // A meta-schema violation, when there is one, says better where the problem is.
    const invalid = await metaSchemaProblems(root, dialect);
    throw invalid.length > 0 ? new SchemaProblems(invalid) : error;
  }
  if (/^export (?:const )?enum /m.test(declarations))
    throw new SchemaProblems([
      {
        message:
          'json-schema-to-typescript made a TypeScript enum (from "tsEnumNames"), which needs runtime code the generated files do not have: remove "tsEnumNames"',
      },
    ]);
  const declared = (type: string) =>
    new RegExp(`^export (?:interface|type) ${type}\\b`, "m").test(declarations);
  const reexport = RUNTIME_TYPE_NAMES.filter((type) => !declared(type));
  const [dts, js, validateDtsName, validateJsName] = outputNames(input.name) as [
    string,
    string,
    string,
    string,
  ];
  const files = new Map<string, string>([
    [dts, entryDts(input, declarations, reexport)],
    [
      js,
      entryJs(
        input,
        reexport.filter((r) => r !== "ReportIssue"),
      ),
    ],
    [validateDtsName, validateDts(input)],
    [validateJsName, validateJs(input, validator.code)],
  ]);
  return { files, packages: validator.packages, warnings: validator.warnings };
}
