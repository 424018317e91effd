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
    // An internal error always fails the run: there is nothing to configure.
    if (id === "internal/crash")
      throw new UsageError(
        `${loaded.filepath ?? "config"}: "internal/crash" cannot be configured (an internal error always exits 2)`,
      );
    if (id === "internal/ignored")
      throw new UsageError(
        `${loaded.filepath ?? "config"}: "internal/ignored" cannot be configured (--no-ignore lints an ignored file)`,
      );
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
    const severity = severityIn(rule, loaded);
    // `--quiet`, as ESLint 9's: a rule set to warning or info does not run at all.
    if (severity === "off" || (loaded.quiet && severity !== "error")) continue;
    enabled.push({ rule, severity, options: (Array.isArray(setting) && setting[1]) || {} });
  }
  return enabled;
}

/** A rule's severity after the config (its default when the config does not set it). */
function severityIn(rule: Rule, loaded: LoadedConfig): Severity | "off" {
  const setting = loaded.config.rules[rule.meta.id];
  const severitySetting = Array.isArray(setting) ? setting[0] : setting;
  return severitySetting === undefined
    ? rule.meta.defaultSeverity
    : normalizeSeverity(severitySetting);
}

/**
 * The rules `--quiet` leaves out (set to warning or info). A directive that names one counts
 * as used, as in ESLint 9: the rule did not run, so nothing says the directive is stale.
 */
export function notRunByQuiet(rules: readonly Rule[], loaded: LoadedConfig): Set<string> {
  const ids = new Set<string>();
  if (!loaded.quiet) return ids;
  for (const rule of rules) {
    const severity = severityIn(rule, loaded);
    if (severity !== "off" && severity !== "error") ids.add(rule.meta.id);
  }
  return ids;
}

/**
 * A rule lists at most this many findings in one file; past it, one more finding says how many
 * were left out (a pasted log of 100,000 `TODO` lines is one problem, not 100,000). The secret
 * rules are the exception: the engine masks every secret they find before it lists the first
 * ones (`mask.ts`), so it needs all of them.
 */
export const MAX_FINDINGS_PER_RULE_AND_FILE = 50;

/** What the finding that stands for the findings left out says. */
export function moreFindingsMessage(ruleId: string, more: number, shown: number): string {
  return `…and ${more.toLocaleString("en-US")} more finding${more === 1 ? "" : "s"} of ${ruleId} in this file, not listed (a rule lists at most ${shown} per file).`;
}

/**
 * The `report` a rule gets: each descriptor becomes a diagnostic of `file` in `into`, at most
 * `MAX_FINDINGS_PER_RULE_AND_FILE` of them per file, then one that counts the rest.
 */
export function collector(
  meta: RuleMeta,
  severity: Severity,
  file: string,
  lines: LineIndex | undefined,
  into: Diagnostic[],
): (descriptor: ReportDescriptor) => void {
  // Findings so far by file, and the finding that counts those left out.
  let count = 0;
  let more: Diagnostic | undefined;
  let others: Map<string, { count: number; more: Diagnostic | undefined }> | undefined;
  const capped = !meta.redactsRange;
  return (descriptor) => {
    const line = descriptor.line ?? 1;
    const column = descriptor.column ?? 1;
    if (capped) {
      const target = descriptor.file ?? file;
      let tally: { count: number; more: Diagnostic | undefined };
      if (target === file) tally = { count: ++count, more };
      else {
        others ??= new Map();
        tally = others.get(target) ?? { count: 0, more: undefined };
        tally.count++;
        others.set(target, tally);
      }
      if (tally.count > MAX_FINDINGS_PER_RULE_AND_FILE) {
        const left = tally.count - MAX_FINDINGS_PER_RULE_AND_FILE;
        if (tally.more === undefined) {
          tally.more = {
            ruleId: meta.id,
            severity,
            message: "",
            file: target,
            line,
            column,
            endLine: line,
            endColumn: column + 1,
          };
          into.push(tally.more);
          if (target === file) more = tally.more;
        }
        tally.more.message = moreFindingsMessage(meta.id, left, MAX_FINDINGS_PER_RULE_AND_FILE);
        return;
      }
    }
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
