import { defineSchemaCheck } from "../check-types.js";
import { validateAgainstMetaSchema } from "../meta-validate.js";
import { isJsonObject, MAX_SAFE_JSON_DEPTH } from "../model.js";

const DIALECT_NAMES = {
  "2020-12": "draft 2020-12",
  "2019-09": "draft 2019-09",
  "draft-07": "draft-07",
} as const;

/** The file must be a valid JSON Schema of its dialect (meta-schema validation with ajv). */
export default defineSchemaCheck({
  id: "schema/json-schema",
  description:
    "The schema must be valid JSON Schema for its `$schema` dialect (draft 2020-12 by default, or draft-07); the API rejects an invalid schema.",
  defaultSeverity: "error",
  fixable: false,
  kind: "json-schema",
  check(model) {
    if (model.root === undefined) return [];
    if (typeof model.root !== "boolean" && !isJsonObject(model.root)) {
      return [
        {
          pointer: "",
          message: `Not a valid JSON Schema: a schema is an object (or a boolean), not ${model.root === null ? "null" : Array.isArray(model.root) ? "an array" : `a ${typeof model.root}`}.`,
        },
      ];
    }
    if (model.jsonDepth > MAX_SAFE_JSON_DEPTH) {
      return [
        {
          pointer: "",
          message: `The schema nests ${model.jsonDepth} levels deep; it was not checked against the meta-schema (more than ${MAX_SAFE_JSON_DEPTH} levels).`,
        },
      ];
    }
    const name = DIALECT_NAMES[model.dialect.dialect];
    return validateAgainstMetaSchema(model.root, model.dialect.dialect).map((error) => ({
      pointer: error.pointer,
      message: `Not a valid JSON Schema (${name}): ${error.pointer === "" ? "the root" : `\`${error.pointer}\``} ${error.message}. The API answers "Invalid schema for response_format 'codex_output_schema'. Please ensure it is a valid JSON Schema."`,
    }));
  },
});
