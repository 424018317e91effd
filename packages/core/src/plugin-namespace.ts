/**
 * A skill inside a plugin is listed as `<plugin>:<name>`. Measured on Codex 0.169.0
 * (conformance case `plugin-namespace`): the nearest folder at or above the skill's real
 * path holding `.codex-plugin/plugin.json` or `.claude-plugin/plugin.json` decides; the prefix
 * is the manifest's `name`, or that folder's name when `name` is missing or empty; a manifest
 * that is not valid JSON, or whose name is not a string, gives no prefix. The 64-character
 * limit applies to the skill's own name only.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const MANIFESTS = [join(".codex-plugin", "plugin.json"), join(".claude-plugin", "plugin.json")];

export function pluginNamespace(skillDir: string): string | undefined {
  let dir: string;
  try {
    dir = realpathSync(skillDir);
  } catch {
    return undefined;
  }
  for (;;) {
    for (const manifest of MANIFESTS) {
      // existsSync first: throwing and catching ENOENT at every level is several times slower.
      if (!existsSync(join(dir, manifest))) continue;
      let text: string;
      try {
        text = readFileSync(join(dir, manifest), "utf8");
      } catch {
        continue;
      }
      let name: unknown;
      try {
        name = (JSON.parse(text) as { name?: unknown } | null)?.name;
      } catch {
        return undefined;
      }
      if (name === undefined || name === "") return basename(dir);
      return typeof name === "string" ? name : undefined;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
