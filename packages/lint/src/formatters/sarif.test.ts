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
import { allRules } from "../rules/index.js";
import { formatters } from "./index.js";
import { createSarifFormatter, FINGERPRINT_KEY, SARIF_SCHEMA_URI, sarif } from "./sarif.js";

const DOCS_DIR = join(FIXTURES_DIR, "..", "..", "..", "..", "..", "docs", "rules");

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

  it("lists a finding a directive silenced after the others, with suppressions inSource, as ESLint's SARIF formatter", () => {
    const result = nastyResult();
    const file = result.results.find((f) => f.diagnostics.length > 1);
    const [first, ...others] = file?.diagnostics ?? [];
    if (file === undefined || first === undefined) throw new Error("the fixture needs findings");
    const before: Json = JSON.parse(format(result, context));
    file.diagnostics = others;
    file.suppressed = [
      { ...first, suppressions: [{ kind: "directive", justification: "approved in CHG-1" }] },
    ];
    const log: Json = JSON.parse(format(result, context));
    expect(validate(log)).toEqual([]);
    const silenced = log.runs[0].results.filter((r: Json) => r.suppressions !== undefined);
    expect(silenced).toHaveLength(1);
    expect(silenced[0].suppressions).toEqual([
      { kind: "inSource", justification: "approved in CHG-1" },
    ]);
    // Every result is as it was; the silenced one only gains its suppressions.
    const strip = (r: Json) => {
      const { suppressions: _, partialFingerprints: __, ...rest } = r;
      return rest;
    };
    expect(log.runs[0].results.map(strip).sort(byText)).toEqual(
      before.runs[0].results.map(strip).sort(byText),
    );
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
      expect(driver.rules[i]).toMatchObject({
        id: meta.id,
        shortDescription: { text: meta.description },
        helpUri: meta.docsUrl,
        defaultConfiguration: {
          level: meta.defaultSeverity === "info" ? "note" : meta.defaultSeverity,
        },
        properties: { tags: [meta.category] },
      });
  });

  it("gives every rule its docs page's Why as fullDescription and help, links absolute", () => {
    const rules = allRules.map((r) => r.meta);
    const log: Json = JSON.parse(format({ ...emptyResult(), rules }, context));
    expect(validate(log)).toEqual([]);
    for (const [i, meta] of rules.entries()) {
      const descriptor = log.runs[0].tool.driver.rules[i];
      const page = readFileSync(join(DOCS_DIR, `${meta.id}.md`), "utf8");
      const why = page.split("\n## Why\n")[1]?.split(/\n## /)[0]?.trim() ?? "";
      const text = (markdown: string) => markdown.replace(/\]\([^)\s]*\)/g, "]");
      expect(text(why).startsWith(text(descriptor.fullDescription.text)), meta.id).toBe(true);
      expect(descriptor.fullDescription.text.length).toBeGreaterThan(20);
      expect(descriptor.help.markdown).toMatch(/^\S/);
      expect(descriptor.help.markdown.endsWith(`\n\n[Documentation](${meta.docsUrl})`)).toBe(true);
      expect(descriptor.help.text).toContain(meta.docsUrl);
      // No link of the page is left relative to a folder SARIF viewers do not have.
      expect(descriptor.help.markdown).not.toMatch(/\]\((?!https:\/\/|#)/);
    }
  });

  it("marks the security rules, and only them, with tag security and security-severity", () => {
    const rules = allRules.map((r) => r.meta);
    const log: Json = JSON.parse(format({ ...emptyResult(), rules }, context));
    const marked = log.runs[0].tool.driver.rules
      .filter((d: Json) => d.properties["security-severity"] !== undefined)
      .map((d: Json) => [d.id, d.properties["security-severity"], d.properties.tags]);
    expect(marked).toEqual(
      rules
        .filter((m) => m.securitySeverity !== undefined)
        .map((m) => [m.id, m.securitySeverity?.toFixed(1), [m.category, "security"]]),
    );
    // The secrets, bypass flags and guards that cannot guard are among them.
    const ids = marked.map(([id]: [string]) => id);
    for (const id of [
      "ops/hardcoded-secret",
      "config/hardcoded-secret",
      "ops/dangerous-codex-flag",
      "hooks/ignored-deny-output",
      "hooks/matcher-never-matches-bash",
    ])
      expect(ids).toContain(id);
    expect(ids).not.toContain("spec/name-format");
  });

  it("fingerprints each result by rule, file and line text: stable when lines move", () => {
    const result = nastyResult();
    const first: Json = JSON.parse(format(result, context));
    const again: Json = JSON.parse(format(nastyResult(), context));
    const prints = (log: Json) =>
      log.runs[0].results.map((r: Json) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(prints(again)).toEqual(prints(first));
    // Each is unique within the run.
    expect(new Set(prints(first)).size).toBe(prints(first).length);
    // Two lines added above every finding: the lines change, the fingerprints do not.
    const moved = nastyResult();
    for (const file of moved.results) {
      if (file.source !== undefined) file.source = `\n\n${file.source}`;
      for (const d of file.diagnostics) {
        d.line += 2;
        d.endLine += 2;
      }
    }
    const shifted: Json = JSON.parse(format(moved, context));
    expect(prints(shifted)).toEqual(prints(first));
    expect(shifted.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBe(
      first.runs[0].results[0].locations[0].physicalLocation.region.startLine + 2,
    );
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

function byText(a: unknown, b: unknown): number {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}
