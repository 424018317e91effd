#!/usr/bin/env node
// Measures our codex/ verdicts against the real, pinned Codex on public skill collections.
//
//   node conformance/public/measure.mjs .cache/public                 every repository in the folder
//   node conformance/public/measure.mjs .cache/public --repo a__b      only these (repeatable)
//   options: --chunk N (skill folders per project, default 250), --concurrency N (default 2)
//
// <dir> holds one extracted repository per folder, named <owner>__<name> (folders starting
// with `_` are ours and skipped). For each repository the folders holding a `SKILL.md` (file or
// symlink, hidden paths included) are found; the outermost ones are installed, under their own
// folder name, into `.agents/skills/` of throwaway projects (<dir>/_runs/<repo>/<k>/project),
// so nested skills come along where their parent keeps them. A project takes at most --chunk
// skill folders and about 1,500 directories (the scan stops at 2,000) and never two folders of
// one name. In each project the real Codex runs offline exactly as the skills recorder
// (conformance/skills/record.ts) drives it (`codex exec --json` against the local stub, `skills/list` through the app server),
// and our CLI lints the same project (`ops-skill lint --format json`, cwd = project root). Per
// candidate file (any `SKILL.md` in any letter case) the verdicts are compared:
//   ours = undiscovered when a discovery rule reports an error, refused when another codex/ rule
//   does, loaded otherwise (as conformance/skills/skills-conformance.test.ts derives them).
// A repository that ships a skills root (.agents/skills or .codex/skills at its top) is also
// measured as cloned: the whole tree is the project, so its symlinks and plugin manifests count.
// For skills both load, the name and description `skills/list` reports are compared with our
// skill model's (packages/core, compiled from the working tree at start). The CLI bundle is
// copied to <dir>/_cli first, so a rebuild during the run cannot mix two builds.
// Writes <dir>/report.json and prints a summary. Nothing leaves 127.0.0.1.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
let cliBin = join(repoRoot, "packages", "cli", "bin", "run.js");
const DIRECTORY_BUDGET = 1500;
const DISCOVERY_RULES = new Set([
  "codex/skill-file-name",
  "codex/hidden-directory",
  "codex/skill-too-deep",
  "codex/skill-file-not-regular",
  "codex/traversal-limit",
  "codex/skills-root-too-large", // the same rule's name in older builds
]);
const SPEC_FIELDS = new Set([
  "name",
  "description",
  "license",
  "compatibility",
  "metadata",
  "allowed-tools",
]);
const SPEC_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SKILL_FILE = /^skill\.md$/i;

// ---------------------------------------------------------------------------------------------
// Arguments and modules

function parseArgs(argv) {
  const options = { dir: undefined, repos: [], chunk: 250, concurrency: 2 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--repo") options.repos.push(argv[++i]);
    else if (arg === "--chunk") options.chunk = Number(argv[++i]);
    else if (arg === "--concurrency") options.concurrency = Number(argv[++i]);
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else options.dir = resolve(arg);
  }
  if (!options.dir) throw new Error("usage: measure.mjs <dir-of-extracted-repos> [--repo NAME]");
  return options;
}

function compile(tsconfig) {
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", tsconfig], {
    cwd: repoRoot,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`tsc -p ${tsconfig} failed`);
}

async function loadModules() {
  compile("packages/core/tsconfig.json");
  compile("packages/codex/tsconfig.json");
  compile("conformance/tsconfig.json");
  const libDir = join(repoRoot, ".cache", "conformance-lib");
  const [codex, corpus, verdicts, core, yaml] = await Promise.all([
    import(pathToFileURL(join(repoRoot, "packages", "codex", "dist", "index.js")).href),
    import(pathToFileURL(join(libDir, "lib", "corpus.js")).href),
    import(pathToFileURL(join(libDir, "lib", "verdicts.js")).href),
    import(pathToFileURL(join(repoRoot, "packages", "core", "dist", "index.js")).href),
    import("yaml"),
  ]);
  return { codex, corpus, verdicts, core, yaml };
}

/**
 * Colleagues rebuild the CLI while a run is under way; one run must use one build, so the bundle
 * is copied once (bin/, dist/bundle/, package.json) into <dir>/_cli and run from there.
 */
function snapshotCli(dir) {
  const source = join(repoRoot, "packages", "cli");
  const target = join(dir, "_cli");
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, "dist"), { recursive: true });
  cpSync(join(source, "bin"), join(target, "bin"), { recursive: true });
  cpSync(join(source, "dist", "bundle"), join(target, "dist", "bundle"), { recursive: true });
  copyFileSync(join(source, "package.json"), join(target, "package.json"));
  const bundleDir = join(target, "dist", "bundle");
  const hash = createHash("sha256");
  const texts = [];
  for (const name of readdirSync(bundleDir).sort()) {
    if (!name.endsWith(".mjs")) continue;
    const text = readFileSync(join(bundleDir, name), "utf8");
    hash.update(name).update(text);
    texts.push(text);
  }
  const all = texts.join("");
  const git = (args) => spawnSync("git", args, { cwd: repoRoot, encoding: "utf8" }).stdout.trim();
  return {
    bin: join(target, "bin", "run.js"),
    info: {
      bundleSha256: hash.digest("hex").slice(0, 16),
      bundleBuiltAt: statSync(join(source, "dist", "bundle", "ops-skill.mjs")).mtime.toISOString(),
      head: git(["rev-parse", "--short", "HEAD"]),
      dirtySourceFiles: git(["status", "--porcelain", "--", "packages"]).split("\n").filter(Boolean)
        .length,
      codexRules: [...new Set(all.match(/"codex\/[a-z-]+"/g) ?? [])]
        .map((s) => s.slice(1, -1))
        .sort(),
      hasSpecRules: all.includes('"spec/name-format"'),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Finding skills in a repository and laying them out as Codex expects

const posix = (path) => path.split(sep).join("/");

/** Folders (relative, posix; "" for the root) holding an entry named exactly SKILL.md. */
function findSkillFolders(repoDir) {
  const found = [];
  const walk = (rel) => {
    const abs = join(repoDir, rel);
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    const skillFile = entries.find((e) => e.name === "SKILL.md");
    if (skillFile && (skillFile.isFile() || skillFile.isSymbolicLink())) {
      found.push({ rel: posix(rel), fileKind: skillFile.isFile() ? "file" : "symlink" });
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !(rel === "" && entry.name === ".git"))
        walk(join(rel, entry.name));
    }
  };
  walk("");
  return found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Directories Codex would walk below (and including) a folder: not hidden, symlinks not counted. */
function countDirectories(abs) {
  let count = 1;
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return count;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith(".")) {
      count += countDirectories(join(abs, entry.name));
    }
  }
  return count;
}

function isInside(root, path) {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Copies a skill folder. Symlinks that stay inside the installed folder are kept as written;
 * one that leaves it is re-pointed at the original file by absolute path (so a symlinked
 * SKILL.md stays a symlink to a regular file); one to a directory outside is dropped (it would
 * pull other parts of the repository into the scan); broken ones are kept as written.
 */
function copySkillFolder(source, destination, top, notes) {
  const stat = lstatSync(source);
  if (stat.isSymbolicLink()) {
    const target = readlinkSync(source);
    const resolved = resolve(dirname(source), target);
    if (!isAbsolute(target) && isInside(top, resolved)) {
      symlinkSync(target, destination);
      return;
    }
    let targetStat;
    try {
      targetStat = statSync(source);
    } catch {
      symlinkSync(target, destination);
      notes.brokenLinks++;
      return;
    }
    if (targetStat.isDirectory()) {
      notes.droppedDirectoryLinks.push(posix(relative(notes.repoDir, source)));
      return;
    }
    symlinkSync(realpathSync(source), destination);
    notes.repointedLinks++;
  } else if (stat.isDirectory()) {
    mkdirSync(destination, { recursive: true });
    for (const name of readdirSync(source)) {
      copySkillFolder(join(source, name), join(destination, name), top, notes);
    }
  } else if (stat.isFile()) {
    copyFileSync(source, destination);
  }
}

/** Splits a repository's outermost skill folders into projects. */
function planProjects(repoName, repoDir, folders, chunkSize) {
  const relSet = new Set(folders.map((f) => f.rel));
  const hasAncestor = (rel) => {
    if (rel === "") return false;
    const parts = rel.split("/");
    for (let i = 0; i < parts.length; i++) {
      if (relSet.has(parts.slice(0, i).join("/"))) return true;
    }
    return false;
  };
  const outermost = folders.filter((f) => !hasAncestor(f.rel));
  const projects = [];
  for (const folder of outermost) {
    const abs = join(repoDir, folder.rel);
    const installName = folder.rel === "" ? repoName.split("__").pop() : basename(folder.rel);
    const directories = countDirectories(abs);
    let project = projects.find(
      (p) =>
        p.folders.length < chunkSize &&
        !p.names.has(installName) &&
        (p.directories + directories <= DIRECTORY_BUDGET || p.folders.length === 0),
    );
    if (!project) {
      project = { folders: [], names: new Set(), directories: 2 };
      projects.push(project);
    }
    project.folders.push({ rel: folder.rel, installName, directories });
    project.names.add(installName);
    project.directories += directories;
  }
  return projects;
}

function materializeProject(repoDir, project, projectDir, notes) {
  rmSync(projectDir, { recursive: true, force: true });
  mkdirSync(join(projectDir, ".git"), { recursive: true });
  const skillsRoot = join(projectDir, ".agents", "skills");
  mkdirSync(skillsRoot, { recursive: true });
  const mapping = [];
  for (const folder of project.folders) {
    const source = join(repoDir, folder.rel);
    const destination = join(skillsRoot, folder.installName);
    copySkillFolder(source, destination, source, notes);
    mapping.push({ installed: `.agents/skills/${folder.installName}`, original: folder.rel });
  }
  return mapping;
}

/** Maps a project-relative path back to the repository path it was copied from. */
function originalPath(mapping, projectRel) {
  for (const { installed, original } of mapping) {
    if (projectRel === installed || projectRel.startsWith(`${installed}/`)) {
      const rest = projectRel.slice(installed.length);
      return original === "" ? rest.replace(/^\//, "") : `${original}${rest}`;
    }
  }
  return projectRel;
}

// ---------------------------------------------------------------------------------------------
// Codex's verdicts (as the skills recorder, conformance/skills/record.ts, observes them)

function realPathOrSelf(path) {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

async function codexVerdicts({ codex, corpus, verdicts }, bin, projectDir, runDir) {
  const startedAt = Date.now();
  const skillsList = await codex.listSkillsViaAppServer({
    bin,
    cwd: projectDir,
    codexHome: join(runDir, "app-server-codex-home"),
    home: join(runDir, "app-server-home"),
    timeoutMs: 300_000,
  });
  const server = await codex.startResponsesServer();
  let result;
  try {
    result = await codex.runCodexExec({
      bin,
      cwd: projectDir,
      prompt: "List the skills you can use.",
      serverUrl: server.url,
      codexHome: join(runDir, "exec-codex-home"),
      home: join(runDir, "exec-home"),
      timeoutMs: 300_000,
    });
  } finally {
    await server.close();
  }
  writeFileSync(join(runDir, "exec-stdout.jsonl"), result.stdout);
  writeFileSync(join(runDir, "exec-stderr.txt"), result.stderr);
  writeFileSync(join(runDir, "skills-list.json"), `${JSON.stringify(skillsList, null, 2)}\n`);
  if (result.exitCode !== 0 || result.timedOut || server.requests.length === 0) {
    throw new Error(
      `codex exec exited ${result.exitCode} (timed out: ${result.timedOut}, requests: ${server.requests.length})\n${result.stderr.slice(-2000)}`,
    );
  }
  writeFileSync(join(runDir, "request-0.json"), `${JSON.stringify(server.requests[0])}\n`);
  const observation = {
    projectDir,
    candidates: corpus.candidateSkillFiles(projectDir),
    listed: codex
      .parseListedSkills(server.requests[0], {
        knownNames: skillsList.skills.map((skill) => skill.name),
      })
      .map((entry) => ({ ...entry, file: realPathOrSelf(entry.file), listedPath: entry.file })),
    failures: codex
      .parseSkillLoadFailures(result.stderr)
      .map((failure) => ({ ...failure, path: realPathOrSelf(failure.path) })),
    loadedPaths: skillsList.skills.map((skill) => realPathOrSelf(skill.path)),
    warnings: codex.errorItemMessages(result.events),
    traversalRoots: codex.parseTraversalLimitHits(result.stderr).map((hit) => hit.root),
  };
  const caseVerdicts = verdicts.buildCaseVerdicts(observation);
  const byRealPath = new Map();
  for (const skill of skillsList.skills) {
    byRealPath.set(realPathOrSelf(skill.path), {
      name: skill.name,
      description: skill.description,
    });
  }
  const appServerErrors = new Map(
    (skillsList.errors ?? []).map((e) => [realPathOrSelf(e.path), e.message]),
  );
  return {
    caseVerdicts,
    channelDisagreements: verdicts.channelDisagreements(observation),
    skillsListByRealPath: byRealPath,
    appServerErrors,
    seconds: (Date.now() - startedAt) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Our verdicts (the CLI's JSON, read as the conformance test reads the engine's diagnostics)

function runLinter(projectDir, runDir) {
  const outPath = join(runDir, "lint.json");
  const fd = openSync(outPath, "w");
  const startedAt = Date.now();
  const result = spawnSync(process.execPath, [cliBin, "lint", "--format", "json"], {
    cwd: projectDir,
    stdio: ["ignore", fd, "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
  closeSync(fd);
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(
      `ops-skill lint exited ${result.status}: ${String(result.stderr).slice(-2000)}`,
    );
  }
  return {
    files: JSON.parse(readFileSync(outPath, "utf8")),
    seconds: (Date.now() - startedAt) / 1000,
  };
}

function ourVerdicts(lintFiles, projectDir, candidates) {
  const verdicts = new Map();
  const ruleIds = new Set();
  for (const file of lintFiles) {
    for (const m of file.messages) if (m.ruleId) ruleIds.add(m.ruleId);
    if (!SKILL_FILE.test(basename(file.filePath))) continue;
    const real = realPathOrSelf(file.filePath);
    const key = posix(relative(projectDir, isInside(projectDir, real) ? real : file.filePath));
    const errors = file.messages.filter(
      (m) => m.severity === 2 && typeof m.ruleId === "string" && m.ruleId.startsWith("codex/"),
    );
    const warnings = file.messages.filter((m) => m.severity !== 2 && m.ruleId);
    const entry = {
      errors: errors.map((m) => ({ ruleId: m.ruleId, message: m.message, line: m.line })),
      warnings: warnings.map((m) => m.ruleId),
    };
    if (verdicts.get(key)?.verdict === "loaded") continue;
    if (errors.some((m) => DISCOVERY_RULES.has(m.ruleId))) {
      if (!verdicts.has(key)) verdicts.set(key, { verdict: "undiscovered", ...entry });
      continue;
    }
    verdicts.set(key, { verdict: errors.length > 0 ? "refused" : "loaded", ...entry });
  }
  for (const file of candidates)
    if (!verdicts.has(file))
      verdicts.set(file, { verdict: "undiscovered", errors: [], warnings: [] });
  return { verdicts, ruleIds };
}

// ---------------------------------------------------------------------------------------------
// Agent Skills specification rules other linters treat as errors (for context only)

function specProblems(yaml, bytes, dirName) {
  const text = Buffer.from(bytes)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return ["no-frontmatter"];
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === "---");
  if (end === -1) return ["no-frontmatter"];
  let data;
  try {
    const doc = yaml.parseDocument(lines.slice(1, end).join("\n"), { uniqueKeys: false });
    if (doc.errors.length > 0) return ["invalid-yaml"];
    data = doc.toJS();
  } catch {
    return ["invalid-yaml"];
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return ["invalid-yaml"];
  const problems = [];
  const name = data.name;
  if (typeof name !== "string" || name === "") problems.push("name-missing");
  else {
    if (!SPEC_NAME.test(name) || name.length > 64) problems.push("name-format");
    if (name !== dirName) problems.push("name-not-directory");
  }
  for (const key of Object.keys(data)) {
    if (!SPEC_FIELDS.has(key)) {
      problems.push("unknown-field");
      break;
    }
  }
  const description = data.description;
  if (typeof description === "string" && [...description].length > 1024)
    problems.push("description-too-long");
  return problems;
}

// ---------------------------------------------------------------------------------------------

async function measureProject(modules, bin, job) {
  const { repoName, repoDir, project, index, runsDir, asCloned } = job;
  const runDir = join(runsDir, repoName, String(index));
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const projectDir = join(runDir, "project");
  const notes = { repoDir, brokenLinks: 0, repointedLinks: 0, droppedDirectoryLinks: [] };
  let mapping = [];
  if (asCloned) {
    // The repository as a clone: Codex scans the roots it ships (.agents/skills, .codex/skills).
    cpSync(repoDir, projectDir, { recursive: true, verbatimSymlinks: true });
    mkdirSync(join(projectDir, ".git"), { recursive: true });
  } else {
    mapping = materializeProject(repoDir, project, projectDir, notes);
  }
  const realProject = realpathSync(projectDir);

  const observed = await codexVerdicts(modules, bin, realProject, runDir);
  const lint = runLinter(realProject, runDir);
  const candidates = observed.caseVerdicts.skills.map((s) => s.file);
  const ours = ourVerdicts(lint.files, realProject, candidates);

  const rows = [];
  const files = new Set([...candidates, ...ours.verdicts.keys()]);
  for (const file of [...files].sort()) {
    const theirs = observed.caseVerdicts.skills.find((s) => s.file === file) ?? {
      file,
      verdict: "undiscovered",
    };
    const mine = ours.verdicts.get(file) ?? { verdict: "undiscovered", errors: [], warnings: [] };
    const abs = join(realProject, file);
    const row = {
      file: originalPath(mapping, file),
      projectFile: file,
      exactName: basename(file) === "SKILL.md",
      codex: theirs.verdict,
      ...(theirs.reason ? { codexReason: theirs.reason } : {}),
      ours: mine.verdict,
      ourErrors: mine.errors,
      ourWarnings: mine.warnings,
    };
    const real = realPathOrSelf(abs);
    const listedByAppServer = observed.skillsListByRealPath.get(real);
    if (listedByAppServer) row.codexListing = listedByAppServer;
    if (observed.appServerErrors.has(real)) row.appServerError = observed.appServerErrors.get(real);
    let isRegular = false;
    try {
      isRegular = lstatSync(abs).isFile();
    } catch {
      // gone or unreadable: no spec check, no listing comparison
    }
    if (isRegular) {
      const bytes = readFileSync(abs);
      row.spec = specProblems(modules.yaml, bytes, basename(dirname(abs)));
      if (theirs.verdict === "loaded") {
        const skill = await modules.core.readSkill(abs);
        if (skill.codex.status === "loaded" && listedByAppServer) {
          const ourName = skill.codex.listing.name;
          const ourDescription = skill.codex.listing.description;
          if (
            ourName !== listedByAppServer.name ||
            ourDescription !== listedByAppServer.description
          )
            row.listingMismatch = { name: ourName, description: ourDescription };
        }
      }
    }
    rows.push(row);
  }
  return {
    repo: repoName,
    index,
    mode: asCloned ? "as-cloned" : "installed",
    projectDir: posix(relative(repoRoot, realProject)),
    skillFolders: asCloned ? undefined : project.folders.length,
    directories: asCloned ? undefined : project.directories,
    traversalLimit: observed.caseVerdicts.traversalLimit ?? [],
    warnings: observed.caseVerdicts.warnings,
    channelDisagreements: observed.channelDisagreements,
    links: {
      repointed: notes.repointedLinks,
      broken: notes.brokenLinks,
      droppedDirectoryLinks: notes.droppedDirectoryLinks,
    },
    ruleIds: [...ours.ruleIds],
    codexSeconds: observed.seconds,
    lintSeconds: lint.seconds,
    rows,
  };
}

async function runPool(items, concurrency, worker) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await worker(items[i]);
    }
  });
  await Promise.all(lanes);
  return results;
}

function gitCommit(repoDir) {
  const marker = join(repoDir, "..", `_${basename(repoDir)}.commit`);
  return existsSync(marker) ? readFileSync(marker, "utf8").trim() : undefined;
}

function classify(row) {
  if (row.codex === row.ours) return "agree";
  if (row.codex === "loaded") return "false-error";
  if (row.ours === "loaded") return "miss";
  return "wrong-kind"; // refused vs undiscovered
}

async function main() {
  const startedAt = Date.now();
  const options = parseArgs(process.argv.slice(2));
  const modules = await loadModules();
  const bin = await modules.codex.ensureCodex({ repoRoot });
  const runsDir = join(options.dir, "_runs");
  let cli;
  for (let attempt = 1; ; attempt++) {
    cli = snapshotCli(options.dir);
    const probe = join(options.dir, "_cli-probe");
    rmSync(probe, { recursive: true, force: true });
    mkdirSync(join(probe, ".git"), { recursive: true });
    const smoke = spawnSync(process.execPath, [cli.bin, "lint", "--format", "json"], {
      cwd: probe,
      encoding: "utf8",
    });
    rmSync(probe, { recursive: true, force: true });
    let ok = smoke.status === 0;
    try {
      JSON.parse(smoke.stdout);
    } catch {
      ok = false;
    }
    if (ok) break;
    if (attempt === 10) throw new Error(`the CLI bundle does not run: ${smoke.stderr}`);
    process.stderr.write("the CLI bundle does not run (being rebuilt?); retrying in 30 s\n");
    await new Promise((r) => setTimeout(r, 30_000));
  }
  cliBin = cli.bin;
  const bundleHasSpecRules = cli.info.hasSpecRules;
  process.stderr.write(`ops-skill CLI: ${JSON.stringify(cli.info)}\n`);

  const repoNames = readdirSync(options.dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("_") && e.name.includes("__"))
    .map((e) => e.name)
    .filter((name) => options.repos.length === 0 || options.repos.includes(name))
    .sort();
  const repositories = [];
  const jobs = [];
  for (const repoName of repoNames) {
    const repoDir = join(options.dir, repoName);
    const folders = findSkillFolders(repoDir);
    const projects = planProjects(repoName, repoDir, folders, options.chunk);
    repositories.push({
      repo: repoName.replace("__", "/"),
      commit: gitCommit(repoDir),
      skillFolders: folders.length,
      symlinkedSkillFiles: folders.filter((f) => f.fileKind === "symlink").length,
      projects: projects.length,
    });
    projects.forEach((project, index) => {
      jobs.push({ repoName, repoDir, project, index, runsDir });
    });
    const shipsRoots = [".agents/skills", ".codex/skills"].some((root) =>
      existsSync(join(repoDir, root)),
    );
    if (shipsRoots) jobs.push({ repoName, repoDir, index: "as-cloned", runsDir, asCloned: true });
  }
  process.stderr.write(
    `${repositories.length} repositories, ${repositories.reduce((n, r) => n + r.skillFolders, 0)} skill folders, ${jobs.length} projects\n`,
  );

  const projects = await runPool(jobs, options.concurrency, async (job) => {
    try {
      const result = await measureProject(modules, bin, job);
      const counts = { agree: 0, other: 0 };
      for (const row of result.rows) counts[classify(row) === "agree" ? "agree" : "other"]++;
      process.stderr.write(
        `${job.repoName}#${job.index}: ${result.rows.length} files, ${counts.other} disagreements (codex ${result.codexSeconds.toFixed(1)} s, lint ${result.lintSeconds.toFixed(1)} s)\n`,
      );
      return result;
    } catch (error) {
      process.stderr.write(`${job.repoName}#${job.index}: FAILED ${error.message}\n`);
      return { repo: job.repoName, index: job.index, error: String(error.message), rows: [] };
    }
  });

  // -------------------------------------------------------------------------------------------
  const rows = projects
    .filter((p) => p.mode !== "as-cloned" && p.index !== "as-cloned")
    .flatMap((p) => p.rows.map((row) => ({ repo: p.repo, ...row })));
  const clonedRows = projects
    .filter((p) => p.index === "as-cloned")
    .flatMap((p) => p.rows.map((row) => ({ repo: p.repo, ...row })));
  const count = (predicate) => rows.filter(predicate).length;
  const exact = rows.filter((r) => r.exactName);
  const disagreements = [...rows, ...clonedRows]
    .filter((r) => classify(r) !== "agree")
    .map((r) => ({
      kind: classify(r),
      mode: clonedRows.includes(r) ? "as-cloned" : "installed",
      repo: r.repo.replace("__", "/"),
      file: r.file,
      codex: r.codex,
      codexReason: r.codexReason,
      ours: r.ours,
      ourErrors: r.ourErrors,
    }));
  const reasonMismatches = [...rows, ...clonedRows]
    .filter((r) => r.codex === "refused" && r.ours === "refused")
    .filter((r) => !r.ourErrors.some((e) => e.message.includes(r.codexReason ?? "\u0000")))
    .map((r) => ({
      repo: r.repo.replace("__", "/"),
      file: r.file,
      codexReason: r.codexReason,
      ours: r.ourErrors.map((e) => `${e.ruleId}: ${e.message}`),
    }));
  const listingMismatches = [...rows, ...clonedRows]
    .filter((r) => r.listingMismatch)
    .map((r) => ({
      mode: clonedRows.includes(r) ? "as-cloned" : "installed",
      cause: r.codexListing.name.endsWith(`:${r.listingMismatch.name}`)
        ? "plugin manifest prefix"
        : "other",
      repo: r.repo.replace("__", "/"),
      file: r.file,
      codex: r.codexListing,
      ours: r.listingMismatch,
    }));
  const specCounts = {};
  let specAny = 0;
  for (const row of exact) {
    if (!row.spec) continue;
    if (row.spec.length > 0) specAny++;
    for (const p of row.spec) specCounts[p] = (specCounts[p] ?? 0) + 1;
  }
  const ourSpecWarnings = {};
  for (const row of exact.filter((r) => r.spec))
    for (const id of new Set(row.ourWarnings.filter((w) => w.startsWith("spec/"))))
      ourSpecWarnings[id] = (ourSpecWarnings[id] ?? 0) + 1;
  let ourSpecAny = 0;
  for (const row of exact.filter((r) => r.spec))
    if (row.ourWarnings.some((w) => w.startsWith("spec/"))) ourSpecAny++;
  const ourCodexWarnings = {};
  for (const row of exact)
    for (const id of new Set(row.ourWarnings.filter((w) => w.startsWith("codex/"))))
      ourCodexWarnings[id] = (ourCodexWarnings[id] ?? 0) + 1;

  const perRepository = {};
  for (const row of rows) {
    const repo = row.repo.replace("__", "/");
    if (!perRepository[repo])
      perRepository[repo] = {
        files: 0,
        codexLoaded: 0,
        codexRefused: 0,
        codexUndiscovered: 0,
        disagreements: 0,
      };
    const entry = perRepository[repo];
    entry.files++;
    if (row.codex === "loaded") entry.codexLoaded++;
    else if (row.codex === "refused") entry.codexRefused++;
    else entry.codexUndiscovered++;
    if (classify(row) !== "agree") entry.disagreements++;
  }
  const summary = {
    codexVersion: modules.codex.CODEX_VERSION,
    cli: cli.info,
    repositories: repositories.length,
    projects: projects.length,
    failedProjects: projects.filter((p) => p.error).map((p) => `${p.repo}#${p.index}: ${p.error}`),
    candidateFiles: rows.length,
    skillFiles: exact.length,
    skillFilesRegular: count((r) => r.exactName && r.spec !== undefined),
    codex: {
      loaded: count((r) => r.codex === "loaded"),
      refused: count((r) => r.codex === "refused"),
      undiscovered: count((r) => r.codex === "undiscovered"),
    },
    ours: {
      loaded: count((r) => r.ours === "loaded"),
      refused: count((r) => r.ours === "refused"),
      undiscovered: count((r) => r.ours === "undiscovered"),
    },
    agreeing: count((r) => classify(r) === "agree"),
    falseErrors: count((r) => classify(r) === "false-error"),
    misses: count((r) => classify(r) === "miss"),
    wrongKind: count((r) => classify(r) === "wrong-kind"),
    reasonMismatches: reasonMismatches.length,
    listingMismatches: listingMismatches.length,
    traversalLimitHits: projects.flatMap((p) =>
      (p.traversalLimit ?? []).map((t) => `${p.repo}#${p.index}: ${t}`),
    ),
    channelDisagreements: projects.flatMap((p) => p.channelDisagreements ?? []),
    specRules: {
      source: "own check in measure.mjs (regular SKILL.md files)",
      skillsBreakingAny: specAny,
      byRule: specCounts,
      ourSpecWarnings: bundleHasSpecRules
        ? ourSpecWarnings
        : "spec/ rules are not in this CLI build",
      ourSkillsBreakingAny: bundleHasSpecRules ? ourSpecAny : undefined,
    },
    ourCodexWarnings,
    perRepository,
    asCloned: {
      repositories: [...new Set(clonedRows.map((r) => r.repo.replace("__", "/")))],
      candidateFiles: clonedRows.length,
      codex: {
        loaded: clonedRows.filter((r) => r.codex === "loaded").length,
        refused: clonedRows.filter((r) => r.codex === "refused").length,
        undiscovered: clonedRows.filter((r) => r.codex === "undiscovered").length,
      },
      agreeing: clonedRows.filter((r) => classify(r) === "agree").length,
      falseErrors: clonedRows.filter((r) => classify(r) === "false-error").length,
      misses: clonedRows.filter((r) => classify(r) === "miss").length,
      wrongKind: clonedRows.filter((r) => classify(r) === "wrong-kind").length,
    },
    seconds: Math.round((Date.now() - startedAt) / 1000),
  };
  const report = {
    summary,
    repositories,
    disagreements,
    reasonMismatches,
    listingMismatches,
    projects,
  };
  writeFileSync(join(options.dir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);

  const out = [];
  out.push(
    `Codex ${summary.codexVersion} vs ops-skill on ${summary.repositories} repositories (${summary.projects} projects, ${summary.failedProjects.length} failed)`,
  );
  out.push(
    `candidate files: ${summary.candidateFiles} (SKILL.md exactly: ${summary.skillFiles}, of them regular files: ${summary.skillFilesRegular})`,
  );
  out.push(
    `Codex:  loaded ${summary.codex.loaded}, refused ${summary.codex.refused}, undiscovered ${summary.codex.undiscovered}`,
  );
  out.push(
    `ours:   loaded ${summary.ours.loaded}, refused ${summary.ours.refused}, undiscovered ${summary.ours.undiscovered}`,
  );
  out.push(
    `agreeing ${summary.agreeing}; false errors ${summary.falseErrors}; misses ${summary.misses}; refused/undiscovered mix-ups ${summary.wrongKind}`,
  );
  out.push(
    `refusal reasons not matching: ${summary.reasonMismatches}; listed name/description not matching our model: ${summary.listingMismatches}`,
  );
  out.push(
    `spec rules (own check): ${specAny} skills break at least one: ${JSON.stringify(specCounts)}`,
  );
  if (bundleHasSpecRules)
    out.push(
      `spec rules (our spec/ warnings): ${ourSpecAny} skills: ${JSON.stringify(ourSpecWarnings)}`,
    );
  const c = summary.asCloned;
  if (c.candidateFiles > 0)
    out.push(
      `as cloned (${c.repositories.join(", ")}): ${c.candidateFiles} files; Codex loaded ${c.codex.loaded}, refused ${c.codex.refused}, undiscovered ${c.codex.undiscovered}; agreeing ${c.agreeing}; false errors ${c.falseErrors}; misses ${c.misses}; mix-ups ${c.wrongKind}`,
    );
  if (summary.traversalLimitHits.length)
    out.push(`traversal limit hit: ${summary.traversalLimitHits.join("; ")}`);
  if (summary.channelDisagreements.length)
    out.push(`exec and skills/list disagree: ${summary.channelDisagreements.length}`);
  for (const d of disagreements) {
    out.push(
      `- ${d.kind} (${d.mode}): ${d.repo}: ${d.file}: Codex ${d.codex}${d.codexReason ? ` (${d.codexReason})` : ""}; ours ${d.ours}${d.ourErrors.length ? ` (${d.ourErrors.map((e) => `${e.ruleId}: ${e.message}`).join("; ")})` : ""}`,
    );
  }
  for (const m of reasonMismatches)
    out.push(`- reason: ${m.repo}: ${m.file}: Codex "${m.codexReason}"; ours ${m.ours.join("; ")}`);
  const listingGroups = new Map();
  for (const m of listingMismatches) {
    const key = `${m.mode}, ${m.cause}`;
    listingGroups.set(key, [...(listingGroups.get(key) ?? []), m]);
  }
  for (const [key, group] of listingGroups) {
    out.push(`- listing (${key}): ${group.length} skills, e.g.`);
    for (const m of group.slice(0, 3))
      out.push(
        `    ${m.repo}: ${m.file}: Codex name ${JSON.stringify(m.codex.name)}, ours ${JSON.stringify(m.ours.name)}${m.codex.description === m.ours.description ? "" : " (descriptions differ too)"}`,
      );
  }
  out.push(`took ${summary.seconds} s; report: ${join(options.dir, "report.json")}`);
  process.stdout.write(`${out.join("\n")}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
