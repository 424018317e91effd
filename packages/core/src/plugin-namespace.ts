/**
 * A skill inside a plugin is listed as `<plugin>:<name>`. Measured on Codex 0.169.0
 * (conformance case `plugin-namespace`): the nearest folder at or above the skill's real
 * path holding `.codex-plugin/plugin.json` or `.claude-plugin/plugin.json` decides; the prefix
 * is the manifest's `name`, or that folder's name when `name` is missing or empty; a manifest
 * that is not valid JSON, or whose name is not a string, gives no prefix. The 64-character
 * limit applies to the skill's own name only.
 */
import { type Dirent, existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { DirectoryListings } from "./discover.js";
import { readRegularText } from "./read-file.js";

const MANIFESTS = [join(".codex-plugin", "plugin.json"), join(".claude-plugin", "plugin.json")];
const MANIFEST_FOLDERS = new Set([".codex-plugin", ".claude-plugin"]);

/**
 * What the search from a folder upwards found, by real folder path: skills of one run share
 * their parents, so each folder is looked at once. Make one per run; files may change between.
 */
export type PluginNamespaceCache = Map<string, { namespace: string | undefined }>;

/** The plugin prefix for a skill whose folder's real path is `realSkillDir`. */
export function pluginNamespace(
  realSkillDir: string,
  cache: PluginNamespaceCache = new Map(),
  /** Listings of folders by their real path, when the caller has them: no lookup for those. */
  listings?: DirectoryListings,
): string | undefined {
  const visited: string[] = [];
  let dir = realSkillDir;
  let found: { namespace: string | undefined } | undefined;
  for (;;) {
    found = cache.get(dir) ?? manifestAt(dir, listings?.get(dir));
    if (found) break;
    visited.push(dir);
    const parent = dirname(dir);
    if (parent === dir) {
      found = { namespace: undefined };
      break;
    }
    dir = parent;
  }
  for (const folder of visited) cache.set(folder, found);
  cache.set(dir, found);
  return found.namespace;
}

/** The verdict of a manifest in this very folder, or undefined when it has none. */
function manifestAt(
  dir: string,
  listing: readonly Dirent[] | undefined,
): { namespace: string | undefined } | undefined {
  if (listing && !listing.some((entry) => MANIFEST_FOLDERS.has(entry.name))) return undefined;
  for (const manifest of MANIFESTS) {
    // existsSync first: a failed read at every level is several times slower.
    if (!existsSync(join(dir, manifest))) continue;
    // A manifest that is no regular file (a FIFO, a folder) or cannot be read is none to
    // Codex either: it looks further up (measured with a FIFO and a folder).
    const read = readRegularText(join(dir, manifest));
    if (!read.ok) continue;
    const text = read.text;
    let name: unknown;
    try {
      name = (JSON.parse(text) as { name?: unknown } | null)?.name;
    } catch {
      return { namespace: undefined };
    }
    if (name === undefined || name === "") return { namespace: basename(dir) };
    return { namespace: typeof name === "string" ? name : undefined };
  }
  return undefined;
}
