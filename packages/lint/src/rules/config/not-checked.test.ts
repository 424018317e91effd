import { DEFAULT_MAX_FILE_BYTES } from "@ops-skill/core";
import { testRule } from "../../../test/rule-tester.js";
import rule from "./not-checked.js";

const huge = `# ${"x".repeat(DEFAULT_MAX_FILE_BYTES)}\n`;

testRule(rule, {
  valid: [
    {
      name: "a config of ordinary size",
      files: { ".codex/config.toml": 'model_reasoning_effort = "low"\n' },
      paths: ["."],
    },
    {
      name: "a config that cannot be read is config/unreadable-file's",
      files: { ".codex/config.toml": { fifo: true } },
      paths: ["."],
    },
  ],
  invalid: [
    {
      name: "a config.toml over the cap",
      files: { ".codex/config.toml": huge },
      paths: ["."],
      errors: [
        {
          message: `Not checked: this file is larger than 16 MiB (${huge.length} bytes), more than ops-skill reads; no rule looked at it, so whether Codex accepts it is not known.`,
        },
      ],
    },
    {
      name: "a hooks.json over the cap",
      files: { ".codex/hooks.json": huge },
      paths: ["."],
      errors: [{ message: /^Not checked: this file is larger than 16 MiB/ }],
    },
  ],
});
