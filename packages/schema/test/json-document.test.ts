import { describe, expect, it } from "vitest";
import { parseJsonDocument } from "../src/json-document.js";
import { apiContext, childPointer, parsePointer, pythonRepr, toPointer } from "../src/pointer.js";

const text = `{
  "type": "object",
  "properties": {
    "a/b": { "type": "string" },
    "t~x": { "enum": ["x", "y"] },
    "ü": [10, 20]
  },
  "dup": 1,
  "dup": 2
}
`;

describe("parseJsonDocument", () => {
  const doc = parseJsonDocument(text);

  it("parses strict JSON the way JSON.parse does (the last duplicate wins)", () => {
    expect(doc.problems).toEqual([]);
    expect(doc.value).toEqual(JSON.parse(text));
    expect((doc.value as { dup: number }).dup).toBe(2);
  });

  it("maps pointers to the value and the key (1-based, end exclusive)", () => {
    expect(doc.locate("")?.value).toEqual({ line: 1, column: 1, endLine: 10, endColumn: 2 });
    expect(doc.locate("/type")).toMatchObject({
      value: { line: 2, column: 11, endLine: 2, endColumn: 19 },
      key: { line: 2, column: 3, endLine: 2, endColumn: 9 },
    });
    expect(doc.locate("/properties/a~1b/type")?.value).toMatchObject({ line: 4, column: 22 });
    expect(doc.locate("/properties/t~0x/enum/1")?.value).toEqual({
      line: 5,
      column: 28,
      endLine: 5,
      endColumn: 31,
    });
    expect(doc.locate("/properties/ü/1")?.value).toMatchObject({ line: 6, column: 15 });
    expect(doc.locate("/dup")?.value).toMatchObject({ line: 9, column: 10 });
  });

  it("returns undefined for pointers that name nothing", () => {
    for (const pointer of ["/nope", "/properties/ü/2", "/properties/ü/01", "/type/x", "no-slash"]) {
      expect(doc.locate(pointer)).toBeUndefined();
    }
  });

  it("reports each syntax problem once with its position", () => {
    const broken = parseJsonDocument('{\n  "a": 1,\n  /* c */ "b": [1,]\n}');
    expect(broken.value).toBeUndefined();
    expect(broken.problems.map((p) => [p.code, p.message, p.range.line, p.range.column])).toEqual([
      ["InvalidCommentToken", "Comments are not allowed in JSON", 3, 3],
      ["ValueExpected", "Trailing commas are not allowed in JSON", 3, 19],
    ]);
    expect(broken.locate("/a")).toBeUndefined();
  });

  it("keeps the value of a file nested deeper than the parser's stack", () => {
    const deep = parseJsonDocument(`${"[".repeat(50_000)}${"]".repeat(50_000)}`);
    expect(deep.problems).toEqual([]);
    expect(deep.positionsUnavailable).toBe(true);
    expect(Array.isArray(deep.value)).toBe(true);
    expect(deep.locate("")).toBeUndefined();
  });

  it("counts CRLF line endings as one line break", () => {
    const crlf = parseJsonDocument('{\r\n  "a": 1\r\n}');
    expect(crlf.locate("/a")?.value).toMatchObject({ line: 2, column: 8 });
  });
});

describe("pointers", () => {
  it("round-trips segments with ~ and /", () => {
    const path = ["properties", "a/b", "t~x", "0"];
    expect(toPointer(path)).toBe("/properties/a~1b/t~0x/0");
    expect(parsePointer(toPointer(path))).toEqual(path);
    expect(parsePointer("")).toEqual([]);
    expect(childPointer("/a", "b", 1)).toBe("/a/b/1");
    expect(() => parsePointer("a")).toThrow();
  });

  it("prints the API's context tuples the way Python prints them", () => {
    expect(apiContext([])).toBe("()");
    expect(apiContext(["items"])).toBe("('items',)");
    expect(apiContext(["properties", "findings", "items"])).toBe(
      "('properties', 'findings', 'items')",
    );
    expect(apiContext(["$defs", "segment", "anyOf", 1])).toBe("('$defs', 'segment', 'anyOf', 1)");
    expect(pythonRepr("it's")).toBe(`"it's"`);
    expect(pythonRepr(`it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(pythonRepr("a\nb\\")).toBe("'a\\nb\\\\'");
  });
});
