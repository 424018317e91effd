import { describe, expect, it } from "vitest";
import { closestMatch } from "./suggest.js";

describe("closestMatch", () => {
  const keys = ["sandbox_mode", "approval_policy", "model", "model_provider", "profile"];

  it("finds a typo within a quarter of the word's length, case ignored", () => {
    expect(closestMatch("sandbox_mod", keys)).toBe("sandbox_mode");
    expect(closestMatch("Approval_Polcy", keys)).toBe("approval_policy");
    expect(closestMatch("modl", keys)).toBe("model");
    expect(closestMatch("modle", keys)).toBeUndefined(); // a swap is two edits, over 5 / 4
  });

  it("keeps the first of equally near candidates, and nothing beyond the limit", () => {
    expect(closestMatch("ab", ["ax", "ay"])).toBe("ax");
    expect(closestMatch("model_provider_identifier", keys)).toBeUndefined();
    expect(closestMatch("zzzzz", keys)).toBeUndefined();
    expect(closestMatch("x", [])).toBeUndefined();
  });

  it("agrees with the full edit distance on every pair of a word list", () => {
    const words = ["hooks", "hook", "shook", "books", "notify", "notice", "nothing", "timeout"];
    for (const word of words)
      for (const other of words) {
        const full = distance(word, other);
        const limit = Math.max(1, Math.floor(word.length / 4));
        expect(closestMatch(word, [other]), `${word} ~ ${other}`).toBe(
          full <= limit ? other : undefined,
        );
      }
  });
});

/** The textbook table, as the reference. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      (d[i] as number[])[j] = Math.min(
        ((d[i - 1] as number[])[j] as number) + 1,
        ((d[i] as number[])[j - 1] as number) + 1,
        ((d[i - 1] as number[])[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
  return (d[a.length] as number[])[b.length] as number;
}
