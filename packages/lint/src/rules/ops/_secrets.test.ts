import { describe, expect, it } from "vitest";
import { findSecrets } from "./_secrets.js";

describe("findSecrets", () => {
  it("finds known formats and redacts them", () => {
    const text = `id=${"AS"}IA${"Q".repeat(16)} gh=${"gh"}s_${"x1Y".repeat(12)}`;
    expect(findSecrets(text).map((f) => [f.kind, f.redacted])).toEqual([
      ["an AWS access key ID", "ASIA…"],
      ["a GitHub token", "ghs_…"],
    ]);
  });

  it("ignores kebab-case sk- names and documented placeholders", () => {
    expect(findSecrets("use sk-learn-preprocessing-pipeline-for-data")).toEqual([]);
    expect(findSecrets(`key: ${"AKIA"}IOSFODNN7${"EXAMPLE"}`)).toEqual([]);
    expect(findSecrets(`token = "${"ghp_"}${"x".repeat(36)}"`)).toEqual([]);
  });

  it("stays fast on a long line without keywords", () => {
    const line = `${"A1b2C3d4/".repeat(200_000)}\n`;
    const started = performance.now();
    findSecrets(line);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("stays fast on repeated keywords", () => {
    const line = "password=".repeat(100_000);
    const started = performance.now();
    findSecrets(line);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
