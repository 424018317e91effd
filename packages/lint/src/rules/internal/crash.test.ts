import { testRule } from "../../../test/rule-tester.js";
import { defineConfigRule, defineSkillRule } from "../../rule.js";
import rule from "./crash.js";

const skill = "---\nname: demo-skill\ndescription: Checks things. Use when asked.\n---\n# Demo\n";

/** A rule with a bug: it throws on every skill whose body mentions "boom". */
const throwsOnBoom = defineSkillRule(
  { id: "quality/throws-on-boom", description: "Throws.", defaultSeverity: "warning" },
  ({ skill }) => {
    if (skill.text.includes("boom")) (undefined as unknown as { x: number }).x;
  },
);

/** A config rule that overflows the stack on every file. */
const overflows = defineConfigRule(
  { id: "config/overflows", description: "Overflows.", defaultSeverity: "warning" },
  () => {
    const deep = (n: number): number => deep(n + 1) + 1;
    deep(0);
  },
);

testRule(rule, {
  valid: [
    { name: "no rule throws", skill: `${skill}\nboom\n`, withRules: [] },
    { name: "a rule that throws only on other text", skill, withRules: [throwsOnBoom] },
  ],
  invalid: [
    {
      name: "a skill rule throws: a finding on that file naming the rule",
      skill: `${skill}\nboom\n`,
      withRules: [throwsOnBoom],
      errors: [
        {
          message:
            /^Internal error in rule quality\/throws-on-boom while linting this file \(TypeError: Cannot read properties of undefined \(reading 'x'\)\); its findings may be incomplete\./,
          line: 1,
          column: 1,
        },
      ],
    },
    {
      name: "a config rule overflows the stack",
      files: { ".codex/config.toml": 'model = "o3"\n' },
      paths: [".codex/config.toml"],
      withRules: [overflows],
      errors: [
        { message: /rule config\/overflows .*RangeError: Maximum call stack size exceeded/ },
      ],
    },
  ],
});
