import { xmlAttr as attr, xmlText as text } from "@ops-skill/core";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../test/fixtures/formatters/golden.js";
import {
  CWD,
  cleanResult,
  emptyResult,
  NASTY,
  nastyResult,
} from "../../test/fixtures/formatters/lint-result.js";
import { formatters } from "./index.js";
import { junit } from "./junit.js";

const context = { cwd: CWD, color: false };

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, at: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw))
    throw new Error(`bare & in ${at}: ${raw}`);
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, ref: string) =>
    ref.startsWith("#x")
      ? String.fromCodePoint(Number.parseInt(ref.slice(2), 16))
      : ref.startsWith("#")
        ? String.fromCodePoint(Number(ref.slice(1)))
        : (ENTITIES[ref] as string),
  );
}

/**
 * A strict reader for the XML subset the formatter writes (declaration, elements, attributes in
 * double quotes, text): throws on anything malformed, and applies XML's normalisations (CR LF
 * and CR to LF in text; tab, LF and CR to spaces in attributes) so a round trip shows what a
 * real parser would give.
 */
function parseXml(xml: string): XmlElement {
  const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
  if (NOT_XML_CHAR.test(xml)) throw new Error("character not allowed in XML");
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, "");
  const root: XmlElement = { name: "#root", attributes: {}, children: [], text: "" };
  const stack = [root];
  const TAG = /^<(\/?)([A-Za-z][\w-]*)((?:\s+[A-Za-z][\w-]*="[^"<]*")*)\s*(\/?)>/;
  while (rest.length > 0) {
    const top = stack.at(-1) as XmlElement;
    const lt = rest.indexOf("<");
    if (lt !== 0) {
      const raw = lt === -1 ? rest : rest.slice(0, lt);
      if (raw.includes("]]>")) throw new Error("]]> in text");
      top.text += decode(raw.replace(/\r\n?/g, "\n"), top.name);
      rest = rest.slice(raw.length);
      continue;
    }
    const match = TAG.exec(rest);
    if (!match) throw new Error(`malformed tag at: ${rest.slice(0, 60)}`);
    const [whole, close, name = "", attrs = "", selfClose] = match;
    rest = rest.slice(whole.length);
    if (close) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const element: XmlElement = { name, attributes: {}, children: [], text: "" };
    for (const [, key = "", value = ""] of attrs.matchAll(/([A-Za-z][\w-]*)="([^"]*)"/g)) {
      if (key in element.attributes) throw new Error(`duplicate attribute ${key}`);
      element.attributes[key] = decode(value.replace(/[\t\n\r]/g, " "), `${name}@${key}`);
    }
    top.children.push(element);
    if (!selfClose) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  const [document] = root.children;
  if (!document || root.children.length !== 1) throw new Error("not exactly one root element");
  return document;
}

/**
 * What the report carries of a string: the characters XML cannot hold, and those a viewer would
 * act on (DEL, C1, bidi controls, line separators), as visible `\uXXXX` escapes.
 */
function representable(value: string): string {
  return value.replace(
    /[^\t\n\r\u0020-\u007E\u00A0-\u061B\u061D-\u200D\u2010-\u2027\u202F-\u2065\u206A-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

describe("junit formatter", () => {
  it("is registered", () => {
    expect(formatters.junit).toBe(junit);
  });

  it("matches the golden output with nasty messages", async () => {
    await expectGolden("junit/nasty.xml", junit(nastyResult(), context));
  });

  it("matches the golden output for an empty result and clean files", async () => {
    await expectGolden("junit/empty.xml", junit(emptyResult(), context));
    await expectGolden("junit/clean.xml", junit(cleanResult(), context));
  });

  it.each([
    ["nasty", nastyResult],
    ["empty", emptyResult],
    ["clean", cleanResult],
  ])("is well-formed XML (%s)", (_, make) => {
    expect(() => parseXml(junit(make(), context))).not.toThrow();
  });

  it("has a suite per file, a case per diagnostic, failures for errors and warnings", () => {
    const result = nastyResult();
    const doc = parseXml(junit(result, context));
    expect(doc.name).toBe("testsuites");
    expect(doc.children).toHaveLength(result.results.length);
    const diagnostics = result.results.flatMap((f) => f.diagnostics);
    const failing = diagnostics.filter((d) => d.severity !== "info").length;
    expect(doc.attributes).toMatchObject({ failures: String(failing), errors: "0" });
    // Every diagnostic is a test case, and each clean file one passing case.
    const clean = result.results.filter((f) => f.diagnostics.length === 0).length;
    expect(doc.attributes.tests).toBe(String(diagnostics.length + clean));
    for (const [i, file] of result.results.entries()) {
      const suite = doc.children[i] as XmlElement;
      const cases = suite.children;
      expect(cases.every((c) => c.name === "testcase")).toBe(true);
      if (file.diagnostics.length === 0) {
        expect(cases).toHaveLength(1);
        expect(cases[0]?.children).toEqual([]);
        continue;
      }
      expect(cases).toHaveLength(file.diagnostics.length);
      for (const [j, d] of file.diagnostics.entries()) {
        const [child] = cases[j]?.children ?? [];
        expect(cases[j]?.attributes.name).toBe(`${d.ruleId} (${d.line}:${d.column})`);
        if (d.severity === "info") {
          expect(child?.name).toBe("system-out");
          continue;
        }
        expect(child?.name).toBe("failure");
        expect(child?.attributes.type).toBe(d.severity);
        // The attribute round-trips exactly, newlines and all, but for characters XML lacks.
        expect(child?.attributes.message).toBe(representable(d.message));
        expect(child?.text).toContain(representable(d.message));
        expect(child?.text).toContain(d.ruleId);
        if (d.hint) expect(child?.text).toContain(`hint: ${d.hint}`);
      }
    }
    const names = doc.children.map((s) => s.attributes.name);
    expect(names).toContain("skills/odd, name: 100%/SKILL.md");
    expect(names).toContain("skills/ünïcödé-日本/SKILL.md");
  });

  it("carries every nasty message, the characters XML cannot hold escaped visibly", () => {
    const xml = junit(nastyResult(), context);
    const doc = parseXml(xml);
    const messages = doc.children.flatMap((s) =>
      s.children.flatMap((c) => c.children.map((f) => f.attributes.message ?? f.text)),
    );
    for (const message of Object.values(NASTY))
      expect(messages.some((m) => m.includes(representable(message)))).toBe(true);
    for (const control of ["\u0000", "\u0007", "\u001b"]) expect(xml).not.toContain(control);
    expect(xml).toContain("escape\\u001b[31m null\\u0000");
  });

  it("escapes the five entities, keeps CR, LF and tab, and escapes what XML cannot hold", () => {
    expect(text(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
    expect(text("a\r\nb\tc")).toBe("a&#13;\nb\tc");
    expect(attr("a\r\nb\tc")).toBe("a&#13;&#10;b&#9;c");
    expect(text("x\u0000y\u001bz\uFFFE\uD800!")).toBe("x\\u0000y\\u001bz\\ufffe\\ud800!");
    // Valid in XML, but a report viewer would act on them: C1 controls, DEL, bidi overrides.
    expect(attr("a\u009bb\u007fc\u202ed\u2066e")).toBe("a\\u009bb\\u007fc\\u202ed\\u2066e");
    expect(attr("🚀\uDBFF\uDFFF")).toBe("🚀\uDBFF\uDFFF");
    expect(text("]]>")).toBe("]]&gt;");
  });
});
