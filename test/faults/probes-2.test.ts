/**
 * Runs the fault probes of probes.ts: half 2 of the table (the halves run side by side).
 */
import { describe } from "vitest";
import { testProbes } from "./probe.js";
import { PROBES } from "./probes.js";

describe("fault probes", () => {
  testProbes(PROBES.filter((_, i) => i % 2 === 1));
});
