/** Every schema check, in the order findings are reported for one node. */
import type { SchemaCheck } from "../check-types.js";
import additionalProperties from "./additional-properties.js";
import arrayItems from "./array-items.js";
import booleanSchema from "./boolean-schema.js";
import enumCasing from "./enum-casing.js";
import format from "./format.js";
import invalidJson from "./invalid-json.js";
import jsonSchema from "./json-schema.js";
import maxDepth from "./max-depth.js";
import maxEnumValues from "./max-enum-values.js";
import maxLargeEnumLength from "./max-large-enum-length.js";
import maxProperties from "./max-properties.js";
import maxStringLength from "./max-string-length.js";
import objectProperties from "./object-properties.js";
import patternBacktracking from "./pattern-backtracking.js";
import patternInvalid from "./pattern-invalid.js";
import patternProperties from "./pattern-properties.js";
import propertyDescription from "./property-description.js";
import refRemote from "./ref-remote.js";
import refSiblings from "./ref-siblings.js";
import refUnresolved from "./ref-unresolved.js";
import requiredAll from "./required-all.js";
import rootObject from "./root-object.js";
import statusEnum from "./status-enum.js";
import timestampFormat from "./timestamp-format.js";
import typeRequired from "./type-required.js";
import typedMap from "./typed-map.js";
import unknownDialect from "./unknown-dialect.js";
import unsupportedKeyword from "./unsupported-keyword.js";
import unverifiedKeyword from "./unverified-keyword.js";

export const schemaChecks: readonly SchemaCheck[] = [
  // Codex refuses the file.
  invalidJson,
  // The API's strict mode rejects the schema.
  rootObject,
  additionalProperties,
  requiredAll,
  typeRequired,
  booleanSchema,
  objectProperties,
  arrayItems,
  typedMap,
  patternProperties,
  unsupportedKeyword,
  format,
  refUnresolved,
  refRemote,
  refSiblings,
  maxProperties,
  maxDepth,
  maxEnumValues,
  maxStringLength,
  maxLargeEnumLength,
  // Not valid JSON Schema.
  jsonSchema,
  patternInvalid,
  unknownDialect,
  // May be refused; unverified.
  unverifiedKeyword,
  // Report quality.
  patternBacktracking,
  statusEnum,
  timestampFormat,
  propertyDescription,
  enumCasing,
];

export function schemaCheckById(id: string): SchemaCheck | undefined {
  return schemaChecks.find((check) => check.id === id);
}
