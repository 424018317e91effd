import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { generateTypes, TypesGenerationError } from "../../src/codegen/index.js";
import { compileDeclarations } from "../../src/codegen/typescript.js";
import { BAD, cleanUp, files, goodFixtures, mtimes, project } from "./helpers.js";

afterAll(cleanUp);
afterEach(() => {
  vi.unstubAllGlobals();
});

/** The problems generateTypes throws for a project with these schemas; asserts nothing was written. */
async function problemsOf(schemas: Record<string, string> | string[], options = {}) {
  const p = project(schemas);
  const error = await generateTypes({ cwd: p.dir, ...options }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TypesGenerationError);
  expect(existsSync(p.outDir)).toBe(false);
  return (error as TypesGenerationError).problems;
}

const bad = (name: string) => join(BAD, name);
const schemaFile = (name: string) => join("schemas", name);

describe("bad schemas", () => {
  it("invalid JSON: names the file, line and column", async () => {
    const text =
      '{\n  "type": "object",\n  "properties": {\n    "a": { "type": "string" },\n  }\n}\n';
    expect(await problemsOf({ "broken.schema.json": text })).toEqual([
      {
        file: schemaFile("broken.schema.json"),
        line: 5,
        column: 3,
        message: "not valid JSON: Trailing commas are not allowed in JSON",
      },
    ]);
  });

  it("a $ref to a definition that does not exist", async () => {
    expect(await problemsOf([bad("missing-ref.schema.json")])).toEqual([
      {
        file: schemaFile("missing-ref.schema.json"),
        line: 5,
        column: 25,
        message: '"$ref": "#/$defs/volume" points to a definition that does not exist',
      },
    ]);
  });

  it("a remote $ref, which is never fetched", async () => {
    const fetch = vi.fn(() => Promise.reject(new Error("no network in tests")));
    vi.stubGlobal("fetch", fetch);
    expect(await problemsOf([bad("remote-ref.schema.json")])).toEqual([
      {
        file: schemaFile("remote-ref.schema.json"),
        line: 5,
        column: 23,
        message:
          '"$ref": "https://schemas.example.com/common.schema.json#/$defs/host" is a remote reference, which is never fetched: copy the definition under "$defs" and use "#/$defs/..."',
      },
    ]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("json-schema-to-typescript itself resolves no remote or file $ref", async () => {
    const fetch = vi.fn(() => Promise.reject(new Error("no network in tests")));
    vi.stubGlobal("fetch", fetch);
    const schema = JSON.parse(readFileSync(bad("remote-ref.schema.json"), "utf8"));
    const outcome = await compileDeclarations(schema, "RemoteRef", BAD).catch((e: Error) => e);
    expect(fetch).not.toHaveBeenCalled();
    // Left unresolved, the reference cannot become a type.
    expect(outcome).toBeInstanceOf(Error);
    // A relative file reference is not read either, even when the file exists.
    const p = project({
      "common.schema.json": '{ "definitions": { "host": { "type": "string" } } }',
    });
    const file = JSON.parse(readFileSync(bad("file-ref.schema.json"), "utf8"));
    const types = await compileDeclarations(file, "FileRef", p.schemasDir).catch((e: Error) => e);
    expect(types).toBeInstanceOf(Error);
  });

  it("a $ref into another file", async () => {
    const problems = await problemsOf([bad("file-ref.schema.json")]);
    expect(problems).toEqual([
      {
        file: schemaFile("file-ref.schema.json"),
        line: 4,
        column: 23,
        message:
          '"$ref": "common.schema.json#/definitions/host" points into another file, which is not supported: copy the definition under "$defs" and use "#/$defs/..."',
      },
    ]);
  });

  it("a schema its dialect's meta-schema rejects", async () => {
    expect(await problemsOf([bad("bad-type.schema.json")])).toEqual([
      {
        file: schemaFile("bad-type.schema.json"),
        line: 5,
        column: 25,
        message: expect.stringMatching(
          /^the schema is not a valid 2020-12 JSON Schema: \/properties\/status\/type must be/,
        ),
      },
    ]);
  });

  it("an unknown format (ajv)", async () => {
    expect(await problemsOf([bad("unknown-format.schema.json")])).toEqual([
      {
        file: schemaFile("unknown-format.schema.json"),
        line: 5,
        column: 48,
        message:
          'ajv rejected the schema: unknown format "date-tme" ignored in schema at path "#/properties/checkedAt"',
      },
    ]);
  });

  it("an unknown keyword (ajv's strict mode)", async () => {
    expect(await problemsOf([bad("unknown-keyword.schema.json")])).toEqual([
      {
        file: schemaFile("unknown-keyword.schema.json"),
        line: 5,
        column: 51,
        message: 'ajv rejected the schema: strict mode: unknown keyword: "minimun"',
      },
    ]);
  });

  it("what json-schema-to-typescript rejects", async () => {
    const [problem] = await problemsOf([bad("items-bounds.schema.json")]);
    expect(problem).toEqual({
      file: schemaFile("items-bounds.schema.json"),
      message: expect.stringContaining(
        'json-schema-to-typescript rejected the schema: Error at key "volumes"',
      ),
    });
    expect(problem?.message).toContain(
      "When both maxItems and minItems are present, maxItems >= minItems",
    );
  });

  it("an unsupported $schema", async () => {
    expect(await problemsOf([bad("old-draft.schema.json")])).toEqual([
      {
        file: schemaFile("old-draft.schema.json"),
        line: 2,
        column: 14,
        message:
          '"$schema": "http://json-schema.org/draft-04/schema#" is not supported: use "https://json-schema.org/draft/2020-12/schema" or "http://json-schema.org/draft-07/schema#"',
      },
    ]);
  });

  it("a schema that is not an object", async () => {
    expect(await problemsOf({ "list.schema.json": "[]\n" })).toEqual([
      {
        file: schemaFile("list.schema.json"),
        line: 1,
        column: 1,
        message: "the schema must be a JSON object (a report is an object)",
      },
    ]);
  });

  it("tsEnumNames, which would need runtime enums", async () => {
    const schema = {
      type: "object",
      properties: { s: { enum: ["a", "b"], tsEnumNames: ["A", "B"] } },
    };
    const [problem] = await problemsOf({ "enums.schema.json": JSON.stringify(schema) });
    expect(problem?.message).toContain('remove "tsEnumNames"');
  });

  it("a definition titled like the report type is renamed, not the report type", async () => {
    const schema = {
      type: "object",
      properties: { inner: { $ref: "#/$defs/inner" } },
      $defs: { inner: { title: "Clash", type: "object" } },
    };
    const p = project({ "clash.schema.json": JSON.stringify(schema) });
    await generateTypes({ cwd: p.dir });
    const types = readFileSync(join(p.outDir, "clash.d.ts"), "utf8");
    expect(types).toContain("export interface Clash {\n  inner?: Clash1\n");
    expect(types).toContain("export declare function parseClash(text: string): Clash;");
  });

  it("a file name that cannot name a type, and two files with the same name", async () => {
    const schema = '{ "type": "object" }\n';
    const problems = await problemsOf(
      { "2fa-report.schema.json": schema, "uptime.schema.json": schema, "uptime.json": schema },
      {
        schemas: ["2fa-report.schema.json", "uptime.json", "uptime.schema.json"].map(schemaFile),
      },
    );
    expect(problems).toEqual([
      {
        file: schemaFile("2fa-report.schema.json"),
        message: expect.stringContaining(
          'the name "2fa-report" (from the file name) must start with a letter',
        ),
      },
      {
        file: schemaFile("uptime.schema.json"),
        message: `gives the same output names ("uptime.js", ...) as ${schemaFile("uptime.json")}`,
      },
    ]);
  });

  it("a schema file that does not exist", async () => {
    const p = project();
    const error = (await generateTypes({ cwd: p.dir, schemas: ["schemas/nope.schema.json"] }).catch(
      (e: unknown) => e,
    )) as TypesGenerationError;
    expect(error.problems).toEqual([
      {
        file: schemaFile("nope.schema.json"),
        message: "cannot read the schema: no such file or directory",
      },
    ]);
  });
});

describe("a run with a bad schema", () => {
  it("reports every bad schema at once, with file:line:column in the message", async () => {
    const error = (await generateTypes({
      cwd: project([
        ...goodFixtures(),
        bad("missing-ref.schema.json"),
        bad("old-draft.schema.json"),
      ]).dir,
    }).catch((e: unknown) => e)) as TypesGenerationError;
    expect(error.message).toBe(
      [
        "2 problems:",
        `  ${schemaFile("missing-ref.schema.json")}:5:25: "$ref": "#/$defs/volume" points to a definition that does not exist`,
        `  ${schemaFile("old-draft.schema.json")}:2:14: "$schema": "http://json-schema.org/draft-04/schema#" is not supported: use "https://json-schema.org/draft/2020-12/schema" or "http://json-schema.org/draft-07/schema#"`,
      ].join("\n"),
    );
  });

  it("writes nothing, not even the files of the good schemas, and leaves no temporary file", async () => {
    const p = project(goodFixtures());
    await generateTypes({ cwd: p.dir });
    const before = files(p.outDir);
    const times = mtimes(p.outDir);
    // A good schema changes and a bad one arrives: neither the change nor anything else lands.
    const cert = join(p.schemasDir, "cert-expiry-report.schema.json");
    writeFileSync(
      cert,
      readFileSync(cert, "utf8").replace('"notes"', '"remarks"').replace('"notes"', '"remarks"'),
    );
    writeFileSync(
      join(p.schemasDir, "zz-broken.schema.json"),
      readFileSync(bad("missing-ref.schema.json")),
    );
    await expect(generateTypes({ cwd: p.dir })).rejects.toBeInstanceOf(TypesGenerationError);
    expect(files(p.outDir)).toEqual(before);
    expect(mtimes(p.outDir)).toEqual(times);
    expect(readdirSync(p.outDir).filter((n) => n.endsWith(".ops-skill-tmp"))).toEqual([]);
  });

  it("in check mode throws the same error", async () => {
    const p = project([bad("missing-ref.schema.json")]);
    await expect(generateTypes({ cwd: p.dir, check: true })).rejects.toBeInstanceOf(
      TypesGenerationError,
    );
  });
});
