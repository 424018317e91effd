/**
 * Every regular expression in the shipped code runs in time linear in its input: a pasted log,
 * a 10 MB line of one character or a long token must never make a scan quadratic. Each regex
 * literal (and `new RegExp("literal")`) of `packages/* /src` is checked with recheck, a ReDoS
 * analyser (automata, then fuzzing); anything but "safe" fails with the complexity it found.
 * A `new RegExp` built at run time cannot be checked here: each file's count of them is listed
 * below with why it is safe, and a new one fails until it is reviewed and listed.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Token, tokenizer } from "acorn";
import { transformSync } from "esbuild";
import { check } from "recheck";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");

/** Regexes built at run time, per file, and why each cannot backtrack badly. */
const BUILT_AT_RUN_TIME: Record<string, { count: number; why: string }> = {
  "packages/codex/src/stderr.ts": {
    count: 1,
    why: "an ANSI colour escape: ESC, `[`, one character class, `m`",
  },
  "packages/core/src/whitespace.ts": {
    count: 2,
    why: "one character class of Rust's whitespace, `[..]+` anchored or alone",
  },
  "packages/codex/src/config/hooks.ts": {
    count: 1,
    why: "a hook matcher from the user's config, compiled to run against one tool name",
  },
  "packages/create-ops-skill/src/substitute.ts": {
    count: 1,
    why: "alternatives of escaped literal names and paths, with one-character lookarounds and no quantifier",
  },
  "packages/create-ops-skill/src/types-cache.ts": {
    count: 2,
    why: "alternatives of skill names and their type names (a-z, 0-9, `-`: nothing to escape) between one-character lookarounds, no quantifier",
  },
  "packages/doctor/src/checks/_run.ts": {
    count: 1,
    why: "an escaped skill folder name with an optional `$`, between one-character lookarounds, no quantifier",
  },
  "packages/doctor/src/checks/environment.ts": {
    count: 1,
    why: "a credentials variable name of a fixed table between word boundaries",
  },
  "packages/doctor/src/checks/tools.ts": {
    count: 1,
    why: "an escaped tool name between one-character lookarounds, no quantifier",
  },
  "packages/lint/src/rules/spec/metadata-format.ts": {
    count: 1,
    why: "an escaped metadata key between optional quotes, run on one frontmatter line",
  },
  "packages/schema/src/codegen/compile.ts": {
    count: 1,
    why: "an identifier the generator wrote, anchored at a line start",
  },
  "packages/schema/src/codegen/typescript.ts": {
    count: 2,
    why: "an identifier the generator wrote, anchored at a line start; an ANSI colour escape",
  },
  "packages/schema/src/regex-safety.ts": {
    count: 4,
    why: "compiling a schema's `pattern` to test one sample character or to learn whether it compiles; never run on file content",
  },
};

interface Found {
  file: string;
  pattern: string;
  flags: string;
}

function sourceFiles(): string[] {
  return execFileSync("git", ["ls-files", "packages/*/src/**.ts"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.includes(".generated."));
}

/** Regex literals, `new RegExp("...")` with literal text, and the count of other `new RegExp`. */
function regexesIn(file: string): { literal: Found[]; builtAtRunTime: number } {
  const { code } = transformSync(readFileSync(join(ROOT, file), "utf8"), {
    loader: "ts",
    format: "esm",
  });
  // acorn's tokens carry their value (a regex's pattern and flags, a string's text) untyped.
  const tokens = [...tokenizer(code, { ecmaVersion: "latest", sourceType: "module" })] as (Token & {
    value?: unknown;
  })[];
  const literal: Found[] = [];
  let builtAtRunTime = 0;
  tokens.forEach((token, i) => {
    if (token.type.label === "regexp") {
      const { pattern, flags } = token.value as { pattern: string; flags: string };
      literal.push({ file, pattern, flags });
    } else if (
      token.type.label === "name" &&
      token.value === "RegExp" &&
      tokens[i - 1]?.type.label === "new"
    ) {
      const [open, first, after, second] = tokens.slice(i + 1, i + 5);
      const isText = first?.type.label === "string";
      const flagsOk = after?.type.label === ")" || second?.type.label === "string";
      if (open?.type.label === "(" && isText && flagsOk)
        literal.push({
          file,
          pattern: String(first.value),
          flags: after?.type.label === "," ? String(second?.value ?? "") : "",
        });
      else builtAtRunTime++;
    }
  });
  return { literal, builtAtRunTime };
}

const files = sourceFiles();
const scanned = files.map((file) => ({ file, ...regexesIn(file) }));
const unique = new Map<string, Found>();
for (const { literal } of scanned)
  for (const found of literal) unique.set(`/${found.pattern}/${found.flags}`, found);

describe("regular expressions in shipped code", () => {
  it("finds the regexes to check", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(unique.size).toBeGreaterThan(100);
  });

  it("lists every regex built at run time, with why it is safe", () => {
    const counts = Object.fromEntries(
      scanned.filter((s) => s.builtAtRunTime > 0).map((s) => [s.file, s.builtAtRunTime]),
    );
    const listed = Object.fromEntries(
      Object.entries(BUILT_AT_RUN_TIME).map(([file, { count }]) => [file, count]),
    );
    expect(counts).toEqual(listed);
  });

  it("are linear in their input (recheck)", { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    const queue = [...unique.values()];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        // `g` and `y` change where a match starts, not how it backtracks.
        // The fuzzer's own time limits are off: under load they cut its search short in a
        // different place each run, and a linear pattern came out "vulnerable" or not by the
        // order the checks ran in. Its limits in characters read stay, so the verdict is the
        // same on every run; `timeout` still bounds a check: a minute, as the longest patterns
        // (the approval phrases of ops/mutating-command) take 10-15 s alone on a loaded 2-core
        // machine and twice that when the two workers check two of them at once.
        const result = await check(next.pattern, next.flags.replace(/[gy]/g, ""), {
          timeout: 60_000,
          incubationTimeout: null,
          seedingTimeout: null,
          attackTimeout: null,
        });
        if (result.status !== "safe")
          problems.push(
            `${next.file}: /${next.pattern}/${next.flags}: ${result.status}${
              result.status === "vulnerable" ? ` (${result.complexity.summary})` : ""
            }`,
          );
      }
    };
    await Promise.all([worker(), worker()]);
    expect(problems.sort()).toEqual([]);
  });
});
