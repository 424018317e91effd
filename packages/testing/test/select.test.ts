import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { discoverScenarios, globMatches, parseShard, selectScenarios } from "../src/index.js";

const ids = [
  "drift-check/clean",
  "drift-check/sg-change",
  "cert-check/expiring",
  "cert-check/unreachable",
  "k8s-health/ok",
];

describe("--filter", () => {
  test("a skill, a skill glob, skill/scenario, a scenario in any skill", () => {
    expect(selectScenarios(ids, { filter: ["drift-check"] }).ids).toEqual([
      "drift-check/clean",
      "drift-check/sg-change",
    ]);
    expect(selectScenarios(ids, { filter: ["*-check"] }).ids).toHaveLength(4);
    expect(selectScenarios(ids, { filter: ["cert-check/unreach*"] }).ids).toEqual([
      "cert-check/unreachable",
    ]);
    expect(selectScenarios(ids, { filter: ["*/clean", "k8s-health/o?"] }).ids).toEqual([
      "drift-check/clean",
      "k8s-health/ok",
    ]);
  });

  test("regex characters are literal, and a filter nothing matches is named", () => {
    const selection = selectScenarios(["a.b/c", "axb/c"], { filter: ["a.b", "zzz", "(a"] });
    expect(selection).toEqual({ ids: ["a.b/c"], unmatchedFilters: ["zzz", "(a"] });
  });
});

describe("--shard", () => {
  test("parses i/n and refuses anything else", () => {
    expect(parseShard("2/4")).toEqual({ ok: true, shard: { index: 2, total: 4 } });
    for (const bad of ["0/4", "5/4", "1/0", "a/b", "1", "-1/2"]) {
      expect(parseShard(bad).ok).toBe(false);
    }
  });

  test("shards are disjoint, cover the suite, differ by one at most, whatever the input order", () => {
    const many = Array.from({ length: 23 }, (_, k) => `skill-${k % 5}/case-${k}`);
    const shards = [1, 2, 3, 4].map(
      (index) => selectScenarios([...many].reverse(), { shard: { index, total: 4 } }).ids,
    );
    expect(shards.flat().sort()).toEqual([...many].sort());
    expect(new Set(shards.flat()).size).toBe(many.length);
    expect(shards.map((s) => s.length)).toEqual([6, 6, 6, 5]);
    expect(selectScenarios(many, { shard: { index: 2, total: 4 } }).ids).toEqual(shards[1]);
  });

  test("discovery filters and shards before reading", () => {
    const root = join(import.meta.dirname, "fixtures", "broken");
    const found = discoverScenarios(root, {
      filter: ["demo/bad-*"],
      shard: { index: 1, total: 2 },
    });
    expect(found.total).toBe(9);
    expect(found.scenarios.map((s) => (s.ok ? s.scenario.id : s.id))).toEqual([
      "demo/bad-calls",
      "demo/bad-fields",
    ]);
  });
});

describe("globs", () => {
  test("star and question mark, anchored at both ends", () => {
    expect(globMatches("a*c", "abbbc")).toBe(true);
    expect(globMatches("a*c", "abbbcd")).toBe(false);
    expect(globMatches("*", "")).toBe(true);
    expect(globMatches("?", "")).toBe(false);
    expect(globMatches("a*b*c", "axxbyyc")).toBe(true);
    expect(globMatches("a*b*c", "axxcyyb")).toBe(false);
    expect(globMatches("**x", "yyx")).toBe(true);
  });

  test("a long star pattern against a long name stays quick", () => {
    const started = performance.now();
    expect(globMatches(`${"*a".repeat(200)}b`, "a".repeat(20_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
