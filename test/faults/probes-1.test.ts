/**
 * Runs the fault probes of probes.ts: half 1 of the table (the halves run side by side).
 */
import { describe, expect, it } from "vitest";
import { testProbes } from "./probe.js";
import { PROBES } from "./probes.js";

describe("fault probes", () => {
  it("have distinct names", () => {
    expect(new Set(PROBES.map((p) => p.name)).size).toBe(PROBES.length);
  });

  testProbes(PROBES.filter((_, i) => i % 2 === 0));
});
