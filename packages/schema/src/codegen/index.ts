/**
 * Types and validators for report schemas: `generateTypes`, the library of `ops-skill types`.
 *
 * For each `<name>.schema.json` it writes, into the output directory (default
 * `schemas/generated/`):
 *
 * - `<name>.d.ts`: the report's types (json-schema-to-typescript) and the declarations of the
 *   entry's functions;
 * - `<name>.js`: `parse<Name>(text)` (JSON.parse, then validation; a `ReportSyntaxError` with
 *   line and column, or a `ReportValidationError` listing every violation with its path),
 *   `assert<Name>(value)` and `is<Name>(value)`;
 * - `<name>.validate.js` + `.d.ts`: ajv's standalone validator (`allErrors`), compiled at
 *   generation time, as an ES module;
 *
 * and once: `_runtime.js` + `.d.ts` (the error classes, shared so that `instanceof` works across
 * reports), `package.json` (`"type": "module"`, so the `.js` files are ES modules whatever the
 * enclosing package says) and `.manifest.json` (the cache: schema hashes and generator version).
 *
 * JavaScript with declarations, not TypeScript: consumers need no build step, plain Node can
 * import the files, and a consumer's compiler options (`noUnusedLocals`,
 * `exactOptionalPropertyTypes`, `erasableSyntaxOnly`, ...) never meet ajv's generated code. The
 * generated modules import `ajv` and `ajv-formats` (deep `ajv/dist/runtime/*.js` and
 * `ajv-formats/dist/formats.js` paths), which a consumer installs as dependencies; nothing else.
 */
export type { CodegenProblem } from "./errors.js";
export { formatCodegenProblem, TypesGenerationError, TypesWriteError } from "./errors.js";
export {
  type GeneratedSchema,
  type GenerateTypesOptions,
  type GenerateTypesResult,
  generateTypes,
} from "./generate.js";
export { CODEGEN_VERSION } from "./manifest.js";
export { RUNTIME_PACKAGES } from "./validator.js";
