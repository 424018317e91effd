import { parseConfigFile } from "@ops-skill/codex/config-parse";
import { describe, expect, it } from "vitest";
import { tableLines, trustTables } from "./trust.js";

describe("trustTables", () => {
  it("a checkout path with quotes, a backslash, a tab and DEL gives TOML that reads back as that path", () => {
    const root = '/var/tmp/c5 q"\\\t\u007fx';
    const tables = trustTables(root, [
      { key: ".codex/hooks.json:pre_tool_use:0:0", trusted_hash: `sha256:${"a".repeat(64)}` },
    ]);
    const text = tables.map(tableLines).join("\n");
    // TOML forbids a raw DEL in a string; Codex refuses such a file.
    expect(text).not.toContain("\u007f");
    const parsed = parseConfigFile({ path: "config.toml", kind: "config-toml", text });
    expect(parsed.syntaxError).toBeUndefined();
    const value = parsed.syntaxError === undefined ? (parsed.value as Record<string, never>) : {};
    expect(value).toEqual({
      projects: { [root]: { trust_level: "trusted" } },
      hooks: {
        state: {
          [`${root}/.codex/hooks.json:pre_tool_use:0:0`]: {
            trusted_hash: `sha256:${"a".repeat(64)}`,
          },
        },
      },
    });
  });
});
