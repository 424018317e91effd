/**
 * Where a problem is in a schema file's text, for error messages (lines and columns are core's
 * `LineIndex`). jsonc-parser is loaded only on the error path, so a run where every schema is
 * fine never pays for it.
 */

/** Why `text` is not JSON and where: the first error jsonc-parser finds in strict JSON mode. */
export async function jsonSyntaxError(
  text: string,
): Promise<{ offset: number; message: string } | undefined> {
  const { parse, printParseErrorCode } = await import("jsonc-parser");
  const errors: { error: number; offset: number; length: number }[] = [];
  parse(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (!first) return undefined;
  const code = printParseErrorCode(first.error as Parameters<typeof printParseErrorCode>[0]);
  return { offset: first.offset, message: `invalid JSON: ${JSON_ERRORS[code] ?? code}` };
}

const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "malformed number",
  PropertyNameExpected: "expected a double-quoted property name",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' or a closing bracket",
  CloseBraceExpected: "expected ',' or '}'",
  CloseBracketExpected: "expected ',' or ']'",
  EndOfFileExpected: "unexpected text after the end of the JSON value",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "malformed \\u escape",
  InvalidEscapeCharacter: "invalid escape in a string",
  InvalidCharacter: "control character in a string",
};

/** The offset of the value at a JSON Pointer (`/properties/a`), or of the deepest part that exists. */
export async function pointerOffset(text: string, pointer: string): Promise<number | undefined> {
  const { parseTree, findNodeAtLocation } = await import("jsonc-parser");
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  if (!root) return undefined;
  const segments = pointer === "" ? [] : pointer.slice(1).split("/").map(unescapePointer);
  for (let n = segments.length; n >= 0; n--) {
    const path = segments.slice(0, n).map((s, i) => {
      const parent = findNodeAtLocation(root, segments.slice(0, i));
      return parent?.type === "array" && /^\d+$/.test(s) ? Number(s) : s;
    });
    const node = findNodeAtLocation(root, path);
    if (node) return node.offset;
  }
  return undefined;
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
