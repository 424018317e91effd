// The public corpus for the lint benchmark: the skill folders of the public collections
// extracted under .cache/public/<owner>__<repo>/ (conformance/public/README.md says how), laid
// out as skills roots the way a user copies skills into a repository.
//
// Every outermost folder holding a SKILL.md is hard-linked (`cp -al`: no copy of the bytes)
// into bench/.work/public/<repo>-<k>/<folder>/, at most CHUNK folders per root and no two of one
// name in a root. A chunk stays well under Codex's 2,000-directory traversal limit, so each
// root is read whole by both tools: ops-skill gets the roots as paths, skill-check the folder
// holding them. Nothing of the corpus is ever committed.

import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";

/** Skill folders per root: 250 folders of public skills hold about 1,500 directories. */
const CHUNK = 250;
/** What skill-check skips by default; a skill under one of them is left out for both tools. */
const SKIPPED = new Set(["node_modules", ".git", "dist", "build", ".next", "coverage", "fixtures"]);

/** Outermost folders holding a `SKILL.md` (file or link), in a stable order. */
function skillFolders(root) {
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.name === "SKILL.md" && !e.isDirectory())) {
      found.push(dir);
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1)))
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) walk(join(dir, entry.name));
  };
  walk(root);
  return found;
}

/**
 * Lays out the corpus (once; reused while the source commits are unchanged) and returns its
 * roots, or undefined when no public collection is on this machine.
 */
export function publicCorpus({ source, work }) {
  if (!existsSync(source)) return undefined;
  const repos = readdirSync(source)
    .filter((name) => !name.startsWith("_") && lstatSync(join(source, name)).isDirectory())
    .sort();
  if (repos.length === 0) return undefined;
  const commits = repos.map((repo) => {
    const file = join(source, `_${repo}.commit`);
    return `${repo} ${existsSync(file) ? readFileSync(file, "utf8").trim() : "?"}`;
  });
  const dir = join(work, "public");
  const stamp = join(dir, "corpus.json");
  if (existsSync(stamp)) {
    const previous = JSON.parse(readFileSync(stamp, "utf8"));
    if (previous.commits.join("\n") === commits.join("\n")) return { dir, ...previous };
    execFileSync("rm", ["-rf", dir]);
  }
  mkdirSync(dir, { recursive: true });
  const roots = [];
  let skills = 0;
  for (const repo of repos) {
    const chunks = [];
    for (const folder of skillFolders(join(source, repo))) {
      const name = folder.split("/").at(-1);
      let chunk = chunks.find((c) => c.names.size < CHUNK && !c.names.has(name));
      if (!chunk) {
        chunk = { root: join(dir, `${repo}-${chunks.length + 1}`), names: new Set() };
        chunks.push(chunk);
        mkdirSync(chunk.root);
      }
      chunk.names.add(name);
      execFileSync("cp", ["-al", folder, join(chunk.root, name)]);
      skills++;
    }
    roots.push(...chunks.map((c) => relative(dir, c.root)));
  }
  const corpus = { commits, roots, skills };
  writeFileSync(stamp, `${JSON.stringify(corpus, null, 2)}\n`);
  return { dir, ...corpus };
}
