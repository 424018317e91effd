/**
 * The `writes` check: every path the run's skills write is writable under the run's effective
 * sandbox (measured in conformance/sandbox): nothing under `read-only` (not even /tmp); the
 * working directory, /tmp, `$TMPDIR` and added roots under `workspace-write`; under a profile,
 * what it extends plus its filesystem entries (`":tmpdir" = "write"` is `$TMPDIR` only, and
 * nothing when TMPDIR is unset). A tool's temporary folder (`kubectl diff`, `mktemp`) is made in
 * `$TMPDIR`, else /tmp. It breaks per path the sandbox forbids, naming it.
 */
import { isAbsolute, resolve } from "node:path";
import { canWrite, type EffectiveSandbox } from "@ops-skill/codex/config";
import type { Check, Verdict } from "../model.js";
import type { CommandNeed, WriteNeed } from "../needs.js";
import {
  describeSetting,
  needPlace,
  needsNothing,
  originLocation,
  profileName,
  profileText,
  readyRun,
  runNeeds,
  type SandboxRun,
  writeProfileFix,
} from "./_sandbox-run.js";

export const writesCheck: Check = async (invocation, context) => {
  const ready = await readyRun("writes", invocation, context);
  if ("check" in ready) return [ready];
  const { run, sandbox } = ready;
  const writes = runNeeds(run).flatMap((need) => need.writes.map((write) => ({ need, write })));
  if (writes.length === 0)
    return [
      needsNothing(
        "writes",
        run,
        "write no file",
        "No command of the skills' procedures, helper scripts or recorded calls writes a file or a temporary folder.",
        invocation,
      ),
    ];
  if (sandbox.error !== undefined || sandbox.readsNothing) return [];
  const setting = describeSetting(sandbox);
  const verdicts: Verdict[] = [];
  const passing: string[] = [];
  const seen = new Set<string>();
  for (const { need, write } of writes) {
    const target = targetOf(write, invocation.cwd, run.tmpdir);
    const key = `${need.display}\u0000${target ?? write.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = `${need.skill}: ${needPlace(need, context)}`;
    if (target === undefined) {
      verdicts.push({
        check: "writes",
        status: "cannot-tell",
        title: `${need.display} writes ${write.path}, which the doctor cannot resolve`,
        reason: `${need.display} (${where}) writes ${write.path} (${write.how}); where that is depends on the run's environment.`,
        fix: "Make sure the folder is one the sandbox lets commands write.",
        location: invocation.location,
      });
      continue;
    }
    if (canWrite(sandbox, target) !== undefined) {
      passing.push(`${need.display} (${target})`);
      continue;
    }
    verdicts.push(
      forbidden(
        need,
        write,
        target,
        where,
        setting,
        sandbox,
        run.tmpdirHow,
        invocation,
        context,
        run,
      ),
    );
  }
  if (passing.length > 0)
    verdicts.push({
      check: "writes",
      status: "works",
      title: `the sandbox lets ${passing.join(", ")} write`,
      reason: `The run gets ${setting}.`,
      location: originLocation(
        sandbox.setting === "profile" ? sandbox.profile?.origin : sandbox.mode?.origin,
        invocation,
      ),
    });
  return verdicts;
};

/** The absolute path a write lands in; undefined when it depends on an expansion. */
function targetOf(
  write: WriteNeed,
  cwd: string,
  tmpdir: string | null | undefined,
): string | undefined {
  if (write.kind === "temp") {
    if (tmpdir === undefined) return "$TMPDIR/x";
    return `${tmpdir ?? "/tmp"}/x`;
  }
  // The temporary folder a path names (`${TMPDIR:-/tmp}/x`, `$TMPDIR/x`), from the run's TMPDIR.
  const path = write.path
    .split("${TMPDIR:-/tmp}")
    .join(tmpdir === undefined ? "$TMPDIR" : (tmpdir ?? "/tmp"))
    .split("${TMPDIR}")
    .join(typeof tmpdir === "string" ? tmpdir : "$TMPDIR");
  const resolved = typeof tmpdir === "string" ? path.replace(/^\$TMPDIR(?=\/|$)/, tmpdir) : path;
  if (/[$`]/.test(resolved)) return undefined;
  return isAbsolute(resolved) ? resolved : resolve(cwd, resolved);
}

function forbidden(
  need: CommandNeed & { skill: string },
  write: WriteNeed,
  target: string,
  where: string,
  setting: string,
  sandbox: EffectiveSandbox,
  tmpdirHow: string,
  invocation: Parameters<Check>[0],
  context: Parameters<Check>[1],
  run: SandboxRun,
): Verdict {
  const temp = write.kind === "temp";
  const folder = temp ? target.slice(0, -2) : target;
  const what = temp
    ? `${write.how}: ${tmpdirHow}, so it makes it in ${folder}`
    : `${write.how} writes ${folder}`;
  const name = sandbox.profile?.value ?? profileName(invocation);
  const fix =
    sandbox.setting === "profile"
      ? temp
        ? `Let the profile write the temporary folder: \`":tmpdir" = "write"\` under [permissions.${name}.filesystem], and set TMPDIR for the run to a folder of its own (a workflow: \`TMPDIR: \${{ runner.temp }}\`; cron: \`TMPDIR=/var/tmp/<job>\`). Without TMPDIR, ":tmpdir" grants nothing.`
        : `Let the profile write that folder: \`${JSON.stringify(dirOf(folder))} = "write"\` under [permissions.${name}.filesystem], or write the file elsewhere.`
      : `Run with a permission profile instead of the ${sandbox.mode?.value} sandbox:\n${profileText(profileName(invocation), { tmpdir: temp })}${temp ? "\nand set TMPDIR for the run." : ""}`;
  return {
    check: "writes",
    status: "breaks",
    title: `${need.display} cannot write ${folder}`,
    reason: `${need.display} (${where}) ${what}, and the run gets ${setting}, which ${sandbox.writableRoots.length > 0 ? `lets commands write ${sandbox.writableRoots.map((r) => r.path).join(", ")} only` : "lets commands write nothing, not even /tmp"}. It fails with "read-only file system" and the report says "error".`,
    fix,
    location: originLocation(
      sandbox.setting === "profile"
        ? (sandbox.extends?.origin ?? sandbox.profile?.origin)
        : sandbox.mode?.origin,
      invocation,
    ),
    ...(sandbox.setting === "legacy"
      ? writeProfileFix(invocation, context, run, { tmpdir: temp })
      : {}),
  };
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash > 0 ? path.slice(0, slash) : path;
}
