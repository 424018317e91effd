import { describe, expect, it } from "vitest";
import { MAX_NAME_LENGTH, nameProblem, suggestName } from "./name.js";

describe("skill names", () => {
  it.each(["drift-check", "a", "k8s-health", "x".repeat(MAX_NAME_LENGTH), "a1-b2-c3"])(
    "accepts %s",
    (name) => expect(nameProblem(name)).toBeUndefined(),
  );

  it.each([
    ["", "empty"],
    ["team/drift", "path separator"],
    ["a\\b", "path separator"],
    ["..", '".."'],
    ["my skill", "space"],
    ["Drift-Check", "upper-case"],
    ["x".repeat(65), "65 characters"],
    ["-drift", "hyphen"],
    ["drift-", "hyphen"],
    ["drift--check", "two hyphens"],
    ["drift_check", "other than"],
    ["dérive", "other than"],
    ["123", "starts with a digit"],
    ["2fa-check", "starts with a digit"],
  ])("refuses %j (%s)", (name, why) => expect(nameProblem(name)).toContain(why));

  it("offers the nearest valid name", () => {
    expect(suggestName("Drift Check")).toBe("drift-check");
    expect(suggestName("team/drift")).toBe("team-drift");
    expect(suggestName("../evil")).toBe("evil");
    expect(suggestName("--a__b--")).toBe("a-b");
    expect(suggestName("x".repeat(70))).toBe("x".repeat(64));
    expect(suggestName(`${"a".repeat(63)}-b`)).toBe("a".repeat(63));
    expect(suggestName("dérive")).toBe("derive");
    expect(suggestName("..")).toBeUndefined();
    expect(suggestName("2FA check")).toBeUndefined();
    for (const bad of ["Drift Check", "team/drift", "x".repeat(70)]) {
      expect(nameProblem(suggestName(bad) as string)).toBeUndefined();
    }
  });
});
