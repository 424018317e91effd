/**
 * `ops-skill.config.json`: read as JSONC (comments, trailing commas, `$schema`), its syntax
 * errors located, and its published JSON Schema generated from the rules' metadata, kept
 * fresh, and agreeing with what the loader accepts and refuses.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { schemaRules } from "@ops-skill/schema/lint-plugin";
import AjvModule from "ajv";
import { describe, expect, it } from "vitest";
import { scratchProjects } from "../../../test/support/project.js";
import packageJson from "../package.json" with { type: "json" };
import { loadConfig } from "../src/config.js";
import { configSchema } from "../src/config-schema.js";
import { enabledRules } from "../src/engine/rules.js";
import { allRules } from "../src/rules/index.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const published = join(packageDir, "schema", "ops-skill.config.schema.json");
const fixtures = join(packageDir, "test", "fixtures", "config");
const every = [...allRules, ...schemaRules];
const { project } = scratchProjects("ops-skill-config-schema-");

describe("the published config schema", () => {
  it("is what the rules' metadata gives (npm run generate:config-schema -w @ops-skill/lint)", () => {
    const onDisk = JSON.parse(readFileSync(published, "utf8"));
    expect(onDisk).toEqual(configSchema(every.map((r) => r.meta)));
  });

  it("is exported and packed", () => {
    expect(packageJson.exports["./schema/ops-skill.config.schema.json"]).toBe(
      "./schema/ops-skill.config.schema.json",
    );
    expect(packageJson.files).toContain("schema");
  });

  // CommonJS with the class on `.default` as well (the ESM-interop spelling).
  const validate = new AjvModule.default({ strict: false }).compile(
    JSON.parse(readFileSync(published, "utf8")),
  );
  /** Whether the loader accepts the config (its shape, rule ids, severities and options). */
  async function loads(config: unknown): Promise<boolean> {
    const dir = project({ "ops-skill.config.json": JSON.stringify(config) });
    try {
      const loaded = await loadConfig(dir);
      enabledRules(every, loaded, []);
      return true;
    } catch {
      return false;
    }
  }

  it.each([
    [{}],
    [{ $schema: "./node_modules/@ops-skill/lint/schema/ops-skill.config.schema.json" }],
    [
      {
        rules: {
          "codex/name-fallback": "off",
          "spec/name-format": 2,
          "quality/body-length": "warn",
        },
      },
    ],
    [{ rules: { "quality/body-length": ["warning", { maxLines: 300 }] } }],
    [{ rules: { "schema/additional-properties": ["error"] } }],
    [{ ignores: ["vendor/**"], types: { outDir: "src/gen" } }],
    [{ doctor: {} }],
    [{ doctor: { monthlyTokenBudget: 2000000 } }],
    [{ doctor: { schedules: ["schedule/workflows", "ops/nightly.cron"] } }],
  ])("accepts what the loader accepts: %j", async (config) => {
    expect(await loads(config)).toBe(true);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    [{ rule: {} }],
    [{ rules: { "codex/no-such-rule": "error" } }],
    [{ rules: { "codex/name-fallback": "fatal" } }],
    [{ rules: { "quality/body-length": ["warning", { maxLines: "300" }] } }],
    [{ rules: { "quality/body-length": ["warning", { maxLine: 300 }] } }],
    [{ rules: { "codex/name-fallback": ["warning", { any: 1 }] } }],
    [{ rules: { "internal/crash": "off" } }],
    [{ ignores: [""] }],
    [{ types: { out: "x" } }],
    [{ doctor: { monthlyTokenBudget: -1 } }],
    [{ doctor: { monthlyTokenBudget: 1.5 } }],
    [{ doctor: { monthlyTokenBudget: "2M" } }],
    [{ doctor: { budget: 1 } }],
    [{ doctor: [] }],
    [{ doctor: { schedules: "schedule/workflows" } }],
    [{ doctor: { schedules: [""] } }],
  ])("refuses what the loader refuses: %j", async (config) => {
    expect(await loads(config)).toBe(false);
    expect(validate(config)).toBe(false);
  });
});

describe("ops-skill.config.json as JSONC", () => {
  it("takes comments, trailing commas and $schema", async () => {
    const dir = project({
      "ops-skill.config.json": `// ops-skill settings
{
  "$schema": "https://example.test/schema.json",
  /* block */ "rules": { "codex/name-fallback": "off", },
  "ignores": ["vendor/**",],
}
`,
    });
    const loaded = await loadConfig(dir);
    expect(loaded.config.rules).toEqual({ "codex/name-fallback": "off" });
    expect(loaded.config.ignores).toEqual(["vendor/**"]);
  });

  it("names the line and column of a syntax error", async () => {
    const dir = project({});
    writeFileSync(
      join(dir, "ops-skill.config.json"),
      '{\n  "rules": {\n    "codex/name-fallback" "off"\n  }\n}\n',
    );
    await expect(loadConfig(dir)).rejects.toThrow(
      /ops-skill\.config\.json: invalid JSON at 3:27: a colon is expected$/,
    );
    writeFileSync(join(dir, "ops-skill.config.json"), '{ "rules": {} /* never closed\n');
    await expect(loadConfig(dir)).rejects.toThrow(/invalid JSON at 1:15: unclosed comment/);
  });

  it("takes a file saved with a byte order mark, as some editors save it", async () => {
    const loaded = await loadConfig(join(fixtures, "bom"));
    expect(loaded.config.rules).toEqual({ "codex/name-fallback": "off" });
  });

  it("refuses a value nested thousands deep with its line and column, never a stack overflow", async () => {
    for (const name of ["deep-severity", "deep-option"]) {
      const dir = join(fixtures, name);
      const error = await loadConfig(dir).then(
        (loaded) => {
          enabledRules(every, loaded, []);
          return undefined;
        },
        (thrown: unknown) => thrown,
      );
      expect(String(error), name).toMatch(
        /ops-skill\.config\.json: nested more than 64 levels deep at 3:\d+$/,
      );
    }
  });

  it("keeps package.json strict JSON, as npm reads it", async () => {
    const dir = project({ "package.json": '{ "ops-skill": { "rules": {}, }, }' });
    await expect(loadConfig(dir)).rejects.toThrow(/package\.json: invalid JSON/);
  });
});
