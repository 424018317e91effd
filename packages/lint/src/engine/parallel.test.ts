import { availableParallelism } from "node:os";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dealShards, gatherShards, threadsFor, workerScript } from "./parallel.js";

describe("dealShards and gatherShards", () => {
  it("deal round robin and gather back in the order dealt", () => {
    expect(dealShards([0, 1, 2, 3, 4], 2)).toEqual([
      [0, 2, 4],
      [1, 3],
    ]);
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 8 }), (items, count) => {
        const shards = dealShards(items, count);
        expect(shards).toHaveLength(count);
        expect(gatherShards(shards)).toEqual(items);
      }),
    );
  });
});

describe("threadsFor", () => {
  it("keeps small runs and `off` on one thread", () => {
    expect(threadsFor(10)).toBe(1);
    expect(threadsFor(149, 8)).toBe(1);
    expect(threadsFor(100_000, "off")).toBe(1);
  });

  it("gives each thread at least 150 skills, and `auto` one per two CPUs (4 at most)", () => {
    expect(threadsFor(300, 8)).toBe(2);
    expect(threadsFor(10_000, 3)).toBe(3);
    expect(threadsFor(100_000, "auto")).toBe(
      Math.max(1, Math.min(Math.floor(availableParallelism() / 2), 4)),
    );
  });
});

describe("workerScript", () => {
  it("is undefined where the script does not exist (tests run the TypeScript sources)", () => {
    expect(workerScript(new URL("file:///nowhere/lint-worker.mjs"))).toBeUndefined();
  });
});
