/**
 * A file kind added through the public API alone (a plugin's `fileKinds` and `defineFileRule`):
 * the engine finds its files, parses each once, runs its rules, guards them, and `--fix`
 * applies their fixes as it does a skill's, with no change to the engine.
 */
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchProjects } from "../../../test/support/project.js";
import {
  defineFileRule,
  type FileKind,
  type LintPlugin,
  lint,
  loadedConfig,
} from "../src/index.js";

const { project } = scratchProjects("ops-skill-kinds-");

/** Cassettes: `*.cassette` files in a `cassettes/` folder, one recorded call a line. */
function cassettePlugin(): { plugin: LintPlugin; parses: string[] } {
  const parses: string[] = [];
  const kind: FileKind<string[]> = {
    id: "cassette",
    matches: (path) => path.endsWith(".cassette"),
    discover: ({ dirs }) =>
      dirs.map((dir) => ({ path: join(dir, "cassettes", "a.cassette"), why: "in cassettes/" })),
    parse: ({ path, text }) => {
      parses.push(path);
      return text.split("\n");
    },
  };
  const pending = defineFileRule<string[]>(
    {
      id: "quality/cassette-pending",
      description: "A call still pending.",
      fixable: true,
      defaultSeverity: "warning",
    },
    "cassette",
    ({ parsed, report, cache }) => {
      // The run-level cache: the same array for every file and every fix pass of the run.
      const seen = cache("quality/cassette-pending:files", () => [] as string[]);
      seen.push(String(parsed.length));
      let offset = 0;
      parsed.forEach((line, i) => {
        const at = line.indexOf("PENDING");
        if (at >= 0)
          report({
            message: `pending call (${seen.length} texts seen)`,
            line: i + 1,
            column: at + 1,
            fix: {
              description: "Mark it done",
              edits: [{ range: [offset + at, offset + at + 7], text: "DONE" }],
            },
          });
        offset += line.length + 1;
      });
    },
  );
  const crash = defineFileRule<string[]>(
    {
      id: "quality/cassette-crash",
      description: "Throws on a line BOOM.",
      defaultSeverity: "error",
    },
    "cassette",
    ({ parsed }) => {
      if (parsed.includes("BOOM")) throw new Error("boom");
    },
  );
  return { plugin: { rules: [pending, crash], fileKinds: [kind] }, parses };
}

describe("a file kind added through the public API", () => {
  it("finds its files, parses each once and reports its rules' findings", async () => {
    const root = project({
      "cassettes/a.cassette": "GET /a\nPENDING /b\n",
      "b.cassette": "PENDING /c\n",
      "given.cassette": "BOOM\n",
    });
    const { plugin, parses } = cassettePlugin();
    const result = await lint({
      paths: [".", "b.cassette", "given.cassette"],
      cwd: root,
      config: loadedConfig(root),
      rules: [],
      plugins: [plugin],
    });
    expect(
      result.results.map((r) => [
        r.filePath.slice(root.length + 1),
        r.diagnostics.map(
          (d) => `${d.ruleId} ${d.line}:${d.column} ${d.message.split(" while")[0]}`,
        ),
      ]),
    ).toEqual([
      ["b.cassette", ["quality/cassette-pending 1:1 pending call (1 texts seen)"]],
      ["cassettes/a.cassette", ["quality/cassette-pending 2:1 pending call (2 texts seen)"]],
      ["given.cassette", ["internal/crash 1:1 Internal error in rule quality/cassette-crash"]],
    ]);
    expect(parses.sort()).toEqual(
      ["b.cassette", "cassettes/a.cassette", "given.cassette"].map((p) => join(root, p)),
    );
    expect(result.warningCount).toBe(2);
    expect(result.fixableWarningCount).toBe(2);
  });

  it("--fix applies its fixes, lints again and writes the file once", async () => {
    const root = project({ "cassettes/a.cassette": "PENDING /a\nGET /b\nPENDING /c\n" });
    const { plugin } = cassettePlugin();
    const result = await lint({
      paths: ["."],
      cwd: root,
      fix: true,
      config: loadedConfig(root),
      rules: [],
      plugins: [plugin],
    });
    const path = join(root, "cassettes", "a.cassette");
    expect(readFileSync(path, "utf8")).toBe("DONE /a\nGET /b\nDONE /c\n");
    expect(result.results).toEqual([
      {
        filePath: path,
        diagnostics: [],
        source: "DONE /a\nGET /b\nDONE /c\n",
        fixed: true,
        fixes: 2,
      },
    ]);
  });

  it("--fix leaves the file and its findings as they were when it cannot write it", async () => {
    const root = project({ "outside/a.cassette": "PENDING /a\n", "tree/cassettes/.keep": "" });
    // A link to a file outside the tree linted: the one writer refuses to write through it.
    symlinkSync(join(root, "outside", "a.cassette"), join(root, "tree", "cassettes", "a.cassette"));
    const { plugin } = cassettePlugin();
    const result = await lint({
      paths: ["tree"],
      cwd: root,
      fix: true,
      config: loadedConfig(root),
      rules: [],
      plugins: [plugin],
    });
    expect(readFileSync(join(root, "outside", "a.cassette"), "utf8")).toBe("PENDING /a\n");
    expect(result.notWritten?.map((f) => f.path)).toEqual([
      join(root, "tree", "cassettes", "a.cassette"),
    ]);
    expect(result.results.map((r) => [r.fixed, r.diagnostics.map((d) => d.line)])).toEqual([
      [false, [1]],
    ]);
  });
});
