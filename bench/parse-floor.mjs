#!/usr/bin/env node
/**
 * The least any linter of ours must do, timed by lint-bench.mjs beside `ops-skill lint`: walk a
 * folder of skills, read every file, parse each SKILL.md's frontmatter with `yaml` and its body
 * with `markdown-it` (the parsers the skill model uses, after its frontmatter split), and run
 * no rule at all. Prints
 * `{"skills": N, "files": M, "workMs": T}`: the counts, so the bench can check it saw the whole
 * corpus, and the time spent after the parsers were loaded (walking, reading, parsing).
 *
 *   node bench/parse-floor.mjs DIR...
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { splitFrontmatter } from "@ops-skill/core";
import MarkdownIt from "markdown-it";
import { parseDocument } from "yaml";

const roots = process.argv.slice(2);
if (roots.length === 0) {
  process.stderr.write("usage: node bench/parse-floor.mjs DIR...\n");
  process.exit(2);
}
const start = performance.now();
const markdown = new MarkdownIt({ html: true });
let skills = 0;
let files = 0;
const visit = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      visit(path);
      continue;
    }
    if (!entry.isFile()) continue;
    const text = readFileSync(path, "utf8");
    files++;
    if (entry.name !== "SKILL.md") continue;
    skills++;
    // The skill model's own split, so the floor cuts where a real run does.
    const split = splitFrontmatter(text);
    const hasFrontmatter = !("kind" in split);
    if (hasFrontmatter) parseDocument(split.yaml);
    markdown.parse(hasFrontmatter ? text.slice(split.bodyStart) : text, {});
  }
};
for (const root of roots) visit(root);
const workMs = performance.now() - start;
process.stdout.write(`${JSON.stringify({ skills, files, workMs })}\n`);
