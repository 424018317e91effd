import type { Diagnostic } from "@ops-skill/core";
import { describe, expect, it } from "vitest";
import type { RuleMeta } from "../rule.js";
import { collector, MAX_FINDINGS_PER_RULE_AND_FILE } from "./rules.js";

const meta = (redactsRange = false): RuleMeta => ({
  id: "quality/noisy",
  category: "quality",
  description: "Noisy.",
  defaultSeverity: "warning",
  fixable: false,
  docsUrl: "",
  ...(redactsRange ? { redactsRange } : {}),
});

describe("collector", () => {
  it("keeps 50 findings of a rule per file, then one that counts the rest", () => {
    const into: Diagnostic[] = [];
    const report = collector(meta(), "warning", "/s/SKILL.md", undefined, into);
    for (let i = 1; i <= 1_000; i++) report({ message: `finding ${i}`, line: i, column: 2 });
    expect(into).toHaveLength(MAX_FINDINGS_PER_RULE_AND_FILE + 1);
    expect(into[49]?.message).toBe("finding 50");
    expect(into[50]).toEqual({
      ruleId: "quality/noisy",
      severity: "warning",
      message:
        "…and 950 more findings of quality/noisy in this file, not listed (a rule lists at most 50 per file).",
      file: "/s/SKILL.md",
      line: 51,
      column: 2,
      endLine: 51,
      endColumn: 3,
    });
  });

  it("counts each file a rule reports on apart, and says 1 more in the singular", () => {
    const into: Diagnostic[] = [];
    const report = collector(meta(), "error", "/s/SKILL.md", undefined, into);
    for (let i = 1; i <= 51; i++) report({ message: `script ${i}`, file: "/s/run.sh", line: i });
    for (let i = 1; i <= 3; i++) report({ message: `skill ${i}`, line: i });
    expect(into.filter((d) => d.file === "/s/run.sh")).toHaveLength(51);
    expect(into.filter((d) => d.file === "/s/SKILL.md")).toHaveLength(3);
    expect(into.find((d) => d.message.startsWith("…"))?.message).toBe(
      "…and 1 more finding of quality/noisy in this file, not listed (a rule lists at most 50 per file).",
    );
  });

  it("keeps every finding of a secret rule: the engine masks them all before it lists any", () => {
    const into: Diagnostic[] = [];
    const report = collector(meta(true), "error", "/s/SKILL.md", undefined, into);
    for (let i = 1; i <= 80; i++) report({ message: "secret", line: i });
    expect(into).toHaveLength(80);
  });
});
