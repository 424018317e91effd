/** The rules of a run with their configured severity, and how a rule's reports become diagnostics. */
import type { Diagnostic, LineIndex, Severity } from "@ops-skill/core";
import { type LoadedConfig, normalizeSeverity } from "../config.js";
import type { ReportDescriptor, Rule, RuleMeta } from "../rule.js";
import { ruleOptionsProblem } from "./rule-options.js";

export class UsageError extends Error {}

export interface EnabledRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
}

/**
 * The rules to run with their configured severity. Config must name known rules: those of
 * `known` (every rule of the run, also those a command does not run, like `schema check`'s), or
 * (`deferredPrefixes`) of a plugin not loaded yet; `onlyPrefix` checks just one plugin's ids.
 * Options are checked against each known rule's schema.
 */
export function enabledRules(
  rules: readonly Rule[],
  loaded: LoadedConfig,
  deferredPrefixes: readonly string[],
  onlyPrefix?: string,
  known: readonly Rule[] = rules,
): EnabledRule[] {
  const byId = new Map(known.concat(rules).map((r) => [r.meta.id, r]));
  for (const [id, setting] of Object.entries(loaded.config.rules)) {
    if (onlyPrefix !== undefined && !id.startsWith(onlyPrefix)) continue;
    const rule = byId.get(id);
    if (rule === undefined) {
      if (deferredPrefixes.some((prefix) => id.startsWith(prefix))) continue;
      throw new UsageError(`${loaded.filepath ?? "config"}: unknown rule "${id}"`);
    }
    const problem = ruleOptionsProblem(rule.meta, (Array.isArray(setting) && setting[1]) || {});
    if (problem) throw new UsageError(`${loaded.filepath ?? "config"}: ${problem}`);
  }
  const enabled: EnabledRule[] = [];
  for (const rule of rules) {
    const setting = loaded.config.rules[rule.meta.id];
    const [severitySetting, ruleOptions] = Array.isArray(setting) ? setting : [setting, undefined];
    const severity =
      severitySetting === undefined
        ? rule.meta.defaultSeverity
        : normalizeSeverity(severitySetting);
    if (severity === "off") continue;
    enabled.push({ rule, severity, options: ruleOptions ?? {} });
  }
  return enabled;
}

/** The `report` a rule gets: each descriptor becomes a diagnostic of `file` in `into`. */
export function collector(
  meta: RuleMeta,
  severity: Severity,
  file: string,
  lines: LineIndex | undefined,
  into: Diagnostic[],
): (descriptor: ReportDescriptor) => void {
  return (descriptor) => {
    const line = descriptor.line ?? 1;
    const column = descriptor.column ?? 1;
    let endLine = descriptor.endLine ?? line;
    let endColumn = descriptor.endColumn;
    if (endColumn === undefined) {
      const lineLength = lines && !descriptor.file ? lines.lineText(line).length : 0;
      endLine = line;
      endColumn = Math.max(column + 1, lineLength + 1);
    }
    const diagnostic: Diagnostic = {
      ruleId: meta.id,
      severity,
      message: descriptor.message,
      file: descriptor.file ?? file,
      line,
      column,
      endLine,
      endColumn,
    };
    if (descriptor.fix) diagnostic.fix = descriptor.fix;
    if (descriptor.hint) diagnostic.hint = descriptor.hint;
    into.push(diagnostic);
  };
}
