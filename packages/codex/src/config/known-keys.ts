/**
 * The config keys Codex knows, as `--strict-config` judges them, and a walk of a located config
 * tree against them. The data (`known-keys.generated.ts`) is measured from the real binary by
 * `conformance/config/measure-known-keys.mjs`.
 */

import { closestMatch } from "@ops-skill/core";
import { KNOWN_KEYS, KNOWN_KEYS_CODEX_VERSION } from "./known-keys.generated.js";
import type { Located, LocatedEntry } from "./tree.js";

export type KnownKeyNode =
  /** A table whose keys Codex checks. With `fatal`, Codex refuses unknown keys even without `--strict-config`. */
  | { kind: "table"; fields: Record<string, KnownKeyNode>; fatal?: boolean }
  /** A table of user-chosen names (`model_providers.<id>`), each entry shaped like `entry`. */
  | { kind: "map"; entry: KnownKeyNode }
  /** An array; `item` describes its elements when they are tables Codex checks. */
  | { kind: "array"; item?: KnownKeyNode }
  /**
   * A value: with `type`, the type Codex checks (`unsigned` is a non-negative integer); with
   * `variants`, the strings it accepts.
   */
  | {
      kind: "value";
      type?: "string" | "boolean" | "unsigned" | "integer" | "number";
      variants?: string[];
    }
  /** Anything goes (`hooks`, `desktop`, ...). */
  | { kind: "open" };

export { KNOWN_KEYS, KNOWN_KEYS_CODEX_VERSION };

export interface UnknownKey {
  /** Dotted path as Codex prints it (`tui.bar`, `projects./x.foo`). */
  path: string;
  entry: LocatedEntry;
  /** Known keys of the table it is in, for suggestions. */
  siblings: string[];
  /** Codex refuses it even without `--strict-config`. */
  fatal: boolean;
}

/** Every key of `located` that `spec` does not know, in document order. */
export function findUnknownKeys(
  located: Located,
  spec: KnownKeyNode = KNOWN_KEYS,
  prefix: readonly string[] = [],
): UnknownKey[] {
  const found: UnknownKey[] = [];
  walk(located, spec, prefix, found);
  return found;
}

function walk(located: Located, spec: KnownKeyNode, path: readonly string[], into: UnknownKey[]) {
  switch (spec.kind) {
    case "table": {
      if (located.kind !== "table") return;
      for (const entry of located.entries) {
        const child = spec.fields[entry.key];
        if (child === undefined) {
          into.push({
            path: [...path, entry.key].join("."),
            entry,
            siblings: Object.keys(spec.fields),
            fatal: spec.fatal === true,
          });
          continue;
        }
        walk(entry.value, child, [...path, entry.key], into);
      }
      return;
    }
    case "map":
      if (located.kind !== "table") return;
      for (const entry of located.entries)
        walk(entry.value, spec.entry, [...path, entry.key], into);
      return;
    case "array":
      if (located.kind !== "array" || !spec.item) return;
      for (const [index, item] of located.items.entries())
        walk(item, spec.item, [...path, String(index)], into);
      return;
    default:
      return;
  }
}

/** The closest known key by edit distance, when it is close enough to be a typo. */
export function suggestKey(key: string, candidates: readonly string[]): string | undefined {
  // `sandbox` → `sandbox_mode`: a known key that extends the unknown one.
  const extended = candidates
    .filter((c) => c.startsWith(`${key}_`))
    .sort((a, b) => a.length - b.length || a.localeCompare(b))[0];
  if (extended) return extended;
  return closestMatch(key, candidates);
}
