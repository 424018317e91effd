/**
 * Where `codex exec` looks for hooks (no parsing, nothing loaded but `node:`): `config.toml`
 * and `hooks.json` of `$CODEX_HOME`, then of each `.codex/` folder from the project root down
 * to the working directory. A run with none of them there needs no hook code at all.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { gitRepositoryRoot } from "./git-root.js";
import type { HookConfig } from "./hook-config.js";

/** `$CODEX_HOME`, else `~/.codex` (the HOME of the environment given). */
export function codexHomeOf(env: Record<string, string | undefined>, cwd: string): string {
  const fromEnv = env.CODEX_HOME;
  if (fromEnv !== undefined && fromEnv !== "") return resolve(cwd, fromEnv);
  return join(env.HOME || homedir(), ".codex");
}

/** The project root Codex asks trust for: the git repository's top, else the directory. */
export function projectRootFor(cwd: string): string {
  return gitRepositoryRoot(cwd) ?? resolve(cwd);
}

/** The `.codex/` folders of the project, from its root down to `cwd`. */
export function projectConfigDirs(root: string, cwd: string): string[] {
  const dirs: string[] = [];
  let dir = resolve(cwd);
  for (;;) {
    dirs.unshift(join(dir, ".codex"));
    if (dir === root) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dirs;
}

export interface HookFilePlace {
  path: string;
  layer: "user" | "project";
  kind: "hooks-json" | "config-toml";
}

/** The hook-bearing config files Codex reads, in its order (each folder: hooks.json first). */
export function hookFilePlaces(
  codexHome: string,
  projectRoot: string,
  cwd: string,
): HookFilePlace[] {
  const dirs: { dir: string; layer: "user" | "project" }[] = [
    { dir: codexHome, layer: "user" },
    ...projectConfigDirs(projectRoot, cwd)
      .filter((dir) => resolve(dir) !== resolve(codexHome))
      .map((dir) => ({ dir, layer: "project" as const })),
  ];
  return dirs.flatMap(({ dir, layer }) => [
    { path: join(dir, "hooks.json"), layer, kind: "hooks-json" as const },
    { path: join(dir, "config.toml"), layer, kind: "config-toml" as const },
  ]);
}

/** Whether any file Codex reads hooks from is there, for a run in `cwd`. */
export function anyHookFile(cwd: string, env: Record<string, string | undefined>): boolean {
  const codexHome = codexHomeOf(env, cwd);
  return hookFilePlaces(codexHome, projectRootFor(cwd), cwd).some((place) =>
    existsSync(place.path),
  );
}

/** The hooks of a run with no file to read them from: none. */
export function noHookConfig(cwd: string, env: Record<string, string | undefined>): HookConfig {
  return {
    codexHome: codexHomeOf(env, cwd),
    projectRoot: projectRootFor(cwd),
    projectTrusted: false,
    projectConfigIgnored: false,
    hooksEnabled: true,
    hooks: [],
  };
}
