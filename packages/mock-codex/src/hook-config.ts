/**
 * Which hooks `codex exec` 0.169.0 has for a run, read from the files it reads (reference §5,
 * `conformance/hooks/`): `config.toml` and `hooks.json` of `$CODEX_HOME` (the user layer), then
 * of the project's `.codex/` folders, from the project root (the git repository, else the
 * working directory) down to the working directory, only when the project is trusted (or with
 * `--trust`). Per hook: whether Codex runs it at all, and why not.
 *
 * `readHookConfig` reads the files (the I/O edge; the TOML and JSON parsers load only when a
 * file is there); `hookConfigOf` decides from what was read (pure). The config and hooks model
 * is `@ops-skill/codex/config`'s: hook groups, trust keys and hashes, the trust store.
 */
import { join } from "node:path";
import {
  type ConfigFile,
  configReadError,
  DEFAULT_HOOK_TIMEOUT_SEC,
  entryOf,
  hookShapeProblems,
  hookState,
  hookStateKey,
  hookTrustHash,
  isHookTrusted,
  isProjectTrusted,
  type Located,
  matchTool,
  type ParsedConfigFile,
  type ParsedConfigModel,
  stringOf,
  type TrustStore,
  tableOf,
} from "@ops-skill/codex/config";
import { readRegularText } from "@ops-skill/core/read-file";
import { codexHomeOf, hookFilePlaces, projectRootFor } from "./hook-files.js";

/** The flags of `codex exec` that change which hooks run. */
export interface HookFlags {
  /** `--dangerously-bypass-hook-trust`. */
  bypassTrust: boolean;
  /** `--trust`: the project is trusted for this run (mock-codex writes nothing). */
  trustProject: boolean;
  /** `--enable FEATURE` values. */
  enable: readonly string[];
  /** `--disable FEATURE` values. */
  disable: readonly string[];
  /** `-c key=value` values, in order. */
  config: readonly string[];
}

export const NO_HOOK_FLAGS: HookFlags = {
  bypassTrust: false,
  trustProject: false,
  enable: [],
  disable: [],
  config: [],
};

/** Why Codex does not run a configured hook (before any matcher is tried). */
export type HookSkip =
  /** `[features] hooks = false`, `-c features.hooks=false` or `--disable hooks`. */
  | "hooks-off"
  /** A project hook of a project that is not trusted: Codex does not load the project's config. */
  | "project-untrusted"
  /** No `trusted_hash` equal to its hash, and no `--dangerously-bypass-hook-trust`. */
  | "untrusted"
  /** `enabled = false` in its `[hooks.state."<key>"]` table. */
  | "disabled"
  /** Its matcher is not a regex Codex compiles: the group is skipped. */
  | "invalid-matcher"
  /** A `prompt`, `agent` or `mcp_tool` handler, or a command handler without a command. */
  | "not-a-command"
  /** `async = true`: not run before the call, so it cannot block. */
  | "async";

export interface ConfiguredHook {
  /** `PreToolUse`, `PostToolUse`, ... as written. */
  event: string;
  file: string;
  layer: "user" | "project";
  groupIndex: number;
  handlerIndex: number;
  matcher: string | undefined;
  type: string | undefined;
  command: string | undefined;
  timeoutSec: number;
  /** `[hooks.state."<key>"]`, and the `trusted_hash` Codex expects there. */
  key: string;
  hash: string;
  skip: HookSkip | undefined;
  /** For `invalid-matcher`: the regex error. */
  matcherError?: string;
}

/** A config file as read for hooks: parsed, or why it gives no hooks. */
export interface ReadHookFile {
  path: string;
  layer: "user" | "project";
  kind: ConfigFile["kind"];
  parsed: ParsedConfigFile | undefined;
  /** Codex's refusal to start over this file when it loads it (a config.toml it cannot read). */
  readError?: string;
}

export interface HookConfig {
  codexHome: string;
  /** The project root (trust is asked for it) and whether the project is trusted. */
  projectRoot: string;
  projectTrusted: boolean;
  /** Whether the project has config files Codex leaves unloaded (it warns on stderr). */
  projectConfigIgnored: boolean;
  hooksEnabled: boolean;
  hooks: ConfiguredHook[];
  /** A config that makes Codex refuse to start (exit 1), with Codex's message. */
  fatal?: string;
}

/** What `codex exec` prints on stderr when it leaves a project's config unloaded. */
export const UNTRUSTED_PROJECT_WARNING =
  "warning: Untrusted project-local configuration is disabled. Run `codex exec --trust` to allow project configuration and MCP servers for this and future chats in the project, including MCP commands outside the sandbox. Explicitly untrusted projects must have their trust setting updated first.";

/** A TOML value of a `-c key=value` override: `true`/`false`, else the text. */
function overrideValue(config: readonly string[], key: string): string | undefined {
  let found: string | undefined;
  for (const entry of config) {
    const eq = entry.indexOf("=");
    if (eq >= 0 && entry.slice(0, eq).trim() === key) found = entry.slice(eq + 1).trim();
  }
  return found;
}

function booleanAt(model: ParsedConfigModel | undefined, table: string, key: string) {
  const value: Located | undefined = entryOf(tableOf(model?.root, table), key)?.value;
  return value?.kind === "boolean" ? (value.value as boolean) : undefined;
}

/**
 * Whether hooks are on: `[features] hooks` of the user config, then of the project's (a
 * trusted project's config beats the user's), then `-c features.hooks=`, then `--enable` /
 * `--disable hooks`.
 */
function hooksEnabled(
  files: readonly ReadHookFile[],
  projectTrusted: boolean,
  flags: HookFlags,
): boolean {
  let enabled = true;
  for (const file of files) {
    if (file.kind !== "config-toml" || (file.layer === "project" && !projectTrusted)) continue;
    const model = file.parsed?.syntaxError ? undefined : (file.parsed as ParsedConfigModel);
    const value = booleanAt(model, "features", "hooks");
    if (value !== undefined) enabled = value;
  }
  const override = overrideValue(flags.config, "features.hooks");
  if (override === "true") enabled = true;
  if (override === "false") enabled = false;
  if (flags.enable.includes("hooks")) enabled = true;
  if (flags.disable.includes("hooks")) enabled = false;
  return enabled;
}

/** The hooks Codex has for a run, from the files read (pure). */
export function hookConfigOf(input: {
  codexHome: string;
  projectRoot: string;
  files: readonly ReadHookFile[];
  store: TrustStore;
  flags: HookFlags;
}): HookConfig {
  const { files, store, flags } = input;
  const projectTrusted = flags.trustProject || isProjectTrusted(store, input.projectRoot);
  const config: HookConfig = {
    codexHome: input.codexHome,
    projectRoot: input.projectRoot,
    projectTrusted,
    projectConfigIgnored: !projectTrusted && files.some((file) => file.layer === "project"),
    hooksEnabled: hooksEnabled(files, projectTrusted, flags),
    hooks: [],
  };
  for (const file of files) {
    // An unreadable config.toml Codex loads stops it before anything runs (a project's only
    // when the project is trusted; an unreadable hooks.json is skipped).
    if (file.readError !== undefined && (file.layer === "user" || projectTrusted))
      config.fatal ??= file.readError;
    const parsed = file.parsed;
    if (parsed === undefined || parsed.syntaxError) continue;
    if (file.layer === "project" && !projectTrusted) {
      config.hooks.push(...hooksOfFile(file, parsed, store, flags, "project-untrusted"));
      continue;
    }
    const problems = hookShapeProblems({ kind: parsed.kind, top: parsed.top, hooks: parsed.hooks });
    // hooks.json of the wrong shape is skipped whole (Codex warns); config.toml fails the run.
    if (problems.length > 0 && file.kind === "hooks-json") continue;
    const hooksEntry = parsed.hooks.entry;
    if (file.kind === "config-toml" && hooksEntry?.value.kind === "array") {
      config.fatal ??=
        "Error loading config.toml: invalid type: sequence, expected struct HooksToml\nin `hooks`";
      continue;
    }
    if (problems.length > 0 && file.kind === "config-toml") {
      config.fatal ??= `Error loading config.toml: ${(problems[0] as { message: string }).message}\nin \`hooks\``;
      continue;
    }
    config.hooks.push(
      ...hooksOfFile(file, parsed, store, flags, config.hooksEnabled ? undefined : "hooks-off"),
    );
  }
  return config;
}

function hooksOfFile(
  file: ReadHookFile,
  parsed: ParsedConfigModel,
  store: TrustStore,
  flags: HookFlags,
  layerSkip: HookSkip | undefined,
): ConfiguredHook[] {
  const hooks: ConfiguredHook[] = [];
  for (const group of parsed.hooks.groups) {
    if (!group.eventKnown) continue;
    const matcher = stringOf(group.matcher);
    const compiled = matchTool(matcher, "Bash");
    for (const handler of group.handlers) {
      const key = hookStateKey(file.path, group, handler);
      const hash = hookTrustHash(group, handler);
      const state = hookState(store, key);
      const enabledValue = entryOf(state, "enabled")?.value;
      let skip: HookSkip | undefined = layerSkip;
      if (skip === undefined && "invalid" in compiled) skip = "invalid-matcher";
      if (skip === undefined && (handler.type !== "command" || handler.command === undefined))
        skip = "not-a-command";
      if (skip === undefined && enabledValue?.kind === "boolean" && enabledValue.value === false)
        skip = "disabled";
      if (skip === undefined && !flags.bypassTrust && !isHookTrusted(store, key, hash))
        skip = "untrusted";
      if (skip === undefined && handler.async === true) skip = "async";
      hooks.push({
        event: group.event,
        file: file.path,
        layer: file.layer,
        groupIndex: group.index,
        handlerIndex: handler.index,
        matcher,
        type: handler.type,
        command: handler.command,
        timeoutSec: handler.timeout ?? DEFAULT_HOOK_TIMEOUT_SEC,
        key,
        hash,
        skip,
        ...("invalid" in compiled ? { matcherError: compiled.invalid } : {}),
      });
    }
  }
  return hooks;
}

/** Reads the hook-bearing config files of a run and decides its hooks (the I/O edge). */
export async function readHookConfig(options: {
  cwd: string;
  env: Record<string, string | undefined>;
  flags: HookFlags;
}): Promise<HookConfig> {
  const codexHome = codexHomeOf(options.env, options.cwd);
  const projectRoot = projectRootFor(options.cwd);
  const places = hookFilePlaces(codexHome, projectRoot, options.cwd);
  // In Codex's order; an unreadable config.toml keeps its place, with Codex's refusal.
  const read = places.map((place) => ({ ...place, content: readRegularText(place.path) }));
  // The parsers load only when there is a file to parse.
  const parseConfigFile = read.some((file) => file.content.ok)
    ? (await import("@ops-skill/codex/config-parse")).parseConfigFile
    : undefined;
  const files: ReadHookFile[] = read.flatMap(({ path, layer, kind, content }) => {
    if (content.ok)
      return [{ path, layer, kind, parsed: parseConfigFile?.({ path, kind, text: content.text }) }];
    const readError =
      kind === "config-toml" ? configReadError({ path }, content, layer) : undefined;
    return readError === undefined ? [] : [{ path, layer, kind, parsed: undefined, readError }];
  });
  const userConfig = files.find(
    (file) => file.layer === "user" && file.kind === "config-toml" && !file.parsed?.syntaxError,
  );
  const store: TrustStore = {
    path: join(codexHome, "config.toml"),
    model: userConfig?.parsed as ParsedConfigModel | undefined,
  };
  return hookConfigOf({ codexHome, projectRoot, files, store, flags: options.flags });
}

/** The hooks of `event` that fire for a call of `tool`, and those Codex skips, with why. */
export function hooksForTool(
  config: HookConfig,
  event: string,
  tool: string,
): { fire: ConfiguredHook[]; skipped: { hook: ConfiguredHook; why: HookSkip | "matcher" }[] } {
  const fire: ConfiguredHook[] = [];
  const skipped: { hook: ConfiguredHook; why: HookSkip | "matcher" }[] = [];
  for (const hook of config.hooks) {
    if (hook.event !== event) continue;
    if (hook.skip !== undefined) skipped.push({ hook, why: hook.skip });
    else {
      const verdict = matchTool(hook.matcher, tool);
      if ("matches" in verdict && verdict.matches) fire.push(hook);
      else skipped.push({ hook, why: "matcher" });
    }
  }
  return { fire, skipped };
}
