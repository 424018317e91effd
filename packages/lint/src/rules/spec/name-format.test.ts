import { describe, expect, it } from "vitest";
import { testRule } from "../../../test/rule-tester.js";
import rule, { specSlug } from "./name-format.js";

const skill = (name: string) =>
  `---\nname: ${name}\ndescription: Reports pods stuck in CrashLoopBackOff. Use when on-call asks for cluster health.\n---\n# K8s health\n`;

testRule(rule, {
  valid: [
    { name: "kebab-case", skill: skill("k8s-health"), skillDir: "k8s-health" },
    { name: "digits only", skill: skill('"2024"'), skillDir: "2024" },
    { name: "no name (codex/name-fallback)", skill: "---\ndescription: Checks drift.\n---\n" },
    {
      name: "over 64 characters is codex/name-too-long",
      skill: skill(`${"a".repeat(70)}`),
    },
  ],
  invalid: [
    {
      name: "uppercase and underscore",
      skill: skill("K8s_Health"),
      errors: [
        {
          message:
            'The name "K8s_Health" has uppercase letters and the character "_"; the Agent Skills specification allows only lowercase letters a-z, digits 0-9 and single hyphens between them. Codex loads the skill, but other clients may refuse it.',
          line: 2,
          column: 7,
        },
      ],
    },
    {
      name: "leading hyphen and consecutive hyphens",
      skill: skill("-drift--check"),
      errors: [
        { message: /a hyphen at the start or end and consecutive hyphens/, line: 2, column: 7 },
      ],
    },
    {
      name: "spaces in a quoted name",
      skill: skill('"cert check"'),
      errors: [{ message: /the character " "/, line: 2, column: 7 }],
    },
  ],
});

describe("specSlug", () => {
  it("lowercases and hyphenates", () => {
    expect(specSlug("K8s_Health  Check")).toBe("k8s-health-check");
    expect(specSlug("--Café--")).toBe("cafe");
  });
});
