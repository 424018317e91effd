import { defineSchemaCheck } from "../check-types.js";

/** Codex sends the file as it is; nothing resolves `https:`, `http:` or `file:` references. */
export default defineSchemaCheck({
  id: "schema/ref-remote",
  description:
    "A `$ref` to another document (`https:`, `http:`, `file:`, a relative path) is never fetched: Codex sends the file as it is and the API resolves only references inside it.",
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const ref of model.refs) {
      if (ref.node.insideRefused) continue;
      if (ref.problem !== "remote") continue;
      findings.push({
        pointer: `${ref.node.pointer}/$ref`,
        message: `In context=${model.context(ref.node)}, '$ref' ${JSON.stringify(ref.ref)} names another document; neither Codex nor the API fetches it (the API answers that the reference was not found in the schema).`,
        hint: "Copy the referenced schema into `$defs` and refer to it as `#/$defs/<name>`.",
      });
    }
    return findings;
  },
});
