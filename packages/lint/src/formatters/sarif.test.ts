import { readFileSync } from "node:fs";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { expectGolden, FIXTURES_DIR } from "../../test/fixtures/formatters/golden.js";
import {
  CWD,
  cleanResult,
  emptyResult,
  NASTY,
  nastyResult,
} from "../../test/fixtures/formatters/lint-result.js";
import { formatters } from "./index.js";
import { createSarifFormatter, SARIF_SCHEMA_URI, sarif } from "./sarif.js";

/** The OASIS SARIF 2.1.0 schema (errata 01), copied from oasis-tcs/sarif-spec. */
const schema = JSON.parse(
  readFileSync(join(FIXTURES_DIR, "sarif-schema-2.1.0.json"), "utf8"),
) as Record<string, unknown>;

// Both packages are CommonJS with the export on `.default` as well (the ESM-interop spelling).
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(schema);
/** Every schema violation of a SARIF log, as ajv reports them. */
function validate(log: unknown): unknown[] {
  return validateSarif(log) ? [] : [...(validateSarif.errors ?? [])];
}

// A fixed version so the goldens do not change with each release.
const format = createSarifFormatter({ version: "0.0.0-test" });
const context = { cwd: CWD, color: false };
const LEVELS = { error: "error", warning: "warning", info: "note" } as const;

// biome-ignore lint/suspicious/noExplicitAny: SARIF logs are read as plain JSON here.
type Json = any;

describe("sarif formatter", () => {
  it("is registered", () => {
    expect(formatters.sarif).toBe(sarif);
  });

  it("matches the golden output with nasty messages", async () => {
    await expectGolden("sarif/nasty.sarif", format(nastyResult(), context));
  });

  it("matches the golden output for an empty result and clean files", async () => {
    await expectGolden("sarif/empty.sarif", format(emptyResult(), context));
    await expectGolden("sarif/clean.sarif", format(cleanResult(), context));
  });

  it.each([
    ["nasty", nastyResult],
    ["empty", emptyResult],
    ["clean", cleanResult],
  ])("validates against the official SARIF 2.1.0 schema (%s)", (_, make) => {
    const log = JSON.parse(format(make(), context));
    expect(validate(log)).toEqual([]);
  });

  it("the schema check catches invalid output", () => {
    const log: Json = JSON.parse(format(nastyResult(), context));
    log.runs[0].results[0].level = "fatal";
    log.runs[0].results[1].locations[0].physicalLocation.region.startColumn = 0;
    log.runs[0].tool.driver.rules[0].helpUrl = "https://example.com";
    log.runs[0].results[2].locations[0].physicalLocation.artifactLocation.uri = "a b/ü";
    const paths = new Set(validate(log).map((e) => (e as { instancePath: string }).instancePath));
    expect([...paths]).toEqual(
      expect.arrayContaining([
        "/runs/0/results/0/level",
        "/runs/0/results/1/locations/0/physicalLocation/region/startColumn",
        "/runs/0/tool/driver/rules/0",
        "/runs/0/results/2/locations/0/physicalLocation/artifactLocation/uri",
      ]),
    );
  });

  it("describes the tool and every rule", () => {
    const result = nastyResult();
    const log: Json = JSON.parse(format(result, context));
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: "ops-skill", version: "0.0.0-test" });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    for (const [i, meta] of result.rules.entries())
      expect(driver.rules[i]).toEqual({
        id: meta.id,
        shortDescription: { text: meta.description },
        helpUri: meta.docsUrl,
        defaultConfiguration: {
          level: meta.defaultSeverity === "info" ? "note" : meta.defaultSeverity,
        },
        properties: { tags: [meta.category] },
      });
  });

  it("uses the lint package's version when registered", () => {
    const log: Json = JSON.parse(sarif(emptyResult(), context));
    expect(log.runs[0].tool.driver.version).toBe(packageJson.version);
  });

  it("gives each result a rule index, level, message and location", () => {
    const result = nastyResult();
    const log: Json = JSON.parse(format(result, context));
    const { rules } = log.runs[0].tool.driver;
    const diagnostics = result.results.flatMap((f) => f.diagnostics);
    const results = log.runs[0].results;
    expect(results).toHaveLength(diagnostics.length);
    for (const [i, r] of results.entries()) {
      const d = diagnostics[i];
      expect(rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.ruleId).toBe(d?.ruleId);
      expect(r.message.text).toBe(d?.message);
      expect(r.level).toBe(LEVELS[d?.severity ?? "error"]);
    }
    expect(results.map((r: Json) => r.message.text)).toEqual(
      expect.arrayContaining(Object.values(NASTY)),
    );
    // An unlisted rule id is added to the rules so its index is valid.
    expect(rules.at(-1)).toEqual({ id: "internal/crash" });
  });

  it("locates files relative to %SRCROOT%, percent-encoded, and outside files by file URI", () => {
    const log: Json = JSON.parse(format(nastyResult(), context));
    const run = log.runs[0];
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///work/project/" } });
    const locations = run.results.map((r: Json) => r.locations[0].physicalLocation);
    expect(locations.map((l: Json) => l.artifactLocation)).toEqual(
      expect.arrayContaining([
        { uri: "skills/drift-check/SKILL.md", uriBaseId: "%SRCROOT%" },
        { uri: "skills/odd%2C%20name%3A%20100%25/SKILL.md", uriBaseId: "%SRCROOT%" },
        {
          uri: "skills/%C3%BCn%C3%AFc%C3%B6d%C3%A9-%E6%97%A5%E6%9C%AC/SKILL.md",
          uriBaseId: "%SRCROOT%",
        },
        { uri: ".codex/config.toml", uriBaseId: "%SRCROOT%" },
        { uri: "file:///elsewhere/skills/x/SKILL.md" },
      ]),
    );
    expect(locations[0].region).toEqual({
      startLine: 2,
      startColumn: 14,
      endLine: 4,
      endColumn: 3,
    });
    // An end before the start on one line is clamped to an empty region at the start.
    const backwards = locations.find((l: Json) => l.region.startLine === 12).region;
    expect(backwards).toEqual({ startLine: 12, startColumn: 7, endLine: 12, endColumn: 7 });
  });

  it("lists no results for a clean run, so code scanning closes old alerts", () => {
    const log: Json = JSON.parse(format(cleanResult(), context));
    expect(log.runs[0].results).toEqual([]);
  });
});
