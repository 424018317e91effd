import { describe, expect, test } from "vitest";
import { MAX_REPORT_DEPTH, tooDeepAt } from "../src/json-depth.js";

describe("tooDeepAt", () => {
  test("the bracket past the limit, brackets in strings and escapes aside", () => {
    expect(tooDeepAt('{"a": [1, {"b": "[[[["}]}', 2)).toBe(10);
    expect(tooDeepAt('{"a": "\\"[[[", "b": [[]]}', 3)).toBeUndefined();
    expect(tooDeepAt('{"a": "\\"[[[", "b": [[]]}', 2)).toBe(21);
    expect(tooDeepAt("[".repeat(MAX_REPORT_DEPTH) + "]".repeat(MAX_REPORT_DEPTH))).toBeUndefined();
    expect(tooDeepAt(`${"[".repeat(MAX_REPORT_DEPTH + 1)}`)).toBe(MAX_REPORT_DEPTH);
  });
});
