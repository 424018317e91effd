import { describe, expect, it } from "vitest";
import { codeFrame, FrameSource } from "./code-frame.js";

const source = new FrameSource("---\nname: drift-check\ndescription: x\n---\n\n# Drift\n");

describe("codeFrame", () => {
  it("marks the range of a finding on one line, with a line of context either side", () => {
    expect(codeFrame(source, { line: 2, column: 7, endLine: 2, endColumn: 18 })).toBe(
      [
        "  1 | ---",
        "> 2 | name: drift-check",
        "    |       ^^^^^^^^^^^",
        "  3 | description: x",
      ].join("\n"),
    );
  });

  it("marks each line of a range over lines", () => {
    expect(codeFrame(source, { line: 2, column: 7, endLine: 3, endColumn: 12 })).toBe(
      [
        "  1 | ---",
        "> 2 | name: drift-check",
        "    |       ^^^^^^^^^^^",
        "> 3 | description: x",
        "    | ^^^^^^^^^^^",
        "  4 | ---",
      ].join("\n"),
    );
  });

  it("puts one mark at the start when there is no end, past the line end, or the end is before it", () => {
    expect(codeFrame(source, { line: 1, column: 1 })).toBe(
      ["> 1 | ---", "    | ^", "  2 | name: drift-check"].join("\n"),
    );
    expect(codeFrame(source, { line: 5, column: 9, endLine: 6, endColumn: 3 })).toContain(
      "> 5 |\n    | ^\n> 6 | # Drift\n    | ^^",
    );
    expect(codeFrame(source, { line: 3, column: 10, endLine: 3, endColumn: 2 })).toContain(
      "> 3 | description: x\n    |          ^",
    );
  });

  it("is empty past the end of the text, and pads line numbers to the widest", () => {
    expect(codeFrame(source, { line: 40, column: 1 })).toBe("");
    const long = new FrameSource(Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join("\n"));
    expect(codeFrame(long, { line: 10, column: 1, endLine: 10, endColumn: 5 })).toBe(
      ["   9 | line 9", "> 10 | line 10", "     | ^^^^", "  11 | line 11"].join("\n"),
    );
  });

  it("splits lines on LF, CR LF and CR as the line numbers do, and escapes control characters", () => {
    const text = new FrameSource("a: 1\r\nname: \u001b[31mred\u001b[0m\rnext\n");
    expect(codeFrame(text, { line: 2, column: 7, endLine: 2, endColumn: 17 })).toBe(
      [
        "  1 | a: 1",
        "> 2 | name: \\u001b[31mred\\u001b[0m",
        // 10 characters marked: ESC [ 3 1 m r e d ESC [, shown as 20.
        "    |       ^^^^^^^^^^^^^^^^^^^^",
        "  3 | next",
      ].join("\n"),
    );
  });

  it("keeps tabs in the mark line so the marks line up", () => {
    const text = new FrameSource("\tkey:\tvalue");
    expect(codeFrame(text, { line: 1, column: 7, endLine: 1, endColumn: 12 })).toBe(
      ["> 1 | \tkey:\tvalue", "    | \t    \t^^^^^"].join("\n"),
    );
  });

  it("shows a window of a long line around the mark, the mark under the same text", () => {
    const long = `${"a".repeat(500_000)}TODO${"b".repeat(500_000)}`;
    const frame = codeFrame(new FrameSource(`x\n${long}\ny\n`), {
      line: 2,
      column: 500_001,
      endLine: 2,
      endColumn: 500_005,
    });
    const [, shown, marks] = frame.split("\n") as [string, string, string];
    expect(shown.length).toBeLessThan(220);
    expect(shown).toMatch(/^> 2 \| …a+TODOb+…$/);
    expect(shown.indexOf("TODO")).toBe(marks.indexOf("^^^^"));
    expect(marks).toMatch(/\^{4}$/);
  });
});
