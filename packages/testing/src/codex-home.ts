/**
 * The Codex home a scenario runs with, in both engines: the one the schedule gives (the
 * repository's `schedule/` folder, docs/testing.md "The Codex home").
 *
 * - `schedule/<profile>.config.toml` is copied as it is to `$CODEX_HOME/<profile>.config.toml`,
 *   and the run gets `--profile <profile>`, which layers it (a permission profile that extends
 *   `:read-only` with the network on, for a day-two skill).
 * - `schedule/trust.json` (`{"version": 1, "project": true, "hooks": [{"key", "trusted_hash"}]}`)
 *   says what the scheduled job trusts; it becomes `$CODEX_HOME/config.toml` with the
 *   checkout's absolute path: `[projects."<root>"] trust_level = "trusted"` and one
 *   `[hooks.state."<root>/<key>"] trusted_hash = "..."` per hook.
 *
 * A repository without `schedule/` runs with an empty home: hooks untrusted, as on a fresh
 * machine. Malformed files are problems naming the file and line; the run does not start.
 *
 * One difference from the schedule's home, for the test's own channel: a profile whose host
 * allowlist Codex enforces (`features.network_proxy`) also allows 127.0.0.1, where the call
 * server answers the tool shims. Under that proxy Codex refuses raw connections, and stops a
 * command whose proxied connection goes to a host the profile does not list (measured with
 * the pinned Codex); the shims then tunnel through the proxy (`shims.ts`).
 *
 * `writeCodexHome` writes the same files into a lasting folder for the scheduled job
 * (`ops-skill codex-home <dir>`): atomically, through core's writer, into an empty or missing
 * folder or one whose `config.toml` it wrote before (its first line says so); any other folder
 * that holds files (a user's own `~/.codex`) is refused, and nothing is written.
 */
import { lstatSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { hookStateKey, tomlBasicString } from "@ops-skill/codex/config";
import {
  entryOf,
  type Located,
  type LocatedTable,
  parseConfigFile,
} from "@ops-skill/codex/config-parse";
import {
  describeWriteFailure,
  makeFolders,
  problemClause,
  readRegularText,
  type StagedWrite,
  stageWrite,
  type WriteFailure,
  writeFailure,
} from "@ops-skill/core";
import type { ScenarioProblem } from "./scenario.js";

export const SCHEDULE_DIR = "schedule";
export const TRUST_FILE = "trust.json";
const MAX_FILE_BYTES = 1024 * 1024;
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const HOOK_KEY = /^[^\n"\\]+:pre_tool_use:\d+:\d+$/;
const HASH = /^sha256:[0-9a-f]{64}$/;

export interface CodexHomeOptions {
  /** The repository (the checkout the schedule runs in). */
  root: string;
  /** An empty folder to make the home in. */
  dir: string;
  /** The Codex profile the schedule runs with (`suite.json`'s `schedule.profile`). */
  profile?: string;
}

export interface CodexHome {
  codexHome: string;
  /** The `codex exec` flags the home needs: `["--profile", "<profile>"]` or none. */
  args: string[];
  /** Why the home cannot be made as the schedule says; the run must not start. */
  problems: ScenarioProblem[];
}

/** The trust the schedule gives, read from `schedule/trust.json`. */
export interface ScheduleTrust {
  project: boolean;
  hooks: { key: string; trustedHash: string }[];
}

/** The first line of a `config.toml` that `writeCodexHome` wrote: it may rewrite that folder. */
export const CODEX_HOME_MARKER =
  "# Written by ops-skill codex-home from schedule/trust.json; it rewrites this file.";
const TEST_HOME_MARKER = "# Written by ops-skill test from schedule/trust.json.";

/** `config.toml` for `trust`, with the checkout at `root`. Pure. */
export function trustConfigToml(
  trust: ScheduleTrust,
  root: string,
  firstLine: string = TEST_HOME_MARKER,
): string {
  const lines = [firstLine, ""];
  if (trust.project) {
    lines.push(`[projects.${tomlBasicString(root)}]`, 'trust_level = "trusted"', "");
  }
  for (const hook of trust.hooks) {
    lines.push(`[hooks.state.${tomlBasicString(`${root}/${hook.key}`)}]`);
    lines.push(`trusted_hash = ${tomlBasicString(hook.trustedHash)}`, "");
  }
  return lines.join("\n");
}

/** Reads `schedule/trust.json` (its text given): the trust, or problems with their lines. Pure. */
export function parseTrust(
  text: string,
  file: string,
): { ok: true; trust: ScheduleTrust } | { ok: false; problems: ScenarioProblem[] } {
  const parsed = parseConfigFile({ path: file, kind: "hooks-json", text });
  if (parsed.syntaxError !== undefined) {
    return {
      ok: false,
      problems: [
        {
          file,
          line: parsed.syntaxError.line ?? 1,
          message: `not JSON: ${parsed.syntaxError.message}`,
        },
      ],
    };
  }
  const problems: ScenarioProblem[] = [];
  const lineOf = (value: Located | undefined) =>
    value === undefined ? 1 : parsed.at(value.span).line;
  const fail = (value: Located | undefined, message: string) =>
    problems.push({ file, line: lineOf(value), message });
  const top = parsed.top;
  if (top?.kind !== "table") {
    fail(top, 'must be an object: {"version": 1, "project": true, "hooks": [...]}');
    return { ok: false, problems };
  }
  const trust: ScheduleTrust = { project: false, hooks: [] };
  for (const entry of top.entries) {
    if (!["version", "project", "hooks"].includes(entry.key)) {
      fail(entry.value, `unknown key ${JSON.stringify(entry.key)} (version, project, hooks)`);
    }
  }
  const version = entryOf(top, "version")?.value;
  if (version?.kind !== "integer" || version.value !== 1)
    fail(version ?? top, '"version" must be 1');
  const project = entryOf(top, "project")?.value;
  if (project !== undefined) {
    if (project.kind !== "boolean") fail(project, '"project" must be true or false');
    else trust.project = project.value === true;
  }
  const hooks = entryOf(top, "hooks")?.value;
  if (hooks !== undefined && hooks.kind !== "array") fail(hooks, '"hooks" must be an array');
  if (hooks?.kind === "array") {
    for (const [k, item] of hooks.items.entries()) {
      const where = `hooks[${k}]`;
      if (item.kind !== "table") {
        fail(
          item,
          `${where} must be {"key": "<file>:pre_tool_use:<group>:<handler>", "trusted_hash": "sha256:<hex>"}`,
        );
        continue;
      }
      const table = item as LocatedTable;
      const key = entryOf(table, "key")?.value;
      const hash = entryOf(table, "trusted_hash")?.value;
      for (const entry of table.entries) {
        if (entry.key !== "key" && entry.key !== "trusted_hash") {
          fail(
            entry.value,
            `${where}: unknown key ${JSON.stringify(entry.key)} (key, trusted_hash)`,
          );
        }
      }
      const keyText = key?.kind === "string" ? String(key.value) : undefined;
      const hashText = hash?.kind === "string" ? String(hash.value) : undefined;
      if (keyText === undefined || !HOOK_KEY.test(keyText) || keyText.startsWith("/")) {
        fail(
          key ?? item,
          `${where}.key must be the repository-relative hook file and handler, as ".codex/hooks.json:pre_tool_use:0:0"`,
        );
      }
      if (hashText === undefined || !HASH.test(hashText)) {
        fail(hash ?? item, `${where}.trusted_hash must be "sha256:" and 64 lowercase hex digits`);
      }
      if (keyText !== undefined && hashText !== undefined) {
        trust.hooks.push({ key: keyText, trustedHash: hashText });
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, trust };
}

function readScheduleFile(
  path: string,
  shown: string,
): { text: string } | { missing: true } | { problem: ScenarioProblem } {
  const read = readRegularText(path, { maxBytes: MAX_FILE_BYTES });
  if (read.ok) return { text: read.text };
  if (read.kind === "missing") return { missing: true };
  return { problem: { file: shown, line: 0, message: `the file ${problemClause(read)}` } };
}

/** The files a Codex home holds (name in the home, text), as the schedule gives them. */
export interface ScheduleHomeFiles {
  files: { name: string; text: string }[];
  /** The profiles whose files are among them. */
  profiles: string[];
  /** The trust read from `schedule/trust.json`, when there is one. */
  trust: ScheduleTrust | undefined;
  problems: ScenarioProblem[];
}

export interface ReadScheduleOptions {
  /** The repository (the checkout the schedule runs in), an absolute path. */
  root: string;
  /**
   * The profiles to take (`schedule/<profile>.config.toml` each); default none. `"all"`: every
   * `schedule/*.config.toml`.
   */
  profiles?: readonly string[] | "all";
  /** A missing `schedule/trust.json` is a problem (the home would trust nothing). */
  requireTrust?: boolean;
  /** The first line of the `config.toml` written (what wrote it). */
  firstLine?: string;
}

// Named as the repository holds them: `schedule/trust.json`.
const shown = (name: string) => join(SCHEDULE_DIR, name);

/** The profile names of the `*.config.toml` files in `schedule/`, sorted; problems if unreadable. */
function listProfiles(root: string): { names: string[]; problems: ScenarioProblem[] } {
  let entries: string[];
  try {
    entries = readdirSync(join(root, SCHEDULE_DIR));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { names: [], problems: [] };
    return {
      names: [],
      problems: [
        { file: shown(""), line: 0, message: `the folder cannot be read (${code ?? error})` },
      ],
    };
  }
  const names = entries
    .filter((name) => name.endsWith(".config.toml") && name !== "config.toml")
    .map((name) => name.slice(0, -".config.toml".length))
    .sort();
  return { names, problems: [] };
}

/** Reads and checks what the schedule puts in a Codex home; writes nothing. */
export function readScheduleHome(options: ReadScheduleOptions): ScheduleHomeFiles {
  const root = options.root;
  const out: ScheduleHomeFiles = { files: [], profiles: [], trust: undefined, problems: [] };
  let profiles: readonly string[] = [];
  if (options.profiles === "all") {
    const listed = listProfiles(root);
    out.problems.push(...listed.problems);
    profiles = listed.names;
  } else if (options.profiles !== undefined) profiles = options.profiles;

  for (const profile of profiles) {
    const name = `${profile}.config.toml`;
    if (!PROFILE_NAME.test(profile)) {
      out.problems.push({
        file: options.profiles === "all" ? shown(name) : shown(""),
        line: 0,
        message: `the schedule profile ${JSON.stringify(profile)} is not a profile name (letters, digits, "_", "-")`,
      });
      continue;
    }
    const read = readScheduleFile(join(root, SCHEDULE_DIR, name), shown(name));
    if ("problem" in read) out.problems.push(read.problem);
    else if ("missing" in read) {
      out.problems.push({
        file: shown(name),
        line: 0,
        message: `the schedule profile "${profile}" has no file (Codex would ignore --profile ${profile} silently)`,
      });
    } else {
      const parsed = parseConfigFile({ path: shown(name), kind: "config-toml", text: read.text });
      if (parsed.syntaxError !== undefined) {
        out.problems.push({
          file: shown(name),
          line: parsed.syntaxError.line ?? 1,
          message: `not valid TOML: ${parsed.syntaxError.message}`,
        });
      } else {
        out.files.push({ name, text: read.text });
        out.profiles.push(profile);
      }
    }
  }

  const trustRead = readScheduleFile(join(root, SCHEDULE_DIR, TRUST_FILE), shown(TRUST_FILE));
  if ("problem" in trustRead) out.problems.push(trustRead.problem);
  else if ("missing" in trustRead) {
    if (options.requireTrust) {
      out.problems.push({
        file: shown(TRUST_FILE),
        line: 0,
        message:
          "the file does not exist: the Codex home would trust neither the project nor its hooks, and codex exec skips untrusted hooks without a word",
      });
    }
  } else {
    const trust = parseTrust(trustRead.text, shown(TRUST_FILE));
    if (!trust.ok) out.problems.push(...trust.problems);
    else {
      out.trust = trust.trust;
      out.files.push({
        name: "config.toml",
        text: trustConfigToml(trust.trust, root, options.firstLine),
      });
    }
  }
  return out;
}

/** The script a hook command has Node load as an ES module, when it names one. */
function esModuleScript(command: string, root: string): string | undefined {
  for (const raw of command.split(/\s+/)) {
    const word = raw.replace(/^["']|["']$/g, "");
    if (/\.m[jt]s$/.test(word)) return word;
    if (word.endsWith(".js") && packageType(dirname(resolve(root, word)), root) === "module") {
      return word;
    }
  }
  return undefined;
}

/** The `type` of the nearest `package.json` from `dir` up to `root`. */
function packageType(dir: string, root: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const read = readRegularText(join(at, "package.json"));
    if (read.ok) {
      try {
        const type = (JSON.parse(read.text) as { type?: unknown }).type;
        return typeof type === "string" ? type : undefined;
      } catch {
        return undefined;
      }
    }
    if (at === root || dirname(at) === at) return undefined;
  }
}

/**
 * The trusted hooks that cannot run in a checkout whose path holds a backslash: Node refuses to
 * load an ES module there ("must not include encoded \\ characters"), so a hook run as
 * `node <file>.mjs` (or a `.js` file of a `"type": "module"` package) exits 1 before it reads
 * its input, and Codex runs the command it meant to block. Trusting such a hook would promise a
 * guard that cannot guard. A CommonJS hook (`.cjs`, as the guard is) or any other program
 * loads there.
 */
export function backslashProblems(root: string, trust: ScheduleTrust): ScenarioProblem[] {
  if (!root.includes("\\") || trust.hooks.length === 0) return [];
  const commands = new Map<string, string>();
  const files = new Set(trust.hooks.map((hook) => hook.key.replace(/:[a-z_]+:\d+:\d+$/, "")));
  for (const file of files) {
    const kind = file.endsWith(".toml") ? "config-toml" : "hooks-json";
    const read = readRegularText(join(root, file));
    if (!read.ok) continue;
    const parsed = parseConfigFile({ path: file, kind, text: read.text });
    if (parsed.syntaxError !== undefined) continue;
    for (const group of parsed.hooks.groups) {
      for (const handler of group.handlers) {
        if (handler.command !== undefined) {
          commands.set(hookStateKey(file, group, handler), handler.command);
        }
      }
    }
  }
  const problems: ScenarioProblem[] = [];
  for (const hook of trust.hooks) {
    const command = commands.get(hook.key);
    const script = command === undefined ? undefined : esModuleScript(command, root);
    if (script === undefined) continue;
    problems.push({
      file: join(SCHEDULE_DIR, TRUST_FILE),
      line: 0,
      message: `the checkout's path ${JSON.stringify(root)} holds a backslash: Node loads no ES module there, so the hook ${hook.key} (${JSON.stringify(command)}) exits 1 on every call and Codex runs what it forbids; make ${script} CommonJS (.cjs) or move the checkout to a path without one`,
    });
  }
  return problems;
}

export const CALL_SERVER_HOST = "127.0.0.1";

/**
 * A profile file's text with the call server's host allowed, when the profile enforces a host
 * allowlist through Codex's network proxy and does not list it yet; otherwise the text as it
 * is. Appends a row after the `[permissions.<p>.network.domains]` header, or the table itself.
 * Pure.
 */
export function allowCallServerHost(text: string, value: unknown): string {
  const config = value as {
    default_permissions?: unknown;
    features?: { network_proxy?: unknown };
    permissions?: Record<string, { network?: { domains?: unknown } }>;
  };
  if (config?.features?.network_proxy !== true) return text;
  const profile = config.default_permissions;
  if (typeof profile !== "string" || profile.startsWith(":")) return text;
  const domains = config.permissions?.[profile]?.network?.domains;
  if (domains !== undefined && (typeof domains !== "object" || domains === null)) return text;
  if (domains !== undefined && CALL_SERVER_HOST in domains) return text;
  const row = `${JSON.stringify(CALL_SERVER_HOST)} = "allow"`;
  const key = PROFILE_NAME.test(profile) ? profile : JSON.stringify(profile);
  const header = `[permissions.${key}.network.domains]`;
  const lines = text.split("\n");
  const at = lines.findIndex((line) => line.trim() === header);
  if (at >= 0) {
    lines.splice(at + 1, 0, row);
    return lines.join("\n");
  }
  // A domains table written inline cannot take another table: leave the file alone.
  if (domains !== undefined) return text;
  const body = text.endsWith("\n") ? text : `${text}\n`;
  return `${body}\n${header}\n${row}\n`;
}

/** Makes the Codex home of a run in `dir` from the repository's `schedule/` folder. */
export function buildCodexHome(options: CodexHomeOptions): CodexHome {
  const root = resolve(options.root);
  const codexHome = resolve(options.dir);
  mkdirSync(codexHome, { recursive: true });
  const read = readScheduleHome({
    root,
    ...(options.profile === undefined ? {} : { profiles: [options.profile] }),
  });
  for (const file of read.files) {
    // Profiles were parsed by readScheduleHome; only a file that parses reaches this point.
    const parsed =
      file.name === "config.toml"
        ? undefined
        : parseConfigFile({ path: file.name, kind: "config-toml", text: file.text });
    const text =
      parsed === undefined || parsed.syntaxError !== undefined
        ? file.text
        : allowCallServerHost(file.text, parsed.value);
    writeFileSync(join(codexHome, file.name), text);
  }
  return {
    codexHome,
    args: read.profiles.flatMap((profile) => ["--profile", profile]),
    problems: read.problems,
  };
}

export interface WriteCodexHomeOptions {
  /** The repository whose `schedule/` is read; its real path is the one trusted. */
  root: string;
  /** Where the home goes: a missing or empty folder, or one this function wrote before. */
  dir: string;
  /** The one profile to write; default every `schedule/*.config.toml`. */
  profile?: string;
}

export type WriteCodexHomeResult =
  | {
      status: "written";
      /** The home's real path. */
      dir: string;
      /** The checkout's real path, as the home trusts it. */
      root: string;
      /** Each file of the home and whether it changed. */
      files: { name: string; path: string; changed: boolean }[];
      /** The profiles written (run `codex exec --profile <one of them>`). */
      profiles: string[];
      trust: ScheduleTrust;
    }
  /** The schedule's files are not as documented: nothing was written. */
  | { status: "problems"; problems: ScenarioProblem[] }
  /** The folder is not one to write a home into: nothing was written. */
  | { status: "refused"; dir: string; reason: string }
  /** The operating system said no (a full disk, a folder that cannot be made). */
  | { status: "failed"; message: string };

/**
 * Why `dir` (which exists) may not receive a home, or undefined: it must be a folder, empty or
 * holding a `config.toml` whose first line is `CODEX_HOME_MARKER`.
 */
function homeRefusal(dir: string): string | undefined {
  const entry = lstatSync(dir);
  if (!entry.isDirectory()) return "it is not a folder";
  const entries = readdirSync(dir);
  if (entries.length === 0) return undefined;
  const config = readRegularText(join(dir, "config.toml"), { maxBytes: MAX_FILE_BYTES });
  if (config.ok) {
    const firstLine = config.text.split("\n", 1)[0]?.replace(/\r$/, "");
    if (firstLine === CODEX_HOME_MARKER) return undefined;
    return "it holds a config.toml that ops-skill codex-home did not write (a Codex home of your own?); give an empty or new folder";
  }
  return `it is not empty and holds no config.toml written by ops-skill codex-home (${entries.length} ${entries.length === 1 ? "entry" : "entries"}); give an empty or new folder`;
}

/**
 * Writes the Codex home the schedule gives into `dir`, for the checkout at `root`: every file or
 * none (staged, then renamed into place), each through core's atomic writer. Never throws.
 */
export async function writeCodexHome(
  options: WriteCodexHomeOptions,
): Promise<WriteCodexHomeResult> {
  let root: string;
  try {
    // Codex keys trust by the working directory's real path.
    root = realpathSync(resolve(options.root));
  } catch (error) {
    return { status: "failed", message: describeFsError(options.root, error, "the repository") };
  }
  const read = readScheduleHome({
    root,
    profiles: options.profile === undefined ? "all" : [options.profile],
    requireTrust: true,
    firstLine: CODEX_HOME_MARKER,
  });
  if (read.problems.length > 0 || read.trust === undefined)
    return { status: "problems", problems: read.problems };
  const backslash = backslashProblems(root, read.trust);
  if (backslash.length > 0) return { status: "problems", problems: backslash };

  const wanted = resolve(options.dir);
  let dir: string;
  try {
    let exists = true;
    try {
      lstatSync(wanted);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      exists = false;
    }
    if (exists) {
      // A symbolic link to a folder is that folder.
      const target = realpathSync(wanted);
      const refusal = homeRefusal(target);
      if (refusal !== undefined) return { status: "refused", dir: wanted, reason: refusal };
    } else {
      // Codex keeps its login beside this config: the folder is the owner's alone.
      makeFolders(wanted, 0o700);
    }
    dir = realpathSync(wanted);
  } catch (error) {
    return { status: "failed", message: describeFsError(wanted, error, "the folder") };
  }

  const staged: StagedWrite[] = [];
  const abortAll = () => Promise.all(staged.map((write) => write.abort()));
  for (const file of read.files) {
    const write = await stageWrite(join(dir, file.name), file.text, { root: dir, mode: 0o600 });
    if (!write.ok) {
      await abortAll();
      return { status: "failed", message: describeWriteFailure(write) };
    }
    staged.push(write);
  }
  const files: { name: string; path: string; changed: boolean }[] = [];
  for (const [k, write] of staged.entries()) {
    const done = await write.commit();
    if (!done.ok) {
      await abortAll();
      return { status: "failed", message: describeWriteFailure(done as WriteFailure) };
    }
    files.push({ name: read.files[k]?.name ?? "", path: write.path, changed: write.changed });
  }
  return { status: "written", dir, root, files, profiles: read.profiles, trust: read.trust };
}

function describeFsError(path: string, error: unknown, what: string): string {
  const failure = writeFailure(path, error, `cannot reach ${what}`);
  return `${path}: ${failure.reason}`;
}
