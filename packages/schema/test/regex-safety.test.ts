import { describe, expect, it } from "vitest";
import { findBacktrackingRisk, patternCompileError } from "../src/regex-safety.js";

describe("findBacktrackingRisk", () => {
  it.each([
    ["(a+)+", "nested-quantifier"],
    ["^(a+)+$", "nested-quantifier"],
    ["(a*)*", "nested-quantifier"],
    ["(.*)*", "nested-quantifier"],
    ["(.*a){20}", "nested-quantifier"],
    ["^(\\d+\\s?)+$", "nested-quantifier"],
    ["((ab)*)+", "nested-quantifier"],
    ["(x+x+)+y", "nested-quantifier"],
    [
      "^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$",
      "nested-quantifier",
    ],
    ["(.*,)*", "nested-quantifier"],
    ["(?:a+)+", "nested-quantifier"],
    ["(?<word>\\w+)*", "nested-quantifier"],
    ["(a|a)*", "overlapping-alternatives"],
    ["(\\w|\\d)+", "overlapping-alternatives"],
    ["^(.|\\s)*$", "overlapping-alternatives"],
    ["(ab|ab)+c", "overlapping-alternatives"],
  ])("flags %s", (pattern, reason) => {
    expect(findBacktrackingRisk(pattern)?.reason).toBe(reason);
  });

  it.each([
    "^[a-z]+$",
    "^https?://",
    "^[A-Z]{3}$",
    "[\\s\\S]",
    "^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$",
    "^(\\d{1,3}\\.){3}\\d{1,3}$",
    "^(\\w+\\.)+com$",
    "^([a-z0-9-]+\\.)+[a-z]{2,}$",
    "^(a+b)+$",
    "^v?(\\d+)\\.(\\d+)\\.(\\d+)(-[0-9A-Za-z.-]+)?$",
    "(a|b)*",
    "(ab|cd)+",
    "^\\S+@\\S+$",
    "a{2,}b*",
    "(a?)+",
    "(?=(a+))a*",
    "\\(a+\\)+",
    "[(a+)+]",
    "x{3,5}",
    "a{",
  ])("does not flag %s", (pattern) => {
    expect(findBacktrackingRisk(pattern)).toBeUndefined();
  });

  it("names the fragment", () => {
    expect(findBacktrackingRisk("^id-(\\d+)+$")?.fragment).toBe("(\\d+)+");
  });

  it("leaves patterns it cannot parse to the compile check", () => {
    expect(findBacktrackingRisk("(")).toBeUndefined();
    expect(findBacktrackingRisk("+a")).toBeUndefined();
    expect(findBacktrackingRisk("a)")).toBeUndefined();
  });

  it("copes with very long and deeply nested patterns", () => {
    expect(findBacktrackingRisk("a".repeat(100_000))).toBeUndefined();
    expect(findBacktrackingRisk(`${"(".repeat(5000)}a${")".repeat(5000)}`)).toBeUndefined();
    expect(findBacktrackingRisk(`${"(?:a|b)".repeat(2000)}(a+)+`)?.reason).toBe(
      "nested-quantifier",
    );
  });
});

describe("patternCompileError", () => {
  it("accepts ECMAScript patterns, with or without the u flag", () => {
    expect(patternCompileError("^[a-z]+$")).toBeUndefined();
    expect(patternCompileError("[\\w-.]")).toBeUndefined(); // invalid with u, valid without
  });

  it("reports patterns that do not compile", () => {
    expect(patternCompileError("(")).toMatch(/Invalid regular expression/);
    expect(patternCompileError("[z-a]")).toMatch(/Invalid regular expression/);
    expect(patternCompileError("a**")).toMatch(/Invalid regular expression/);
  });
});
