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
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  entryOf,
  type Located,
  type LocatedTable,
  parseConfigFile,
} from "@ops-skill/codex/config-parse";
import { problemClause, readRegularText } from "@ops-skill/core";
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

const tomlString = (text: string) => JSON.stringify(text);

/** `config.toml` for `trust`, with the checkout at `root`. Pure. */
export function trustConfigToml(trust: ScheduleTrust, root: string): string {
  const lines = ["# Written by ops-skill test from schedule/trust.json.", ""];
  if (trust.project) {
    lines.push(`[projects.${tomlString(root)}]`, 'trust_level = "trusted"', "");
  }
  for (const hook of trust.hooks) {
    lines.push(`[hooks.state.${tomlString(`${root}/${hook.key}`)}]`);
    lines.push(`trusted_hash = ${tomlString(hook.trustedHash)}`, "");
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

/** Makes the Codex home of a run in `dir` from the repository's `schedule/` folder. */
export function buildCodexHome(options: CodexHomeOptions): CodexHome {
  const root = resolve(options.root);
  const codexHome = resolve(options.dir);
  mkdirSync(codexHome, { recursive: true });
  const problems: ScenarioProblem[] = [];
  const args: string[] = [];
  // Named as the repository holds them: `schedule/trust.json`.
  const shown = (name: string) => join(SCHEDULE_DIR, name);

  if (options.profile !== undefined) {
    const name = `${options.profile}.config.toml`;
    if (!PROFILE_NAME.test(options.profile)) {
      problems.push({
        file: shown(""),
        line: 0,
        message: `the schedule profile ${JSON.stringify(options.profile)} is not a profile name (letters, digits, "_", "-")`,
      });
    } else {
      const read = readScheduleFile(join(root, SCHEDULE_DIR, name), shown(name));
      if ("problem" in read) problems.push(read.problem);
      else if ("missing" in read) {
        problems.push({
          file: shown(name),
          line: 0,
          message: `the schedule profile "${options.profile}" has no file (Codex would ignore --profile ${options.profile} silently)`,
        });
      } else {
        const parsed = parseConfigFile({ path: shown(name), kind: "config-toml", text: read.text });
        if (parsed.syntaxError !== undefined) {
          problems.push({
            file: shown(name),
            line: parsed.syntaxError.line ?? 1,
            message: `not valid TOML: ${parsed.syntaxError.message}`,
          });
        } else {
          writeFileSync(join(codexHome, name), read.text);
          args.push("--profile", options.profile);
        }
      }
    }
  }

  const trustRead = readScheduleFile(join(root, SCHEDULE_DIR, TRUST_FILE), shown(TRUST_FILE));
  if ("problem" in trustRead) problems.push(trustRead.problem);
  else if ("text" in trustRead) {
    const trust = parseTrust(trustRead.text, shown(TRUST_FILE));
    if (!trust.ok) problems.push(...trust.problems);
    else writeFileSync(join(codexHome, "config.toml"), trustConfigToml(trust.trust, root));
  }
  return { codexHome, args, problems };
}
