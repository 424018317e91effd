import { createRequire } from "node:module";
import type { Dialect } from "../dialect.js";
import type { SchemaModel } from "../model.js";
import { childPointer } from "../pointer.js";
import { type LocatedMessage, SchemaProblems } from "./errors.js";

// Not the model's `isJsonObject`: this module is loaded on a warm run, the model is not.
const isSchemaObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Keywords of json-schema-to-typescript that ajv's strict mode must not reject. */
const JSON2TS_KEYWORDS = ["tsType", "tsEnumNames"];

/** Packages the generated validators may import, and so what a consumer installs. */
export const RUNTIME_PACKAGES = ["ajv", "ajv-formats"] as const;

type AjvClass = typeof import("ajv").default;
type AjvInstance = InstanceType<AjvClass>;

const require = createRequire(import.meta.url);
const classes = new Map<Dialect, AjvClass>();
const metaValidators = new Map<Dialect, AjvInstance>();
type AddFormats = (ajv: AjvInstance, formats?: string[]) => unknown;
let addFormatsFn: AddFormats | undefined;
let knownFormats: Set<string> | undefined;
let standaloneFn: ((ajv: AjvInstance, validate: unknown) => string) | undefined;

async function load(dialect: Dialect): Promise<AjvClass> {
  let cls = classes.get(dialect);
  if (!cls) {
    if (dialect === "2020-12") cls = (await import("ajv/dist/2020.js")).default.default as AjvClass;
    else if (dialect === "2019-09")
      cls = (await import("ajv/dist/2019.js")).default.default as AjvClass;
    else cls = (await import("ajv")).default.default;
    classes.set(dialect, cls);
  }
  if (!addFormatsFn) {
    addFormatsFn = (await import("ajv-formats")).default.default as unknown as AddFormats;
    knownFormats = new Set((await import("ajv-formats/dist/formats.js")).default.formatNames);
  }
  if (!standaloneFn)
    standaloneFn = (await import("ajv/dist/standalone/index.js")).default.default as (
      ajv: AjvInstance,
      validate: unknown,
    ) => string;
  return cls;
}

/**
 * ajv evaluates the code it generates with `new Function`, to have a validator to return; we
 * only want its source (`validate.source`, captured before `code.process`), so the evaluated
 * code is a stub that throws if anything ever calls it. Saves V8 parsing ~200 KB a schema.
 */
const SOURCE_ONLY =
  'return function sourceOnly() { throw new Error("@ops-skill/schema: compiled for standalone code only"); };';

/** Validates schemas against their dialect's meta-schema: shared, since it does not generate code. */
function metaAjv(cls: AjvClass): AjvInstance {
  const ajv = new cls({ allErrors: true, strict: false, logger: false });
  addFormatsFn?.(ajv);
  return ajv;
}

/** ajv-formats' keywords; a schema using one needs the whole plugin. */
const FORMAT_KEYWORDS = [
  "formatMaximum",
  "formatMinimum",
  "formatExclusiveMaximum",
  "formatExclusiveMinimum",
];

/**
 * A fresh instance for one schema, with the formats it uses. `live`: the instance evaluates
 * the code it generates (a validator to call, `compileLiveValidator`) instead of only keeping
 * its source; the options, and so the code and its verdicts, are the same.
 */
function compileAjv(
  cls: AjvClass,
  model: SchemaModel,
  warnings: string[],
  live = false,
): AjvInstance {
  const ajv = new cls({
    allErrors: true,
    // No meta-schema validation on the way (see metaSchemaProblems), so no meta-schemas either.
    validateSchema: false,
    meta: false,
    // $defs become functions of their own instead of being copied into every place that refers
    // to them: a third less code and compile time on report schemas.
    inlineRefs: false,
    // Unknown keywords and formats stay errors (strictSchema); type and tuple notes are for
    // the strict-mode checker of this package, not for code generation.
    strictTypes: false,
    strictTuples: false,
    logger: {
      log: () => {},
      warn: (...args: unknown[]) => warnings.push(args.map(String).join(" ")),
      error: (...args: unknown[]) => warnings.push(args.map(String).join(" ")),
    },
    code: {
      source: true,
      esm: true,
      lines: true,
      // ajv's optimisation passes (dead code, constant folding) take about 45% of compile
      // time on report schemas, for code 8% smaller: left out.
      optimize: false,
      ...(live ? {} : { process: () => SOURCE_ONLY }),
    },
  });
  const formats = new Set<string>();
  let keywords = false;
  for (const { value } of model.nodes) {
    if (!isSchemaObject(value)) continue;
    const sub = value;
    if (typeof sub.format === "string" && knownFormats?.has(sub.format)) formats.add(sub.format);
    if (FORMAT_KEYWORDS.some((k) => k in sub)) keywords = true;
  }
  // Only the formats the schema uses: adding all 27 to every fresh instance costs more than
  // compiling a small schema. (The generated code is the same.)
  if (keywords) addFormatsFn?.(ajv);
  else if (formats.size > 0) addFormatsFn?.(ajv, [...formats].sort());
  for (const keyword of JSON2TS_KEYWORDS)
    ajv.addKeyword({ keyword, schemaType: ["string", "array"] });
  return ajv;
}

export interface ValidatorOutput {
  /** The ES module, without a banner. */
  code: string;
  /** Packages it imports (a subset of RUNTIME_PACKAGES). */
  packages: string[];
  warnings: string[];
}

/**
 * Compiles `schema` with a fresh ajv instance (so that the generated names, `validate20` and
 * the like, depend on this schema only, not on what was compiled before it) and turns ajv's
 * standalone code into an ES module that imports, rather than `require`s, ajv's runtime helpers
 * and ajv-formats' formats.
 */
export async function compileValidator(
  model: SchemaModel,
  dialect: Dialect,
): Promise<ValidatorOutput> {
  const cls = await load(dialect);
  const warnings: string[] = [];
  const ajv = compileAjv(cls, model, warnings);
  const validate = await compileOrThrow(ajv, model, dialect);
  const standalone = (standaloneFn as NonNullable<typeof standaloneFn>)(ajv, validate);
  return { ...toEsm(standalone), warnings };
}

/** One violation of a live validator, as ajv reports it. */
export interface LiveValidatorError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export type LiveValidator = ((data: unknown) => boolean) & {
  errors?: LiveValidatorError[] | null;
};

/**
 * The validator `compileValidator` generates the standalone code of, as a function to call:
 * the same ajv options, so the same verdicts as the generated `<name>.validate.js`.
 */
export async function compileLiveValidator(
  model: SchemaModel,
  dialect: Dialect,
): Promise<LiveValidator> {
  const cls = await load(dialect);
  const ajv = compileAjv(cls, model, [], true);
  return (await compileOrThrow(ajv, model, dialect)) as unknown as LiveValidator;
}

/** ajv's compile of the model's schema; what it refuses, as SchemaProblems that say where. */
async function compileOrThrow(
  ajv: AjvInstance,
  model: SchemaModel,
  dialect: Dialect,
): Promise<unknown> {
  const schema = model.root as Record<string, unknown>;
  try {
    return ajv.compile(schema);
  } catch (error) {
    const invalid = await metaSchemaProblems(schema, dialect);
    if (invalid.length > 0) throw new SchemaProblems(invalid);
    const message = (error as Error).message;
    throw new SchemaProblems([
      { pointer: locateAjvError(model, message), message: `ajv rejected the schema: ${message}` },
    ]);
  }
}

/**
 * The schema's violations of its dialect's meta-schema, one per place. Only run once a compile
 * failed, to say where: on the way to a validator, ajv's strict compile already refuses
 * keywords with values of the wrong type, unknown keywords and formats, and bad patterns, and
 * compiling the 2020-12 meta-schema costs more than a report schema (the strict-mode checker of
 * this package validates against the meta-schema fully).
 */
export async function metaSchemaProblems(
  schema: Record<string, unknown>,
  dialect: Dialect,
): Promise<LocatedMessage[]> {
  const cls = await load(dialect);
  let meta = metaValidators.get(dialect);
  if (!meta) {
    meta = metaAjv(cls);
    metaValidators.set(dialect, meta);
  }
  if (meta.validateSchema(schema)) return [];
  const seen = new Set<string>();
  const problems: LocatedMessage[] = [];
  for (const error of meta.errors ?? []) {
    if (seen.has(error.instancePath)) continue;
    seen.add(error.instancePath);
    problems.push({
      pointer: error.instancePath,
      message: `the schema is not a valid ${dialect} JSON Schema: ${error.instancePath || "the root"} ${error.message ?? "is invalid"}`,
    });
  }
  return problems;
}

/** Where an ajv compile error is, from what its message says. */
function locateAjvError(model: SchemaModel, message: string): string | undefined {
  const at = /at path "#([^"]*)"/.exec(message);
  if (at) {
    const format = /^unknown format /.test(message) ? "/format" : "";
    return `${decodeURIComponent(at[1] ?? "")}${format}`;
  }
  const keyword = /unknown keyword: "([^"]+)"/.exec(message);
  if (keyword) return findKeyword(model, keyword[1] as string);
  return undefined;
}

/** The pointer of the first schema of the model (in document order) that has `keyword`. */
export function findKeyword(model: SchemaModel, keyword: string): string | undefined {
  const node = model.nodes.find(
    ({ value }) => isSchemaObject(value) && Object.hasOwn(value, keyword),
  );
  return node === undefined ? undefined : childPointer(node.pointer, keyword);
}

const REQUIRE = 'require("';

/**
 * `require("ajv/dist/runtime/ucs2length")` becomes a binding of
 * `import * as __ns0 from "ajv/dist/runtime/ucs2length.js"`, through `__cjs`, which gives the
 * CommonJS exports object both under Node (where it is the default export) and under bundlers
 * that present it as the namespace. Only modules of RUNTIME_PACKAGES are allowed.
 */
export function toEsm(standalone: string): { code: string; packages: string[] } {
  const modules: string[] = [];
  const parts = standalone.replace(/^"use strict";\n?/, "").split(REQUIRE);
  let body = parts[0] as string;
  for (const part of parts.slice(1)) {
    const end = part.indexOf('")');
    const specifier = part.slice(0, end);
    if (end < 0 || /["\\\n]/.test(specifier))
      throw new Error("ajv's standalone code has a require() we cannot read");
    let i = modules.indexOf(specifier);
    if (i < 0) i = modules.push(specifier) - 1;
    body += `__m${i}${part.slice(end + 2)}`;
  }
  const packages = new Set<string>();
  const imports: string[] = [];
  modules.forEach((specifier, i) => {
    const pkg = RUNTIME_PACKAGES.find((p) => specifier.startsWith(`${p}/`));
    if (!pkg)
      throw new Error(
        `ajv's standalone code requires "${specifier}", which is not a runtime package we allow`,
      );
    packages.add(pkg);
    const file = specifier.endsWith(".js") ? specifier : `${specifier}.js`;
    require.resolve(file);
    imports.push(`import * as __ns${i} from ${JSON.stringify(file)};`);
  });
  const head =
    modules.length === 0
      ? ""
      : [
          ...imports,
          "",
          "// The CommonJS exports of a module: Node gives them as the default export, bundlers may give them as the namespace.",
          "const __cjs = (ns) => (ns.default && ns.default.__esModule ? ns.default : ns);",
          ...modules.map((_, i) => `const __m${i} = __cjs(__ns${i});`),
          "",
        ].join("\n");
  return { code: `${head}${body.trimEnd()}\n`, packages: [...packages].sort() };
}
