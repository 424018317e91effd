/**
 * Runs the fault probes of probes.ts: half 2 of the table (the halves run side by side).
 */
import { describe, expect, it } from "vitest";
import { formatsOf, runProbe, testTimeout } from "./probe.js";
import { PROBES } from "./probes.js";

describe("fault probes", () => {
  for (const probe of PROBES.filter((_, i) => i % 2 === 1))
    it(
      probe.name,
      async () => {
        const problems: string[] = [];
        for (const format of formatsOf(probe))
          for (const problem of await runProbe(probe, format))
            problems.push(`[${format}] ${problem}`);
        expect(problems).toEqual([]);
      },
      testTimeout(probe),
    );
});
