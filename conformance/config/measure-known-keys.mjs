#!/usr/bin/env node
// Measures which config keys the real Codex knows, as `--strict-config` judges them, and writes
// packages/codex/src/config/known-keys.generated.ts.
//
// 1. Candidates: every identifier-like `&str` the Codex binary keeps as a (pointer, length) pair
//    in `.data.rel.ro` (serde's field lists, feature keys, ...), read from the ELF file.
// 2. For each table path, all candidates go into one config, each as `name = []`, and Codex runs
//    with `--strict-config`. A value Codex does not accept for a known key fails the load at that
//    key ("invalid type ... expected ..."); the key is recorded with what Codex expected and taken
//    out, and the run repeats until the load fails on an unknown key. Then the remaining
//    candidates are run once more as `name = "__ops_probe__"` to find the array-typed keys. What
//    is left is unknown, and the measurement checks that Codex names one of them as unknown.
// 3. Tables (`expected struct X`) are measured the same way, maps (`expected a map`) through one
//    placeholder entry, arrays of tables through a one-element array.
//
// 4. A second pass per table adds the identifier-like substrings of the `.rodata` text around its
//    known fields as candidates (struct field names sit there side by side; not every struct has
//    a field list step 1 finds, e.g. `[tui]`).
//
// Usage: node conformance/config/measure-known-keys.mjs          (everything, about 45 minutes)
//        node conformance/config/measure-known-keys.mjs --only tui [--write]   (one table)
//        node conformance/config/measure-known-keys.mjs --augment  (step 4 on the written file)
// Needs `npm run build` (the pinned version and the install come from @ops-skill/codex) and no
// network: a config that loads is stopped at `turn.started` (Codex may try its default endpoint
// first). It runs the native binary of the npm package directly, without a stub provider: the
// provider flags would override the keys under test.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CODEX_VERSION, ensureCodex, runsCacheDir } from "@ops-skill/codex";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const VERSION = CODEX_VERSION;
/** The Linux binary inside the pinned install (`<prefix>/node_modules/.bin/codex` → its package). */
const NATIVE = join(
  dirname(dirname(dirname(realpathSync(await ensureCodex({ repoRoot: ROOT }))))),
  "codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex",
);
const OUT = join(ROOT, "packages/codex/src/config/known-keys.generated.ts");
const RUNS = join(runsCacheDir(ROOT), "measure-known-keys");
const PROBE = "__ops_probe__";

/** Minimal entries for maps whose values Codex validates beyond their types. */
const MAP_ENTRY_BASE = {
  model_providers: ['name = "x"'],
  mcp_servers: ['command = "true"'],
};

// ---------------------------------------------------------------------------------------------
// 1. Candidates from the binary

function candidatesFromBinary(path) {
  const data = readFileSync(path);
  const shoff = Number(data.readBigUInt64LE(0x28));
  const shentsize = data.readUInt16LE(0x3a);
  const shnum = data.readUInt16LE(0x3c);
  const shstrndx = data.readUInt16LE(0x3e);
  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * shentsize;
    sections.push({
      nameOffset: data.readUInt32LE(at),
      addr: Number(data.readBigUInt64LE(at + 0x10)),
      offset: Number(data.readBigUInt64LE(at + 0x18)),
      size: Number(data.readBigUInt64LE(at + 0x20)),
    });
  }
  const strtab = sections[shstrndx];
  const nameOf = (s) => {
    const start = strtab.offset + s.nameOffset;
    return data.toString("latin1", start, data.indexOf(0, start));
  };
  const byName = new Map(sections.map((s) => [nameOf(s), s]));
  const rodata = byName.get(".rodata");
  const relro = byName.get(".data.rel.ro");
  const names = new Set();
  const ident = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
  for (let at = relro.offset; at + 16 <= relro.offset + relro.size; at += 8) {
    const pointer = Number(data.readBigUInt64LE(at));
    const length = Number(data.readBigUInt64LE(at + 8));
    if (length < 1 || length > 80) continue;
    if (pointer < rodata.addr || pointer + length > rodata.addr + rodata.size) continue;
    const start = rodata.offset + pointer - rodata.addr;
    const text = data.toString("latin1", start, start + length);
    if (ident.test(text)) names.add(text);
  }
  names.delete(PROBE);
  const runs = [];
  const text = data.toString("latin1", rodata.offset, rodata.offset + rodata.size);
  for (const match of text.matchAll(/[A-Za-z0-9_]{4,}/g)) runs.push(match[0]);
  return { names: [...names].sort(), runs };
}

/**
 * More candidates for a table: serde keeps a struct's field names next to each other in
 * `.rodata`, without separators, and not every struct has a field list the scan above finds. So
 * every identifier-like substring of the `.rodata` runs that hold a distinctive known field of
 * the table is a candidate too.
 */
function neighbourCandidates(runs, knownFields) {
  const distinctive = knownFields.filter(
    (f) => f.length >= 6 && runs.filter((r) => r.includes(f)).length <= 2,
  );
  const chosen = new Set(runs.filter((r) => distinctive.some((f) => r.includes(f))));
  const out = new Set();
  for (const run of chosen)
    for (let i = 0; i < run.length; i++)
      for (let j = i + 3; j <= Math.min(run.length, i + 48); j++) {
        const word = run.slice(i, j);
        if (/^[a-z_][A-Za-z0-9_]*$/.test(word)) out.add(word);
      }
  for (const f of knownFields) out.delete(f);
  out.delete(PROBE);
  return [...out].sort();
}

// ---------------------------------------------------------------------------------------------
// 2. Running Codex

let runCounter = 0;

function runCodex(configText, { strict = true } = {}) {
  const dir = join(RUNS, `run-${runCounter++}`);
  const codexHome = join(dir, "codex-home");
  const home = join(dir, "home");
  const work = join(dir, "work");
  for (const d of [codexHome, home, work]) mkdirSync(d, { recursive: true });
  writeFileSync(join(codexHome, "config.toml"), configText);
  const env = {};
  for (const [k, v] of Object.entries(process.env))
    if (k !== "RUST_BACKTRACE" && k !== "RUST_LOG" && !k.startsWith("CODEX_")) env[k] = v;
  Object.assign(env, { HOME: home, CODEX_HOME: codexHome });
  // No provider flags: they would override the keys under test. A config that loads goes on to
  // a turn against the default provider; the run is stopped at `turn.started`.
  const args = [
    "exec",
    "--json",
    "--skip-git-repo-check",
    ...(strict ? ["--strict-config"] : []),
    "hi",
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(NATIVE, args, {
      cwd: work,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let loaded = false;
    const stop = () => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    };
    child.stdout.on("data", (c) => {
      stdout += c;
      if (stdout.includes('"type":"turn.started"')) {
        loaded = true;
        stop();
      }
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      loaded = true;
      stop();
    }, 15000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: loaded ? 0 : code, stderr, stdout });
    });
  });
}

/** Non-strict: how many settings Codex says it ignores. */
function ignoredCount(result) {
  const m = /Codex is ignoring (\d+) unrecognized configuration setting/.exec(result.stdout);
  return m ? Number(m[1]) : 0;
}

/** `Error loading config.toml:\n<file>:L:C: <message>` → message. */
function loadError(result) {
  if (result.code === 0) return undefined;
  const match = /config\.toml:\d+:\d+: (.*)/.exec(result.stderr);
  if (match) return match[1];
  const lines = result.stderr.split("\n").filter((l) => l && !l.startsWith("Reading additional"));
  return lines.join(" | ");
}

// ---------------------------------------------------------------------------------------------
// 3. Measuring tables

const quote = (segment) => (/^[A-Za-z0-9_-]+$/.test(segment) ? segment : JSON.stringify(segment));

/**
 * Config text that defines table `path` with `lines` inside it. A segment `{name, mapOf}` is a
 * placeholder entry of map `mapOf` (it gets the entry fields Codex requires); `{name, array}` is
 * the one element of an array of tables.
 */
function configFor(path, lines) {
  const out = [];
  const prefix = [];
  for (const [i, segment] of path.entries()) {
    prefix.push(segment.name);
    const header = prefix.map(quote).join(".");
    const isArray = path.slice(i).some((s) => s.array);
    const base = segment.mapOf !== undefined ? (MAP_ENTRY_BASE[segment.mapOf] ?? []) : [];
    if (i === path.length - 1) out.push(isArray ? `[[${header}]]` : `[${header}]`, ...base);
    else if (base.length > 0 || segment.array)
      out.push(segment.array ? `[[${header}]]` : `[${header}]`, ...base);
  }
  out.push(...lines);
  return `${out.join("\n")}\n`;
}

const dotted = (path) => path.map((s) => s.name).join(".");
const unknownField = (message) => /^unknown configuration field `([^`]*)`/.exec(message ?? "")?.[1];

/** Which line of the config Codex pointed at, and the key written on it. */
function keyAtError(result, text) {
  const lineMatch = /config\.toml:(\d+):\d+:/.exec(result.stderr);
  const line = text.split("\n")[(lineMatch ? Number(lineMatch[1]) : 0) - 1] ?? "";
  if (!line.includes(" = ")) return undefined;
  const raw = line.split(" = ")[0];
  return raw.startsWith('"') ? JSON.parse(raw) : raw;
}

/** Finds the keys of table `path` that Codex knows, by elimination (see the header). */
async function knownKeysOf(path, candidates, log) {
  const table = dotted(path) || "<root>";
  const baseKeys = new Set(
    path.at(-1)?.mapOf !== undefined
      ? (MAP_ENTRY_BASE[path.at(-1).mapOf] ?? []).map((l) => l.split(" ")[0])
      : [],
  );
  const remaining = new Set(candidates.filter((c) => !baseKeys.has(c)));
  const known = new Map([...baseKeys].map((k) => [k, "required entry field"]));
  for (const value of ["[]", `"${PROBE}"`, "1", "true"]) {
    for (;;) {
      const text = configFor(
        path,
        [...remaining].map((c) => `${quote(c)} = ${value}`),
      );
      const result = await runCodex(text);
      const message = loadError(result);
      if (message === undefined || unknownField(message)) break;
      let key = keyAtError(result, text);
      if (key === undefined || !remaining.has(key)) {
        // An error Codex does not tie to a line (a check after parsing, an untagged enum):
        // find the candidate that causes it by halving.
        key = await culprit(path, [...remaining], value, message);
      }
      if (key === undefined || !remaining.has(key)) {
        log(`  ${table}: cannot attribute: ${message}`);
        return undefined;
      }
      remaining.delete(key);
      known.set(key, message);
      log(`  ${table}.${key}: ${message}`);
    }
  }
  return known;
}

/** The one candidate whose `name = value` line alone makes Codex fail with `message`. */
async function culprit(path, names, value, message) {
  const fails = async (subset) => {
    const result = await runCodex(
      configFor(
        path,
        subset.map((c) => `${quote(c)} = ${value}`),
      ),
    );
    return loadError(result) === message;
  };
  let pool = names;
  if (!(await fails(pool))) return undefined;
  while (pool.length > 1) {
    const half = pool.slice(0, Math.ceil(pool.length / 2));
    pool = (await fails(half)) ? half : pool.slice(half.length);
  }
  return (await fails(pool)) ? pool[0] : undefined;
}

function kindOf(message) {
  if (/expected struct|expected a table/.test(message)) return "table";
  if (/expected a map/.test(message)) return "map";
  if (/expected a sequence|expected an array/.test(message)) return "array";
  return "value";
}

/**
 * `features`: every key type-checks as a boolean and the known names are checked afterwards, so
 * the names are found by group testing on the count of ignored settings Codex reports without
 * `--strict-config`.
 */
async function measureFeatureNames(path, candidates, log) {
  const table = dotted(path);
  const count = async (names) => {
    if (names.length === 0) return 0;
    const result = await runCodex(
      configFor(
        path,
        names.map((n) => `${quote(n)} = true`),
      ),
      { strict: false },
    );
    const message = loadError(result);
    if (message !== undefined) throw new Error(`${table}: ${message}`);
    return ignoredCount(result);
  };
  // Names that do not take a boolean are found first, by elimination.
  const pool = new Set(candidates);
  const known = new Map();
  for (;;) {
    const text = configFor(
      path,
      [...pool].map((n) => `${quote(n)} = true`),
    );
    const result = await runCodex(text, { strict: false });
    const message = loadError(result);
    if (message === undefined) break;
    // A load error names the feature by its line, or in its text (`features.X.y is required`).
    const named = new RegExp(`${table.replaceAll(".", "\\.")}\\.([A-Za-z0-9_-]+)`).exec(
      message,
    )?.[1];
    const key = keyAtError(result, text) ?? named;
    if (key === undefined || !pool.has(key)) throw new Error(`${table}: ${message}`);
    pool.delete(key);
    known.set(key, message);
    log(`  ${table}.${key}: ${message}`);
  }
  const find = async (names, knownCount) => {
    if (knownCount === 0) return [];
    if (knownCount === names.length) return names;
    const half = names.slice(0, Math.ceil(names.length / 2));
    const rest = names.slice(half.length);
    const inHalf = half.length - (await count(half));
    return [...(await find(half, inHalf)), ...(await find(rest, knownCount - inHalf))];
  };
  const all = [...pool];
  const total = all.length - (await count(all));
  log(`  ${table}: ${total} names take a boolean`);
  for (const name of await find(all, total)) known.set(name, "boolean");
  return known;
}

/** Measures table `path`: its known keys, and recursively the tables below them. */
async function measure(path, candidates, log, depth = 0) {
  const table = dotted(path) || "<root>";
  const pre = await runCodex(configFor(path, [`${PROBE} = []`]));
  const preMessage = loadError(pre);
  if (preMessage === undefined) {
    log(`  ${table}: any key is accepted`);
    return { kind: "open" };
  }
  if (path.at(-1)?.name === "features") {
    const names = await measureFeatureNames(path, candidates, log);
    const fields = {};
    for (const name of [...names.keys()].sort()) fields[name] = { kind: "value" };
    return { kind: "table", fields };
  }
  const denied = /^unknown field `[^`]*`, (?:expected|there are no fields)(.*)$/.exec(preMessage);
  if (denied) {
    // `deny_unknown_fields`: Codex refuses unknown keys here even without --strict-config, and
    // its message lists the known ones.
    const fields = {};
    for (const [, name] of (denied[1] ?? "").matchAll(/`([^`]*)`/g))
      fields[name] = { kind: "value" };
    log(`  ${table}: refuses unknown keys; knows ${Object.keys(fields).join(", ")}`);
    return { kind: "table", fatal: true, fields };
  }
  if (unknownField(preMessage) !== `${dotted(path) ? `${dotted(path)}.` : ""}${PROBE}`) {
    // Any key type-checks against the map's entry type (a map, or a struct with a flattened map).
    log(`  ${table}: keys are map entries: ${preMessage}`);
    return { kind: "map", entry: await measureEntry(path, candidates, log, depth) };
  }
  const known = await knownKeysOf(path, candidates, log);
  if (known === undefined) return { kind: "open" };
  const node = { kind: "table", fields: {} };
  for (const [key, message] of [...known].sort(([a], [b]) => a.localeCompare(b))) {
    const kind = depth >= 5 ? "value" : kindOf(message);
    const child = [...path, { name: key }];
    if (kind === "table") node.fields[key] = await measure(child, candidates, log, depth + 1);
    else if (kind === "map")
      node.fields[key] = { kind: "map", entry: await measureEntry(child, candidates, log, depth) };
    else if (kind === "array")
      node.fields[key] = { kind: "array", item: await measureItem(child, candidates, log, depth) };
    else node.fields[key] = await measureValue(child, message, log);
  }
  return node;
}

/** What Codex expects of a value, from its answer to `[]`; for enums, the variants. */
async function measureValue(path, message, log) {
  const node = { kind: "value" };
  const expected = /expected (.*)$/.exec(message)?.[1] ?? "";
  if (/^(a string|path string|string only)/.test(expected)) node.type = "string";
  else if (/^a boolean/.test(expected)) node.type = "boolean";
  else if (/^(a nonzero )?(u8|u16|u32|u64|usize)$/.test(expected)) node.type = "unsigned";
  else if (/^(i8|i16|i32|i64|isize)$/.test(expected)) node.type = "integer";
  else if (/^(f32|f64)$/.test(expected)) node.type = "number";
  if (/unit variant|string only/.test(message)) {
    const parent = path.slice(0, -1);
    const key = path.at(-1).name;
    const result = await runCodex(configFor(parent, [`${quote(key)} = "${PROBE}"`]));
    const answer = loadError(result) ?? "";
    const variants = /unknown variant `[^`]*`, expected (.*)$/.exec(answer)?.[1];
    if (variants) {
      node.variants = [...variants.matchAll(/`([^`]*)`/g)].map((m) => m[1]);
      log(`  ${dotted(path)}: one of ${node.variants.join(", ")}`);
    } else log(`  ${dotted(path)}: enum probe: ${answer || "accepted"}`);
  }
  return node;
}

/** The entries of map `path`: a table Codex checks, or anything. */
async function measureEntry(path, candidates, log, depth) {
  const last = path.at(-1)?.name;
  const entryPath = [...path, { name: PROBE, mapOf: last }];
  const result = await runCodex(configFor(entryPath, [`${PROBE}2 = 1`]));
  const message = loadError(result);
  if (unknownField(message) === `${dotted(entryPath)}.${PROBE}2`)
    return measure(entryPath, candidates, log, depth + 1);
  log(`  ${dotted(entryPath)}: not a checked table: ${message ?? "accepted"}`);
  return { kind: message === undefined ? "open" : "value" };
}

/** The items of array `path`: tables Codex checks, or values. */
async function measureItem(path, candidates, log, depth) {
  const itemPath = [...path.slice(0, -1), { ...path.at(-1), array: true }];
  const result = await runCodex(configFor(itemPath, [`${PROBE} = 1`]));
  const message = loadError(result);
  const field = unknownField(message);
  if (field?.endsWith(PROBE)) {
    log(`  ${dotted(path)}: array of tables (${field})`);
    return measure(itemPath, candidates, log, depth + 1);
  }
  return { kind: "value" };
}

async function main() {
  const onlyIndex = process.argv.indexOf("--only");
  const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;
  rmSync(RUNS, { recursive: true, force: true });
  mkdirSync(RUNS, { recursive: true });
  const { names: candidates, runs } = candidatesFromBinary(NATIVE);
  const log = (line) => process.stderr.write(`${line}\n`);
  log(`${candidates.length} candidate names from the binary`);
  try {
    if (process.argv.includes("--augment")) {
      const text = readFileSync(OUT, "utf8");
      const start = text.indexOf("=", text.indexOf("export const KNOWN_KEYS: KnownKeyNode"));
      const whole = JSON.parse(text.slice(start + 1, text.lastIndexOf(";")));
      await augment(whole, [], candidates, runs, log);
      writeFileSync(OUT, render(whole, candidates.length));
      log(`augmented ${OUT}`);
      return;
    }
    const path = only ? only.split(".").map((name) => ({ name })) : [];
    const tree = await measure(path, candidates, log);
    if (only) {
      if (!process.argv.includes("--write")) {
        process.stdout.write(`${JSON.stringify(tree, null, 2)}\n`);
        return;
      }
      // Replace that table in the generated file (a partial re-measurement).
      const text = readFileSync(OUT, "utf8");
      const start = text.indexOf("=", text.indexOf("export const KNOWN_KEYS: KnownKeyNode"));
      const whole = JSON.parse(text.slice(start + 1, text.lastIndexOf(";")));
      let node = whole;
      for (const segment of path.slice(0, -1)) node = node.fields[segment.name];
      node.fields[path.at(-1).name] = tree;
      writeFileSync(OUT, render(whole, candidates.length));
      log(`updated ${only} in ${OUT}`);
      return;
    }
    await augment(tree, [], candidates, runs, log);
    writeFileSync(OUT, render(tree, candidates.length));
    log(`wrote ${OUT}`);
  } finally {
    rmSync(RUNS, { recursive: true, force: true });
  }
}

/** Second pass over every measured table with neighbour candidates (see neighbourCandidates). */
async function augment(node, path, candidates, runs, log) {
  if (node.kind === "map") {
    const last = path.at(-1)?.name;
    await augment(node.entry, [...path, { name: PROBE, mapOf: last }], candidates, runs, log);
    return;
  }
  if (node.kind !== "table" || node.fatal || path.at(-1)?.name === "features") return;
  const extra = neighbourCandidates(runs, Object.keys(node.fields));
  if (extra.length > 0) {
    const found = new Map();
    for (let i = 0; i < extra.length; i += 40_000) {
      const chunk = await knownKeysOf(path, extra.slice(i, i + 40_000), log);
      for (const [key, message] of chunk ?? []) found.set(key, message);
    }
    for (const [key, message] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
      if (key in node.fields) continue;
      const kind = kindOf(message);
      const child = [...path, { name: key }];
      log(`  + ${dotted(child)} (${kind})`);
      if (kind === "table")
        node.fields[key] = await measure(child, candidates, log, path.length + 1);
      else if (kind === "map")
        node.fields[key] = {
          kind: "map",
          entry: await measureEntry(child, candidates, log, path.length),
        };
      else if (kind === "array")
        node.fields[key] = {
          kind: "array",
          item: await measureItem(child, candidates, log, path.length),
        };
      else node.fields[key] = await measureValue(child, message, log);
    }
    node.fields = Object.fromEntries(
      Object.entries(node.fields).sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  for (const [key, child] of Object.entries(node.fields))
    await augment(child, [...path, { name: key }], candidates, runs, log);
}

function render(tree, candidateCount) {
  return `// Generated by conformance/config/measure-known-keys.mjs. Do not edit.
// The config keys Codex ${VERSION} knows, as \`--strict-config\` judges them: measured by loading
// every one of the ${candidateCount} identifier strings of the binary as a key at each table.
import type { KnownKeyNode } from "./known-keys.js";

export const KNOWN_KEYS_CODEX_VERSION = "${VERSION}";

export const KNOWN_KEYS: KnownKeyNode = ${JSON.stringify(tree, null, 2)};
`;
}

await main();
