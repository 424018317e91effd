import { type LocatedMessage, SchemaProblems } from "./errors.js";
import { jsonSyntaxError } from "./locate.js";
import { checkRefs } from "./schema-walk.js";
import {
  type EntryNames,
  entryDts,
  entryJs,
  RUNTIME_TYPE_NAMES,
  validateDts,
  validateJs,
} from "./templates.js";
import { compileDeclarations } from "./typescript.js";
import { compileValidator, dialectOf, metaSchemaProblems } from "./validator.js";

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

/** The four files of one schema's outputs, in the order they are listed. */
export function outputNames(name: string): string[] {
  return [`${name}.d.ts`, `${name}.js`, `${name}.validate.d.ts`, `${name}.validate.js`];
}

/** Parses and checks one schema, then generates its files. Throws SchemaProblems. */
export async function generateSchemaFiles(input: SchemaInput): Promise<SchemaOutput> {
  const text = input.text.charCodeAt(0) === 0xfeff ? input.text.slice(1) : input.text;
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    const located = await jsonSyntaxError(text);
    throw new SchemaProblems([located ?? { message: `invalid JSON: ${(error as Error).message}` }]);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    throw new SchemaProblems([
      { pointer: "", message: "the schema must be a JSON object (a report is an object)" },
    ]);
  const root = schema as Record<string, unknown>;
  const dialect = dialectOf(root);
  if (typeof dialect !== "string") throw new SchemaProblems([dialect]);
  const refProblems: LocatedMessage[] = checkRefs(root);
  if (refProblems.length > 0) throw new SchemaProblems(refProblems);

  const validator = await compileValidator(root, dialect);
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
