import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject } from "../model.js";
import { pythonRepr } from "../pointer.js";

/** `{"$ref": ..., "description": ...}`: strict mode refuses any keyword beside `$ref`. */
export default defineSchemaCheck({
  id: "schema/ref-siblings",
  description:
    "A `$ref` must stand alone; strict mode rejects keywords beside it (a `description` next to a `$ref` is the usual case).",
  defaultSeverity: "error",
  fixable: true,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const ref of model.refs) {
      if (ref.node.insideRefused) continue;
      const schema = ref.node.value;
      if (!isJsonObject(schema)) continue;
      const siblings = Object.keys(schema).filter((key) => key !== "$ref");
      if (siblings.length === 0) continue;
      findings.push({
        pointer: ref.node.pointer,
        message: `context=${model.context(ref.node)}, $ref cannot have keywords {${siblings.map(pythonRepr).join(", ")}}.`,
        hint: 'Wrap the reference: `{ "description": "...", "anyOf": [{ "$ref": "..." }] }`, or put the description on the definition.',
      });
    }
    return findings;
  },
});
