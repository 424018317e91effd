/**
 * `ops-skill rules [id]`: every rule with its default severity, category, whether `--fix`
 * fixes it and its docs; or one rule's description, options (with their JSON Schema) and docs.
 * An unknown id is a usage error naming the closest ids.
 */
import { closestMatch } from "@ops-skill/core";
import { visibleLine } from "../formatters/visible.js";
import type { RuleMeta } from "../rule.js";
import type { RunLintOutcome } from "../run.js";

export function describeRules(
  rules: readonly RuleMeta[],
  id: string | undefined,
  json = false,
): RunLintOutcome {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  if (id === undefined) {
    if (json) return done(`${JSON.stringify(sorted.map(summaryOf), null, 2)}\n`);
    const width = Math.max(...sorted.map((r) => r.id.length));
    const lines = sorted.map(
      (r) =>
        `${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.category.padEnd(8)}  ${r.fixable ? "yes" : "no "}      ${r.docsUrl}`,
    );
    const header = `${"rule".padEnd(width)}  default  category  fixable  docs`;
    return done(`${[header, ...lines].join("\n")}\n\n${sorted.length} rules.\n`);
  }
  const rule = sorted.find((r) => r.id === id);
  if (rule === undefined) {
    const near = nearestIds(
      id,
      sorted.map((r) => r.id),
    );
    return {
      output: "",
      errorOutput: `ops-skill: unknown rule "${visibleLine(id)}"${near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(", ")}?` : ""} (\`ops-skill rules\` lists them)\n`,
      exitCode: 2,
    };
  }
  if (json)
    return done(
      `${JSON.stringify({ ...summaryOf(rule), options: rule.options ?? null }, null, 2)}\n`,
    );
  const out = [
    rule.id,
    "",
    rule.description,
    "",
    `Default severity: ${rule.defaultSeverity}`,
    `Category: ${rule.category}`,
    `Fixable: ${rule.fixable ? "yes (--fix)" : "no"}`,
    `Docs: ${rule.docsUrl}`,
    "",
  ];
  const options = Object.entries(rule.options?.properties ?? {});
  if (options.length === 0) out.push("Options: none.");
  else {
    out.push("Options:");
    for (const [name, schema] of options) out.push(`  ${name}: ${schema.description}`);
    out.push("", "Options schema:", JSON.stringify(rule.options, null, 2));
  }
  return done(`${out.join("\n")}\n`);
}

function summaryOf(rule: RuleMeta) {
  return {
    id: rule.id,
    description: rule.description,
    defaultSeverity: rule.defaultSeverity,
    category: rule.category,
    fixable: rule.fixable,
    docsUrl: rule.docsUrl,
  };
}

/**
 * The ids nearest `given`: the closest by edit distance, then those with the same name in
 * another category or whose name holds it (`name-format` finds `spec/name-format`).
 */
function nearestIds(given: string, ids: readonly string[]): string[] {
  const name = given.includes("/") ? given.slice(given.indexOf("/") + 1) : given;
  const near = new Set<string>();
  const closest = closestMatch(given, ids);
  if (closest) near.add(closest);
  const names = ids.map((id) => id.slice(id.indexOf("/") + 1));
  const byName = closestMatch(name, names);
  for (const [i, id] of ids.entries())
    if (names[i] === byName || (name.length >= 4 && names[i]?.includes(name))) near.add(id);
  return [...near].slice(0, 5);
}

function done(output: string): RunLintOutcome {
  return { output, errorOutput: "", exitCode: 0 };
}
