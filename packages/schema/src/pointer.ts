/** JSON Pointers (RFC 6901) and the path tuples the OpenAI API prints as `context=(...)`. */

export type PathSegment = string | number;

function escapeSegment(segment: PathSegment): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** `["properties", "summary"]` → `/properties/summary`; `[]` → `""` (the whole document). */
export function toPointer(path: readonly PathSegment[]): string {
  let pointer = "";
  for (const segment of path) pointer += `/${escapeSegment(segment)}`;
  return pointer;
}

/** `/properties/a~1b` → `["properties", "a/b"]`. Throws on a pointer that does not start with `/`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`not a JSON Pointer: ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Appends segments to a pointer. */
export function childPointer(pointer: string, ...segments: PathSegment[]): string {
  return pointer + toPointer(segments);
}

/** Python's `repr` of a string: single quotes unless the text holds `'` and no `"`. */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === "\\") out += "\\\\";
    else if (char === quote) out += `\\${quote}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += char;
  }
  return out + quote;
}

/**
 * The API's `context=(...)` for a schema path: a Python tuple of the path's keys, strings
 * quoted and array indexes bare, e.g. `('properties', 'findings', 'items')`, `()` for the root,
 * `('items',)` for a one-element path.
 */
export function apiContext(path: readonly PathSegment[]): string {
  const parts = path.map((segment) =>
    typeof segment === "number" ? String(segment) : pythonRepr(segment),
  );
  if (parts.length === 1) return `(${parts[0]},)`;
  return `(${parts.join(", ")})`;
}
