import { testRule } from "../../../test/rule-tester.js";
import rule from "./byte-order-mark.js";

testRule(rule, {
  valid: [
    { name: "no BOM", skill: "---\nname: demo-skill\ndescription: d\n---\n" },
    {
      name: "BOM-less body with U+FEFF later",
      skill: "---\nname: demo-skill\ndescription: d\n---\nzero\uFEFFwidth\n",
    },
  ],
  invalid: [
    {
      name: "UTF-8 BOM before ---",
      skill: "\uFEFF---\nname: demo-skill\ndescription: d\n---\n",
      errors: [{ message: /byte-order mark/, line: 1, column: 1 }],
      output: "---\nname: demo-skill\ndescription: d\n---\n",
    },
  ],
});
