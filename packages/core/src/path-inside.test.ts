import { describe, expect, it } from "vitest";
import { isInside } from "./path-inside.js";

describe("isInside", () => {
  it("holds for the folder itself and what is below it", () => {
    expect(isInside("/repo/skills", "/repo/skills")).toBe(true);
    expect(isInside("/repo/skills", "/repo/skills/drift/SKILL.md")).toBe(true);
    expect(isInside("/repo/skills", "/repo/skills/..cache/x")).toBe(true);
  });

  it("does not hold for a parent, a sibling with the same prefix, or another root", () => {
    expect(isInside("/repo/skills", "/repo")).toBe(false);
    expect(isInside("/repo/skills", "/repo/skills-old/x")).toBe(false);
    expect(isInside("/repo/skills", "/repo/skills/../other")).toBe(false);
    expect(isInside("/repo/skills", "/etc/passwd")).toBe(false);
  });
});
