import { defineSchemaCheck } from "../check-types.js";
import { pythonRepr } from "../pointer.js";

/** A local `$ref` must name `#` or a top-level `$defs`/`definitions` entry that exists. */
export default defineSchemaCheck({
  id: "schema/ref-unresolved",
  description:
    "A `$ref` must point at the root (`#`) or at a top-level `$defs`/`definitions` entry that exists and is not only a reference back to itself.",
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const ref of model.refs) {
      if (ref.node.insideRefused) continue;
      if (ref.problem === undefined || ref.problem === "remote") continue;
      const context = model.context(ref.node);
      findings.push({
        pointer: `${ref.node.pointer}/$ref`,
        message:
          ref.problem === "not-a-definition"
            ? `In context=${context}, reference can only point to definitions defined at the top level of the schema (${pythonRepr(ref.ref)}).`
            : ref.problem === "alias-cycle"
              ? `In context=${context}, '$ref' ${pythonRepr(ref.ref)} only leads to other references and back to itself; no schema is ever reached.`
              : ref.problem === "malformed"
                ? `In context=${context}, '$ref' must be a string naming a definition, got ${JSON.stringify(ref.ref)}.`
                : `In context=${context}, reference to component ${pythonRepr(ref.ref)} which was not found in the schema.`,
        hint: "Define it under the root's `$defs` and refer to it as `#/$defs/<name>`.",
      });
    }
    return findings;
  },
});
