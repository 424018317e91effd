import { CODEX_VERSION } from "@ops-skill/codex/version";
import { testRule } from "../../../test/rule-tester.js";
import rule from "./invalid-value.js";

const project = (text: string) => ({
  files: { ".codex/config.toml": text },
  paths: [".codex/config.toml"],
});

testRule(rule, {
  valid: [
    {
      name: "valid values",
      ...project(
        'sandbox_mode = "read-only"\napproval_policy = "never"\nmodel_context_window = 200000\nhide_agent_reasoning = true\n',
      ),
    },
    { name: "unknown keys are another rule's", ...project("zzz = [1, 2]\n") },
    { name: "any reasoning effort string loads", ...project('model_reasoning_effort = "turbo"\n') },
  ],
  invalid: [
    {
      name: "sandbox_mode variant",
      ...project('sandbox_mode = "full"\n'),
      errors: [
        {
          message: `Codex ${CODEX_VERSION} refuses to start: unknown variant \`full\`, expected one of \`read-only\`, \`workspace-write\`, \`danger-full-access\` (in \`sandbox_mode\`).`,
          line: 1,
          column: 16,
        },
      ],
    },
    {
      name: "approval_policy untrusted",
      ...project('approval_policy = "untrusted"\n'),
      errors: [{ message: /no longer supported/, line: 1, column: 19 }],
    },
    {
      name: "wrong type",
      ...project('model_context_window = "200000"\n'),
      errors: [
        {
          message:
            /`model_context_window` is a string "200000", expected an integer|`model_context_window` is a string, expected/,
          line: 1,
          column: 24,
        },
      ],
    },
    {
      name: "boolean as string in a nested table",
      ...project('[sandbox_workspace_write]\nnetwork_access = "yes"\n'),
      errors: [
        {
          message: /`sandbox_workspace_write\.network_access` is a string, expected a boolean/,
          line: 2,
        },
      ],
    },
  ],
});
