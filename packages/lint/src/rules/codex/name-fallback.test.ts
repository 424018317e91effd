import { testRule } from "../../../test/rule-tester.js";
import rule from "./name-fallback.js";

testRule(rule, {
  valid: [
    { name: "named", skill: "---\nname: demo-skill\ndescription: d\n---\n" },
    { name: "name differs from the directory", skill: "---\nname: other\ndescription: d\n---\n" },
  ],
  invalid: [
    {
      name: "no name",
      skill: "---\ndescription: d\n---\n",
      errors: [{ message: 'No `name`: Codex uses the directory name "demo-skill".', line: 1 }],
      output: "---\nname: demo-skill\ndescription: d\n---\n",
    },
    {
      name: "empty name",
      skill: '---\nname: ""\ndescription: d\n---\n',
      errors: [{ message: /it is empty/, line: 2 }],
    },
    {
      name: "CRLF file, directory name needing quotes",
      skillDir: "Demo Skill",
      skill: "---\r\ndescription: d\r\n---\r\n",
      errors: [{ message: /"Demo Skill"/ }],
      output: '---\r\nname: "Demo Skill"\r\ndescription: d\r\n---\r\n',
    },
  ],
});
