/**
 * Text from the files linted (a `name`, a quoted line, a path) reaches a terminal or a CI log
 * through the human-readable formats. A terminal acts on control characters: ESC starts a
 * colour or cursor sequence, CR returns to the start of the line and overwrites it, BEL rings,
 * C1 controls (U+0080–U+009F) are the same sequences in one code point, and the bidirectional
 * overrides reorder what is shown (the "Trojan Source" trick). Each such character is printed
 * as a visible escape instead: `\r`, `\n`, or `\uXXXX`. Tab stays, as code frames line up by it.
 */

/**
 * C0 controls but tab (and LF unless `lf`), DEL, C1, the bidi marks, embeddings, overrides and
 * isolates, and the line and paragraph separators.
 */
function unsafe(code: number, lf: boolean): boolean {
  if (code < 0x20) return code !== 0x09 && (lf || code !== 0x0a);
  if (code < 0x7f) return false;
  if (code <= 0x9f) return true;
  if (code < 0x061c) return false;
  return (
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

function escaped(text: string, lf: boolean, crlf = false): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!unsafe(code, lf)) continue;
    if (crlf && code === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue;
    out += text.slice(from, i);
    out +=
      code === 0x0d ? "\\r" : code === 0x0a ? "\\n" : `\\u${code.toString(16).padStart(4, "0")}`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** `text` with every control, bidi or line-separator character but tab and LF escaped. */
export function visible(text: string): string {
  return escaped(text, false);
}

/**
 * `visible` for a text printed as lines (a diff of a file): a CR that ends a line before its
 * LF is the file's line ending and stays; every other one is escaped.
 */
export function visibleLines(text: string): string {
  return escaped(text, false, true);
}

/** `visible`, and LF escaped too: the text prints on one line. */
export function visibleLine(text: string): string {
  return escaped(text, true);
}
