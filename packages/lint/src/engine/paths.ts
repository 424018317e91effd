/**
 * The paths given on the command line, sorted by kind: files of the file kinds, recognised by
 * their name (`.codex/config.toml`, `*.schema.json`) or, for a `.json` file, by its content
 * (read with core's one reader, so a FIFO or a device given or found never blocks the run), and
 * the rest (folders, skills) for the kind that lints its files its own way (skills).
 */
import { statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { readRegularText } from "@ops-skill/core";
import type { DeferredLintPlugin, FileKind } from "../rule.js";

export interface GivenFile {
  /** Absolute path. */
  path: string;
  /** The kind it was taken for; undefined when the kind is the one (of `plugin`) whose `matches` says so. */
  kind: string | undefined;
  /** The deferred plugin that claimed it, if one did. */
  plugin: DeferredLintPlugin | undefined;
  why: string;
}

export interface GivenPaths {
  /** Paths no kind took by its name or content (folders, skills), as given. */
  paths: string[];
  given: GivenFile[];
}

export interface SortOptions {
  cwd: string;
  fileKinds: readonly FileKind[];
  deferred: readonly DeferredLintPlugin[];
  /** Every file given (not a folder) is of this kind, whatever its name (`schema check`). */
  explicitFileKind?: { kind: string; why: string } | undefined;
  /** A file given that no kind takes: it is not linted, and the user is told. */
  notice(path: string, message: string): void;
  /** What each path was taken for, for `--debug`. */
  note(path: string, what: string): void;
}

export function sortGivenPaths(paths: readonly string[], options: SortOptions): GivenPaths {
  const sorted: GivenPaths = { paths: [], given: [] };
  const byName = options.fileKinds.filter((kind) => kind.lintAll === undefined);
  for (const given of paths) {
    const path = resolve(options.cwd, given);
    const explicit = options.explicitFileKind;
    if (explicit !== undefined) {
      // A path `stat` cannot follow (a symbolic link loop) is a file given: reading it says why.
      const info = statOrError(path);
      if (info !== undefined && (info === "error" || !info.isDirectory())) {
        sorted.given.push({ path, kind: explicit.kind, plugin: undefined, why: explicit.why });
        continue;
      }
    }
    const kind = byName.find((k) => k.matches(given));
    const claimedBy = kind ? undefined : options.deferred.find((plugin) => plugin.claims(given));
    if (kind || claimedBy) {
      sorted.given.push({ path, kind: kind?.id, plugin: claimedBy, why: "by its name" });
      continue;
    }
    if (given.endsWith(".json")) {
      const read = readRegularText(path);
      if (read.ok) {
        const taken = sniff({ path, text: read.text }, options);
        if (taken) sorted.given.push(taken);
        else
          options.notice(
            path,
            'not linted: JSON that is neither a JSON Schema ("$schema" of a json-schema.org dialect, or a schema "type" or "properties" at its root) nor a Codex hooks.json; `ops-skill schema check` checks any file as a schema',
          );
        continue;
      }
      if (read.kind !== "missing" && read.kind !== "directory") {
        options.notice(path, `not linted: ${read.problem}`);
        continue;
      }
    }
    sorted.paths.push(given);
  }
  return sorted;
}

function statOrError(path: string): ReturnType<typeof statSync> | "error" {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return "error";
  }
}

function sniff(file: { path: string; text: string }, options: SortOptions): GivenFile | undefined {
  for (const kind of options.fileKinds.filter((k) => k.lintAll === undefined)) {
    const why = kind.sniff?.(file);
    if (why !== undefined) return { path: file.path, kind: kind.id, plugin: undefined, why };
  }
  for (const plugin of options.deferred) {
    const taken = plugin.sniff?.(file);
    if (taken) return { path: file.path, kind: taken.kind, plugin, why: taken.why };
  }
  return undefined;
}

/** `path` as the user sees it: relative to the working directory when inside it. */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === "" || rel.startsWith("..") ? path : rel;
}
