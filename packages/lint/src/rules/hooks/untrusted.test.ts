import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testRule } from "../../../test/rule-tester.js";
import { loadedConfig } from "../../config.js";
import { lint } from "../../engine/lint.js";
import { jsonHook, project, tomlHook } from "./_fixtures.js";
import rule from "./untrusted.js";

const options = { codexHome: "no-codex-home" };

testRule(rule, {
  valid: [
    { name: "no hooks", ...project('model = "gpt-5.5"\n'), options },
    {
      name: "a prompt handler is skipped anyway (hooks/unsupported-handler)",
      ...project('[[hooks.PreToolUse]]\n[[hooks.PreToolUse.hooks]]\ntype = "prompt"\n'),
      options,
    },
  ],
  invalid: [
    {
      name: "project hook, nothing trusted",
      ...project(tomlHook()),
      options,
      errors: [
        {
          message:
            /^`codex exec` skips this PreToolUse hook without a word until it and the project are trusted\. In .*no-codex-home\/config\.toml add: \[hooks\.state\.".*\/\.codex\/config\.toml:pre_tool_use:0:0"\] trusted_hash = "sha256:fa9bc3a4bbda2cf0e909cc4f66557092f40777c3773b042bdaf617b8ae59397c"/,
          line: 6,
          column: 11,
        },
      ],
    },
    {
      name: "hooks.json hook",
      ...project(jsonHook(), { json: true }),
      options,
      errors: [{ message: /hooks\.json:pre_tool_use:0:0/, line: 9, column: 24 }],
    },
  ],
});

describe("hooks/untrusted with trust in place", () => {
  it("reports nothing when the hook hash and the project are trusted", async () => {
    const root = await mkdtemp(join(tmpdir(), "ops-skill-trust-"));
    try {
      const configPath = join(root, ".codex", "config.toml");
      await mkdir(join(root, ".codex", "hooks"), { recursive: true });
      await mkdir(join(root, "home"), { recursive: true });
      await writeFile(configPath, tomlHook());
      const probe = await lint({
        paths: [configPath],
        cwd: root,
        rules: [rule],
        config: loadedConfig(root, {
          rules: { [rule.meta.id]: ["info", { codexHome: "home" }] },
        }),
      });
      const message = probe.results[0]?.diagnostics[0]?.message ?? "";
      const hash = /trusted_hash = "(sha256:[0-9a-f]{64})"/.exec(message)?.[1];
      expect(hash).toBeDefined();
      await writeFile(
        join(root, "home", "config.toml"),
        `[projects.${JSON.stringify(root)}]\ntrust_level = "trusted"\n\n[hooks.state.${JSON.stringify(`${configPath}:pre_tool_use:0:0`)}]\ntrusted_hash = "${hash}"\n`,
      );
      const trusted = await lint({
        paths: [configPath],
        cwd: root,
        rules: [rule],
        config: loadedConfig(root, {
          rules: { [rule.meta.id]: ["info", { codexHome: "home" }] },
        }),
      });
      expect(trusted.results.flatMap((r) => r.diagnostics)).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
