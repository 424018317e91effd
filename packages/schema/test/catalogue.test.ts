/**
 * The six report schemas in `schemas/`: strict-clean and warning-free, and the same shape as
 * each skill's example report and `scripts/validate-report.sh`. Example reports validate; broken
 * copies fail; and field by field, ajv and the skill's own validator agree on what is broken.
 */
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { checkSchemaText } from "../src/check.js";

const repo = join(import.meta.dirname, "..", "..", "..");
const schemasDir = join(repo, "schemas");
const skillsDir = join(repo, "skills");

type Json = unknown;

/** skill → schema, as each skill's validate-report.sh names it. */
const catalogue = readdirSync(skillsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => {
    const script = readFileSync(
      join(skillsDir, entry.name, "scripts", "validate-report.sh"),
      "utf8",
    );
    const match = /\.\.\/\.\.\/schemas\/([a-z0-9-]+)\.schema\.json/.exec(script);
    return { skill: entry.name, schema: match?.[1] ?? "" };
  })
  .sort((a, b) => a.skill.localeCompare(b.skill));

const ajv = new Ajv2020.default({ strict: true, allErrors: true });
addFormats.default(ajv);

function load(name: string): Json {
  return JSON.parse(readFileSync(join(schemasDir, `${name}.schema.json`), "utf8"));
}
function example(skill: string): Record<string, Json> {
  return JSON.parse(readFileSync(join(skillsDir, skill, "tests", "example-report.json"), "utf8"));
}

/** The catalogue's validate-report.sh scripts run jq, as the scheduled jobs do. */
const jq = spawnSync("jq", ["--version"], { encoding: "utf8" });

/** Runs the skill's validator on a report: true for exit 0, false for exit 1. */
function scriptAccepts(skill: string, report: Json): Promise<boolean> {
  const script = join(skillsDir, skill, "scripts", "validate-report.sh");
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [script, "-"], {
      stdio: ["pipe", "ignore", "pipe"],
      timeout: 20_000,
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(true);
      else if (code === 1) resolve(false);
      else reject(new Error(`validate-report.sh exited ${code}: ${stderr}`));
    });
    child.stdin.end(JSON.stringify(report));
  });
}

/** Every value in a report with its path: the object members and the first array item. */
function leaves(value: Json, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value))
    return value.length === 0 ? [path] : [path, ...leaves(value[0], [...path, 0])];
  if (value !== null && typeof value === "object")
    return [path, ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))];
  return [path];
}

function setAt(root: Json, path: (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

describe("the catalogue", () => {
  it("has one schema per skill, and nothing else in schemas/", () => {
    expect(catalogue.map((c) => c.schema)).toEqual([
      "cert-report",
      "cost-anomaly",
      "drift-report",
      "endpoint-check",
      "k8s-health",
      "vuln-report",
    ]);
    const files = readdirSync(schemasDir)
      .filter((f) => f.endsWith(".json"))
      .sort();
    expect(files).toEqual(catalogue.map((c) => `${c.schema}.schema.json`).sort());
  });

  it("is described in schemas/README.md", () => {
    const readme = readFileSync(join(schemasDir, "README.md"), "utf8");
    for (const { skill, schema } of catalogue) {
      expect(readme).toMatch(
        new RegExp(
          `\\| \\[\`${schema}\\.schema\\.json\`\\]\\(${schema}\\.schema\\.json\\) +\\| \\[\`${skill}\`\\]`,
        ),
      );
    }
  });

  for (const { skill, schema } of catalogue) {
    describe(`${schema} (${skill})`, () => {
      const text = readFileSync(join(schemasDir, `${schema}.schema.json`), "utf8");

      it("has no problem at any severity", () => {
        expect(checkSchemaText(text)).toEqual([]);
      });

      it("is draft 2020-12 with a title and a description on every property", () => {
        const parsed = JSON.parse(text);
        expect(parsed.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
        expect(typeof parsed.title).toBe("string");
        expect(typeof parsed.description).toBe("string");
      });

      it("accepts the skill's example report", () => {
        const validate = ajv.compile(load(schema) as object);
        expect(validate(example(skill)), JSON.stringify(validate.errors)).toBe(true);
      });

      it("rejects broken copies of it", () => {
        const validate = ajv.compile(load(schema) as object);
        const report = example(skill);
        const broken: Json[] = [
          { ...report, status: "fine" },
          { ...report, checked_at: "yesterday" },
          { ...report, summary: "" },
          { ...report, unexpected: true },
          setAt(report, ["findings", 0, "severity"], "severe"),
          setAt(report, ["summary"], undefined),
        ];
        for (const copy of broken)
          expect(validate(copy), JSON.stringify(copy).slice(0, 200)).toBe(false);
      });

      it("agrees with scripts/validate-report.sh on every field-level break", async () => {
        expect(jq.status, "jq must be on PATH: the validate-report.sh scripts run it").toBe(0);
        const validate = ajv.compile(load(schema) as object);
        const report = example(skill);
        const cases: { name: string; report: Json }[] = [{ name: "example", report }];
        for (const path of leaves(report)) {
          if (path.length === 0) continue;
          const value = path.reduce<Json>(
            (node, key) => (node as Record<string | number, Json>)[key],
            report,
          );
          const wrong =
            value !== null && typeof value === "object" && !Array.isArray(value)
              ? "x"
              : { wrong: true };
          cases.push({
            name: `${path.join(".")} wrong type`,
            report: setAt(report, path, wrong),
          });
          if (typeof path[path.length - 1] === "string") {
            cases.push({
              name: `${path.join(".")} missing`,
              report: setAt(report, path, undefined),
            });
          }
          if (typeof value === "string") {
            cases.push({ name: `${path.join(".")} empty`, report: setAt(report, path, "") });
            cases.push({
              name: `${path.join(".")} other`,
              report: setAt(report, path, "zz-not-a-value"),
            });
          }
        }
        cases.push({ name: "extra field", report: { ...report, extra: 1 } });
        const verdicts = await Promise.all(
          cases.map(async (c) => ({
            name: c.name,
            schema: validate(c.report),
            script: await scriptAccepts(skill, c.report),
          })),
        );
        const disagreements = verdicts.filter((v) => v.schema !== v.script);
        expect(disagreements).toEqual([]);
        expect(verdicts.filter((v) => !v.schema).length).toBeGreaterThan(cases.length / 2);
      }, 60_000);
    });
  }
});
