import { describe, expect, it } from "vitest";
import hookUntrusted from "../rules/hooks/untrusted.js";
import bodyLength from "../rules/quality/body-length.js";
import nameMissing from "../rules/spec/name-format.js";
import { ruleOptionsProblem } from "./rule-options.js";

describe("rule options are checked against the rule's schema", () => {
  it("accepts options that fit, and no options at all", () => {
    expect(ruleOptionsProblem(bodyLength.meta, { maxLines: 300 })).toBeUndefined();
    expect(ruleOptionsProblem(bodyLength.meta, {})).toBeUndefined();
    expect(ruleOptionsProblem(hookUntrusted.meta, { codexHome: ".codex-home" })).toBeUndefined();
    expect(ruleOptionsProblem(nameMissing.meta, {})).toBeUndefined();
  });

  it("names the option and what it got when the type is wrong", () => {
    expect(ruleOptionsProblem(bodyLength.meta, { maxLines: "300" })).toBe(
      'rule "quality/body-length": option "maxLines" must be integer (got "300")',
    );
    expect(ruleOptionsProblem(bodyLength.meta, { maxLines: 0 })).toBe(
      'rule "quality/body-length": option "maxLines" must be >= 1 (got 0)',
    );
    expect(ruleOptionsProblem(hookUntrusted.meta, { codexHome: "" })).toBe(
      'rule "hooks/untrusted": option "codexHome" must NOT have fewer than 1 characters (got "")',
    );
  });

  it("names an unknown option, with the option it is closest to", () => {
    expect(ruleOptionsProblem(bodyLength.meta, { maxLine: 300 })).toBe(
      'rule "quality/body-length": unknown option "maxLine" (did you mean "maxLines"?)',
    );
    expect(ruleOptionsProblem(bodyLength.meta, { limit: 300 })).toBe(
      'rule "quality/body-length": unknown option "limit" (it takes "maxLines")',
    );
  });

  it("refuses options for a rule that takes none", () => {
    expect(ruleOptionsProblem(nameMissing.meta, { strict: true })).toBe(
      'rule "spec/name-format" takes no options (got "strict")',
    );
  });
});
