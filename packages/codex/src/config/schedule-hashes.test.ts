import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigFile } from "./load.js";
import {
  contentHash,
  outputSchemaOf,
  rehashCassette,
  scheduleTrustText,
} from "./schedule-hashes.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");

describe("schedule hashes", () => {
  it("gives the catalogue's trust.json from its hooks.json", () => {
    const text = readFileSync(join(root, ".codex/hooks.json"), "utf8");
    const model = parseConfigFile({ path: ".codex/hooks.json", kind: "hooks-json", text });
    if (model.syntaxError !== undefined) throw new Error(model.syntaxError.message);
    expect(scheduleTrustText(model.hooks.groups)).toBe(
      readFileSync(join(root, "schedule/trust.json"), "utf8"),
    );
  });

  it("rewrites only the header's input hashes", () => {
    const header = {
      type: "cassette",
      version: 1,
      invocation: { prompt: "p", args: ["--output-schema", "s.json"], inputs: { skills: {} } },
    };
    const text = `${JSON.stringify(header)}\n{"type":"warning","message":"x"}\n`;
    const out = rehashCassette(text, {
      skill: { path: "a/SKILL.md", bytes: "skill" },
      schemaBytes: (path) => (path === "s.json" ? "schema" : "?"),
      hooks: { path: ".codex/hooks.json", bytes: "hooks" },
    });
    const [first, ...rest] = out.split("\n");
    expect(rest.join("\n")).toBe('{"type":"warning","message":"x"}\n');
    expect(JSON.parse(first as string).invocation.inputs).toEqual({
      skills: { "a/SKILL.md": contentHash("skill") },
      schema: contentHash("schema"),
      hooks: { ".codex/hooks.json": contentHash("hooks") },
    });
    expect(outputSchemaOf(["--output-schema=x.json"])).toBe("x.json");
  });
});
