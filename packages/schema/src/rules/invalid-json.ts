import { defineSchemaCheck } from "../check-types.js";

/** Codex reads the file with serde_json before anything is sent; strict JSON only. */
export default defineSchemaCheck({
  id: "schema/invalid-json",
  description:
    "Codex refuses an output schema file that is not strict JSON (comments, trailing commas, a byte-order mark, an empty file).",
  defaultSeverity: "error",
  fixable: false,
  kind: "codex",
  check(model) {
    const problem = model.document?.problems[0];
    if (problem === undefined) return [];
    const { line, column } = problem.range;
    return [
      {
        pointer: "",
        message: `Not valid JSON: ${problem.message} at line ${line}, column ${column}. Codex exits 1 before sending anything ("Output schema file <path> is not valid JSON: ...").`,
        hint: "Remove comments and trailing commas; the file must parse as plain JSON.",
      },
    ];
  },
});
