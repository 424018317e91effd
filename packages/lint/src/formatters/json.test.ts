import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../../test/fixtures/formatters/golden.js";
import { CWD, nastyResult } from "../../test/fixtures/formatters/lint-result.js";
import { errorsOnly } from "../cli/output.js";
import { formatters } from "./index.js";
import { eslintResults, json } from "./json.js";

const FORMATS_DOC = join(FIXTURES_DIR, "..", "..", "..", "..", "..", "docs", "formats.md");
const context = { cwd: CWD, color: false };

/**
 * The field names of the tables in docs/formats.md's `json` section: files, messages, then
 * what a suppressed message has more.
 */
function documentedFields(): [string[], string[], string[]] {
  const text = readFileSync(FORMATS_DOC, "utf8");
  const section = text.split("\n## `json`\n")[1]?.split("\n## ")[0] ?? "";
  const tables = section
    .split(/\n\n/)
    .filter((block) => block.startsWith("| Field |"))
    .map((table) => [...table.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1] as string));
  return [tables[0] ?? [], tables[1] ?? [], tables[2] ?? []];
}

/** A result where every optional field shows: a fix, an internal error, a file `--fix` changed. */
function everyField() {
  const result = nastyResult();
  const withFindings = result.results.find((f) => f.diagnostics.length > 0);
  if (withFindings === undefined) throw new Error("the fixture needs a file with findings");
  const source = "---\nname: x\n---\n";
  // A file with findings and its text, once as `--fix` changed it and once not.
  // A finding an inline directive silenced.
  const [first] = withFindings.diagnostics;
  if (first === undefined) throw new Error("the fixture needs a finding");
  const suppressed = [
    { ...first, suppressions: [{ kind: "directive" as const, justification: "approved" }] },
  ];
  result.results.push(
    { ...withFindings, filePath: `${withFindings.filePath}.read`, source, fixed: false },
    { ...withFindings, filePath: `${withFindings.filePath}.fixed`, source, fixed: true },
    { ...withFindings, filePath: `${withFindings.filePath}.silenced`, suppressed },
  );
  return result;
}

describe("json formatter", () => {
  it("is registered", () => {
    expect(formatters.json).toBe(json);
  });

  it("has exactly the fields docs/formats.md documents, in ESLint's shape", () => {
    const [fileFields, messageFields, suppressedFields] = documentedFields();
    expect(fileFields.length).toBeGreaterThan(5);
    const files = JSON.parse(json(everyField(), context)) as Record<string, unknown>[];
    const seenFile = new Set(files.flatMap((f) => Object.keys(f)));
    const keysOf = (field: string) =>
      new Set(files.flatMap((f) => (f[field] as Record<string, unknown>[]).flatMap(Object.keys)));
    expect([...seenFile].sort()).toEqual([...fileFields].sort());
    expect([...keysOf("messages")].sort()).toEqual([...messageFields].sort());
    // A suppressed message: the message fields it has, and `suppressions`.
    const suppressed = [...keysOf("suppressedMessages")];
    expect(suppressedFields).toEqual(["suppressions"]);
    expect(suppressed.filter((k) => !messageFields.includes(k))).toEqual(suppressedFields);
    const [silenced] = files.flatMap((f) => f.suppressedMessages as unknown[]);
    expect(silenced).toMatchObject({
      suppressions: [{ kind: "directive", justification: "approved" }],
    });
  });

  it("gives ESLint's fix, fatal and counts", () => {
    const files = eslintResults(nastyResult());
    const messages = files.flatMap((f) => f.messages);
    const fixed = messages.find((m) => "fix" in m);
    expect(fixed).toMatchObject({ fix: { range: [4, 4], text: "name: drift-check\n" } });
    const fatal = messages.filter((m) => "fatal" in m);
    expect(fatal.map((m) => m.ruleId)).toEqual(["internal/crash"]);
    expect(files.reduce((n, f) => n + f.fatalErrorCount, 0)).toBe(1);
    for (const file of files) {
      expect(file.filePath.startsWith("/")).toBe(true);
      expect(file.suppressedMessages).toEqual([]);
      expect(file.usedDeprecatedRules).toEqual([]);
      expect(file.errorCount + file.warningCount).toBe(file.messages.length);
      expect("source" in file).toBe(file.messages.length > 0 && file.source !== undefined);
    }
  });

  it("merges a fix of several edits into one, as ESLint does", () => {
    const result = nastyResult();
    const file = result.results.find((f) => f.source !== undefined);
    if (!file || file.source === undefined) throw new Error("fixture has no source");
    file.source = "abcdef";
    file.diagnostics = [
      {
        ...(file.diagnostics[0] as (typeof file.diagnostics)[number]),
        fix: {
          description: "two edits",
          edits: [
            { range: [4, 5], text: "E" },
            { range: [1, 2], text: "BB" },
          ],
        },
      },
    ];
    const [message] = eslintResults({ ...result, results: [file] })[0]?.messages ?? [];
    expect(message?.fix).toEqual({ range: [1, 5], text: "BBcdE" });
  });

  it("with --quiet lists errors only, every file still there", () => {
    const full = eslintResults(nastyResult());
    const quiet = eslintResults(errorsOnly(nastyResult()));
    expect(quiet.map((f) => f.filePath)).toEqual(full.map((f) => f.filePath));
    expect(quiet.flatMap((f) => f.messages.map((m) => m.severity))).toEqual(
      full.flatMap((f) => f.messages.filter((m) => m.severity === 2).map((m) => m.severity)),
    );
    expect(quiet.every((f) => f.warningCount === 0 && f.fixableWarningCount === 0)).toBe(true);
  });
});
