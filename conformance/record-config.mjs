#!/usr/bin/env node
// Records what the real Codex does with each config case (conformance/config/cases/*.toml) and
// writes conformance/config/verdicts.json. Offline: a local Responses API stub answers the model
// turn. Each case runs with a fresh CODEX_HOME and an empty HOME under .cache/runs/.
//
// A case is a TOML file whose leading comments say how to run it:
//   # case: <what it probes>
//   # layer: project | user | profile   (where the file goes; default project)
//   # args: <extra codex exec arguments>
//   # flag-rule: <rule id>               (with args: the rule that answers for them)
//   # file: hooks.json                   (the project's hooks.json instead: the text below the
//                                          comments, which is JSON)
//   # special: fifo | directory | dev-null | symlink-loop | unreadable
//                                        (what stands at the path instead of the text; for
//                                          `unreadable` the text with no permissions, and Codex
//                                          runs as uid 65534 when the recorder is root)
//
// Usage: node conformance/record-config.mjs [case-name ...]
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import {
  CODEX_VERSION,
  errorItems,
  freshDir,
  normalize,
  REPO_ROOT,
  RUNS_DIR,
  requireCodex,
  runExec,
  writeJson,
} from "./hooks/codex-run.mjs";

const CASES_DIR = join(REPO_ROOT, "conformance/config/cases");
const VERDICTS = join(REPO_ROOT, "conformance/config/verdicts.json");
const PROFILE = "ci";

export function readConfigCase(name) {
  const text = readFileSync(join(CASES_DIR, `${name}.toml`), "utf8");
  const header = {};
  for (const line of text.split("\n")) {
    const match = /^#\s*([a-z-]+):\s*(.*)$/.exec(line);
    if (!match) break;
    header[match[1]] = match[2].trim();
  }
  return {
    name,
    text,
    description: header.case ?? "",
    layer: header.layer ?? "project",
    args: header.args ? header.args.split(/\s+/) : [],
    flagRule: header["flag-rule"],
    file: header.file ?? "config.toml",
    special: header.special,
  };
}

/** The text a case puts in its file: for hooks.json, the JSON below the header comments. */
export function caseFileText(testCase) {
  if (testCase.file !== "hooks.json") return testCase.text;
  return testCase.text
    .split("\n")
    .filter((line) => !line.startsWith("#"))
    .join("\n");
}

/** Puts what the case says at `path`: its text, or a special file. */
export function placeCaseFile(testCase, path) {
  switch (testCase.special) {
    case undefined:
      writeFileSync(path, caseFileText(testCase));
      return;
    case "fifo":
      execFileSync("mkfifo", [path]);
      return;
    case "directory":
      mkdirSync(path);
      return;
    case "dev-null":
      symlinkSync("/dev/null", path);
      return;
    case "symlink-loop":
      symlinkSync(path.split("/").pop(), path);
      return;
    case "unreadable":
      writeFileSync(path, caseFileText(testCase));
      chmodSync(path, 0o000);
      return;
    default:
      throw new Error(`case ${testCase.name}: unknown special "${testCase.special}"`);
  }
}

/** The first line of Codex's own error, without run-specific paths. */
function refusal(stderr, replacements) {
  const lines = stderr
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("Reading additional input"))
    .map((l) => normalize(l, replacements));
  return lines.slice(0, 3).join("\n");
}

async function recordCase(testCase) {
  const base = freshDir(join(RUNS_DIR, "record-config", testCase.name));
  const project = freshDir(join(base, "project"));
  const codexHome = freshDir(join(base, "codex-home"));
  const home = freshDir(join(base, "home"));
  const args = [...testCase.args];
  const unprivileged = testCase.special === "unreadable";
  // An unprivileged Codex writes in its home and reads the project.
  if (unprivileged) execFileSync("chmod", ["-R", "a+rwX", base]);
  let user = "";
  let target;
  if (testCase.layer === "project") {
    freshDir(join(project, ".codex"));
    if (unprivileged) chmodSync(join(project, ".codex"), 0o777);
    target = join(project, ".codex", testCase.file);
    user = `[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`;
  } else if (testCase.layer === "profile") {
    target = join(codexHome, `${PROFILE}.config.toml`);
    if (!args.includes("--profile")) args.push("--profile", PROFILE);
  } else {
    target = join(codexHome, "config.toml");
  }
  if (target !== join(codexHome, "config.toml"))
    writeFileSync(join(codexHome, "config.toml"), user);
  if (unprivileged) execFileSync("chmod", ["-R", "a+rwX", base]);
  placeCaseFile(testCase, target);
  const result = await runExec({
    cwd: project,
    codexHome,
    home,
    args,
    unprivileged,
    // A FIFO Codex opened would block the run: it is stopped after this long.
    ...(testCase.special === "fifo" ? { timeoutMs: 20_000 } : {}),
  });
  const replacements = [
    [project, "<project>"],
    [codexHome, "<codex-home>"],
    [home, "<home>"],
  ];
  const items = errorItems(result.events)
    .filter((m) => !m.startsWith("Model metadata for"))
    .map((m) => normalize(m, replacements));
  return {
    case: testCase.name,
    description: testCase.description,
    layer: testCase.layer,
    args: testCase.args,
    ...(testCase.flagRule ? { flagRule: testCase.flagRule } : {}),
    ...(testCase.file !== "config.toml" ? { file: testCase.file } : {}),
    ...(testCase.special ? { special: testCase.special } : {}),
    exitCode: result.code,
    refused: result.code === 1,
    ...(result.code === 0 ? {} : { stderr: refusal(result.stderr, replacements) }),
    // Codex prints each warning item twice; once is enough here.
    warnings: [...new Set(items)],
  };
}

async function main() {
  requireCodex();
  const only = process.argv.slice(2);
  const names = readdirSync(CASES_DIR)
    .filter((f) => f.endsWith(".toml"))
    .map((f) => f.slice(0, -".toml".length))
    .filter((n) => only.length === 0 || only.includes(n))
    .sort();
  let previous = {};
  try {
    previous = JSON.parse(readFileSync(VERDICTS, "utf8")).cases ?? {};
  } catch {}
  const cases = only.length > 0 ? { ...previous } : {};
  for (const name of names) {
    const verdict = await recordCase(readConfigCase(name));
    cases[name] = verdict;
    process.stderr.write(`${name}: exit ${verdict.exitCode}\n`);
  }
  const sorted = Object.fromEntries(Object.entries(cases).sort(([a], [b]) => a.localeCompare(b)));
  writeJson(VERDICTS, {
    codexVersion: CODEX_VERSION,
    recorder: "conformance/record-config.mjs",
    cases: sorted,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
