/** Shared by the hooks/ rules that look at what a handler's command runs. */
import { accessSync, constants, statSync } from "node:fs";
import { dirname } from "node:path";
import { layerOf, projectRootOf } from "@ops-skill/codex/config";
import type { ConfigFile } from "../rule.js";
import { type HookCommandTarget, hookCommandTarget } from "./hook-command.js";

/** Where Codex runs hook commands: the session cwd, i.e. the repository root for project files. */
export function commandBaseDir(file: ConfigFile): string {
  return layerOf(file) === "project" ? projectRootOf(file) : dirname(file.path);
}

export function targetOf(file: ConfigFile, command: string): HookCommandTarget {
  return hookCommandTarget(command, commandBaseDir(file));
}

export type FileState = "missing" | "directory" | "not-executable" | "ok";

export function fileState(path: string, needsExec: boolean): FileState {
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(path);
  } catch {
    return "missing";
  }
  if (info.isDirectory()) return "directory";
  if (!needsExec) return "ok";
  try {
    accessSync(path, constants.X_OK);
    return "ok";
  } catch {
    return "not-executable";
  }
}
