import { testRule } from "../../../test/rule-tester.js";
import { fakes } from "../../../test/secrets/fakes.js";
import rule from "./hardcoded-secret.js";

const f = fakes(23);
const token = f.githubToken();
const slack = f.slackBotToken();

const config = (text: string) => ({
  files: { ".codex/config.toml": text },
  paths: [".codex/config.toml"],
});
const hooks = (text: string) => ({
  files: { ".codex/hooks.json": text },
  paths: [".codex/hooks.json"],
});

testRule(rule, {
  valid: [
    {
      name: "a token read from the environment",
      ...config('[mcp_servers.github]\ncommand = "github-mcp"\nenv_vars = ["GITHUB_TOKEN"]\n'),
    },
    {
      name: "a placeholder in a hook command",
      ...hooks(
        '{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"curl -H \\"Authorization: token $GITHUB_TOKEN\\" https://api.github.com"}]}]}}\n',
      ),
    },
  ],
  invalid: [
    {
      name: "a token in an MCP server's env",
      ...config(
        `[mcp_servers.github]\ncommand = "github-mcp"\nenv = { GITHUB_TOKEN = "${token}" }\n`,
      ),
      errors: [
        { message: /^A GitHub token \(ghp_…\) is written in this Codex config at line 3/, line: 3 },
      ],
    },
    {
      name: "a token in a hook's command line",
      ...hooks(
        `{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"notify --token ${slack}"}]}]}}\n`,
      ),
      errors: [{ message: /Slack/, line: 1 }],
    },
  ],
});
