/** Escaping for XML 1.0 reports (the JUnit formatters of `lint` and `test`). */

/**
 * Characters XML 1.0 cannot carry at all, even as references (C0 controls other than tab, LF
 * and CR, lone surrogates, U+FFFE and U+FFFF), and those a report viewer would act on (DEL,
 * C1 controls, bidi marks and overrides, line separators): each is written as a visible
 * escape, `\uXXXX`, so the XML stays well-formed and the reader sees what was there.
 */
const NOT_XML_CHAR =
  /[^\t\n\r\u0020-\u007E\u00A0-\u061B\u061D-\u200D\u2010-\u2027\u202F-\u2065\u206A-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

const ENTITY: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Element content; `\r` is a reference, or a parser would turn it into `\n`. */
export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, escapeChar).replace(/[&<>"'\r]/g, (c) => ENTITY[c] as string);
}

/** An attribute value; tab, LF and CR are references, or a parser would turn them into spaces. */
export function xmlAttr(value: string): string {
  return value
    .replace(NOT_XML_CHAR, escapeChar)
    .replace(/[&<>"'\t\n\r]/g, (c) => ENTITY[c] as string);
}
