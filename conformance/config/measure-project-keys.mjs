#!/usr/bin/env node
// Measures which top-level keys Codex ignores in a trusted project's `.codex/config.toml`
// ("Ignored unsupported project-local config keys in <file>: <keys>") and which make it fail to
// load there, and writes packages/codex/src/config/project-keys.generated.ts.
//
// Every top-level key of known-keys.generated.ts goes into one project config with a value of
// the type Codex measured for it; a key whose value Codex refuses is dropped (and recorded), and
// the run repeats until the config loads. Codex then names the keys it ignores.
//
// Usage: node conformance/config/measure-project-keys.mjs (after measure-known-keys.mjs and
// `npm run build`: it drives Codex through the built @ops-skill/codex)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CODEX_VERSION,
  ensureCodex,
  errorItemMessages,
  runCodexExec,
  runsCacheDir,
  startResponsesServer,
} from "@ops-skill/codex";

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const KNOWN = join(REPO_ROOT, "packages/codex/src/config/known-keys.generated.ts");
const OUT = join(REPO_ROOT, "packages/codex/src/config/project-keys.generated.ts");

function knownTree() {
  const text = readFileSync(KNOWN, "utf8");
  const start = text.indexOf("export const KNOWN_KEYS: KnownKeyNode = ");
  const json = text.slice(text.indexOf("=", start) + 1, text.lastIndexOf(";"));
  return JSON.parse(json);
}

function sampleValue(node, attempt = 0) {
  if (node.variants?.length) {
    const variant = node.variants[attempt];
    return variant === undefined ? undefined : JSON.stringify(variant);
  }
  if (attempt > 0) return undefined;
  if (node.kind === "table" || node.kind === "map" || node.kind === "open") return "{}";
  if (node.kind === "array") return "[]";
  switch (node.type) {
    case "string":
      return '"x"';
    case "boolean":
      return "false";
    case "unsigned":
    case "integer":
      return "1";
    case "number":
      return "1.0";
    default:
      return undefined;
  }
}

/** A fresh, empty directory (removed first if a previous run left it). */
function freshDir(path) {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  return path;
}

/** `codex exec --json` offline against the stub; `code` is the exit code. */
async function runExec(bin, { cwd, codexHome, home }) {
  const server = await startResponsesServer();
  try {
    const result = await runCodexExec({
      bin,
      cwd,
      codexHome,
      home,
      prompt: "Run the probe.",
      serverUrl: server.url,
    });
    return { ...result, code: result.exitCode };
  } finally {
    await server.close();
  }
}

async function main() {
  const bin = await ensureCodex({ repoRoot: REPO_ROOT });
  const tree = knownTree();
  const base = freshDir(join(runsCacheDir(REPO_ROOT), "measure-project-keys"));
  const project = join(base, "project");
  const codexHome = join(base, "codex-home");
  const home = join(base, "home");
  freshDir(join(project, ".codex"));
  freshDir(codexHome);
  freshDir(home);
  writeFileSync(
    join(codexHome, "config.toml"),
    `[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`,
  );
  const lines = new Map();
  const untestable = [];
  for (const [key, node] of Object.entries(tree.fields)) {
    const value = sampleValue(node);
    if (value === undefined) untestable.push(key);
    else lines.set(key, `${key} = ${value}`);
  }
  const refused = {};
  const attempts = new Map();
  for (;;) {
    const configPath = join(project, ".codex", "config.toml");
    const order = [...lines.keys()];
    writeFileSync(configPath, `${order.map((k) => lines.get(k)).join("\n")}\n`);
    const result = await runExec(bin, { cwd: project, codexHome, home });
    if (result.code === 0) {
      const message = errorItemMessages(result.events).find((m) =>
        m.startsWith("Ignored unsupported project-local config keys"),
      );
      const ignored = message ? message.split(": ")[1].split(". ")[0].split(", ") : [];
      writeFileSync(OUT, render(ignored, refused, untestable));
      process.stderr.write(`ignored in project config: ${ignored.join(", ")}\n`);
      process.stderr.write(`refused: ${JSON.stringify(refused)}\nuntested: ${untestable}\n`);
      return;
    }
    // Which key? Codex names the line, or the key in `in \`KEY\``.
    const lineNo = Number(/config\.toml:(\d+):\d+/.exec(result.stderr)?.[1] ?? 0);
    const inKey = /in `([^`.]+)/.exec(result.stderr)?.[1];
    const firstLine = (stderr) =>
      stderr.split("\n").find((l) => l.trim() && !l.startsWith("Reading additional")) ?? "";
    const key =
      (lineNo > 0 ? order[lineNo - 1] : undefined) ??
      inKey ??
      (await culprit(order, firstLine(result.stderr), async (subset) => {
        writeFileSync(configPath, `${subset.map((k) => lines.get(k)).join("\n")}\n`);
        const r = await runExec(bin, { cwd: project, codexHome, home });
        return firstLine(r.stderr);
      })) ??
      firstNamed(order, result.stderr);
    if (key === undefined || !lines.has(key)) {
      throw new Error(`cannot attribute: ${result.stderr.slice(-800)}`);
    }
    attempts.set(key, (attempts.get(key) ?? 0) + 1);
    const next = sampleValue(tree.fields[key], attempts.get(key));
    if (next !== undefined) {
      lines.set(key, `${key} = ${next}`);
      continue;
    }
    lines.delete(key);
    refused[key] = result.stderr
      .split("\n")
      .filter((l) => l && !l.startsWith("Reading additional"))
      .join(" ")
      .split(base)
      .join("<run>")
      .replace(/\/\S*config\.toml/g, "<file>")
      .slice(0, 300);
    process.stderr.write(`dropped ${key}: ${refused[key]}\n`);
  }
}

/** The key the message names first (`default_permissions refers to ...`), when halving fails. */
function firstNamed(keys, message) {
  let named;
  let at = Number.POSITIVE_INFINITY;
  for (const k of keys) {
    const m = new RegExp(`(^|[^A-Za-z0-9_])${k}([^A-Za-z0-9_]|$)`).exec(message);
    if (m && m.index < at) {
      at = m.index;
      named = k;
    }
  }
  return named;
}

/** The one key whose line alone gives the same error (by halving the key list). */
async function culprit(keys, error, errorOf) {
  let pool = keys;
  while (pool.length > 1) {
    const half = pool.slice(0, Math.ceil(pool.length / 2));
    pool = (await errorOf(half)) === error ? half : pool.slice(half.length);
  }
  return (await errorOf(pool)) === error ? pool[0] : undefined;
}

function render(ignored, refused, untestable) {
  return `// Generated by conformance/config/measure-project-keys.mjs. Do not edit.
// Top-level keys Codex ${CODEX_VERSION} ignores in a trusted project's .codex/config.toml, in the
// order it names them ("Ignored unsupported project-local config keys in <file>: ...").
export const PROJECT_IGNORED_KEYS: readonly string[] = ${JSON.stringify(ignored, null, 2)};

/** Top-level keys Codex refuses whatever their value ("... is no longer supported"). */
export const REFUSED_TOP_LEVEL_KEYS: Readonly<Record<string, string>> = ${JSON.stringify(
    Object.fromEntries(
      Object.entries(refused)
        .filter(([, why]) => /no longer supported/.test(why))
        .map(([k, why]) => [k, why.replace(/^Error:\s*/, "")])
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
    null,
    2,
  )};

/** Keys left out of the measurement because their sample value did not load (why). */
export const PROJECT_KEYS_NOT_MEASURED: Readonly<Record<string, string>> = ${JSON.stringify(
    Object.fromEntries(
      [
        ...Object.entries(refused),
        ...untestable.map((k) => [k, "no sample value of a measured type"]),
      ].sort(([a], [b]) => a.localeCompare(b)),
    ),
    null,
    2,
  )};
`;
}

await main();
