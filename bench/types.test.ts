import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateTypes } from "../packages/schema/src/codegen/index.js";
import {
  generateSchema,
  generateSchemas,
  MAX_PROPERTIES,
  MIN_PROPERTIES,
} from "./generate-schemas.mjs";

const temp = mkdtempSync(join(tmpdir(), "ops-skill-schemas-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every object schema under `node` (properties and definitions included), with its path. */
function objects(node: Json, path = "#", out: [string, Record<string, Json>][] = []) {
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) objects(n, `${path}/${i}`, out);
  } else if (node && typeof node === "object") {
    if (node.type === "object" || (Array.isArray(node.type) && node.type.includes("object")))
      out.push([path, node]);
    for (const [k, v] of Object.entries(node))
      if (k !== "enum" && k !== "const") objects(v, `${path}/${k}`, out);
  }
  return out;
}

const countProperties = (schema: Json) =>
  objects(schema).reduce(
    (n, [, o]) => n + Object.keys((o.properties ?? {}) as Record<string, Json>).length,
    0,
  );

describe("generate-schemas", () => {
  const dirA = join(temp, "a");
  const dirB = join(temp, "b");
  const generated = generateSchemas({ count: 50, dir: dirA, seed: "test-seed" });
  generateSchemas({ count: 50, dir: dirB, seed: "test-seed" });
  const read = (dir: string) =>
    readdirSync(dir)
      .sort()
      .map((n) => [n, readFileSync(join(dir, n), "utf8")]);

  it("is deterministic, and schema i does not depend on the count or on other seeds", () => {
    expect(read(dirB)).toEqual(read(dirA));
    expect(generateSchema("test-seed", 7)).toEqual(generateSchema("test-seed", 7));
    const few = join(temp, "few");
    generateSchemas({ count: 5, dir: few, seed: "test-seed" });
    expect(read(few)).toHaveLength(5);
    for (const [name, text] of read(few))
      expect(readFileSync(join(dirA, name as string), "utf8")).toBe(text);
    expect(JSON.stringify(generateSchema("other-seed", 7).schema)).not.toBe(
      JSON.stringify(generateSchema("test-seed", 7).schema),
    );
  });

  it(`has ${MIN_PROPERTIES}-${MAX_PROPERTIES} properties a schema, as it says`, () => {
    expect(generated).toHaveLength(50);
    for (const g of generated) {
      const schema = JSON.parse(readFileSync(g.file, "utf8"));
      expect(countProperties(schema), g.name).toBe(g.propertyCount);
      expect(g.propertyCount, g.name).toBeGreaterThanOrEqual(MIN_PROPERTIES);
      expect(g.propertyCount, g.name).toBeLessThanOrEqual(MAX_PROPERTIES);
    }
    const counts = generated.map((g) => g.propertyCount);
    expect(Math.max(...counts) - Math.min(...counts)).toBeGreaterThan(100);
  });

  it("makes realistic report schemas: closed objects, nesting, enums, nullables, $defs and $refs", () => {
    const texts = generated.map((g) => readFileSync(g.file, "utf8"));
    expect(generated.filter((g) => g.draft === "2020-12").length).toBeGreaterThan(25);
    expect(generated.filter((g) => g.draft === "draft-07").length).toBeGreaterThan(10);
    for (const [i, text] of texts.entries()) {
      const schema = JSON.parse(text);
      for (const [path, o] of objects(schema)) {
        expect(o.additionalProperties, `${generated[i]?.name} ${path}`).toBe(false);
        expect(o.required, `${generated[i]?.name} ${path}`).toEqual(
          Object.keys(o.properties ?? {}),
        );
      }
      expect(text).toMatch(/"\$ref": "#\/(\$defs|definitions)\//);
      expect(text).toContain('"enum"');
      expect(text).toMatch(/"null"/);
      expect(text).toContain('"format": "date-time"');
    }
    const all = texts.join("\n");
    expect(all).toContain('"type": "array"');
    expect(all).toMatch(/"anyOf": \[/);
    expect(all).toContain('"$id"');
  });

  it("gives schemas the type generator accepts", async () => {
    const result = await generateTypes({
      cwd: temp,
      schemas: generated.map((g) => g.file),
      outDir: join(temp, "out"),
      check: true,
    });
    expect(result.missing).toHaveLength(50 * 4 + 4);
    expect(result.warnings).toEqual([]);
  }, 60_000);
});
