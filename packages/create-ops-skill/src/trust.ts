/**
 * The trust `codex exec` needs before it runs a project's hooks: the project trusted
 * (`[projects."<root>"] trust_level = "trusted"`) and the hook's hash
 * (`[hooks.state."<root>/.codex/hooks.json:pre_tool_use:G:H"] trusted_hash = "..."`) in
 * `$CODEX_HOME/config.toml`. Pure: the tables, and what appending them to a config gives.
 */

import type { ParsedConfigModel } from "@ops-skill/codex/config";
import { tableOf, tomlBasicString } from "@ops-skill/codex/config";

export interface TrustTable {
  /** The dotted header (`projects."/repo"`). */
  header: string;
  path: string[];
  key: string;
  value: string;
}

export function trustTables(
  root: string,
  hooks: { key: string; trusted_hash: string }[],
): TrustTable[] {
  const q = tomlBasicString;
  return [
    {
      header: `projects.${q(root)}`,
      path: ["projects", root],
      key: "trust_level",
      value: "trusted",
    },
    ...hooks.map((hook) => ({
      header: `hooks.state.${q(`${root}/${hook.key}`)}`,
      path: ["hooks", "state", `${root}/${hook.key}`],
      key: "trusted_hash",
      value: hook.trusted_hash,
    })),
  ];
}

export const tableLines = (table: TrustTable): string =>
  `[${table.header}]\n${table.key} = ${tomlBasicString(table.value)}\n`;

export interface TrustPlan {
  /** The tables to append (absent from the config). */
  append: TrustTable[];
  /** Tables present with another value: to edit by hand (appending would repeat a table). */
  conflicts: TrustTable[];
  /** Tables already as they must be. */
  present: TrustTable[];
}

/** Which tables a config (parsed; undefined when there is none) lacks, has, or has otherwise. */
export function planTrust(model: ParsedConfigModel | undefined, tables: TrustTable[]): TrustPlan {
  const plan: TrustPlan = { append: [], conflicts: [], present: [] };
  for (const table of tables) {
    let found = model?.root;
    for (const segment of table.path) found = tableOf(found, segment);
    if (found === undefined) {
      plan.append.push(table);
      continue;
    }
    const entry = found.entries.find((e) => e.key === table.key);
    const value = entry?.value.kind === "string" ? String(entry.value.value) : undefined;
    (value === table.value ? plan.present : plan.conflicts).push(table);
  }
  return plan;
}

/** The config's text with the tables appended after its last line. */
export function appendTables(text: string, tables: TrustTable[]): string {
  if (tables.length === 0) return text;
  const body = tables.map(tableLines).join("\n");
  const lead = text.length === 0 ? "" : text.endsWith("\n") ? "\n" : "\n\n";
  return `${text}${lead}# Trusted by create-ops-skill: the project and its guard hook, for codex exec.\n${body}`;
}
