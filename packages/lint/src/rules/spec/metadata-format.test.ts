import { testRule } from "../../../test/rule-tester.js";
import rule from "./metadata-format.js";

const head =
  "---\nname: demo-skill\ndescription: Checks cloud cost anomalies. Use when finance asks.\n";

testRule(rule, {
  valid: [
    { name: "strings", skill: `${head}metadata:\n  version: "1.0.0"\n  owner: sre\n---\n` },
    { name: "absent", skill: `${head}---\n` },
    { name: "flow map of strings", skill: `${head}metadata: {team: sre, tier: "1"}\n---\n` },
    {
      name: "short-description list is codex/field-type",
      skill: `${head}metadata:\n  short-description:\n    - drift\n---\n`,
    },
  ],
  invalid: [
    {
      name: "unquoted version number",
      skill: `${head}metadata:\n  version: 1.0\n  owner: sre\n---\n`,
      errors: [
        {
          message:
            "`metadata.version` is a number; the Agent Skills specification allows only string values in `metadata`.",
          line: 5,
          column: 3,
        },
      ],
    },
    {
      name: "empty metadata (indentation slip)",
      skill: `${head}metadata:\nversion: "1.0.0"\n---\n`,
      errors: [
        {
          message:
            "`metadata` is empty; the Agent Skills specification defines it as a map from string keys to string values. Codex ignores it.",
          line: 4,
          column: 1,
        },
      ],
    },
    {
      name: "list and nested map values",
      skill: `${head}metadata:\n  tags:\n    - k8s\n  owner:\n    team: sre\n  oncall: true\n---\n`,
      errors: [
        { message: /`metadata.tags` is a list/, line: 5, column: 3 },
        { message: /`metadata.owner` is a map/, line: 7, column: 3 },
        { message: /`metadata.oncall` is a boolean/, line: 9, column: 3 },
      ],
    },
  ],
});
