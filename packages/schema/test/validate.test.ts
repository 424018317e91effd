import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { validateReport } from "../src/validate.js";

const root = join(import.meta.dirname, "..", "..", "..");
const schemaText = readFileSync(join(root, "schemas/drift-report.schema.json"), "utf8");
const example = JSON.parse(
  readFileSync(join(root, "skills/drift-check/tests/example-report.json"), "utf8"),
);

type Generated = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; keyword: string }[] | null;
};

describe("validateReport", () => {
  test("gives the generated validator's verdict on good and bad reports", async () => {
    const generated = (await import(join(root, "schemas/generated/drift-report.validate.js")))
      .validate as Generated;
    const bad = structuredClone(example);
    bad.status = "fine";
    bad.checked_at = "yesterday";
    bad.terraform.to_add = -1;
    bad.extra = true;
    delete bad.summary;
    bad.findings[0].severity = 3;
    for (const report of [example, bad, [], null, { status: "ok" }]) {
      const ours = await validateReport(schemaText, report);
      if (!ours.ok) throw new Error(ours.problem);
      const theirs = generated(report);
      expect(ours.violations.length === 0).toBe(theirs);
      expect(ours.violations.map((v) => v.keyword).sort()).toEqual(
        (generated.errors ?? []).map((e) => e.keyword).sort(),
      );
    }
    const result = await validateReport(schemaText, bad);
    expect(result.ok && result.violations.map((v) => `${v.pointer}: ${v.message}`)).toEqual([
      "/summary: is required but missing",
      "/extra: is not allowed: the schema has no such property",
      '/status: must be one of "ok", "warning", "critical", "error"',
      '/checked_at: must match format "date-time"',
      "/terraform/to_add: must be >= 0",
      "/findings/0/severity: must be string, not integer",
      '/findings/0/severity: must be one of "warning", "critical"',
    ]);
  });

  test("a schema that cannot validate says why", async () => {
    expect(await validateReport("{", {})).toEqual({
      ok: false,
      problem: expect.stringMatching(/^not valid JSON: line 1/),
    });
    expect(
      await validateReport('{"type": "object", "properties": {"a": {"type": "strin"}}}', {}),
    ).toEqual({
      ok: false,
      problem: expect.stringContaining(
        "/properties/a/type must be equal to one of the allowed values",
      ),
    });
  });
});
