/**
 * The pinned Codex is defined once (`packages/codex/src/version.ts`): code takes it from there,
 * measured tables say which release they were measured with, and every doc that names a Codex
 * release names the pinned one. Moving the pin (`npm run codex:pin -- <version>`) makes this
 * test list what still names the old release.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { KNOWN_KEYS_CODEX_VERSION } from "@ops-skill/codex/config";
import { describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../packages/codex/src/version.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const SKIPPED = new Set(["node_modules", ".git", ".cache", "dist", "cases", ".changeset", ".work"]);

/** Files under `dir` whose name passes `keep`, skipping dependencies, builds and corpora. */
function files(dir: string, keep: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...files(path, keep));
    else if (entry.isFile() && keep(entry.name)) found.push(path);
  }
  return found;
}

/**
 * `Codex 1.2.3`, `Codex (1.2.3`, `@openai/codex@1.2.3`, `"codexVersion": "1.2.3"`: a doc naming
 * a Codex release.
 */
const NAMED_RELEASE = /(?:\bCodex \(?|@openai\/codex@|"codexVersion": ")(\d+\.\d+\.\d+)\b/g;

describe(`the pinned Codex, ${CODEX_VERSION}`, () => {
  it("is the release every doc names", () => {
    const docs = files(repo, (name) => name.endsWith(".md"));
    expect(docs.length).toBeGreaterThan(50);
    const others: string[] = [];
    let named = 0;
    for (const doc of docs) {
      for (const match of readFileSync(doc, "utf8").matchAll(NAMED_RELEASE)) {
        named++;
        if (match[1] !== CODEX_VERSION) others.push(`${relative(repo, doc)}: ${match[0]}`);
      }
    }
    expect(others).toEqual([]);
    expect(named).toBeGreaterThan(50);
    expect(readFileSync(join(repo, "README.md"), "utf8")).toContain(`Codex ${CODEX_VERSION}`);
    expect(readFileSync(join(repo, "conformance", "README.md"), "utf8")).toContain(
      `Codex ${CODEX_VERSION}`,
    );
  });

  it("is written as a value in code only where it is defined", () => {
    const code = [
      ...["packages", "conformance", "bench", "test"].flatMap((dir) =>
        files(join(repo, dir), (name) => /\.(ts|mjs|js)$/.test(name) && !name.endsWith(".d.ts")),
      ),
    ];
    expect(code.length).toBeGreaterThan(100);
    const literals = new RegExp(`["'\`]${CODEX_VERSION.replaceAll(".", "\\.")}["'\`]`);
    const writers = code
      .filter((file) => literals.test(readFileSync(file, "utf8")))
      .map((file) => relative(repo, file))
      .filter((file) => !file.endsWith(".generated.ts"));
    expect(writers).toEqual([join("packages", "codex", "src", "version.ts")]);
  });

  it("is the release the measured tables were measured with (re-measure after a move)", () => {
    expect(KNOWN_KEYS_CODEX_VERSION).toBe(CODEX_VERSION);
  });
});
