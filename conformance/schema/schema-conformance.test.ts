/**
 * What the real Codex did with `--output-schema`, as `node conformance/schema/record-schema.mjs`
 * recorded it in verdicts.json (no Codex needed here): every request of the turn carried the
 * catalogue schema unchanged as `text.format` with `strict: true` and the name
 * `codex_output_schema`, and the schema file problems end the run the way our docs say.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { checkSchemaText } from "../../packages/schema/src/check.js";
import { STRICT_MODE_LIMITS } from "../../packages/schema/src/limits.js";

interface SchemaVerdict {
  file: string;
  exitCode: number;
  requestCount: number;
  textFormats: Array<Record<string, unknown>>;
  finalMessageIsExample: boolean;
}

interface FileProblemVerdict {
  description: string;
  schemaArgument: string;
  exitCode: number;
  requestCount: number;
  stdout: string;
  stderr: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const verdicts = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  recorder: string;
  schemas: Record<string, SchemaVerdict>;
  fileProblems: Record<string, FileProblemVerdict>;
};
const schemaFiles = readdirSync(join(repo, "schemas"))
  .filter((file) => file.endsWith(".schema.json"))
  .sort();
const docs = {
  invalidJson: readFileSync(join(repo, "docs", "rules", "schema", "invalid-json.md"), "utf8"),
  readme: readFileSync(join(repo, "docs", "schema.md"), "utf8"),
};

describe("recorded --output-schema verdicts", () => {
  it("were recorded with the pinned Codex", () => {
    expect(verdicts.codexVersion).toBe(CODEX_VERSION);
    expect(STRICT_MODE_LIMITS.codexVersion).toBe(CODEX_VERSION);
  });

  it("cover every catalogue schema and nothing else (re-record after adding one)", () => {
    expect(Object.keys(verdicts.schemas).map((name) => `${name}.schema.json`)).toEqual(schemaFiles);
  });

  for (const file of schemaFiles) {
    const name = file.slice(0, -".schema.json".length);
    describe(name, () => {
      const text = readFileSync(join(repo, "schemas", file), "utf8");
      const verdict = verdicts.schemas[name] as SchemaVerdict;

      it("ran to the end, over more than one request", () => {
        expect(verdict.file).toBe(`schemas/${file}`);
        expect(verdict.exitCode).toBe(0);
        expect(verdict.requestCount).toBeGreaterThanOrEqual(2);
        expect(verdict.textFormats).toHaveLength(verdict.requestCount);
        // Codex passes the final message through without checking it.
        expect(verdict.finalMessageIsExample).toBe(true);
      });

      it("sent the file's schema unchanged, strict, as codex_output_schema, on every request", () => {
        for (const format of verdict.textFormats) {
          expect(Object.keys(format)).toEqual(["type", "strict", "schema", "name"]);
          expect(format.type).toBe("json_schema");
          expect(format.strict).toBe(true);
          expect(format.name).toBe(STRICT_MODE_LIMITS.formatName);
          expect(format.schema).toEqual(JSON.parse(text));
          // Even the key order: Codex keeps the file's order.
          expect(JSON.stringify(format.schema)).toBe(JSON.stringify(JSON.parse(text)));
        }
      });
    });
  }
});

describe("recorded schema file problems", () => {
  const cases = Object.entries(verdicts.fileProblems);

  it("cover a missing file, a directory and files that are not JSON", () => {
    expect(cases.map(([name]) => name).sort()).toEqual([
      "byte-order-mark",
      "comment",
      "directory",
      "empty",
      "invalid-json",
      "missing-file",
      "trailing-comma",
    ]);
  });

  for (const [name, verdict] of cases) {
    it(`${name}: exit 1, nothing sent, Codex's words in our docs`, () => {
      expect(verdict.exitCode).toBe(1);
      expect(verdict.requestCount).toBe(0);
      expect(verdict.stdout).toBe("");
      const line = verdict.stderr;
      expect(line.split("\n")).toHaveLength(1);
      if (name === "missing-file" || name === "directory") {
        expect(line).toMatch(/^Failed to read output schema file \S+: .+ \(os error \d+\)$/);
        expect(docs.readme).toContain(line);
      } else {
        expect(line).toMatch(
          /^Output schema file \S+ is not valid JSON: .+ at line \d+ column \d+$/,
        );
        expect(docs.invalidJson).toContain(line);
      }
    });
  }

  it("are the files schema/invalid-json reports", () => {
    const texts: Record<string, string> = {
      "invalid-json": "not json\n",
      "trailing-comma": '{"type": "object",}\n',
      comment: '{\n  // the report\n  "type": "object"\n}\n',
      empty: "",
      "byte-order-mark": '\uFEFF{"type": "object"}\n',
    };
    for (const [name, text] of Object.entries(texts)) {
      expect(verdicts.fileProblems[name]).toBeDefined();
      expect(
        checkSchemaText(text).map((p) => p.code),
        name,
      ).toEqual(["schema/invalid-json"]);
    }
  });
});
