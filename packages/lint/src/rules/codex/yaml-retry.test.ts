import { testRule } from "../../../test/rule-tester.js";
import rule from "./yaml-retry.js";

testRule(rule, {
  valid: [
    { name: "valid YAML", skill: '---\nname: demo-skill\ndescription: "Use when: drift"\n---\n' },
    {
      name: "refused even with the retry (codex/yaml-syntax's)",
      skill: "---\nname: demo-skill\ndescription: *x\n---\n",
    },
  ],
  invalid: [
    {
      name: "an unquoted `: `",
      skill:
        "---\nname: demo-skill\ndescription: Detect drift. Use when: the nightly plan runs.\n---\n# Body\n",
      errors: [{ message: /Codex loads it only by retrying/, line: 3, column: 14 }],
      output:
        '---\nname: demo-skill\ndescription: "Detect drift. Use when: the nightly plan runs."\n---\n# Body\n',
    },
    {
      name: "a comment is dropped and quotes are escaped, CRLF kept",
      skill: '---\r\nname: demo-skill\r\ndescription: @team says "hi" # owner\r\n---\r\n',
      errors: [{ line: 3 }],
      output: '---\r\nname: demo-skill\r\ndescription: "@team says \\"hi\\""\r\n---\r\n',
    },
    {
      name: "a nested key",
      skill: "---\nname: demo-skill\ndescription: d\nmetadata:\n  short-description: a: b\n---\n",
      errors: [{ line: 5 }],
      output:
        '---\nname: demo-skill\ndescription: d\nmetadata:\n  short-description: "a: b"\n---\n',
    },
  ],
});
