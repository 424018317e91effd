/** The YAML nesting cap: shallow text untouched; deep collections blanked in place. */

import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { capYamlNesting, MAX_YAML_DEPTH, parseSkill } from "../src/index.js";

const lines = (text: string) => text.split("\n").map((line) => line.length);

describe("capYamlNesting", () => {
  it("leaves a document within the cap alone (the same string)", () => {
    const text = `a: ${"[".repeat(MAX_YAML_DEPTH - 1)}${"]".repeat(MAX_YAML_DEPTH - 1)}\n`;
    expect(capYamlNesting(text)).toEqual({ text });
  });

  it("blanks a flow collection past the cap, every offset and line kept", () => {
    const text = `name: x\nnotes: ${"[".repeat(10_000)}${"]".repeat(10_000)}\nlast: 1\n`;
    const capped = capYamlNesting(text);
    expect(capped.cappedAt).toBe(8 + 7 + MAX_YAML_DEPTH - 1);
    expect(capped.text).toHaveLength(text.length);
    expect(lines(capped.text)).toEqual(lines(text));
    expect(parseDocument(capped.text).toJS().last).toBe(1);
  });

  it("an unclosed one runs to the end and stays unclosed", () => {
    const capped = capYamlNesting(`a: ${"[".repeat(500)}\n`);
    expect(parseDocument(capped.text).errors.length).toBeGreaterThan(0);
  });

  it("brackets in quotes are text; after a plain scalar they nest, as the parser takes them", () => {
    const quoted = `a: "${"[".repeat(500)}"\n`;
    expect(capYamlNesting(quoted)).toEqual({ text: quoted });
    expect(capYamlNesting(`k: [a "${"[".repeat(500)}" b]\n`).cappedAt).toBeDefined();
  });

  it("compact sequences and block maps past the cap", () => {
    const seq = `a:\n  ${"- ".repeat(1000)}x\nb: 1\n`;
    const capped = capYamlNesting(seq);
    expect(capped.cappedAt).toBeDefined();
    expect(parseDocument(capped.text).toJS().b).toBe(1);
    let block = "a:\n";
    for (let i = 1; i <= 200; i++) block += `${" ".repeat(i)}k${i}:\n`;
    block += "b: 1\n";
    const blocked = capYamlNesting(block);
    expect(blocked.cappedAt).toBeDefined();
    expect(lines(blocked.text)).toEqual(lines(block));
    expect(parseDocument(blocked.text).toJS().b).toBe(1);
  });

  it("a frontmatter of 10,000 nested levels in an ignored key loads, as in Codex", () => {
    const skill = parseSkill(
      "/x/deep/SKILL.md",
      Buffer.from(
        `---\nname: deep\ndescription: Deep.\nnotes: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n---\n# Deep\n`,
      ),
    );
    expect(skill.codex.status).toBe("loaded");
    expect(skill.codex.firstParse?.cappedAt).toBeDefined();
  });
});
