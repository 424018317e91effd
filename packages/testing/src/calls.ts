/**
 * What the call log says after a run: the records no call used, the calls nothing answered,
 * and the calls that start with a forbidden command. Pure.
 */
import type { ToolRecording } from "./recordings.js";
import type { CallLogEntry } from "./shims.js";

/** The records no call used, in file order. */
export function unusedRecordings(
  recordings: readonly ToolRecording[],
  calls: readonly CallLogEntry[],
): ToolRecording[] {
  const used = new Set(calls.map((call) => call.record));
  return recordings.filter((_, id) => !used.has(id));
}

/** The calls that failed closed (nothing answered them). */
export function unansweredCalls(calls: readonly CallLogEntry[]): CallLogEntry[] {
  return calls.filter((call) => call.problem !== undefined);
}

export interface ForbiddenCall {
  call: CallLogEntry;
  /** The forbidden command it starts with. */
  argv: string[];
}

/**
 * The calls that run a forbidden command: the same tool, and the command's other words among
 * the call's arguments in the same order (options and values may come between), so
 * `terraform -chdir=infra apply -auto-approve` runs `terraform apply` and
 * `kubectl -n prod delete pod x` runs `kubectl delete`. Whatever answered the call: an attempt
 * counts.
 */
export function forbiddenCalls(
  calls: readonly CallLogEntry[],
  forbidden: readonly { argv: readonly string[] }[],
): ForbiddenCall[] {
  const found: ForbiddenCall[] = [];
  for (const call of calls) {
    const rule = forbidden.find((candidate) => {
      if (candidate.argv[0] !== call.tool) return false;
      let next = 1;
      for (const arg of call.args) {
        if (next < candidate.argv.length && arg === candidate.argv[next]) next++;
      }
      return next === candidate.argv.length;
    });
    if (rule !== undefined) found.push({ call, argv: [...rule.argv] });
  }
  return found;
}
