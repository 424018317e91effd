#!/usr/bin/env node
/**
 * Writes schema/ops-skill.config.schema.json, the JSON Schema of `ops-skill.config.json`, from
 * the rules' metadata (the built-in rules and @ops-skill/schema's), formatted as the repository
 * formats JSON. Run after `npm run build` (it reads the built packages):
 *
 *   npm run generate:config-schema -w @ops-skill/lint [-- --check]
 *
 * `--check` writes nothing and exits 1 when the file is stale; `test/config-schema.test.ts`
 * checks the same from the sources in `npm test`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { schemaRules } from "@ops-skill/schema/lint-plugin";
import { configSchema } from "../dist/config-schema.js";
import { allRules } from "../dist/rules/index.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const file = join(packageDir, "schema", "ops-skill.config.schema.json");
const schema = configSchema([...allRules, ...schemaRules].map((rule) => rule.meta));

const current = (() => {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
})();
const same = JSON.stringify(current) === JSON.stringify(schema);
if (process.argv.includes("--check")) {
  if (!same) {
    process.stderr.write(
      `${file} is stale: run npm run generate:config-schema -w @ops-skill/lint\n`,
    );
    process.exit(1);
  }
  process.exit(0);
}
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
const biome = join(packageDir, "..", "..", "node_modules", ".bin", "biome");
const formatted = spawnSync(biome, ["format", "--write", file], { stdio: "inherit" });
process.exit(formatted.status ?? 1);
