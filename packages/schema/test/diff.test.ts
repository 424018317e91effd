import { describe, expect, it } from "vitest";
import { diffFromEdits, formatSchemaDiff, formatSchemaJson, unifiedDiff } from "../src/diff.js";

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n")).toBe("");
    expect(formatSchemaDiff({ a: 1 }, { a: 1 })).toBe("");
  });

  it("writes hunks with three lines of context", () => {
    const before = `${Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n")}\n`;
    const after = before.replace("line 3\n", "line three\n").replace("line 17\n", "");
    expect(unifiedDiff(before, after)).toBe(
      [
        "--- a/schema.json",
        "+++ b/schema.json",
        "@@ -1,6 +1,6 @@",
        " line 1",
        " line 2",
        "-line 3",
        "+line three",
        " line 4",
        " line 5",
        " line 6",
        "@@ -14,7 +14,6 @@",
        " line 14",
        " line 15",
        " line 16",
        "-line 17",
        " line 18",
        " line 19",
        " line 20",
        "",
      ].join("\n"),
    );
  });

  it("joins changes closer than twice the context into one hunk", () => {
    const before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const after = "1\nX\n3\n4\n5\n6\n7\nY\n9\n";
    const diff = unifiedDiff(before, after, { context: 3 });
    expect(diff.match(/^@@/gm)).toHaveLength(1);
    expect(diff).toContain("@@ -1,9 +1,9 @@");
  });

  it("handles insertions into and deletions from empty texts", () => {
    expect(unifiedDiff("", "a\n")).toBe(
      "--- a/schema.json\n+++ b/schema.json\n@@ -0,0 +1,1 @@\n+a\n",
    );
    expect(unifiedDiff("a\n", "")).toBe(
      "--- a/schema.json\n+++ b/schema.json\n@@ -1,1 +0,0 @@\n-a\n",
    );
  });

  it("applies cleanly: the + and context lines rebuild the new text", () => {
    const a = Array.from({ length: 300 }, (_, i) => `k${i % 7}`);
    const b = a.filter((_, i) => i % 5 !== 0).map((x, i) => (i % 11 === 0 ? `${x}!` : x));
    const diff = unifiedDiff(`${a.join("\n")}\n`, `${b.join("\n")}\n`, { context: 1_000_000 });
    const rebuilt = diff
      .split("\n")
      .slice(3, -1)
      .filter((line) => !line.startsWith("-"))
      .map((line) => line.slice(1));
    expect(rebuilt).toEqual(b);
    const old = diff
      .split("\n")
      .slice(3, -1)
      .filter((line) => !line.startsWith("+"))
      .map((line) => line.slice(1));
    expect(old).toEqual(a);
  });

  it("falls back to one replaced block for texts with nothing in common", () => {
    const a = Array.from({ length: 5000 }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: 5000 }, (_, i) => `b${i}`).join("\n");
    const diff = unifiedDiff(a, b);
    expect(diff.split("\n").filter((l) => l.startsWith("-")).length).toBe(5001);
  });

  it("formats schemas the way fixSchema output is written", () => {
    expect(formatSchemaJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });
});

describe("diffFromEdits", () => {
  const before = `${Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n")}\n`;
  const at = (needle: string) => before.indexOf(needle);

  it("is empty without edits", () => {
    expect(diffFromEdits(before, [])).toBe("");
  });

  it("writes the hunks jsdiff writes for the same change", () => {
    const edits = [
      { range: [at("line 3") + 5, at("line 3") + 6] as [number, number], text: "three" },
      { range: [at("line 17\n"), at("line 18")] as [number, number], text: "" },
      { range: [at("line 20") + 7, at("line 20") + 7] as [number, number], text: "\nline 21" },
    ];
    const after = before
      .replace("line 3\n", "line three\n")
      .replace("line 17\n", "")
      .replace("line 20\n", "line 20\nline 21\n");
    expect(diffFromEdits(before, edits)).toBe(unifiedDiff(before, after));
  });

  it("marks a last line without a line break", () => {
    expect(diffFromEdits("a\nb", [{ range: [2, 3], text: "c" }])).toBe(
      "--- a/schema.json\n+++ b/schema.json\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
    );
  });
});
