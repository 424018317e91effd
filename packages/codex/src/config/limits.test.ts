/** Nesting past Codex's limits and tokens too long for toml-eslint-parser, before parsing. */
import { LineIndex } from "@ops-skill/core";
import { describe, expect, it } from "vitest";
import { CODEX_TOML_MAX_DEPTH, jsonDepthProblem, prepareToml } from "./limits.js";
import { parseConfigFile } from "./load.js";

const toml = (text: string) =>
  parseConfigFile({ path: "/p/.codex/config.toml", kind: "config-toml", text });

describe("TOML limits", () => {
  it("80 levels parse; the 81st bracket is Codex's refusal, where Codex points", () => {
    expect(prepareToml(`a = ${"[".repeat(80)}${"]".repeat(80)}\n`).problem).toBeUndefined();
    const parsed = toml(`a = ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`);
    expect(parsed.syntaxError).toEqual({
      message: "cannot recurse further; max recursion depth met",
      offset: 4 + CODEX_TOML_MAX_DEPTH,
      line: 1,
      column: 85,
    });
  });

  it("brackets in strings and comments are not nesting", () => {
    const text = `a = "${"[".repeat(200)}" # ${"{".repeat(200)}\nb = '${"[".repeat(200)}'\n`;
    expect(prepareToml(text)).toEqual({ text, long: [] });
  });

  it("a table key of 81 parts: recursion limit", () => {
    const key = Array.from({ length: 81 }, (_, i) => `k${i}`).join(".");
    expect(toml(`[${key}]\nx = 1\n`).syntaxError?.message).toBe("recursion limit");
    expect(toml(`[${key.split(".").slice(0, 80).join(".")}]\nx = 1\n`).syntaxError).toBeUndefined();
  });

  it("long strings and numbers are read whole, their ranges where they are", () => {
    const long = "x".repeat(200_000);
    const text = [
      `basic = "${long}\\u0041"`,
      `literal = '${long}'`,
      `multi = """\n${long}\n${long}\\\n   tail"""`,
      `lit-multi = '''${long}'''`,
      `"${long}" = 1`,
      `big = ${"9".repeat(20_000)}`,
      `after = "end"`,
      "",
    ].join("\n");
    const parsed = toml(text);
    if (parsed.syntaxError) throw new Error(parsed.syntaxError.message);
    const value = parsed.value as Record<string, unknown>;
    expect(value.basic).toBe(`${long}A`);
    expect(value.literal).toBe(long);
    expect(value.multi).toBe(`${long}\n${long}tail`);
    expect(value["lit-multi"]).toBe(long);
    expect(value[long]).toBe(1);
    expect(value.big).toBe(Number("9".repeat(20_000)));
    expect(value.after).toBe("end");
    const lines = new LineIndex(text);
    const entry = parsed.root?.entries.find((e) => e.key === "multi");
    expect(lines.positionAt(entry?.value.span.end ?? 0)).toEqual({ line: 6, column: 11 });
    const after = parsed.root?.entries.find((e) => e.key === "after");
    expect(lines.positionAt(after?.keySpan.start ?? 0)).toEqual({ line: 10, column: 1 });
  });

  it("a long string that is not valid TOML is Codex's refusal", () => {
    const parsed = toml(`a = "${"x".repeat(100_000)}\\q"\n`);
    expect(parsed.syntaxError?.message).toBe("Invalid character in escape sequence");
  });
});

describe("JSON limits", () => {
  it("a container 128 deep, as serde_json counts, not in strings", () => {
    expect(jsonDepthProblem(`${"[".repeat(127)}${"]".repeat(127)}`)).toBeUndefined();
    expect(jsonDepthProblem(`{"a": "${"[".repeat(500)}"}`)).toBeUndefined();
    expect(jsonDepthProblem(`${"[".repeat(100_000)}`)).toEqual({
      message: "recursion limit exceeded",
      offset: 127,
    });
  });
});
