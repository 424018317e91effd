/**
 * What the real Codex did with `--output-schema`, as `node conformance/record.mjs schema`
 * recorded it in verdicts.json (no Codex needed here): every request of the turn carried the
 * catalogue schema unchanged as `text.format` with `strict: true` and the name
 * `codex_output_schema`; the schema file problems end the run the way our docs say, and
 * `schema/unreadable-file` reports each of them in Codex's words; a schema may have any name,
 * and a relative path is taken from the directory Codex starts in, not from `-C`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { lint } from "../../packages/lint/src/engine/lint.js";
import { checkSchemaText } from "../../packages/schema/src/check.js";
import { STRICT_MODE_LIMITS } from "../../packages/schema/src/limits.js";
import { schemaLintPlugin } from "../../packages/schema/src/lint-plugin.js";
import { outputSchemaArguments } from "../../packages/schema/src/mentions/scan.js";
import { listCases } from "../lib/corpus.js";
import {
  finalMessageOf,
  type SchemaCaseGroup,
  type SchemaCaseManifest,
  type SchemaVerdict,
} from "./record.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const verdicts = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  recorder: string;
  cases: Record<string, SchemaVerdict>;
};
const cases = listCases<SchemaCaseManifest>(join(here, "cases"));
const manifests = new Map(cases.map((c) => [c.id, c.manifest]));
/** The recorded cases of a group, by id. */
function group(name: SchemaCaseGroup): Record<string, SchemaVerdict> {
  return Object.fromEntries(Object.entries(verdicts.cases).filter(([, v]) => v.group === name));
}
/** The file a case's `--output-schema` names. */
function schemaArgument(args: readonly string[]): string {
  const equals = args.find((arg) => arg.startsWith("--output-schema="));
  if (equals !== undefined) return equals.slice("--output-schema=".length);
  return args[args.indexOf("--output-schema") + 1] as string;
}
const fileProblems = group("file-problem");
const argumentCases = group("argument");
const schemaFiles = readdirSync(join(repo, "schemas"))
  .filter((file) => file.endsWith(".schema.json"))
  .sort();
const docs = {
  invalidJson: readFileSync(join(repo, "docs", "rules", "schema", "invalid-json.md"), "utf8"),
  unreadableFile: readFileSync(join(repo, "docs", "rules", "schema", "unreadable-file.md"), "utf8"),
  readme: readFileSync(join(repo, "docs", "schema.md"), "utf8"),
};

describe("recorded --output-schema verdicts", () => {
  it("were recorded with the pinned Codex, one verdict per case", () => {
    expect(verdicts.codexVersion).toBe(CODEX_VERSION);
    expect(STRICT_MODE_LIMITS.codexVersion).toBe(CODEX_VERSION);
    expect(Object.keys(verdicts.cases)).toEqual(cases.map((c) => c.id));
    for (const [id, verdict] of Object.entries(verdicts.cases)) {
      expect(verdict.group, id).toBe(manifests.get(id)?.group);
      expect(verdict.args, id).toEqual(manifests.get(id)?.args);
    }
  });

  it("cover every catalogue schema and nothing else (add a case with a schema)", () => {
    const catalogue = cases.filter((c) => c.manifest.group === "catalogue");
    expect(catalogue.map((c) => schemaArgument(c.manifest.args)).sort()).toEqual(schemaFiles);
    for (const { id, manifest } of catalogue) {
      expect(id).toBe(`catalogue-${schemaArgument(manifest.args).replace(/\.schema\.json$/, "")}`);
      expect(manifest.generate).toEqual([
        {
          kind: "copy",
          from: `schemas/${schemaArgument(manifest.args)}`,
          path: schemaArgument(manifest.args),
        },
      ]);
    }
  });

  for (const file of schemaFiles) {
    const name = file.slice(0, -".schema.json".length);
    describe(name, () => {
      const text = readFileSync(join(repo, "schemas", file), "utf8");
      const verdict = verdicts.cases[`catalogue-${name}`] as SchemaVerdict;
      const manifest = manifests.get(`catalogue-${name}`) as SchemaCaseManifest;

      it("ran to the end, over more than one request", () => {
        expect(verdict.exitCode).toBe(0);
        expect(verdict.requestCount).toBeGreaterThanOrEqual(2);
        expect(verdict.textFormats).toHaveLength(verdict.requestCount);
        // Codex passes the final message (the catalogue's example report) through without
        // checking it.
        expect(manifest.finalReport).toMatch(/^skills\/[^/]+\/tests\/example-report\.json$/);
        expect(verdict.finalMessages).toEqual([finalMessageOf(manifest)]);
      });

      it("sent the file's schema unchanged, strict, as codex_output_schema, on every request", () => {
        for (const format of verdict.textFormats as Record<string, unknown>[]) {
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
  const problems = Object.entries(fileProblems);

  it("cover a missing file, a directory, files that are not JSON, a FIFO and a device", () => {
    expect(problems.map(([name]) => name).sort()).toEqual([
      "byte-order-mark",
      "comment",
      "dev-null",
      "directory",
      "empty",
      "fifo",
      "invalid-json",
      "missing-file",
      "not-a-directory",
      "trailing-comma",
    ]);
  });

  for (const [name, verdict] of problems) {
    it(`${name}: the run ends or never starts, nothing sent, Codex's words in our docs`, () => {
      expect(verdict.requestCount).toBe(0);
      expect(verdict.finalMessages).toEqual([]);
      const line = verdict.stderr;
      if (name === "fifo") {
        // Codex waits for a writer: no request, no message, killed by the recorder.
        expect(verdict.exitCode).toBeNull();
        expect(verdict.killedAfterMs).toBeGreaterThan(0);
        expect(line).toBe("");
        expect(docs.unreadableFile).toContain("waits for a writer");
        return;
      }
      expect(verdict.exitCode).toBe(1);
      expect(line.split("\n")).toHaveLength(1);
      if (name === "missing-file" || name === "directory" || name === "not-a-directory") {
        expect(line).toMatch(/^Failed to read output schema file \S+: .+ \(os error \d+\)$/);
        expect(docs.readme).toContain(line);
        expect(docs.unreadableFile).toContain(line);
      } else {
        expect(line).toMatch(
          /^Output schema file \S+ is not valid JSON: .+ at line \d+ column \d+$/,
        );
        expect(name === "dev-null" ? docs.unreadableFile : docs.invalidJson).toContain(line);
      }
    });
  }

  it("are what schema/unreadable-file reports where a skill names them, in Codex's words", async () => {
    const project = mkdtempSync(join(tmpdir(), "ops-skill-schema-conformance-"));
    try {
      mkdirSync(join(project, ".git"));
      const skill = join(project, ".agents", "skills", "report");
      mkdirSync(skill, { recursive: true });
      // The same files the recorder made, each named by one line of the skill's code block.
      const made: Record<string, () => void> = {
        directory: () => mkdirSync(join(project, "a-directory")),
        fifo: () => execFileSync("mkfifo", [join(project, "pipe.json")]),
        "not-a-directory": () => writeFileSync(join(project, "a-file"), "x\n"),
        "invalid-json": () => writeFileSync(join(project, "not-json.schema.json"), "not json\n"),
        empty: () => writeFileSync(join(project, "empty.schema.json"), ""),
      };
      const named = ["missing-file", "dev-null", ...Object.keys(made)];
      for (const name of Object.keys(made)) made[name]?.();
      const lines = named.map(
        (name) =>
          `codex exec --output-schema ${schemaArgument(fileProblems[name]?.args ?? [])} "Write the report"`,
      );
      writeFileSync(
        join(skill, "SKILL.md"),
        `---\nname: report\ndescription: Use when a report is due; writes it with codex exec.\n---\n\n\`\`\`bash\n${lines.join("\n")}\n\`\`\`\n`,
      );
      const result = await lint({
        cwd: project,
        config: { config: { rules: {}, ignores: [] }, filepath: undefined, baseDir: project },
        rules: [],
        plugins: [schemaLintPlugin],
      });
      const found = result.results
        .find((r) => r.filePath === join(skill, "SKILL.md"))
        ?.diagnostics.filter((d) => d.ruleId === "schema/unreadable-file");
      expect(found?.map((d) => d.line)).toEqual(named.map((_, index) => 7 + index));
      named.forEach((name, index) => {
        const verdict = fileProblems[name] as SchemaVerdict;
        const message = found?.[index]?.message ?? "";
        expect(found?.[index]?.severity, name).toBe("error");
        if (name === "fifo") expect(message).toContain("waits for a writer");
        else if (name === "invalid-json" || name === "empty")
          expect(message).toContain(`"${verdict.stderr.replace(/: .*$/, ": ...")}"`);
        else expect(message, name).toContain(`"${verdict.stderr}"`);
      });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
  it("are the files schema/invalid-json reports", () => {
    const texts: Record<string, string> = {
      "invalid-json": "not json\n",
      "trailing-comma": '{"type": "object",}\n',
      comment: '{\n  // the report\n  "type": "object"\n}\n',
      empty: "",
      "byte-order-mark": '\uFEFF{"type": "object"}\n',
    };
    for (const [name, text] of Object.entries(texts)) {
      expect(fileProblems[name]).toBeDefined();
      const manifest = manifests.get(name) as SchemaCaseManifest;
      const file = join(here, "cases", name, "project", schemaArgument(manifest.args));
      expect(readFileSync(file, "utf8"), name).toBe(text);
      expect(
        checkSchemaText(text).map((p) => p.code),
        name,
      ).toEqual(["schema/invalid-json"]);
    }
  });
});

describe("recorded --output-schema arguments", () => {
  const cases = argumentCases;
  /** Every request carried the schema of the file the argument names, read from the project root. */
  const schemaSentUnchanged = (name: string): boolean => {
    const verdict = cases[name] as SchemaVerdict;
    const file = join(here, "cases", name, "project", schemaArgument(verdict.args));
    const expected = JSON.stringify(JSON.parse(readFileSync(file, "utf8")));
    return (
      verdict.requestCount > 0 &&
      (verdict.textFormats as { schema?: unknown }[]).every(
        (format) => JSON.stringify(format?.schema) === expected,
      )
    );
  };

  it("take a schema of any name, and the --output-schema=FILE form", () => {
    for (const name of ["any-name", "equals-form"]) {
      const verdict = cases[name] as SchemaVerdict;
      expect(verdict.exitCode).toBe(0);
      expect(schemaSentUnchanged(name)).toBe(true);
      const file = (verdict.args.at(-1) as string).replace(/^--output-schema=/, "");
      expect(outputSchemaArguments(`codex exec ${verdict.args.join(" ")} "x"`)[0]?.value).toBe(
        file,
      );
    }
    expect(cases["any-name"]?.args[1]).not.toMatch(/\.json$/);
  });

  it("take a relative path from the directory Codex starts in, not from -C", () => {
    expect(cases["relative-to-cwd-with-cd-flag"]?.exitCode).toBe(0);
    expect(schemaSentUnchanged("relative-to-cwd-with-cd-flag")).toBe(true);
    expect(cases["not-relative-to-cd-flag"]).toMatchObject({ exitCode: 1, requestCount: 0 });
    expect(cases["not-relative-to-cd-flag"]?.stderr).toBe(
      "Failed to read output schema file s.json: No such file or directory (os error 2)",
    );
    expect(docs.unreadableFile).toContain("not from `-C`");
  });
});
