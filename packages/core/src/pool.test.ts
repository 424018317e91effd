import { describe, expect, it } from "vitest";
import { inPool } from "./pool.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("inPool", () => {
  it("keeps the items' order and never runs more than `jobs` at once", async () => {
    let running = 0;
    let most = 0;
    const results = await inPool([30, 5, 20, 1, 10], 2, async (ms) => {
      running++;
      most = Math.max(most, running);
      await sleep(ms);
      running--;
      return ms * 2;
    });
    expect(results).toEqual([60, 10, 40, 2, 20]);
    expect(most).toBe(2);
  });

  it("runs one at a time below 1 job, and handles no items", async () => {
    let most = 0;
    let running = 0;
    await inPool([1, 2, 3], 0, async () => {
      running++;
      most = Math.max(most, running);
      await sleep(1);
      running--;
    });
    expect(most).toBe(1);
    expect(await inPool([], 4, async () => 1)).toEqual([]);
  });
});
