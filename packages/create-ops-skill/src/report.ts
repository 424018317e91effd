/** What `create-ops-skill` and `ops-skill new` print. Pure. */
import type { CreateFailure, CreateSuccess } from "./index.js";

/** The refusal: one line (a merge it cannot do adds the lines to write by hand). */
export function formatRefusal(result: CreateFailure, program = "create-ops-skill"): string {
  return `${program}: ${result.message}\n`;
}

/** What was written, the schedule, the trust Codex needs, and the next steps. */
export function formatCreated(result: CreateSuccess): string {
  const out: string[] = [];
  out.push(`Created the ${result.name} skill (template ${result.template}) in ${result.dir}`);
  for (const file of result.files)
    if (file.status !== "unchanged") out.push(`  ${file.status.padEnd(7)} ${file.path}`);
  for (const kept of result.kept) out.push(`  kept    ${kept.path}: ${kept.why}`);
  for (const warning of result.warnings) out.push("", `warning: ${warning}`);
  out.push(
    "",
    result.profile !== undefined
      ? `Schedule: ${result.cron} (UTC), codex exec --profile ${result.profile} (schedule/${result.profile}.config.toml: read-only, network on${result.allowlist ? `, hosts ${result.allowlist.join(", ")} through the proxy` : ""}), ${result.workflow}`
      : `Schedule: ${result.cron} (UTC), codex exec --sandbox ${result.sandbox}, ${result.workflow}`,
    "",
    "codex exec skips a hook that is not trusted, and loads a project's .codex/ only when the project is trusted.",
  );
  if (result.trust.written)
    out.push(`Trusted the project and its guard hook in ${result.trust.configPath}.`);
  else if (result.trust.present)
    out.push(`${result.trust.configPath} already trusts the project and its guard hook.`);
  else {
    out.push(
      `To run the guard on this machine, add to ${result.trust.configPath} (or run again with --trust):`,
      "",
      result.trust.lines,
    );
  }
  if (result.trust.conflicts !== "") {
    out.push(
      `${result.trust.configPath} holds these tables with other values; set them by hand:`,
      "",
      result.trust.conflicts,
    );
  }
  out.push(
    "The scheduled job gets the same trust from schedule/trust.json (ops-skill codex-home).",
    "",
    "Next steps:",
  );
  for (const [k, step] of result.nextSteps.entries()) out.push(`  ${k + 1}. ${step}`);
  return `${out.join("\n")}\n`;
}
