/**
 * `schema check` and `types` read a schema by one dialect rule: a schema without `$schema` is
 * draft 2020-12 for both, so one that `schema check` passes is one `types` can generate from.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkSchemaText } from "../src/check.js";
import { generateTypes } from "../src/codegen/index.js";
import { dialectOf } from "../src/dialect.js";
import { cleanUp, project } from "./codegen/helpers.js";

afterAll(cleanUp);

const tuple = join(
  dirname(fileURLToPath(import.meta.url)),
  "fixtures",
  "dialect",
  "tuple-report.schema.json",
);

describe("one dialect rule", () => {
  it("reads a schema without $schema as draft 2020-12, and a declared one as it says", () => {
    expect(dialectOf({}).dialect).toBe("2020-12");
    expect(dialectOf({ $schema: "http://json-schema.org/draft-07/schema#" }).dialect).toBe(
      "draft-07",
    );
    expect(dialectOf({ $schema: "https://json-schema.org/draft/2019-09/schema" })).toEqual({
      dialect: "2019-09",
      declared: "https://json-schema.org/draft/2019-09/schema",
      recognized: true,
    });
    expect(dialectOf({ $schema: "http://json-schema.org/draft-04/schema#" }).recognized).toBe(
      false,
    );
  });

  it("a prefixItems schema without $schema passes schema check and generates types", async () => {
    const text = readFileSync(tuple, "utf8");
    const jsonSchemaProblems = checkSchemaText(text).filter((p) => p.code === "schema/json-schema");
    expect(jsonSchemaProblems).toEqual([]);
    const p = project([tuple]);
    const result = await generateTypes({ cwd: p.dir });
    expect(result.written).toEqual(
      expect.arrayContaining(["tuple-report.d.ts", "tuple-report.validate.js"]),
    );
  });
});
