/**
 * The effective sandbox of a `codex exec` run, as Codex decides it (measured:
 * `conformance/sandbox/`): from the config layers it loads (the user config, the `--profile`
 * file, a trusted project's `.codex/config.toml` files from its root down to the working
 * directory, then the `-c` overrides, each higher than the one before) and the flags
 * `--sandbox`, `--dangerously-bypass-approvals-and-sandbox` and `--add-dir`.
 *
 * - The bypass flag, then `--sandbox`, beat every config: the legacy setting they name applies.
 * - Else the highest layer that sets `sandbox_mode` or `default_permissions` decides; within
 *   one layer `default_permissions` wins. `default_permissions` selects a permission profile
 *   (`[permissions.NAME]`, or a built-in `:read-only`, `:workspace`, `:danger-full-access`);
 *   `sandbox_mode` the legacy setting. Neither: `workspace-write` for a trusted project,
 *   `read-only` otherwise.
 * - Legacy `workspace-write` writes the working directory, /tmp and `$TMPDIR` (unless
 *   `sandbox_workspace_write.exclude_slash_tmp` / `exclude_tmpdir_env_var`), its `writable_roots`
 *   and `--add-dir` folders, with the network only with `sandbox_workspace_write.network_access`.
 *   `--add-dir` adds nothing under `read-only` or a permission profile.
 * - A profile `extends` a built-in (without one it grants no access at all: no command starts),
 *   may turn the network on (`[permissions.NAME.network] enabled = true`), and lists filesystem
 *   entries (`":tmpdir" = "write"`: `$TMPDIR` only, nothing when it is unset; a path). Its
 *   `network.domains` allowlist is enforced only with `features.network_proxy` (a config key,
 *   `-c` or `--enable network_proxy`), and then only proxy-aware HTTP(S) clients get out, to
 *   the hosts `hostAllowed` matches; the proxy refuses a name it cannot resolve, or one on a
 *   loopback or private address, unless `allow_local_binding` is on.
 *
 * Pure: the caller reads and parses the files (`parseConfigFile`) and the `-c` values
 * (`parseConfigOverride`). Every fact carries the file and line, or the flag, that decided it.
 */

import type { ConfigLayer } from "./layers.js";
import type { ParsedConfigModel } from "./load.js";
import type { Located, LocatedTable } from "./tree.js";

export type LegacySandboxMode = "read-only" | "workspace-write" | "danger-full-access";
export const LEGACY_SANDBOX_MODES: readonly LegacySandboxMode[] = [
  "read-only",
  "workspace-write",
  "danger-full-access",
];

/** The built-in permission profiles Codex knows (any other `:name` makes it refuse to start). */
export const BUILTIN_PERMISSION_PROFILES = [":read-only", ":workspace", ":danger-full-access"];

/** What decided a fact: a config file's key, a `-c` override, a flag, or Codex's default. */
export type SandboxOrigin =
  | {
      kind: "file";
      path: string;
      layer: ConfigLayer;
      /** The dotted key as written (`default_permissions`, `permissions.net.network.enabled`). */
      key: string;
      line: number;
      column: number;
    }
  | {
      kind: "override";
      /** The position of the `-c` among the run's overrides (0-based). */
      index: number;
      key: string;
    }
  | {
      kind: "flag";
      flag: "--sandbox" | "--dangerously-bypass-approvals-and-sandbox" | "--add-dir" | "--enable";
      value?: string;
    }
  | { kind: "default"; why: string };

/** One config layer Codex loaded, lowest first (user, profile file, project files root→cwd). */
export interface SandboxConfigLayer {
  layer: ConfigLayer;
  model: Pick<ParsedConfigModel, "root" | "at" | "file">;
}

/** A `-c key=value` with its value as Codex parsed it (`parseConfigOverride`). */
export interface SandboxOverride {
  key: string;
  value: unknown;
}

export interface SandboxInput {
  layers: readonly SandboxConfigLayer[];
  overrides: readonly SandboxOverride[];
  /** `--sandbox` value. */
  sandbox?: string;
  /** `--dangerously-bypass-approvals-and-sandbox`. */
  bypass?: boolean;
  /** `--add-dir` values (absolute or relative to `cwd`). */
  addDirs?: readonly string[];
  /** `--enable` / `--disable` feature names. */
  enable?: readonly string[];
  disable?: readonly string[];
  /** The run's working directory (absolute). */
  cwd: string;
  /** Whether the project is trusted (the default sandbox depends on it). */
  projectTrusted: boolean;
  /** `TMPDIR` of the run's environment: a string, `null` when unset, undefined when unknown. */
  tmpdir?: string | null;
}

export interface Decided<T> {
  value: T;
  origin: SandboxOrigin;
}

export type NetworkKind = "none" | "full" | "proxy";

export interface AllowlistEntry {
  host: string;
  /** `allow`, `deny`, as written. */
  access: string;
  origin: SandboxOrigin;
}

export interface FilesystemEntry {
  /** As written: `:tmpdir`, `/abs/dir`. */
  path: string;
  access: string;
  origin: SandboxOrigin;
}

/** A folder commands may write, and what made it writable. */
export interface WritableRoot {
  /** Absolute; `$TMPDIR` when the run's TMPDIR is not known. */
  path: string;
  origin: SandboxOrigin;
}

/** A setting that would have applied but was beaten (a profile a `--sandbox` flag overrides). */
export interface OverriddenSetting {
  /** `default_permissions = "NAME"` or `sandbox_mode = "..."`. */
  setting: "profile" | "legacy";
  value: string;
  origin: SandboxOrigin;
}

export interface EffectiveSandbox {
  /** `legacy`: `sandbox_mode`/`--sandbox`; `profile`: a permission profile. */
  setting: "legacy" | "profile";
  /** Legacy: the mode. */
  mode?: Decided<LegacySandboxMode>;
  /** Profile: its name (a built-in starts with `:`), and what it extends. */
  profile?: Decided<string>;
  extends?: Decided<string>;
  /** The network commands get, and what decided it. */
  network: Decided<NetworkKind>;
  /** `features.network_proxy`, when a profile with the network on applies. */
  proxy?: Decided<boolean>;
  /** A profile's `network.domains` (enforced only with the proxy). */
  allowlist: AllowlistEntry[];
  /** A profile's `[network] allow_local_binding`, when set. */
  allowLocalBinding?: Decided<boolean>;
  /** No sandbox on the disk at all. */
  writeEverywhere: boolean;
  /** A profile without `extends` (or a filesystem none): not even the shell can be read. */
  readsNothing: boolean;
  writableRoots: WritableRoot[];
  /** A profile's filesystem entries. */
  filesystem: FilesystemEntry[];
  /** Settings the applied one beat, highest first: what a flag or a higher layer overrides. */
  overridden: OverriddenSetting[];
  /** Codex refuses to start (an undefined profile): its message and the key behind it. */
  error?: Decided<string>;
}

// ------------------------------------------------------------------------------------------
// Layered lookups

interface Found {
  value: unknown;
  origin: SandboxOrigin;
  /** The layer: higher is stronger; every `-c` is one layer, the highest. */
  rank: number;
  /** Within the `-c` layer, a later override beats an earlier one. */
  order: number;
}

const OVERRIDE_RANK = 1_000;

function plainValue(located: Located): unknown {
  if (located.kind === "table") {
    const out: Record<string, unknown> = {};
    for (const entry of located.entries) out[entry.key] = plainValue(entry.value);
    return out;
  }
  if (located.kind === "array") return located.items.map(plainValue);
  return located.value;
}

function fileOrigin(layer: SandboxConfigLayer, key: string[], located: Located): SandboxOrigin {
  const position = layer.model.at(located.span);
  return {
    kind: "file",
    path: layer.model.file.path,
    layer: layer.layer,
    key: key.join("."),
    line: position.line,
    column: position.column,
  };
}

/** The value at `path` in one file layer, located. */
function inFile(root: LocatedTable | undefined, path: readonly string[]): Located | undefined {
  let current: Located | undefined = root;
  for (const segment of path) {
    if (current?.kind !== "table") return undefined;
    current = current.entries.find((entry) => entry.key === segment)?.value;
  }
  return current;
}

function inPlain(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

class Layers {
  constructor(private readonly input: SandboxInput) {}

  /** Every layer's value at `path`, highest first. */
  all(path: readonly string[]): Found[] {
    const found: Found[] = [];
    this.input.overrides.forEach((override, index) => {
      const key = override.key.split(".").map((segment) => segment.trim());
      const shared = Math.min(key.length, path.length);
      if (key.slice(0, shared).join("\u0000") !== path.slice(0, shared).join("\u0000")) return;
      const value =
        key.length >= path.length
          ? key.length === path.length
            ? override.value
            : undefined
          : inPlain(override.value, path.slice(key.length));
      if (value === undefined) return;
      found.push({
        value,
        origin: { kind: "override", index, key: override.key },
        rank: OVERRIDE_RANK,
        order: index,
      });
    });
    this.input.layers.forEach((layer, index) => {
      const located = inFile(layer.model.root, path);
      if (located === undefined) return;
      found.push({
        value: plainValue(located),
        origin: fileOrigin(layer, [...path], located),
        rank: index,
        order: 0,
      });
    });
    return found.sort((a, b) => b.rank - a.rank || b.order - a.order);
  }

  top(path: readonly string[]): Found | undefined {
    return this.all(path)[0];
  }

  /** The keys of the table at `path`, merged over the layers, each with its highest value. */
  entries(path: readonly string[]): { key: string; found: Found }[] {
    const keys = new Set<string>();
    for (const found of this.all(path)) {
      if (found.value !== null && typeof found.value === "object" && !Array.isArray(found.value))
        for (const key of Object.keys(found.value)) keys.add(key);
    }
    const out: { key: string; found: Found }[] = [];
    for (const key of keys) {
      const found = this.top([...path, key]);
      if (found !== undefined) out.push({ key, found });
    }
    return out;
  }
}

function decided<T>(value: T, origin: SandboxOrigin): Decided<T> {
  return { value, origin };
}

const isLegacyMode = (value: unknown): value is LegacySandboxMode =>
  typeof value === "string" && (LEGACY_SANDBOX_MODES as readonly string[]).includes(value);

// ------------------------------------------------------------------------------------------
// The decision

/** The sandbox Codex gives the run's commands. */
export function effectiveSandbox(input: SandboxInput): EffectiveSandbox {
  const layers = new Layers(input);
  const modeFound = layers.top(["sandbox_mode"]);
  const profileFound = layers.top(["default_permissions"]);
  const overridden: OverriddenSetting[] = [];
  const profileSetting = (found: Found): OverriddenSetting => ({
    setting: "profile",
    value: String(found.value),
    origin: found.origin,
  });
  const legacySetting = (found: Found): OverriddenSetting => ({
    setting: "legacy",
    value: String(found.value),
    origin: found.origin,
  });

  if (input.bypass || input.sandbox !== undefined) {
    if (profileFound) overridden.push(profileSetting(profileFound));
    if (modeFound) overridden.push(legacySetting(modeFound));
    const mode: LegacySandboxMode = input.bypass
      ? "danger-full-access"
      : isLegacyMode(input.sandbox)
        ? input.sandbox
        : "read-only";
    const origin: SandboxOrigin = input.bypass
      ? { kind: "flag", flag: "--dangerously-bypass-approvals-and-sandbox" }
      : { kind: "flag", flag: "--sandbox", value: input.sandbox };
    return legacy(input, layers, decided(mode, origin), overridden);
  }
  // The highest layer setting either decides; in one layer the profile wins.
  if (
    profileFound !== undefined &&
    (modeFound === undefined || profileFound.rank >= modeFound.rank)
  ) {
    if (modeFound) overridden.push(legacySetting(modeFound));
    return profile(input, layers, profileFound, overridden);
  }
  if (modeFound !== undefined) {
    if (profileFound) overridden.push(profileSetting(profileFound));
    const mode = isLegacyMode(modeFound.value) ? modeFound.value : "read-only";
    return legacy(input, layers, decided(mode, modeFound.origin), overridden);
  }
  const mode: LegacySandboxMode = input.projectTrusted ? "workspace-write" : "read-only";
  return legacy(
    input,
    layers,
    decided(mode, {
      kind: "default",
      why: input.projectTrusted
        ? "no sandbox setting: codex exec in a trusted project defaults to workspace-write"
        : "no sandbox setting: codex exec defaults to read-only",
    }),
    overridden,
  );
}

function tmpdirRoot(input: SandboxInput, origin: SandboxOrigin): WritableRoot[] {
  if (input.tmpdir === null || input.tmpdir === "") return [];
  return [{ path: input.tmpdir ?? "$TMPDIR", origin }];
}

/** `path` without the slashes it ends with (a loop: no regex scans a run of slashes twice). */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(0, end);
}

function resolvePath(cwd: string, path: string): string {
  if (path.startsWith("/")) return path;
  return `${withoutTrailingSlashes(cwd)}/${path.startsWith("./") ? path.slice(2) : path}`;
}

function legacy(
  input: SandboxInput,
  layers: Layers,
  mode: Decided<LegacySandboxMode>,
  overridden: OverriddenSetting[],
): EffectiveSandbox {
  const base = {
    setting: "legacy" as const,
    mode,
    allowlist: [],
    readsNothing: false,
    filesystem: [],
    overridden,
  };
  if (mode.value === "danger-full-access")
    return {
      ...base,
      network: decided("full" as const, mode.origin),
      writeEverywhere: true,
      writableRoots: [],
    };
  if (mode.value === "read-only")
    return {
      ...base,
      network: decided("none" as const, mode.origin),
      writeEverywhere: false,
      writableRoots: [],
    };
  const access = layers.top(["sandbox_workspace_write", "network_access"]);
  const roots: WritableRoot[] = [{ path: input.cwd, origin: mode.origin }];
  const excludeTmp = layers.top(["sandbox_workspace_write", "exclude_slash_tmp"]);
  if (excludeTmp?.value !== true) roots.push({ path: "/tmp", origin: mode.origin });
  const excludeTmpdir = layers.top(["sandbox_workspace_write", "exclude_tmpdir_env_var"]);
  if (excludeTmpdir?.value !== true) roots.push(...tmpdirRoot(input, mode.origin));
  const extra = layers.top(["sandbox_workspace_write", "writable_roots"]);
  if (Array.isArray(extra?.value))
    for (const path of extra.value)
      if (typeof path === "string")
        roots.push({ path: resolvePath(input.cwd, path), origin: extra.origin });
  for (const dir of input.addDirs ?? [])
    roots.push({
      path: resolvePath(input.cwd, dir),
      origin: { kind: "flag", flag: "--add-dir", value: dir },
    });
  return {
    ...base,
    network:
      access?.value === true
        ? decided("full" as const, access.origin)
        : decided("none" as const, access?.origin ?? mode.origin),
    writeEverywhere: false,
    writableRoots: roots,
  };
}

function profile(
  input: SandboxInput,
  layers: Layers,
  found: Found,
  overridden: OverriddenSetting[],
): EffectiveSandbox {
  const name = typeof found.value === "string" ? found.value : String(found.value);
  const profileName = decided(name, found.origin);
  const refuse = (message: string): EffectiveSandbox => ({
    setting: "profile",
    profile: profileName,
    network: decided("none" as const, found.origin),
    allowlist: [],
    writeEverywhere: false,
    readsNothing: true,
    writableRoots: [],
    filesystem: [],
    overridden,
    error: decided(message, found.origin),
  });
  if (name.startsWith(":")) {
    if (!BUILTIN_PERMISSION_PROFILES.includes(name))
      return refuse(`default_permissions refers to unknown built-in profile \`${name}\``);
    return (
      builtin(input, name, profileName, overridden) ??
      refuse(`default_permissions refers to unknown built-in profile \`${name}\``)
    );
  }
  const table = layers.all(["permissions"]).some((f) => isTable(f.value));
  if (!table) return refuse("default_permissions requires a `[permissions]` table");
  const defined = layers.all(["permissions", name]).some((f) => isTable(f.value));
  if (!defined) return refuse(`default_permissions refers to undefined profile \`${name}\``);
  const at = (path: string[]) => layers.top(["permissions", name, ...path]);
  const extendsFound = at(["extends"]);
  const base =
    extendsFound !== undefined && typeof extendsFound.value === "string"
      ? builtin(input, extendsFound.value, profileName, overridden)
      : undefined;
  const enabled = at(["network", "enabled"]);
  const localBinding = at(["network", "allow_local_binding"]);
  const allowlist: AllowlistEntry[] = layers
    .entries(["permissions", name, "network", "domains"])
    .map(({ key, found: entry }) => ({
      host: key,
      access: String(entry.value),
      origin: entry.origin,
    }));
  const filesystem: FilesystemEntry[] = layers
    .entries(["permissions", name, "filesystem"])
    .map(({ key, found: entry }) => ({
      path: key,
      access: String(entry.value),
      origin: entry.origin,
    }));
  const writableRoots = [...(base?.writableRoots ?? [])];
  for (const entry of filesystem) {
    if (entry.access !== "write") continue;
    if (entry.path === ":tmpdir") writableRoots.push(...tmpdirRoot(input, entry.origin));
    else if (!entry.path.startsWith(":"))
      writableRoots.push({ path: resolvePath(input.cwd, entry.path), origin: entry.origin });
  }
  let network: Decided<NetworkKind>;
  let proxy: Decided<boolean> | undefined;
  if (enabled !== undefined && typeof enabled.value === "boolean") {
    network = decided(enabled.value ? "full" : "none", enabled.origin);
  } else {
    network = base?.network ?? decided("none", extendsFound?.origin ?? found.origin);
  }
  if (network.value === "full" && !base?.writeEverywhere) {
    proxy = networkProxy(input, layers);
    if (proxy.value) network = decided("proxy", proxy.origin);
  }
  return {
    setting: "profile",
    profile: profileName,
    ...(extendsFound !== undefined
      ? { extends: decided(String(extendsFound.value), extendsFound.origin) }
      : {}),
    network,
    ...(proxy !== undefined ? { proxy } : {}),
    allowlist,
    ...(localBinding !== undefined && typeof localBinding.value === "boolean"
      ? { allowLocalBinding: decided(localBinding.value, localBinding.origin) }
      : {}),
    writeEverywhere: base?.writeEverywhere ?? false,
    readsNothing: base === undefined,
    writableRoots,
    filesystem,
    overridden,
  };
}

/** `features.network_proxy` from the config layers, `-c` and `--enable`/`--disable`. */
function networkProxy(input: SandboxInput, layers: Layers): Decided<boolean> {
  const found = layers.top(["features", "network_proxy"]);
  let value: Decided<boolean> = decided(
    found?.value === true,
    found?.origin ?? { kind: "default", why: "features.network_proxy is off by default" },
  );
  if (input.enable?.includes("network_proxy"))
    value = decided(true, { kind: "flag", flag: "--enable", value: "network_proxy" });
  if (input.disable?.includes("network_proxy")) value = decided(false, value.origin);
  return value;
}

/** A built-in profile (as `default_permissions` or as what a profile extends). */
function builtin(
  input: SandboxInput,
  name: string,
  profileName: Decided<string>,
  overridden: OverriddenSetting[],
): EffectiveSandbox | undefined {
  const origin = profileName.origin;
  const base = {
    setting: "profile" as const,
    profile: profileName,
    allowlist: [],
    readsNothing: false,
    filesystem: [],
    overridden,
  };
  switch (name) {
    case ":read-only":
      return {
        ...base,
        network: decided("none", origin),
        writeEverywhere: false,
        writableRoots: [],
      };
    case ":workspace":
      return {
        ...base,
        network: decided("none", origin),
        writeEverywhere: false,
        writableRoots: [
          { path: input.cwd, origin },
          { path: "/tmp", origin },
          ...tmpdirRoot(input, origin),
        ],
      };
    case ":danger-full-access":
      return {
        ...base,
        network: decided("full", origin),
        writeEverywhere: true,
        writableRoots: [],
      };
    default:
      return undefined;
  }
}

function isTable(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// ------------------------------------------------------------------------------------------
// Questions the doctor asks

/** Whether `path` (absolute) is writable under the sandbox. */
export function canWrite(
  sandbox: EffectiveSandbox,
  path: string,
): WritableRoot | "everywhere" | undefined {
  if (sandbox.error !== undefined || sandbox.readsNothing) return undefined;
  if (sandbox.writeEverywhere) return "everywhere";
  return sandbox.writableRoots.find(
    (root) => path === root.path || path.startsWith(`${withoutTrailingSlashes(root.path)}/`),
  );
}

/**
 * Whether a host name is on a profile's allowlist, as Codex's network proxy matches it
 * (measured: the `proxy-*` cases of `conformance/sandbox/`): `*` matches every host;
 * `**.example.com` example.com and every name under it; `*.example.com` every name under it,
 * at any depth, but not example.com itself; any other entry only the name it is. Case and a
 * trailing dot do not matter. A matching `deny` wins over any `allow`.
 */
export function hostAllowed(sandbox: EffectiveSandbox, host: string): AllowlistEntry | undefined {
  const name = normalHost(host);
  let verdict: AllowlistEntry | undefined;
  for (const entry of sandbox.allowlist) {
    if (!hostMatches(entry.host, name)) continue;
    if (entry.access === "deny") return undefined;
    if (entry.access === "allow") verdict = entry;
  }
  return verdict;
}

/** Whether an allowlist entry (`*`, `**.d`, `*.d`, a name) matches a host name. */
export function hostMatches(pattern: string, host: string): boolean {
  const entry = normalHost(pattern);
  const name = normalHost(host);
  if (entry === "*") return true;
  if (entry.startsWith("**.")) return name === entry.slice(3) || name.endsWith(entry.slice(2));
  if (entry.startsWith("*.")) return name.endsWith(entry.slice(1));
  return name === entry;
}

function normalHost(host: string): string {
  const lower = host.trim().toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

/** Where an origin is, in words: `config.toml:3`, `-c sandbox_mode=...`, `--sandbox read-only`. */
export function describeOrigin(origin: SandboxOrigin): string {
  switch (origin.kind) {
    case "file":
      return `${origin.key} in ${origin.path}:${origin.line}`;
    case "override":
      return `-c ${origin.key}=...`;
    case "flag":
      return origin.value === undefined ? origin.flag : `${origin.flag} ${origin.value}`;
    default:
      return origin.why;
  }
}
