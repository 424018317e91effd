import { testRule } from "../../../test/rule-tester.js";
import nameTooLong from "../codex/name-too-long.js";
import placeholderText from "./placeholder-text.js";
import rule from "./unused-directive.js";

const head =
  "---\nname: demo-skill\ndescription: Restarts a deployment after approval. Use when on-call asks.\n---\n";
const withRules = [placeholderText];

testRule(rule, {
  valid: [
    {
      name: "a next-line directive that silences a finding",
      skill: `${head}<!-- ops-skill-disable-next-line quality/placeholder-text -- filled in at install -->\nOwner: TODO\n`,
      withRules,
    },
    {
      name: "a region with its enable",
      skill: `${head}<!-- ops-skill-disable quality/placeholder-text -- filled in at install -->\nOwner: TODO\n<!-- ops-skill-enable quality/placeholder-text -->\nDone.\n`,
      withRules,
    },
    {
      name: "a line directive after the finding",
      skill: `${head}Owner: TODO <!-- ops-skill-disable-line quality/placeholder-text -- filled in at install -->\n`,
      withRules,
    },
    {
      name: "no reason, no ids, an unknown id or a codex/ error are other rules' to report",
      skill: `${head}<!-- ops-skill-disable-next-line quality/placeholder-text -->\nText.\n<!-- ops-skill-disable -- x -->\n<!-- ops-skill-disable-line no/such-rule -- x -->\n`,
      withRules,
    },
    {
      name: "a codex/ error the directive cannot silence",
      skill:
        "---\nname: demo-skill\ndescription: Checks pods. Use when on-call asks.\n# ops-skill-disable-line codex/name-too-long -- long\n---\n",
      withRules: [nameTooLong],
    },
  ],
  invalid: [
    {
      name: "a next-line directive with nothing to silence: the fix removes its line",
      skill: `${head}# Demo\n<!-- ops-skill-disable-next-line quality/placeholder-text -- filled in at install -->\nOwner: the platform team\n`,
      withRules,
      errors: [
        {
          message:
            "Unused `ops-skill-disable-next-line`: no quality/placeholder-text finding on line 7 to suppress.",
          line: 6,
          column: 1,
        },
      ],
      output: `${head}# Demo\nOwner: the platform team\n`,
    },
    {
      name: "one id of two unused: the fix removes that id",
      skill: `${head}<!-- ops-skill-disable-next-line ops/mutating-command, quality/placeholder-text -- r -->\nOwner: TODO\n`,
      withRules,
      errors: [
        {
          message:
            "ops/mutating-command in `ops-skill-disable-next-line` is unused: ops/mutating-command is off in this run.",
          line: 5,
          column: 34,
        },
      ],
      output: `${head}<!-- ops-skill-disable-next-line quality/placeholder-text -- r -->\nOwner: TODO\n`,
    },
    {
      name: "a rule turned off in the config",
      skill: `${head}<!-- ops-skill-disable quality/placeholder-text -- r -->\nOwner: TODO\n`,
      withRules,
      settings: { "quality/placeholder-text": "off" },
      errors: [
        {
          message: "Unused `ops-skill-disable`: quality/placeholder-text is off in this run.",
          line: 5,
        },
      ],
      output: `${head}Owner: TODO\n`,
    },
    {
      name: "an enable that ends nothing, and one after prose",
      skill: `${head}Text.\n<!-- ops-skill-enable -->\nMore text. <!-- ops-skill-enable quality/placeholder-text -->\n`,
      withRules,
      errors: [
        {
          message: "Unused `ops-skill-enable`: no `ops-skill-disable` before it is still on.",
          line: 6,
        },
        {
          message:
            "Unused `ops-skill-enable`: no `ops-skill-disable` of quality/placeholder-text is on before it.",
          line: 7,
          column: 12,
        },
      ],
      output: `${head}Text.\nMore text.\n`,
    },
    {
      name: "a trailing YAML comment: the fix removes the comment, not the field",
      skill:
        "---\nname: demo-skill # ops-skill-disable-line spec/name-format -- legacy\ndescription: Checks pods. Use when on-call asks.\n---\n",
      errors: [
        {
          message: "Unused `ops-skill-disable-line`: spec/name-format is off in this run.",
          line: 2,
          column: 18,
        },
      ],
      output: "---\nname: demo-skill\ndescription: Checks pods. Use when on-call asks.\n---\n",
    },
    {
      name: "line 1 keeps its line, so the fix cannot move the frontmatter",
      skill: `<!-- ops-skill-disable quality/placeholder-text -- r -->\n${head}`,
      withRules,
      errors: [{ message: /^Unused `ops-skill-disable`/, line: 1, column: 1 }],
      output: `\n${head}`,
    },
    {
      name: "a comment over several lines has no fix",
      skill: `${head}<!-- ops-skill-disable quality/placeholder-text\n  -- generated -->\nText.\n`,
      withRules,
      errors: [
        {
          message:
            "Unused `ops-skill-disable`: no quality/placeholder-text finding after it to suppress.",
          line: 5,
        },
      ],
    },
    {
      name: "a second disable of the same rule silences nothing the first does not",
      skill: `${head}<!-- ops-skill-disable quality/placeholder-text -- r -->\nText.\n<!-- ops-skill-disable quality/placeholder-text -- again -->\nOwner: TODO\n`,
      withRules,
      errors: [{ message: /^Unused `ops-skill-disable`/, line: 5 }],
      output: `${head}Text.\n<!-- ops-skill-disable quality/placeholder-text -- again -->\nOwner: TODO\n`,
    },
  ],
});
