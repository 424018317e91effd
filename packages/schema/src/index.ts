// The public API of @ops-skill/schema.
export {
  apiErrorText,
  type CheckKind,
  type CheckSchemaOptions,
  checkSchema,
  checkSchemaModel,
  checkSchemaText,
  checkStrictSchema,
  type SchemaProblem,
  STRICT_KINDS,
} from "./check.js";
export { defineSchemaCheck, type SchemaCheck, type SchemaCheckFinding } from "./check-types.js";
export {
  CODEGEN_VERSION,
  type CodegenProblem,
  formatCodegenProblem,
  type GeneratedSchema,
  type GenerateTypesOptions,
  type GenerateTypesResult,
  generateTypes,
  RUNTIME_PACKAGES,
  TypesGenerationError,
  TypesWriteError,
} from "./codegen/index.js";
export { type Dialect, type DialectInfo, dialectOf } from "./dialect.js";
export {
  diffFromEdits,
  formatSchemaDiff,
  formatSchemaJson,
  type SchemaDiffOptions,
  unifiedDiff,
} from "./diff.js";
export { findingsOf, type SchemaFinding } from "./findings.js";
export {
  type FixSchemaResult,
  fixSchema,
  type SchemaChange,
  type UnfixableProblem,
} from "./fix.js";
export { type RunSchemaFixOptions, type RunSchemaFixOutcome, runSchemaFix } from "./fix-command.js";
export {
  applyTextEdits,
  type FixSchemaTextResult,
  fixSchemaText,
  TextFixError,
} from "./fix-text.js";
export { inferType } from "./infer-type.js";
export {
  type JsonDocument,
  type JsonLocation,
  type JsonSyntaxProblem,
  parseJsonDocument,
  type SourceRange,
} from "./json-document.js";
export {
  apiMessage,
  type KeywordEntry,
  type KeywordStatus,
  keywordStatus,
  type LimitEntry,
  type Provenance,
  STRICT_MODE_LIMITS,
  STRUCTURED_OUTPUTS_GUIDE_URL,
  type StrictModeLimits,
} from "./limits.js";
export {
  OUTPUT_SCHEMA_MENTION_KIND,
  outputSchemaMentionKind,
  SCHEMA_FILE_KIND,
  schemaFileKind,
  schemaLintPlugin,
  schemaRules,
  schemasReferencedBy,
} from "./lint-plugin.js";
export { deferredSchemaLintPlugin } from "./lint-plugin-deferred.js";
export { MAX_SCHEMA_FILE_BYTES } from "./mentions/files.js";
export { type OutputSchemaArgument, outputSchemaArguments } from "./mentions/scan.js";
export {
  type Resolution,
  resolveMention,
  type SchemaMention,
  schemaMentionsIn,
} from "./mentions/sources.js";
export { type MetaSchemaError, validateAgainstMetaSchema } from "./meta-validate.js";
export {
  buildSchemaModel,
  buildSchemaModelFromText,
  isJsonObject,
  isObjectSchema,
  type JsonObject,
  type LimitValues,
  MAX_SAFE_JSON_DEPTH,
  MAX_WALK_SEGMENTS,
  type RefInfo,
  type RefProblem,
  type SchemaModel,
  type SchemaModelOptions,
  type SchemaNode,
  typesOf,
} from "./model.js";
export { apiContext, childPointer, type PathSegment, parsePointer, toPointer } from "./pointer.js";
export {
  type BacktrackingRisk,
  findBacktrackingRisk,
  patternCompileError,
} from "./regex-safety.js";
export { schemaCheckById, schemaChecks } from "./rules/index.js";
export { sniffJsonSchema } from "./sniff.js";
export { type RunTypesOptions, type RunTypesOutcome, runTypes } from "./types-command.js";
