import { testRule } from "../../../test/rule-tester.js";
import rule from "./legacy-profiles-table.js";

const user = (text: string) => ({
  files: { "codex-home/config.toml": text },
  paths: ["codex-home/config.toml"],
});

testRule(rule, {
  valid: [
    { name: "no profiles", ...user('model = "gpt-5.5"\n') },
    {
      name: "profile file",
      files: { "h/ci.config.toml": 'model = "x"\n' },
      paths: ["h/ci.config.toml"],
    },
  ],
  invalid: [
    {
      name: "one profile table",
      ...user('model = "gpt-5.5"\n\n[profiles.ci]\nmodel = "gpt-5.5"\n'),
      errors: [
        {
          message: /`\[profiles\.ci\]` does nothing on its own, and `--profile ci`/,
          line: 3,
          column: 11,
        },
      ],
    },
    {
      name: "dotted keys, two profiles",
      ...user('profiles.a.model = "x"\nprofiles.b.model = "y"\n'),
      errors: [
        { line: 1, column: 10 },
        { line: 2, column: 10 },
      ],
    },
  ],
});
