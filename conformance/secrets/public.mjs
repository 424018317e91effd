#!/usr/bin/env node
/**
 * Secret findings on public skill collections: every SKILL.md under each repository of a
 * folder (default `.cache/public/`, see conformance/public/README.md) is linted with the CLI,
 * in batches, and the `ops/hardcoded-secret` errors and `ops/possible-secret` warnings are
 * counted, split by whether Codex loads the skill (no `codex/` error on its SKILL.md).
 *
 *   node conformance/secrets/public.mjs [--dir DIR] [--cli packages/cli/bin/run.js] [--list]
 *
 * `--list` prints every finding (file, line, message) so each can be examined.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const dir = resolve(option("--dir", join(root, ".cache/public")));
const cli = resolve(option("--cli", join(root, "packages/cli/bin/run.js")));
const list = args.includes("--list");
const BATCH = 150;
const SECRET_RULES = ["ops/hardcoded-secret", "ops/possible-secret"];

if (!existsSync(dir)) {
  console.error(`no public corpus at ${dir} (see conformance/public/README.md)`);
  process.exit(2);
}

function skillFiles(top) {
  const found = [];
  const visit = (folder) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === "node_modules" || entry.name === ".git") continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name === "SKILL.md" && (entry.isFile() || entry.isSymbolicLink()))
        found.push(path);
    }
  };
  visit(top);
  return found.sort();
}

const totals = { skills: 0, loaded: 0 };
const counts = {};
const rows = [];
for (const repo of readdirSync(dir).sort()) {
  const top = join(dir, repo);
  if (
    repo.startsWith("_") ||
    !readdirSync(dir, { withFileTypes: true })
      .find((e) => e.name === repo)
      ?.isDirectory()
  )
    continue;
  const files = skillFiles(top);
  const perRepo = {
    errorsLoaded: 0,
    errorsRefused: 0,
    warningsLoaded: 0,
    filesWithErrors: new Set(),
  };
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    let out;
    try {
      out = execFileSync(process.execPath, [cli, "lint", "--format", "json", ...batch], {
        cwd: top,
        maxBuffer: 1 << 30,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      if (error.status !== 1) throw error;
      out = error.stdout;
    }
    const results = JSON.parse(out.toString("utf8"));
    const refused = new Set();
    for (const r of results)
      if (r.messages.some((m) => m.ruleId?.startsWith("codex/") && m.severity === 2))
        refused.add(dirname(r.filePath));
    const skillDirs = batch.map((f) => dirname(f)).sort((a, b) => b.length - a.length);
    const owner = (file) => skillDirs.find((d) => file.startsWith(d + sep));
    for (const r of results) {
      for (const m of r.messages) {
        if (!SECRET_RULES.includes(m.ruleId)) continue;
        const skillDir = owner(r.filePath);
        const loaded = skillDir !== undefined && !refused.has(skillDir);
        const key = `${m.ruleId} ${m.severity === 2 ? "error" : "warning"} ${loaded ? "loaded" : "refused"}`;
        counts[key] = (counts[key] ?? 0) + 1;
        if (m.severity === 2 && loaded) {
          perRepo.errorsLoaded++;
          perRepo.filesWithErrors.add(r.filePath);
        } else if (m.severity === 2) perRepo.errorsRefused++;
        else if (loaded) perRepo.warningsLoaded++;
        if (list)
          console.log(
            `${m.severity === 2 ? "E" : "W"}${loaded ? "" : "(refused)"} ${r.filePath.slice(dir.length + 1)}:${m.line}:${m.column} ${m.ruleId} ${m.message.slice(0, 160)}`,
          );
      }
    }
    totals.loaded += batch.length - refused.size;
  }
  totals.skills += files.length;
  rows.push([
    repo,
    files.length,
    perRepo.errorsLoaded,
    perRepo.filesWithErrors.size,
    perRepo.errorsRefused,
    perRepo.warningsLoaded,
  ]);
}

console.log(
  "\nrepository | SKILL.md | errors (loaded) | files with errors | errors (refused) | warnings (loaded)",
);
for (const row of rows) console.log(row.join(" | "));
const sum = (i) => rows.reduce((n, r) => n + r[i], 0);
console.log(`total | ${sum(1)} | ${sum(2)} | ${sum(3)} | ${sum(4)} | ${sum(5)}`);
console.log(JSON.stringify(counts));
