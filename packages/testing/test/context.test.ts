import { describe, expect, it } from "vitest";
import {
  checkContext,
  describeCut,
  effectivePolicy,
  modelView,
  UNKNOWN_MODEL_POLICY,
} from "../src/checks/context.js";
import { parseContextSettings } from "../src/checks/context-settings.js";
import type { CommandOutcome } from "../src/outcome.js";

const lines = (count: number): string =>
  Array.from({ length: count }, (_, n) => `resource ${String(n).padStart(5, "0")} ok\n`).join("");
const command = (output: string | null, cmd = "terraform show -json"): CommandOutcome => ({
  callId: "c1",
  command: cmd,
  blocked: output === null ? { reason: "blocked" } : null,
  output,
  exitCode: output === null ? null : 0,
});

describe("what the model gets of an output", () => {
  it("takes the smaller of the call's max_output_tokens and the model's limit", () => {
    expect(effectivePolicy()).toEqual({ unit: "tokens", limit: 10_000 });
    expect(effectivePolicy({ maxOutputTokens: 2_000 })).toEqual({ unit: "tokens", limit: 2_000 });
    expect(effectivePolicy({ maxOutputTokens: 50_000 })).toEqual({ unit: "tokens", limit: 10_000 });
    expect(effectivePolicy({ modelPolicy: UNKNOWN_MODEL_POLICY })).toEqual(UNKNOWN_MODEL_POLICY);
    expect(effectivePolicy({ maxOutputTokens: 1_000, modelPolicy: UNKNOWN_MODEL_POLICY })).toEqual({
      unit: "tokens",
      limit: 1_000,
    });
  });

  it("keeps an output at the budget whole, and says which lines a longer one loses", () => {
    expect(modelView("x".repeat(40_000)).lost).toBeUndefined();
    // 2,500 lines of 18 bytes: 45,000 bytes; the first and last 20,000 stay, 5,000 go.
    const view = modelView(lines(2_500));
    expect(view.originalTokens).toBe(11_250);
    expect(view.lost).toEqual({
      bytes: 5_000,
      tokens: 1_250,
      firstLine: 1_112,
      lastLine: 1_389,
      firstLineText: "resource 01111 ok",
      lastLineText: "resource 01388 ok",
    });
    expect(view.text).toMatch(/^Warning: truncated output \(original token count: 11250\)\n/);
    expect(view.text).toContain("…1250 tokens truncated…");
  });
});

describe("the context check", () => {
  it("reports each cut command and passes without a declared limit", () => {
    const check = checkContext([command("small\n"), command(lines(2_500)), command(null)]);
    expect(check.passed).toBe(true);
    expect(check.cut).toHaveLength(1);
    expect(describeCut(check.cut[0] as never)).toBe(
      'context: `terraform show -json` printed 11,250 tokens (45,000 bytes, 2,500 lines), over the 10,000-token limit: the model lost 1,250 tokens in the middle, lines 1,112-1,389, from "resource 01111 ok" to "resource 01388 ok"',
    );
  });

  it("fails when the scenario declares the most tokens a command may lose", () => {
    expect(checkContext([command(lines(2_500))], { maxLostTokens: 0 }).passed).toBe(false);
    expect(checkContext([command(lines(2_500))], { maxLostTokens: 5_000 }).passed).toBe(true);
  });

  it("uses the 10,000-byte limit when Codex did not know the model", () => {
    const check = checkContext([command(lines(1_000))], {
      warnings: ["Model metadata for `gpt-5.4` not found. Defaulting to fallback metadata"],
    });
    expect(check.modelPolicy).toEqual(UNKNOWN_MODEL_POLICY);
    expect(describeCut(check.cut[0] as never)).toContain("over the 10,000-byte limit");
  });
});

describe("scenario.json context", () => {
  const parse = (raw: unknown) => {
    const problems: string[] = [];
    const value = parseContextSettings(raw, (pointer, message) =>
      problems.push(`${pointer}: ${message}`),
    );
    return { value, problems };
  };
  it("reads max_lost_tokens and names what is wrong", () => {
    expect(parse(undefined)).toEqual({ value: undefined, problems: [] });
    expect(parse({ max_lost_tokens: 0 })).toEqual({ value: { maxLostTokens: 0 }, problems: [] });
    expect(parse({ max_lost_tokens: -1 }).problems[0]).toMatch(/^\/context\/max_lost_tokens: /);
    expect(parse([]).problems[0]).toMatch(/^\/context: /);
    expect(parse({ max_lost: 1, max_lost_tokens: 1 }).problems).toEqual([
      '/context/max_lost: unknown key "max_lost" (known: max_lost_tokens)',
    ]);
  });
});
