import { describe, expect, it } from "vitest";
import { parseFrontmatterYaml } from "../src/yaml.js";

describe("parseFrontmatterYaml", () => {
  it("gives top-level fields with ranges and serde-like text", () => {
    const parsed = parseFrontmatterYaml(
      'name: 1.0\ndescription: "quoted"\nflag: true\nlist: [a]\n',
    );
    expect(parsed.ok).toBe(true);
    expect(parsed.fields.map((f) => [f.key, f.kind, f.text])).toEqual([
      ["name", "number", "1.0"],
      ["description", "string", "quoted"],
      ["flag", "boolean", "true"],
      ["list", "sequence", undefined],
    ]);
    expect(parsed.fields[0]?.keyRange).toEqual([0, 4]);
  });

  it("keeps duplicate keys for the rules to judge", () => {
    const parsed = parseFrontmatterYaml("a: 1\na: 2\n");
    expect(parsed.ok).toBe(true);
    expect(parsed.fields.map((f) => f.key)).toEqual(["a", "a"]);
  });

  it("fails on an alias to an anchor that does not exist", () => {
    expect(parseFrontmatterYaml("other: *nowhere\ndescription: d\n").problems[0]?.message).toBe(
      "unknown anchor",
    );
  });

  it("fails on several documents and on tab indentation", () => {
    expect(parseFrontmatterYaml("a: 1\n---\nb: 2\n").ok).toBe(false);
    expect(parseFrontmatterYaml("a:\n\tb: 1\n").ok).toBe(false);
  });

  it("does not expand an alias bomb", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const started = Date.now();
    const parsed = parseFrontmatterYaml(`${levels.join("\n")}\ndescription: d\n`);
    expect(Date.now() - started).toBeLessThan(5000);
    // Codex ignores unknown keys without expanding them, so the bomb is not an error.
    expect(parsed.ok).toBe(true);
    expect(parsed.fields.find((f) => f.key === "l")?.kind).toBe("sequence");
    expect(parsed.fields.find((f) => f.key === "description")?.text).toBe("d");
  });
});
