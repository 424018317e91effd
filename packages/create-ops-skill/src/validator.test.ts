import { describe, expect, it } from "vitest";
import { validatorFrom } from "./validator.js";

describe("validatorFrom", () => {
  const script = [
    "#!/usr/bin/env bash",
    "# Validate a drift report (drift) with jq; see ../../schemas/drift.schema.json.",
    'report_name="drift"',
    "read -r -d '' checks <<'JQ' || true",
    '.status == "drift"',
    "JQ",
    'printf "%s: valid %s\\n" "$0" "$report_name"',
    "",
  ].join("\n");

  it("puts in the checks and the new names, nothing else", () => {
    expect(validatorFrom(script, ".findings | length\n", { from: "drift", to: "starter" })).toBe(
      [
        "#!/usr/bin/env bash",
        "# Validate a starter report (starter) with jq; see ../../schemas/starter.schema.json.",
        'report_name="starter"',
        "read -r -d '' checks <<'JQ' || true",
        ".findings | length",
        "JQ",
        'printf "%s: valid %s\\n" "$0" "$report_name"',
        "",
      ].join("\n"),
    );
  });

  it("refuses a script with no heredoc of checks", () => {
    expect(validatorFrom("echo hi\n", "x", { from: "drift", to: "s" })).toBeUndefined();
  });
});
