/**
 * The secret rules on the generated corpus (`corpus.mjs`, measured by `measure.mjs`): recall at
 * error severity of at least 95% on fake secrets of the supported formats, no error on the
 * documentation look-alikes, and every regular expression the scan runs over file text linear.
 */
import { describe, expect, it } from "vitest";
import { SCAN_PATTERNS, SECRET_FORMATS } from "../../packages/core/src/secrets/index.js";
import { lint } from "../../packages/lint/src/engine/lint.js";
import errorRule from "../../packages/lint/src/rules/ops/hardcoded-secret.js";
import warningRule from "../../packages/lint/src/rules/ops/possible-secret.js";
import { findBacktrackingRisk } from "../../packages/schema/src/regex-safety.js";
import { DEFAULT_SEED, generateCorpus } from "./corpus.mjs";
import { measureCorpus } from "./measure.mjs";

const kinds = new Map(SECRET_FORMATS.map((format) => [format.id, format.kind]));

describe("the generated secret corpus", () => {
  it("is the same for the same seed, and holds at least 40 secrets and 40 look-alikes", () => {
    const corpus = generateCorpus(DEFAULT_SEED);
    expect(JSON.stringify(generateCorpus(DEFAULT_SEED))).toBe(JSON.stringify(corpus));
    expect(corpus.secrets.length).toBeGreaterThanOrEqual(40);
    expect(corpus.lookalikes.length).toBeGreaterThanOrEqual(40);
    // The look-alikes the public skills are full of.
    const text = corpus.lookalikes.flatMap((l) => Object.values(l.files)).join("\n");
    for (const quoted of [
      '"access_token": "{BearerToken}"',
      '"password":"Test123!"',
      'ApiKey = "SendGridApiKey"',
      "token\": 'path/to/credentials.json'",
      'CLIENT_SECRET="abc123~defGHI456jklMNO789pqrSTU"',
      "AIzaSyA1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6Q",
      '"ReviewDemo2025!"',
    ])
      expect(text).toContain(quoted);
    // Secrets in scripts and references, and split over two lines.
    const files = corpus.secrets.map((s) => s.file);
    expect(files.some((f) => f.startsWith("scripts/"))).toBe(true);
    expect(files.some((f) => f.startsWith("references/"))).toBe(true);
    expect(corpus.secrets.some((s) => !s.files[s.file]?.includes(s.value))).toBe(true);
  });

  for (const seed of [DEFAULT_SEED, 1, 2]) {
    it(`seed ${seed}: recall at error at least 95%, named right, and no error on a look-alike`, async () => {
      const report = await measureCorpus({
        lint,
        rules: [errorRule, warningRule],
        kindOf: (id: string) => kinds.get(id),
        seed,
      });
      const missed = report.secrets.filter((s: { error: boolean }) => !s.error);
      expect(report.recallAtError, JSON.stringify(missed)).toBeGreaterThanOrEqual(0.95);
      expect(report.namedCorrectly).toBe(
        report.secrets.filter((s: { error: boolean }) => s.error).length,
      );
      const flagged = report.lookalikes.filter((l: { errors: string[] }) => l.errors.length > 0);
      expect(report.errorsOnLookalikes, JSON.stringify(flagged)).toBe(0);
    });
  }
});

describe("the secret scan's regular expressions", () => {
  it.each(SCAN_PATTERNS.map((pattern) => [pattern.source.slice(0, 60), pattern]))(
    "%s… has no nested or overlapping quantifier",
    (_name, pattern) => {
      expect(findBacktrackingRisk((pattern as RegExp).source)).toBeUndefined();
    },
  );
});
