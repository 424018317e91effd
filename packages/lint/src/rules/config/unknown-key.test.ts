import { testRule } from "../../../test/rule-tester.js";
import rule from "./unknown-key.js";

const project = (text: string) => ({
  files: { ".codex/config.toml": text },
  paths: [".codex/config.toml"],
});

testRule(rule, {
  valid: [
    {
      name: "known keys at every level",
      ...project(
        'model = "gpt-5.5"\nsandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nnetwork_access = true\n[model_providers.local]\nname = "local"\nbase_url = "http://127.0.0.1:8080/v1"\n[projects."/srv/app"]\ntrust_level = "trusted"\n',
      ),
    },
    {
      name: "anything under hooks is the hooks rules' business",
      ...project("[hooks]\nwhatever = 1\n[[hooks.PreToolUse]]\nnot_a_key = 2\n"),
    },
    {
      name: "map entries have any name",
      ...project('[mcp_servers.my-docs]\ncommand = "docs-mcp"\n'),
    },
  ],
  invalid: [
    {
      name: "top-level typo",
      ...project('model = "gpt-5.5"\nsandbox = "workspace-write"\n'),
      errors: [
        {
          message:
            /^Codex 0\.169\.0 does not know `sandbox` and ignores it; with `--strict-config` it refuses to start/,
          line: 2,
          column: 1,
        },
      ],
    },
    {
      name: "nested key in a table",
      ...project("[tui]\nbar = 2\n"),
      errors: [{ message: /`tui\.bar`/, line: 2, column: 1 }],
    },
    {
      name: "inside a map entry, with a suggestion",
      ...project('[model_providers.local]\nname = "local"\nbase_uri = "http://x"\n'),
      errors: [
        {
          message: /`model_providers\.local\.base_uri`.*Did you mean `base_url`\?/,
          line: 3,
          column: 1,
        },
      ],
    },
  ],
});
