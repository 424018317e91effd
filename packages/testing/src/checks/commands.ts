/**
 * Whether a command a scenario recorded runs a forbidden one, for the guardrail check. The
 * commands a raw shell string runs (`exec_command`'s `cmd`) are read by the tools' one shell
 * reader, `simpleCommands` of `@ops-skill/core/shell`: pipelines, lists, compound commands,
 * substitutions, wrappers unwrapped (`timeout`, `env`, `sudo`, `xargs`, ...) and the scripts a
 * shell runs (`bash -c '...'`, `bash <<EOF`). Pure.
 */
import type { SimpleCommand } from "@ops-skill/core/shell";

/**
 * Whether the command runs the forbidden command: the same program (by its name, whatever the
 * path) and the forbidden command's other words among the arguments in order, as the call
 * log's forbidden check matches (`terraform -chdir=infra apply -auto-approve` runs
 * `terraform apply`).
 */
export function runsForbidden(
  command: Pick<SimpleCommand, "program" | "args">,
  forbidden: readonly string[],
): boolean {
  if (command.program !== forbidden[0]) return false;
  let next = 1;
  for (const word of command.args) {
    if (next < forbidden.length && word === forbidden[next]) next++;
  }
  return next === forbidden.length;
}
