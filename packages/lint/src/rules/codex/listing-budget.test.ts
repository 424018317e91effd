import { testRule } from "../../../test/rule-tester.js";
import rule from "./listing-budget.js";

const skills = (count: number, descriptionLength: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => {
      const name = `skill-${String(i).padStart(3, "0")}`;
      return [
        `.agents/skills/${name}/SKILL.md`,
        `---\nname: ${name}\ndescription: ${"d".repeat(descriptionLength)}\n---\n`,
      ];
    }),
  );

testRule(rule, {
  valid: [
    { name: "a few skills", files: skills(5, 200), paths: [".agents/skills"] },
    {
      name: "many short descriptions within budget",
      files: skills(100, 100),
      paths: [".agents/skills"],
    },
  ],
  invalid: [
    {
      name: "40 skills with 600-character descriptions",
      files: skills(40, 600),
      paths: [".agents/skills"],
      errors: [{ message: /over Codex's listing budget/, line: 1 }],
    },
  ],
});
