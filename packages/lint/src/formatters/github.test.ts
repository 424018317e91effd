import { describe, expect, it } from "vitest";
import { expectGolden } from "../../test/fixtures/formatters/golden.js";
import {
  CWD,
  cleanResult,
  emptyResult,
  NASTY,
  nastyResult,
} from "../../test/fixtures/formatters/lint-result.js";
import { escapeData, escapeProperty, github } from "./github.js";
import { formatters } from "./index.js";
import { visible } from "./visible.js";

const context = { cwd: CWD, color: false };
const COMMANDS = { error: "error", warning: "warning", info: "notice" } as const;

/** How the Actions runner reads a workflow command back (its ActionCommand parser). */
function parseCommand(line: string) {
  const match = /^::(\w+) ([^:]*)::(.*)$/s.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const [, command, props = "", data = ""] = match;
  const decode = (s: string) =>
    s
      .replace(/%0D/g, "\r")
      .replace(/%0A/g, "\n")
      .replace(/%3A/g, ":")
      .replace(/%2C/g, ",")
      .replace(/%25/g, "%");
  const properties: Record<string, string> = {};
  for (const pair of props.split(",")) {
    const eq = pair.indexOf("=");
    properties[pair.slice(0, eq)] = decode(pair.slice(eq + 1));
  }
  return { command, properties, message: decode(data) };
}

describe("github formatter", () => {
  it("is registered", () => {
    expect(formatters.github).toBe(github);
  });

  it("matches the golden output with nasty messages", async () => {
    await expectGolden("github/nasty.txt", github(nastyResult(), context));
  });

  it("prints nothing for an empty result or clean files", async () => {
    await expectGolden("github/empty.txt", github(emptyResult(), context));
    expect(github(emptyResult(), context)).toBe("");
    expect(github(cleanResult(), context)).toBe("");
  });

  it("prints one command per diagnostic, on one line each", () => {
    const result = nastyResult();
    const output = github(result, context);
    const lines = output.trimEnd().split("\n");
    const diagnostics = result.results.flatMap((f) => f.diagnostics);
    expect(output.endsWith("\n")).toBe(true);
    expect(lines).toHaveLength(diagnostics.length);
    for (const line of lines) expect(line).not.toMatch(/\r/);
  });

  it("round-trips file, title and message (control characters escaped visibly) through the runner's unescaping", () => {
    const result = nastyResult();
    const lines = github(result, context).trimEnd().split("\n");
    const diagnostics = result.results.flatMap((f) => f.diagnostics.map((d) => ({ f, d })));
    for (const [i, line] of lines.entries()) {
      const { d } = diagnostics[i] ?? {};
      const parsed = parseCommand(line);
      expect(parsed.command).toBe(COMMANDS[d?.severity ?? "error"]);
      expect(parsed.message).toBe(visible(d?.message ?? ""));
      expect(parsed.properties.title).toBe(d?.ruleId);
    }
    const files = lines.map((l) => parseCommand(l).properties.file);
    expect(files).toContain("skills/odd, name: 100%/SKILL.md");
    expect(files).toContain(".codex/config.toml");
    expect(files).toContain("/elsewhere/skills/x/SKILL.md");
    const messages = lines.map((l) => parseCommand(l).message);
    expect(messages).toEqual(expect.arrayContaining(Object.values(NASTY).map(visible)));
  });

  it("never prints a control character a log viewer would act on", () => {
    const output = github(nastyResult(), context);
    for (const control of ["\u001b", "\u0007", "\u0000", "\r", "\u202e"])
      expect(output).not.toContain(control);
    expect(output).toContain("escape\\u001b[31m null\\u0000");
    const evil = nastyResult();
    const [first] = evil.results[1]?.diagnostics ?? [];
    if (first) first.message = "name \u202eevil\u202c and \u009b31m";
    expect(github(evil, context)).toContain("name \\u202eevil\\u202c and \\u009b31m");
  });

  it("gives columns only on one line, never an endColumn before col", () => {
    const lines = github(nastyResult(), context).trimEnd().split("\n");
    const multiLine = parseCommand(lines[0] ?? "").properties;
    expect(multiLine).toEqual({
      file: "skills/drift-check/SKILL.md",
      line: "2",
      endLine: "4",
      title: "codex/yaml-syntax",
    });
    for (const line of lines) {
      const p = parseCommand(line).properties;
      if (p.col === undefined) continue;
      expect(p.endLine).toBe(p.line);
      expect(Number(p.endColumn)).toBeGreaterThanOrEqual(Number(p.col));
    }
    expect(lines[0]).toMatch(
      /^::error file=skills\/drift-check\/SKILL\.md,line=2,endLine=4,title=/,
    );
  });

  it("escapes like @actions/core", () => {
    expect(escapeData("a%b\r\nc:d,e")).toBe("a%25b%0D%0Ac:d,e");
    expect(escapeProperty("a%b\r\nc:d,e")).toBe("a%25b%0D%0Ac%3Ad%2Ce");
    expect(escapeData("%0A")).toBe("%250A");
  });
});
