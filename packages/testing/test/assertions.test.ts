import { describe, expect, test } from "vitest";
import {
  canonicalJson,
  checkExpectation,
  diffJson,
  type Expectation,
  normalizeReport,
  resolvePointer,
  SCRUBBED,
} from "../src/index.js";

const report = {
  status: "critical",
  checked_at: "2026-12-01T06:00:07Z",
  "a/b": { "~x": 1 },
  findings: [
    { address: "b", detail: "two", tags: ["y", "x"] },
    { address: "a", detail: "one", tags: ["x"] },
  ],
};

describe("normalisation", () => {
  test("scrubs by pointer (with *), then sorts the declared sets", () => {
    const normal = normalizeReport(report, {
      scrub: [
        { pointer: "/checked_at", line: 1, with: SCRUBBED },
        { pointer: "/findings/*/detail", line: 1, with: null },
        { pointer: "/not/there", line: 1, with: 0 },
      ],
      sets: [{ pointer: "/findings" }, { pointer: "/findings/*/tags" }],
    });
    expect(normal).toEqual({
      status: "critical",
      checked_at: "[scrubbed]",
      "a/b": { "~x": 1 },
      findings: [
        { address: "a", detail: null, tags: ["x"] },
        { address: "b", detail: null, tags: ["x", "y"] },
      ],
    });
    // The report itself is untouched.
    expect(report.findings[0]?.detail).toBe("two");
  });

  test("canonical JSON ignores key order only", () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
  });
});

describe("the difference with the golden, by JSON Pointer", () => {
  test("changed, missing and unexpected values, escaped pointers", () => {
    const golden = { status: "ok", "a/b": { "~x": 2 }, findings: [1, 2], gone: true };
    const actual = { status: "critical", "a/b": { "~x": 1 }, findings: [1], extra: null };
    expect(diffJson(golden, actual)).toEqual([
      { pointer: "/status", kind: "changed", expected: "ok", actual: "critical" },
      { pointer: "/a~1b/~0x", kind: "changed", expected: 2, actual: 1 },
      { pointer: "/findings/1", kind: "missing", expected: 2 },
      { pointer: "/gone", kind: "missing", expected: true },
      { pointer: "/extra", kind: "unexpected", actual: null },
    ]);
    expect(diffJson(golden, golden)).toEqual([]);
    expect(diffJson({ a: 1 }, [1])).toEqual([
      { pointer: "", kind: "changed", expected: { a: 1 }, actual: [1] },
    ]);
  });
});

describe("expectations", () => {
  const check = (expectation: Omit<Expectation, "line">) =>
    checkExpectation(report, { ...expectation, line: 1 } as Expectation);

  test("equals, contains, count: passing", () => {
    expect(check({ pointer: "/status", op: "equals", value: "critical" }).passed).toBe(true);
    expect(check({ pointer: "/a~1b", op: "equals", value: { "~x": 1 } }).passed).toBe(true);
    expect(check({ pointer: "/checked_at", op: "contains", value: "2026-12" }).passed).toBe(true);
    expect(check({ pointer: "/findings/0/tags", op: "contains", value: "x" }).passed).toBe(true);
    expect(check({ pointer: "/findings/1", op: "contains", value: { address: "a" } }).passed).toBe(
      true,
    );
    expect(check({ pointer: "/findings", op: "count", value: 2 }).passed).toBe(true);
    expect(check({ pointer: "", op: "count", value: 4 }).passed).toBe(true);
  });

  test("each failure says what was found", () => {
    expect(check({ pointer: "/status", op: "equals", value: "ok" }).message).toBe(
      '/status is "critical", expected "ok"',
    );
    expect(check({ pointer: "/findings", op: "count", value: 3 }).message).toBe(
      "/findings has 2, expected 3",
    );
    expect(check({ pointer: "/status", op: "count", value: 3 }).message).toBe(
      '/status is "critical", not an array or object',
    );
    expect(check({ pointer: "/status", op: "contains", value: "ok" }).message).toBe(
      '/status is "critical", which does not contain "ok"',
    );
    expect(check({ pointer: "/findings/2", op: "equals", value: 1 }).message).toBe(
      "/findings/2 is not in the report",
    );
    expect(resolvePointer(report, "/findings/01")).toEqual({ found: false });
  });
});
