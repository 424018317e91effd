import { testRule } from "../../../test/rule-tester.js";
import nameTooLong from "../codex/name-too-long.js";
import rule from "./invalid-directive.js";

const head =
  "---\nname: demo-skill\ndescription: Restarts a deployment after approval. Use when on-call asks.\n---\n";

testRule(rule, {
  valid: [
    {
      name: "known rule ids and a reason",
      skill: `${head}<!-- ops-skill-disable-next-line ops/mutating-command, quality/placeholder-text -- approved in CHG-12 -->\nRun \`kubectl rollout restart deploy/api\`.\n`,
    },
    {
      name: "a bare enable ends every disable",
      skill: `${head}<!-- ops-skill-disable quality/body-length -- generated -->\nText.\n<!-- ops-skill-enable -->\n`,
    },
    {
      name: "a codex/ warning may be silenced",
      skill: `${head}<!-- ops-skill-disable-next-line codex/yaml-retry -- known -->\nText.\n`,
    },
    {
      name: "a codex/ error lowered to a warning in the config may be silenced",
      skill: `${head}<!-- ops-skill-disable codex/name-too-long -- accepted -->\n`,
      withRules: [nameTooLong],
      settings: { "codex/name-too-long": "warning" },
    },
    {
      name: "a block disable may span lines",
      skill: `${head}<!-- ops-skill-disable quality/body-length\n  -- generated reference -->\n`,
    },
    {
      name: "what code shows is no directive",
      skill: `${head}\`\`\`bash\n# ops-skill-disable\n# ops-skill-disable-next-line no/such-rule -- x\n\`\`\`\n`,
    },
  ],
  invalid: [
    {
      name: "no rule ids: it silenced everything before, now nothing",
      skill: `${head}<!-- ops-skill-disable -- x -->\n`,
      errors: [
        {
          message:
            "`ops-skill-disable` names no rule, so it suppresses nothing; a directive silences only the rules it names.",
          line: 5,
          column: 1,
        },
      ],
    },
    {
      name: "no rule ids on line 1, where the comment also breaks the frontmatter",
      skill: `<!-- ops-skill-disable -- x -->\n${head}`,
      errors: [{ message: /^`ops-skill-disable` names no rule/, line: 1, column: 1 }],
    },
    {
      name: "no rule ids in the frontmatter",
      skill:
        "---\nname: demo-skill # ops-skill-disable-line -- legacy\ndescription: Checks pods. Use when on-call asks.\n---\n",
      errors: [{ message: /^`ops-skill-disable-line` names no rule/, line: 2, column: 18 }],
    },
    {
      name: "a mistyped rule id",
      skill: `${head}<!-- ops-skill-disable-next-line ops/mutating-command, quality/placeholder-txt -- r -->\nText.\n`,
      errors: [
        {
          message:
            'Unknown rule "quality/placeholder-txt" in `ops-skill-disable-next-line`; it suppresses nothing. Did you mean "quality/placeholder-text"?',
          line: 5,
          column: 56,
        },
      ],
    },
    {
      name: "an unknown rule id in an enable",
      skill: `${head}<!-- ops-skill-enable no/such-rule -->\n`,
      errors: [{ message: /^Unknown rule "no\/such-rule" in `ops-skill-enable`/, line: 5 }],
    },
    {
      name: "a mistyped keyword",
      skill: `${head}<!-- ops-skill-disable-nextline quality/body-length -- r -->\n`,
      errors: [
        {
          message:
            "`ops-skill-disable-nextline` is not a directive; it suppresses nothing. Did you mean `ops-skill-disable-next-line`?",
          line: 5,
          column: 1,
        },
      ],
    },
    {
      name: "a line directive over two lines",
      skill: `${head}<!-- ops-skill-disable-next-line quality/body-length\n  -- generated -->\nText.\n`,
      errors: [{ message: /must open and close on one line/, line: 5, column: 1 }],
    },
    {
      name: "a rule about directives",
      skill: `${head}<!-- ops-skill-disable quality/disable-reason -- r -->\n<!-- ops-skill-disable-next-line ops/mutating-command -->\nRun it.\n`,
      errors: [
        {
          message:
            "`ops-skill-disable` cannot silence quality/disable-reason: no directive silences what is wrong with directives.",
          line: 5,
          column: 24,
        },
      ],
    },
    {
      name: "a rule that reports on other files than SKILL.md",
      skill: `${head}<!-- ops-skill-disable config/unknown-key -- r -->\n`,
      errors: [
        {
          message:
            "`ops-skill-disable` cannot silence config/unknown-key: directives in SKILL.md silence only the rules that read the skill itself, not those of Codex config, hooks or report schemas (even where they point at a line of SKILL.md).",
          line: 5,
          column: 24,
        },
      ],
    },
    {
      name: "internal/crash: an internal error is always reported",
      skill: `${head}<!-- ops-skill-disable internal/crash -- r -->\n`,
      errors: [
        {
          message:
            "`ops-skill-disable` cannot silence internal/crash: an internal error of ops-skill is always reported, and the run exits 2.",
          line: 5,
          column: 24,
        },
      ],
    },
    {
      name: "a codex/ error: Codex refuses the skill whatever the comment says",
      skill:
        "---\nname: demo-skill\ndescription: Checks pods. Use when on-call asks.\n# ops-skill-disable-next-line codex/name-too-long -- we like it long\n---\n",
      withRules: [nameTooLong],
      errors: [
        {
          message:
            "`ops-skill-disable-next-line` cannot silence codex/name-too-long: an error of a codex/ rule means Codex refuses or never lists the skill, whatever a comment says.",
          line: 4,
          column: 31,
        },
      ],
    },
  ],
});
