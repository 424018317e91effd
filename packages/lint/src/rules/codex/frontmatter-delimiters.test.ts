import { testRule } from "../../../test/rule-tester.js";
import rule from "./frontmatter-delimiters.js";

testRule(rule, {
  valid: [
    { name: "plain", skill: "---\nname: demo-skill\ndescription: d\n---\n# Body\n" },
    {
      name: "delimiters with trailing spaces",
      skill: "---  \nname: demo-skill\ndescription: d\n---\t\n",
    },
    { name: "CRLF", skill: "---\r\nname: demo-skill\r\ndescription: d\r\n---\r\n" },
    { name: "BOM is another rule's", skill: "\uFEFF---\nname: demo-skill\ndescription: d\n---\n" },
  ],
  invalid: [
    {
      name: "no frontmatter",
      skill: "# Demo\n\nJust text.\n",
      errors: [{ message: /line 1 must be `---`/, line: 1 }],
    },
    {
      name: "no closing line",
      skill: "---\nname: demo-skill\ndescription: d\n# Body\n",
      errors: [{ message: /no closing/, line: 5 }],
    },
    { name: "nothing between", skill: "---\n---\n# Body\n", errors: [{ message: /empty/ }] },
    {
      name: "CR-only line endings",
      skill: "---\rname: demo-skill\rdescription: d\r---\r",
      errors: [{ message: /carriage return/ }],
    },
    {
      name: "leading blank line",
      skill: "\n---\nname: demo-skill\ndescription: d\n---\n",
      errors: [{ message: /blank lines/, line: 1 }],
      output: "---\nname: demo-skill\ndescription: d\n---\n",
    },
  ],
});
