import { describe, expect, it } from "vitest";
import { jqPaths, jqPathText } from "./_jq-paths.js";

const texts = (filter: string) => jqPaths(filter).paths.map(jqPathText);

describe("jqPaths", () => {
  it("reads plain paths", () => {
    expect(texts(".status")).toEqual([".status"]);
    expect(texts(".")).toEqual(["."]);
    expect(texts(".findings[].severity")).toEqual([".findings[].severity"]);
    expect(texts(".findings[0].resource")).toEqual([".findings[].resource"]);
    expect(texts('."drift-count"')).toEqual(['."drift-count"']);
    expect(texts('.["summary"]')).toEqual([".summary"]);
    expect(texts(".a?.b[]?")).toEqual([".a.b[]"]);
    expect(jqPaths(".status").partial).toBe(false);
  });

  it("follows pipes from the path before them", () => {
    expect(texts(".findings[] | .severity")).toEqual([".findings[].severity"]);
    expect(texts('.findings[] | select(.severity == "critical") | .resource')).toEqual([
      ".findings[].severity",
      ".findings[].resource",
    ]);
    expect(texts(".a | .b | .c")).toEqual([".a.b.c"]);
  });

  it("reads the arguments of select, map and the element functions", () => {
    expect(texts('select(.status != "ok")')).toEqual([".status"]);
    expect(texts(".findings | map(.severity)")).toEqual([".findings[].severity"]);
    expect(texts('.findings | any(.severity == "high")')).toEqual([".findings[].severity"]);
    expect(texts('[.findings[] | select(.kind == "x")] | length')).toEqual([".findings[].kind"]);
  });

  it("reads conditionals, alternatives, objects and interpolations", () => {
    expect(texts('if .status == "ok" then .summary else .error end')).toEqual([
      ".status",
      ".summary",
      ".error",
    ]);
    expect(texts('.summary // "none"')).toEqual([".summary"]);
    expect(texts("{status, n: .count}")).toEqual([".status", ".count"]);
    expect(texts('"status \\(.status): \\(.summary)"')).toEqual([".status", ".summary"]);
    expect(texts("(.a).b")).toEqual([".a.b"]);
  });

  it("stops following after a stage that is not a report path, and says so", () => {
    const read = jqPaths(".findings | length | .x");
    expect(read.paths.map(jqPathText)).toEqual([".findings"]);
    expect(read.partial).toBe(true);
    expect(jqPaths("..|.a?").partial).toBe(true);
    expect(jqPaths("$ENV.HOME").partial).toBe(true);
    expect(jqPaths(".a[1:3]").partial).toBe(true);
  });

  it("keeps going on odd input without throwing", () => {
    for (const filter of [
      "",
      "(",
      "[",
      '"\\(',
      ".[",
      "{a:",
      "select(",
      ".a |",
      "}",
      "$x[0]",
      "((((.a",
    ]) {
      expect(() => jqPaths(filter)).not.toThrow();
    }
    expect(texts("((((.a")).toEqual([".a"]);
  });

  it("stops following past a nesting no gate has, without running out of stack", () => {
    const deep = jqPaths(`${"(".repeat(100_000)}.a${")".repeat(100_000)}`);
    expect(deep.partial).toBe(true);
    let text = ".a";
    for (let k = 0; k < 200; k++) text = `"\\(${text})"`;
    expect(() => jqPaths(text)).not.toThrow();
    expect(texts(`${"(".repeat(20)}.a${")".repeat(20)}`)).toEqual([".a"]);
  });
});
