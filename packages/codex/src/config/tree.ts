/** The located value tree of a Codex config file: values with the offsets of keys and values. */
/** Offsets into the file's text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export type LocatedScalarKind = "string" | "integer" | "float" | "boolean" | "datetime" | "null";

export type Located = LocatedTable | LocatedArray | LocatedScalar;

export interface LocatedTable {
  kind: "table";
  /** Keys in the order they first appear. */
  entries: LocatedEntry[];
  /** A `[header]` or `[[header]]` key, an inline table or a JSON object. */
  span: Span;
  /** TOML: how the table was written. */
  form?: "root" | "header" | "array-item" | "inline" | "implicit";
}

export interface LocatedArray {
  kind: "array";
  items: Located[];
  span: Span;
  /** TOML: an array of tables written with `[[header]]`. */
  ofHeaders?: boolean;
}

export interface LocatedScalar {
  kind: LocatedScalarKind;
  value: string | number | boolean | null;
  span: Span;
}

export interface LocatedEntry {
  key: string;
  /** The key as written where it first appears (one segment of a dotted key or header). */
  keySpan: Span;
  value: Located;
}

export function entryOf(table: LocatedTable | undefined, key: string): LocatedEntry | undefined {
  return table?.entries.find((e) => e.key === key);
}

export function entryValue(table: LocatedTable | undefined, key: string): Located | undefined {
  return entryOf(table, key)?.value;
}

export function tableOf(table: LocatedTable | undefined, key: string): LocatedTable | undefined {
  const value = entryValue(table, key);
  return value?.kind === "table" ? value : undefined;
}

export function stringOf(located: Located | undefined): string | undefined {
  return located?.kind === "string" ? (located.value as string) : undefined;
}

export function isScalar(located: Located): located is LocatedScalar {
  return located.kind !== "table" && located.kind !== "array";
}

/** What a located value is, in words, for messages. */
export function describeKind(located: Located): string {
  switch (located.kind) {
    case "table":
      return "a table";
    case "array":
      return "an array";
    case "string":
      return "a string";
    case "integer":
      return "an integer";
    case "float":
      return "a float";
    case "boolean":
      return "a boolean";
    case "datetime":
      return "a date-time";
    default:
      return "null";
  }
}
