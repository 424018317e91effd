import { describe, expect, it } from "vitest";
import { splitFrontmatter } from "../src/frontmatter.js";

describe("splitFrontmatter (Codex's delimiter rule)", () => {
  it("splits plain frontmatter", () => {
    const split = splitFrontmatter("---\nname: a\ndescription: b\n---\n# Body\n");
    expect(split).toMatchObject({ yaml: "name: a\ndescription: b", closeLine: 4, bodyStart: 31 });
  });

  it("drops CR of CRLF lines from the YAML text", () => {
    expect(splitFrontmatter("---\r\nname: a\r\n---\r\n")).toMatchObject({ yaml: "name: a" });
  });

  it("trims whitespace around delimiters but not a byte-order mark", () => {
    expect(splitFrontmatter(" --- \nname: a\n\t---\n")).toMatchObject({ yaml: "name: a" });
    expect(splitFrontmatter("\uFEFF---\nname: a\n---\n")).toEqual({
      kind: "no-opening",
      detail: "bom",
    });
  });

  it("refuses what Codex refuses", () => {
    expect(splitFrontmatter("")).toMatchObject({ kind: "no-opening" });
    expect(splitFrontmatter("\n---\nname: a\n---\n")).toEqual({
      kind: "no-opening",
      detail: "leading-blank",
    });
    expect(splitFrontmatter("---\rname: a\r---\r")).toEqual({
      kind: "no-opening",
      detail: "cr-only",
    });
    expect(splitFrontmatter("---\nname: a\n")).toEqual({ kind: "no-closing" });
    expect(splitFrontmatter("---\n---\n")).toEqual({ kind: "empty" });
  });

  it("closes at the first later delimiter line", () => {
    expect(splitFrontmatter("---\na: 1\n---\nb: 2\n---\n")).toMatchObject({
      yaml: "a: 1",
      closeLine: 3,
    });
  });
});
