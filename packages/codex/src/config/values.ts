/**
 * Config values Codex refuses to load (measured, see conformance/config): a wrong type, an
 * unknown variant (`sandbox_mode = "full"`), `approval_policy = "untrusted"`, a top-level key
 * Codex refuses, an unknown key of a table that refuses unknown keys. Each makes `codex exec`
 * exit 1 before it starts. Shared by the linter's `config/invalid-value` rule and the doctor.
 */
import { findUnknownKeys, KNOWN_KEYS, type KnownKeyNode } from "./known-keys.js";
import { REFUSED_TOP_LEVEL_KEYS } from "./project-keys.generated.js";
import { describeKind, type Located, type LocatedTable, type Span } from "./tree.js";

/** Values Codex's types accept but its config loader then refuses (measured, see conformance/config). */
const REFUSED_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  approval_policy: {
    untrusted: 'approval_policy = "untrusted" is no longer supported; remove this setting',
  },
};

/** `a`, `b` as `` `a`, `b` ``. */
export function quoteList(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(", ");
}

export interface InvalidValue {
  /** Codex's reason, without the "refuses to start" frame. */
  message: string;
  /** Where: the value, or the key of a refused key. */
  span: Span;
}

/** Every value of a config file Codex refuses to load, in the order the linter reports them. */
export function findInvalidValues(root: LocatedTable): InvalidValue[] {
  const found: InvalidValue[] = [];
  check(root, KNOWN_KEYS, [], (message, located) => found.push({ message, span: located.span }));
  for (const entry of root.entries) {
    const refused = REFUSED_TOP_LEVEL_KEYS[entry.key];
    if (refused) found.push({ message: refused, span: entry.keySpan });
  }
  for (const unknown of findUnknownKeys(root)) {
    if (!unknown.fatal) continue;
    found.push({
      message: `\`${unknown.path}\`: unknown field \`${unknown.entry.key}\`, expected ${quoteList(unknown.siblings)}`,
      span: unknown.entry.keySpan,
    });
  }
  return found;
}

function check(
  located: Located,
  spec: KnownKeyNode,
  path: readonly string[],
  problem: (message: string, located: Located) => void,
): void {
  const where = path.join(".");
  switch (spec.kind) {
    case "table":
    case "map": {
      if (located.kind !== "table") {
        if (path.length > 0)
          problem(`\`${where}\` is ${describeKind(located)}, expected a table`, located);
        return;
      }
      for (const entry of (located as LocatedTable).entries) {
        const child = spec.kind === "map" ? spec.entry : spec.fields[entry.key];
        if (child) check(entry.value, child, [...path, entry.key], problem);
      }
      return;
    }
    case "array":
      if (located.kind !== "array")
        problem(`\`${where}\` is ${describeKind(located)}, expected an array`, located);
      else if (spec.item)
        located.items.forEach((item, i) => {
          if (spec.item) check(item, spec.item, [...path, String(i)], problem);
        });
      return;
    case "value": {
      const node = spec;
      const refused = REFUSED_VALUES[path.at(-1) ?? ""];
      if (located.kind === "string" && refused?.[located.value as string]) {
        problem(refused[located.value as string] as string, located);
        return;
      }
      if (node.type && !typeAccepts(node.type, located)) {
        problem(
          `\`${where}\` is ${describeKind(located)}, expected ${TYPE_WORDS[node.type] ?? node.type}`,
          located,
        );
        return;
      }
      if (
        node.variants &&
        located.kind === "string" &&
        !node.variants.includes(located.value as string)
      )
        problem(
          `unknown variant \`${located.value}\`, expected one of ${quoteList(node.variants)} (in \`${where}\`)`,
          located,
        );
      return;
    }
    default:
      return;
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  boolean: "a boolean",
  unsigned: "a non-negative integer",
  integer: "an integer",
  number: "a number",
};

function typeAccepts(type: string, located: Located): boolean {
  switch (type) {
    case "string":
      return located.kind === "string";
    case "boolean":
      return located.kind === "boolean";
    case "unsigned":
      return located.kind === "integer" && (located.value as number) >= 0;
    case "integer":
      return located.kind === "integer";
    case "number":
      return located.kind === "integer" || located.kind === "float";
    default:
      return true;
  }
}
