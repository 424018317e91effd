/**
 * What the model gets of a long command output, as `node conformance/record.mjs context` recorded
 * it from the real Codex (no Codex needed here): the context check's model
 * (`packages/testing/src/checks/context.ts`) must give, for every case, the same header token
 * count and the same text after `Output:\n`, byte for byte.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import {
  modelView,
  sessionModelPolicy,
  UNKNOWN_MODEL_POLICY,
} from "../../packages/testing/src/checks/context.js";
import { listCases } from "../lib/corpus.js";
import {
  type ContextCaseManifest,
  type ContextVerdict,
  generateOutput,
  summarizeText,
} from "./record.js";

const here = dirname(fileURLToPath(import.meta.url));
const verdicts = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  cases: Record<string, ContextVerdict>;
};
const cases = listCases<ContextCaseManifest>(join(here, "cases"));

describe("recorded context verdicts", () => {
  it("were recorded with the pinned Codex, one verdict per case", () => {
    expect(verdicts.codexVersion).toBe(CODEX_VERSION);
    expect(Object.keys(verdicts.cases).sort()).toEqual(cases.map((c) => c.id).sort());
  });

  it("cover an output under the budget, cut ones, a byte budget and the 1 MiB buffer", () => {
    const all = Object.values(verdicts.cases);
    expect(all.some((v) => v.text.marker === null && v.outputBytes < 10_000)).toBe(true);
    expect(all.some((v) => v.text.marker?.endsWith("tokens truncated…"))).toBe(true);
    expect(all.some((v) => v.text.marker?.endsWith("chars truncated…"))).toBe(true);
    expect(all.some((v) => v.text.start.includes("bytes omitted"))).toBe(true);
  });
});

describe("the context model gives what Codex sent the model", () => {
  for (const corpusCase of cases) {
    const verdict = verdicts.cases[corpusCase.id] as ContextVerdict;
    it(corpusCase.id, () => {
      const output = generateOutput(corpusCase.manifest.output);
      expect(Buffer.byteLength(output, "utf8")).toBe(verdict.outputBytes);
      const modelPolicy = sessionModelPolicy(verdict.modelWarning ? [verdict.modelWarning] : []);
      const view = modelView(output, {
        modelPolicy,
        ...(verdict.maxOutputTokens === null ? {} : { maxOutputTokens: verdict.maxOutputTokens }),
      });
      expect(view.originalTokens).toBe(verdict.originalTokenCount);
      expect(summarizeText(view.text)).toEqual(verdict.text);
      expect(view.lost === undefined).toBe(verdict.text.marker === null);
    });
  }

  it("reads the unknown-model warning Codex printed", () => {
    const warnings = Object.values(verdicts.cases).flatMap((v) => v.modelWarning ?? []);
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings)
      expect(sessionModelPolicy([warning])).toBe(UNKNOWN_MODEL_POLICY);
  });
});
