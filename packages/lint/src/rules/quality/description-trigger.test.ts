import { describe, expect, it } from "vitest";
import { testRule } from "../../../test/rule-tester.js";
import rule, { hasTriggerCue } from "./description-trigger.js";

const skill = (description: string) =>
  `---\nname: demo-skill\ndescription: ${description}\n---\n# Demo\n`;

testRule(rule, {
  valid: [
    {
      name: "use when",
      skill: skill(
        "Detects Terraform drift with a read-only plan. Use when a scheduled job must confirm live infrastructure matches the code.",
      ),
    },
    {
      name: "for ...",
      skill: skill("Kubernetes pod health report. For nightly on-call handover."),
    },
    {
      name: "refused skill is codex/description-missing",
      skill: "---\nname: demo-skill\n---\n",
    },
  ],
  invalid: [
    {
      name: "only what it does",
      skill: skill(
        "Checks TLS certificate expiry on endpoints and Kubernetes secrets with openssl.",
      ),
      errors: [
        {
          message:
            "The description says what the skill does but not when to use it; the model sees only the name and description when it decides whether the skill applies.",
          line: 3,
          column: 14,
        },
      ],
    },
    {
      name: "block scalar",
      skill:
        "---\nname: demo-skill\ndescription: >-\n  Summarises AWS cost anomalies\n  per service and account.\n---\n",
      errors: [{ line: 3, column: 14 }],
    },
  ],
});

describe("hasTriggerCue", () => {
  it("knows schedule words", () => {
    expect(hasTriggerCue("Runs the nightly certificate sweep")).toBe(true);
    expect(hasTriggerCue("Restarts failed pods")).toBe(false);
  });
});
