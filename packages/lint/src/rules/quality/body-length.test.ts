import { testRule } from "../../../test/rule-tester.js";
import rule from "./body-length.js";

const head = "---\nname: demo-skill\ndescription: Checks pod health. Use when on-call asks.\n---\n";
const steps = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${i + 1}. Run \`kubectl get pods -n ns-${i}\` and note restarts.`,
  ).join("\n");

testRule(rule, {
  valid: [
    { name: "500 lines", skill: `${head}${steps(500)}\n` },
    { name: "raised limit", skill: `${head}${steps(700)}\n`, options: { maxLines: 800 } },
    { name: "no frontmatter", skill: `${steps(600)}\n` },
  ],
  invalid: [
    {
      name: "501 lines",
      skill: `${head}${steps(501)}\n`,
      errors: [
        {
          message:
            "The body has 501 lines, over 500; Codex puts the whole body into the model's context each time the skill is used.",
          line: 505,
          column: 1,
        },
      ],
    },
    {
      name: "option maxLines",
      skill: `${head}# Runbook\n${steps(30)}`,
      options: { maxLines: 20 },
      errors: [{ message: /The body has 31 lines, over 20;/, line: 25, column: 1 }],
    },
  ],
});
