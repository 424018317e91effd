import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject, typesOf } from "../model.js";

const UNIONS = ["anyOf", "oneOf", "enum"] as const;

function pythonTypeRepr(type: unknown): string {
  if (type === undefined) return "None";
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return `[${type.map((t) => `'${String(t)}'`).join(", ")}]`;
  return JSON.stringify(type);
}

/** The root must be `type: "object"`; a union at the top level is refused even with a type. */
export default defineSchemaCheck({
  id: "schema/root-object",
  description:
    'The schema root must be `type: "object"` with no `anyOf`, `oneOf` or `enum` beside it; the API rejects any other root.',
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const root = model.root;
    if (root === undefined) return [];
    if (!isJsonObject(root)) {
      return [
        {
          pointer: "",
          message: `schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`,
          hint: "Make the root an object schema with properties.",
        },
      ];
    }
    const union = UNIONS.find((keyword) => keyword in root);
    if (union !== undefined) {
      return [
        {
          pointer: `/${union}`,
          at: "key",
          message: `schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/'not' at the top level. Found '${union}'.`,
          hint: 'Wrap the union in a property of a root object (for example `{ "result": { "anyOf": [...] } }`).',
        },
      ];
    }
    const types = typesOf(root);
    if (types === undefined || types.length !== 1 || types[0] !== "object") {
      return [
        {
          pointer: "type" in root ? "/type" : "",
          message: `schema must be a JSON Schema of 'type: "object"', got 'type: "${pythonTypeRepr(root.type)}"'.`,
          hint: 'Set `"type": "object"` at the root (a root `$ref` is not followed).',
        },
      ];
    }
    return [];
  },
});
