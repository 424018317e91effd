import { describe, expect, it } from "vitest";
import { apiMessage, keywordStatus, STRICT_MODE_LIMITS } from "../src/limits.js";

describe("the strict-mode limits table", () => {
  it("names its source, the date it was read and the Codex it applies to", () => {
    expect(STRICT_MODE_LIMITS.source.url).toMatch(
      /^https:\/\/platform\.openai\.com\/docs\/guides\/structured-outputs/,
    );
    expect(STRICT_MODE_LIMITS.source.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // conformance/schema checks it is the pinned Codex.
    expect(STRICT_MODE_LIMITS.codexVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(STRICT_MODE_LIMITS.formatName).toBe("codex_output_schema");
  });

  it("has the documented numbers", () => {
    const l = STRICT_MODE_LIMITS.limits;
    expect([
      l.totalProperties.value,
      l.nestingDepth.value,
      l.totalEnumValues.value,
      l.totalStringLength.value,
      l.largeEnumValues.value,
      l.largeEnumStringLength.value,
    ]).toEqual([5000, 10, 1000, 120_000, 250, 15_000]);
    expect(STRICT_MODE_LIMITS.formats.values).toEqual([
      "date-time",
      "time",
      "date",
      "duration",
      "email",
      "hostname",
      "ipv4",
      "ipv6",
      "uuid",
    ]);
  });

  it("says where every entry comes from", () => {
    for (const entry of [
      ...Object.values(STRICT_MODE_LIMITS.limits),
      ...Object.values(STRICT_MODE_LIMITS.keywords),
    ]) {
      expect(["documented", "reported", "inferred", "uncertain"]).toContain(entry.provenance);
      expect(entry.evidence.trim()).not.toBe("");
      // What the API was seen doing is quoted or cited, not paraphrased.
      if (entry.provenance === "reported")
        expect(entry.evidence).toMatch(/"|#\d|report|accepted|probe/);
    }
  });

  it("classifies keywords, unknown ones as unverified", () => {
    expect(keywordStatus("allOf").status).toBe("rejected");
    expect(keywordStatus("oneOf").status).toBe("rejected");
    expect(keywordStatus("minLength").status).toBe("rejected");
    expect(keywordStatus("pattern").status).toBe("supported");
    expect(keywordStatus("title").status).toBe("accepted");
    expect(keywordStatus("default").status).toBe("unverified");
    expect(keywordStatus("x-anything").status).toBe("unverified");
    expect(keywordStatus("__proto__").status).toBe("unverified");
    expect(keywordStatus("constructor").status).toBe("unverified");
  });

  it("fills message templates", () => {
    expect(apiMessage(STRICT_MODE_LIMITS.limits.nestingDepth.apiMessage, { n: 11 })).toBe(
      "11 levels of nesting exceeds limit of 10.",
    );
    expect(apiMessage("{a} {b}", { a: 1 })).toBe("1 {b}");
  });
});
