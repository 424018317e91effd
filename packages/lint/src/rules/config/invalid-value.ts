import type { ParsedConfigFile } from "@ops-skill/codex/config";
import {
  describeKind,
  findUnknownKeys,
  KNOWN_KEYS,
  type KnownKeyNode,
  type Located,
  type LocatedTable,
  modelOf,
  REFUSED_TOP_LEVEL_KEYS,
} from "@ops-skill/codex/config";
import { CODEX_VERSION } from "@ops-skill/codex/version";
import { defineConfigRule, type ReportDescriptor } from "../../rule.js";
import { quoteList } from "./_config.js";

/** Values Codex's types accept but its config loader then refuses (measured, see conformance/config). */
const REFUSED_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  approval_policy: {
    untrusted: 'approval_policy = "untrusted" is no longer supported; remove this setting',
  },
};

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/invalid-value",
    description:
      'A config value Codex refuses to load (wrong type, unknown variant such as `sandbox_mode = "full"`, `approval_policy = "untrusted"`): Codex does not start.',
    defaultSeverity: "error",
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    if (file.kind !== "config-toml" || !model?.root) return;
    const found: (ReportDescriptor & { message: string })[] = [];
    check(model.root, KNOWN_KEYS, [], (message, located) =>
      found.push({ message, ...model.at(located.span) }),
    );
    for (const entry of model.root.entries) {
      const refused = REFUSED_TOP_LEVEL_KEYS[entry.key];
      if (refused) found.push({ message: refused, ...model.at(entry.keySpan) });
    }
    for (const unknown of findUnknownKeys(model.root)) {
      if (!unknown.fatal) continue;
      found.push({
        message: `\`${unknown.path}\`: unknown field \`${unknown.entry.key}\`, expected ${quoteList(unknown.siblings)}`,
        ...model.at(unknown.entry.keySpan),
      });
    }
    for (const problem of found)
      report({
        ...problem,
        message: `Codex ${CODEX_VERSION} refuses to start: ${problem.message}.`,
      });
  },
);

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
