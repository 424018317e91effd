import type { ParsedConfigFile } from "@ops-skill/codex/config";
import {
  CATALOG_REASONING_EFFORTS,
  entryOf,
  KNOWN_REASONING_EFFORTS,
  type LocatedTable,
  layerOf,
  modelOf,
  stringOf,
} from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";
import { quoteList } from "./_config.js";

const EFFORT_KEYS = ["model_reasoning_effort", "plan_mode_reasoning_effort"];

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/reasoning-effort",
    description:
      "A reasoning effort outside the known values, or one the configured model does not list: Codex sends it as written and the API may reject the request.",
    defaultSeverity: "warning",
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    if (file.kind !== "config-toml" || !model?.root) return;
    const tables: LocatedTable[] = [model.root];
    const profiles = entryOf(model.root, "profiles")?.value;
    // Codex ignores `profiles` in a project config.
    if (profiles?.kind === "table" && layerOf(file) !== "project")
      for (const p of profiles.entries) if (p.value.kind === "table") tables.push(p.value);
    for (const table of tables) {
      const modelName = stringOf(entryOf(table, "model")?.value);
      for (const key of EFFORT_KEYS) {
        const entry = entryOf(table, key);
        const effort = stringOf(entry?.value);
        if (!entry || effort === undefined) continue;
        const supported = modelName ? CATALOG_REASONING_EFFORTS[modelName] : undefined;
        if (!KNOWN_REASONING_EFFORTS.includes(effort)) {
          report({
            message: `Codex sends \`${key} = ${JSON.stringify(effort)}\` to the API as written, and it is not a known effort (${quoteList(KNOWN_REASONING_EFFORTS)}); the API may reject every request.`,
            ...model.at(entry.value.span),
          });
        } else if (supported && !supported.includes(effort)) {
          report({
            message: `\`${modelName}\` lists the efforts ${quoteList(supported)} in Codex's model catalog, not \`${effort}\`; the API may reject the request.`,
            ...model.at(entry.value.span),
          });
        }
      }
    }
  },
);
