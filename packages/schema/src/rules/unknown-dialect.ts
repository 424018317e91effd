import { defineSchemaCheck } from "../check-types.js";

export default defineSchemaCheck({
  id: "schema/unknown-dialect",
  description:
    "`$schema` names a dialect other than draft 2020-12, 2019-09 or draft-07; the file is checked as draft 2020-12.",
  defaultSeverity: "info",
  fixable: false,
  kind: "json-schema",
  check(model) {
    const { declared, recognized } = model.dialect;
    if (declared === undefined || recognized) return [];
    return [
      {
        pointer: "/$schema",
        message: `'$schema' is ${JSON.stringify(declared)}, not draft 2020-12, 2019-09 or draft-07; checked as draft 2020-12.`,
        hint: 'Use "https://json-schema.org/draft/2020-12/schema".',
      },
    ];
  },
});
