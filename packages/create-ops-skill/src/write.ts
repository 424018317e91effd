/**
 * Writing a plan: every repository file and the Codex home's config (with `--trust`) staged
 * first (core's atomic writer: a temporary file beside each, all bytes, flushed), then the skill
 * built in a temporary folder beside its target and renamed into place, then the staged files
 * committed. A failure before the commits, or an interruption (`signal`: Ctrl-C), changes
 * nothing: temporary files and folders made on the way are removed.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { type StagedWrite, stageWrite } from "@ops-skill/core";
import type { Plan } from "./plan.js";

export type Written =
  | {
      ok: true;
      files: { path: string; status: "created" | "updated" | "unchanged" }[];
      trustWritten: boolean;
    }
  | { ok: false; message: string; interrupted?: true };

/** mkdir -p that says which folders it made (outermost first), so they can be removed. */
function makeDirs(dir: string, made: string[]): void {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const folder of missing) {
    mkdirSync(folder);
    made.push(folder);
  }
}

function removeDirs(made: string[]): void {
  for (const folder of [...made].reverse()) {
    try {
      rmdirSync(folder);
    } catch {}
  }
}

const reason = (error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  return e.code === "EACCES" || e.code === "EPERM"
    ? `permission denied (${e.code})`
    : e.code === "EROFS"
      ? "the file system is read-only (EROFS)"
      : e.code === "ENOSPC"
        ? "the disk is full (ENOSPC)"
        : (e.message ?? String(error));
};

/**
 * Whether `signal` was aborted; lets the event loop turn first, so a signal that came in while
 * synchronous work ran is seen.
 */
async function interrupted(signal: AbortSignal | undefined): Promise<boolean> {
  if (signal === undefined) return false;
  await new Promise((resolve) => setImmediate(resolve));
  return signal.aborted;
}

export async function writePlan(plan: Plan, signal?: AbortSignal): Promise<Written> {
  const made: string[] = [];
  const staged: StagedWrite[] = [];
  const abort = async (message: string): Promise<Written> => {
    for (const s of staged) await s.abort();
    removeDirs(made);
    return { ok: false, message: `${message}; nothing was written` };
  };
  const stop = async (): Promise<Written> => {
    await abort("interrupted");
    return { ok: false, message: "interrupted; nothing was written", interrupted: true };
  };
  const shown = (path: string) =>
    path.startsWith(`${plan.root}/`) ? path.slice(plan.root.length + 1) : path;

  // 1. Stage the repository's files.
  const repoFiles = plan.files.filter((f) => !f.inSkill);
  const changed: { path: string; status: "created" | "updated" | "unchanged" }[] = [];
  for (const file of repoFiles) {
    try {
      makeDirs(dirname(file.path), made);
    } catch (error) {
      return abort(`cannot create ${shown(dirname(file.path))}: ${reason(error)}`);
    }
    let result: Awaited<ReturnType<typeof stageWrite>>;
    try {
      result = await stageWrite(file.path, file.bytes, {
        root: plan.root,
        ...(file.mode === undefined ? {} : { mode: file.mode }),
      });
    } catch (error) {
      return abort(`cannot write ${shown(file.path)}: ${reason(error)}`);
    }
    if (!result.ok) return abort(`cannot write ${shown(file.path)}: ${result.reason}`);
    staged.push(result);
    changed.push({
      path: file.path,
      status: !result.changed ? "unchanged" : file.existed ? "updated" : "created",
    });
  }

  // The trust entries (consented to): staged with the rest, so a Codex home it cannot write
  // refuses the whole scaffold before anything is in place.
  let trust: StagedWrite | undefined;
  if (plan.trust.write !== undefined) {
    const home = dirname(plan.trust.configPath);
    try {
      makeDirs(home, made);
    } catch (error) {
      return abort(`cannot create ${home}: ${reason(error)}`);
    }
    // A config.toml that is a link (dotfiles kept elsewhere) is written where it leads, the
    // link kept: that is the file Codex reads.
    let target = plan.trust.configPath;
    try {
      if (lstatSync(target).isSymbolicLink()) target = realpathSync(target);
    } catch {}
    let result: Awaited<ReturnType<typeof stageWrite>>;
    try {
      result = await stageWrite(target, plan.trust.write, { root: dirname(target) });
    } catch (error) {
      return abort(`cannot write ${plan.trust.configPath}: ${reason(error)}`);
    }
    if (!result.ok) return abort(`cannot write ${plan.trust.configPath}: ${result.reason}`);
    trust = result;
    staged.push(result);
  }
  if (await interrupted(signal)) return stop();

  // 2. Build the skill beside its target.
  const parent = dirname(plan.dir);
  let temp: string;
  try {
    makeDirs(parent, made);
    temp = mkdtempSync(join(parent, `.${basename(plan.dir)}.create-`));
  } catch (error) {
    return abort(`cannot create the skill's folder in ${shown(parent)}: ${reason(error)}`);
  }
  try {
    for (const file of plan.files.filter((f) => f.inSkill)) {
      const path = join(temp, file.path.slice(plan.dir.length + 1));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.bytes);
      if (file.mode !== undefined) chmodSync(path, file.mode);
    }
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    return abort(`cannot write the skill in ${shown(parent)}: ${reason(error)}`);
  }
  if (await interrupted(signal)) {
    rmSync(temp, { recursive: true, force: true });
    return stop();
  }

  // 3. Move it into place (an existing folder aside first: empty, or replaced under --force).
  let old: string | undefined;
  try {
    if (existsSync(plan.dir)) {
      old = `${temp}.old`;
      renameSync(plan.dir, old);
    }
    renameSync(temp, plan.dir);
  } catch (error) {
    if (old !== undefined && !existsSync(plan.dir)) renameSync(old, plan.dir);
    rmSync(temp, { recursive: true, force: true });
    return abort(`cannot move the skill into ${shown(plan.dir)}: ${reason(error)}`);
  }

  // 4. Commit the repository's files, then the Codex home's config. From here on the
  // scaffold is finished (renames only) even if interrupted.
  for (const [k, s] of staged.entries()) {
    const result = await s.commit();
    if (!result.ok) {
      for (const rest of staged.slice(k + 1)) await rest.abort();
      return {
        ok: false,
        message:
          s === trust
            ? `cannot write ${plan.trust.configPath}: ${result.reason} (the skill was written; add the trust lines by hand)`
            : `cannot write ${shown(s.path)}: ${result.reason} (the skill is in ${shown(plan.dir)}; files before it were written)`,
      };
    }
  }
  if (old !== undefined) rmSync(old, { recursive: true, force: true });
  const files = [
    ...plan.files
      .filter((f) => f.inSkill)
      .map((f) => ({ path: f.path, status: "created" as const })),
    ...changed,
  ];
  const trustWritten = trust !== undefined;
  return { ok: true, files, trustWritten };
}
