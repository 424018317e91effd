"use strict";
/**
 * The one program behind every tool shim of `ops-skill test` (docs/testing.md). Each shim is a
 * two-line file whose `#!` line is node itself:
 *
 *   #!/usr/bin/node
 *   require("<this file>").main("terraform", "<shim dir>/table.json");
 *
 * It answers from the recorded calls of the scenario (table.json, written by shims.ts), matched
 * by argument vector and, when a record names one, by stdin. A call nothing answers fails
 * closed: exit 127, nothing runs, and stderr names the nearest recorded call and what differs.
 * Every call is appended to the call log, so the runner lists unused records and forbidden
 * commands. `date` with no record prints the frozen clock of the scenario.
 *
 * Plain CommonJS with node's own modules only, so a call costs little more than node's start.
 */
const fs = require("node:fs");
const path = require("node:path");

/** Exit code of a call nothing answers (the shell's "command not found"). */
const UNRECORDED_EXIT = 127;
/** How long a shim waits for a stdin it must compare to be closed, unless the table says. */
const STDIN_TIMEOUT_MS = 10_000;
const LOCK_TIMEOUT_MS = 10_000;

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Writes all of `bytes` to `fd`, waiting out a non-blocking pipe; false once the reader left. */
function writeAll(fd, bytes) {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if (error.code === "EAGAIN") {
        sleep(1);
        continue;
      }
      return false; // EPIPE: the reader is gone, as a real tool would be killed by SIGPIPE
    }
  }
  return true;
}

function writeRecorded(fd, bytes) {
  if (bytes === null || bytes === undefined) return;
  if (bytes.file !== undefined) {
    const input = fs.openSync(bytes.file, "r");
    try {
      const buffer = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const n = fs.readSync(input, buffer, 0, buffer.length, null);
        if (n === 0 || !writeAll(fd, buffer.subarray(0, n))) break;
      }
    } finally {
      fs.closeSync(input);
    }
    return;
  }
  writeAll(fd, bytesOf(bytes));
}

function bytesOf(bytes) {
  if (bytes.text !== undefined) return Buffer.from(bytes.text, "utf8");
  if (bytes.base64 !== undefined) return Buffer.from(bytes.base64, "base64");
  return fs.readFileSync(bytes.file);
}

/** Stdin's bytes; empty for a terminal or a closed stdin; null when it stays open too long. */
function readStdin(timeoutMs) {
  return new Promise((resolve) => {
    let info;
    try {
      info = fs.fstatSync(0);
    } catch {
      resolve(Buffer.alloc(0));
      return;
    }
    if (info.isCharacterDevice() && require("node:tty").isatty(0)) {
      resolve(Buffer.alloc(0));
      return;
    }
    const chunks = [];
    const stream = fs.createReadStream("", { fd: 0, autoClose: false });
    const timer = setTimeout(() => {
      stream.destroy();
      resolve(null);
    }, timeoutMs);
    stream.on("data", (chunk) => chunks.push(chunk));
    const finish = () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    };
    stream.on("end", finish);
    stream.on("error", finish);
  });
}

const sameArgs = (a, b) => a.length === b.length && a.every((arg, k) => arg === b[k]);

function stdinMatches(record, stdin) {
  if (!record.stdin) return true;
  return stdin !== null && stdin !== undefined && bytesOf(record.stdin).equals(stdin);
}

/** Levenshtein distance between two argument vectors, word by word. */
function argsDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/** A word as a shell would need it, for messages. */
function quoteWord(word) {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
  if (/[\u0000-\u001f\u007f]/.test(word)) return `$${JSON.stringify(word).replace(/'/g, "\\'")}`;
  return `'${word.replace(/'/g, "'\\''")}'`;
}

const commandLine = (tool, args) => [tool, ...args].map(quoteWord).join(" ");

/** Says how a call differs from a recorded one: the first argument, or stdin. */
function describeDifference(args, stdin, record) {
  const recorded = record.args;
  const shared = Math.min(args.length, recorded.length);
  for (let k = 0; k < shared; k++) {
    if (args[k] !== recorded[k]) {
      return `argument ${k + 1} differs: got ${quoteWord(args[k])}, recorded ${quoteWord(recorded[k])}`;
    }
  }
  if (args.length > recorded.length) {
    return `argument ${shared + 1} is extra: got ${quoteWord(args[shared])} (recorded ${recorded.length} arguments, got ${args.length})`;
  }
  if (args.length < recorded.length) {
    return `argument ${shared + 1} is missing: recorded ${quoteWord(recorded[shared])} (recorded ${recorded.length} arguments, got ${args.length})`;
  }
  if (!stdinMatches(record, stdin)) {
    if (stdin === null) return "stdin differs: it was still open when the shim stopped waiting";
    const want = bytesOf(record.stdin);
    let at = 0;
    while (at < want.length && at < stdin.length && want[at] === stdin[at]) at++;
    return `stdin differs at byte ${at}: got ${stdin.length} bytes, recorded ${want.length}`;
  }
  return undefined;
}

/** Why no record answers the call, naming the nearest one. Pure. */
function explainUnmatched(table, tool, args, stdin, uses) {
  const own = table.recordings.filter((record) => record.tool === tool);
  const head = `ops-skill test: unrecorded call, not run: ${commandLine(tool, args)}`;
  if (own.length === 0) {
    return `${head}\n  no call of ${tool} is recorded in this scenario (${table.calls})`;
  }
  const exact = own.filter((r) => sameArgs(r.args, args) && stdinMatches(r, stdin));
  if (exact.length > 0) {
    const last = exact[exact.length - 1];
    return (
      `${head}\n  recorded ${exact.length} time(s) (last at ${last.source}), and this is call ` +
      `${exact.reduce((n, r) => n + (uses.get(r.id) ?? 0), 0) + 1}: record another answer, or set "repeat": true`
    );
  }
  let nearest = own[0];
  let best = Number.POSITIVE_INFINITY;
  for (const record of own) {
    const distance = argsDistance(args, record.args) + (stdinMatches(record, stdin) ? 0 : 0.5);
    if (distance < best) {
      best = distance;
      nearest = record;
    }
  }
  return (
    `${head}\n  nearest recorded call (${nearest.source}): ${commandLine(tool, nearest.args)}` +
    `\n  ${describeDifference(args, stdin, nearest)}`
  );
}

/** Picks the record answering a call: the first unused match, or a `repeat` one. Pure. */
function pickRecord(table, tool, args, stdin, uses) {
  for (const record of table.recordings) {
    if (record.tool !== tool || !sameArgs(record.args, args) || !stdinMatches(record, stdin)) {
      continue;
    }
    if (record.repeat || (uses.get(record.id) ?? 0) === 0) return record;
  }
  return undefined;
}

function withLock(dir, action) {
  const lock = path.join(dir, ".lock");
  const start = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      if (Date.now() - start > LOCK_TIMEOUT_MS) {
        // A shim killed while holding it: take it over.
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      sleep(2);
    }
  }
  try {
    return action();
  } finally {
    fs.rmdirSync(lock);
  }
}

function readLog(file) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

function usesOf(log) {
  const uses = new Map();
  for (const entry of log) {
    if (entry.record !== null && entry.record !== undefined) {
      uses.set(entry.record, (uses.get(entry.record) ?? 0) + 1);
    }
  }
  return uses;
}

const DATE_SETTERS = ["set", "file"];
const DATE_LONG = ["date", "set", "file", "reference"];

/** The input options of a `date` call: `-d`, `-s`, `-f`, `-r` and their long forms. */
function dateInputs(args) {
  const found = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (arg === "--") break;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const long = name.length >= 3 ? DATE_LONG.find((o) => o.startsWith(name)) : undefined;
      if (long === undefined) continue;
      const value = eq < 0 ? args[++k] : arg.slice(eq + 1);
      found.push({ option: long, value });
    } else if (arg.startsWith("-") && arg.length > 1) {
      for (let c = 1; c < arg.length; c++) {
        const letter = arg[c];
        if (letter === "I") break; // -I[FMT]: the rest is its value
        const option = { d: "date", s: "set", f: "file", r: "reference" }[letter];
        if (option === undefined) continue;
        const value = c + 1 < arg.length ? arg.slice(c + 1) : args[++k];
        found.push({ option, value });
        break;
      }
    }
  }
  return found;
}

/** `date` with no record: the real date at the frozen clock, or why it cannot be. */
function frozenDate(table, args) {
  const real = table.realDate;
  const refuse = (why) => ({ problem: `ops-skill test: ${commandLine("date", args)}: ${why}` });
  if (!real) return refuse("no real date program was found to print the frozen clock");
  const inputs = dateInputs(args);
  const setter = inputs.find((input) => DATE_SETTERS.includes(input.option));
  if (setter) return refuse(`--${setter.option} is not run in a test; record the call instead`);
  const date = inputs.find((input) => input.option === "date");
  if (inputs.length === 0) return { run: [real, ["-d", `@${table.clock.epoch}`, ...args]] };
  if (date && typeof date.value === "string" && !/^@-?\d+(\.\d+)?$/.test(date.value)) {
    // GNU date reads relative dates ("tomorrow", "+12 days") from the real now: not frozen.
    const probe = require("node:child_process").spawnSync(
      real,
      ["--debug", "-d", date.value, "+%s"],
      { encoding: "utf8" },
    );
    if (/using current (time|date)/.test(probe.stderr ?? "")) {
      return refuse(
        `${quoteWord(date.value)} is relative to the real time, which a test cannot freeze; record the call, or compute from an absolute date or @${table.clock.epoch}`,
      );
    }
  }
  return { run: [real, args] };
}

function appendLog(table, entry) {
  fs.appendFileSync(table.log, `${JSON.stringify(entry)}\n`);
}

/** Picks the answer of a call under the lock and logs the call. */
function decide(table, tool, args, stdin) {
  return withLock(table.dir, () => {
    const log = readLog(table.log);
    const uses = usesOf(log);
    const record = pickRecord(table, tool, args, stdin, uses);
    const entry = {
      seq: log.length + 1,
      tool,
      args,
      cwd: process.cwd(),
      stdin:
        stdin === undefined ? null : stdin === null ? { timedOut: true } : { bytes: stdin.length },
      record: record ? record.id : null,
    };
    if (record) {
      entry.exit = record.exit;
      appendLog(table, entry);
      return { record };
    }
    if (tool === "date") {
      const frozen = frozenDate(table, args);
      if (frozen.run) {
        entry.clock = true;
        appendLog(table, entry);
        return { frozen: frozen.run };
      }
      entry.exit = UNRECORDED_EXIT;
      entry.problem = frozen.problem;
      appendLog(table, entry);
      return { problem: frozen.problem };
    }
    const problem = explainUnmatched(table, tool, args, stdin, uses);
    entry.exit = UNRECORDED_EXIT;
    entry.problem = problem;
    appendLog(table, entry);
    return { problem };
  });
}

async function main(tool, tablePath) {
  const args = process.argv.slice(2);
  let table;
  try {
    table = JSON.parse(fs.readFileSync(tablePath, "utf8"));
  } catch (error) {
    writeAll(
      2,
      Buffer.from(`ops-skill test: ${tool}: cannot read ${tablePath}: ${error.message}\n`),
    );
    process.exit(UNRECORDED_EXIT);
  }
  const sameCall = table.recordings.filter((r) => r.tool === tool && sameArgs(r.args, args));
  // Stdin is read only when a record of this very call compares it: a shim never waits on a
  // terminal or an open pipe it has no use for.
  const stdin = sameCall.some((r) => r.stdin)
    ? await readStdin(table.stdinTimeoutMs ?? STDIN_TIMEOUT_MS)
    : undefined;
  let decision;
  try {
    decision = decide(table, tool, args, stdin);
  } catch (error) {
    // Measured: under Codex's read-only sandbox nothing is writable, not even the shim folder.
    decision = {
      problem:
        `ops-skill test: ${commandLine(tool, args)}: not answered: the call log ${table.log} cannot be written ` +
        `(${error.code ?? error.message}), and a call that is not logged is not answered`,
    };
  }
  if (decision.record) {
    writeRecorded(1, decision.record.stdout);
    writeRecorded(2, decision.record.stderr);
    process.exit(decision.record.exit);
  }
  if (decision.frozen) {
    const [program, argv] = decision.frozen;
    const run = require("node:child_process").spawnSync(program, argv, { stdio: "inherit" });
    process.exit(run.status ?? 1);
  }
  writeAll(2, Buffer.from(`${decision.problem}\n`));
  process.exit(UNRECORDED_EXIT);
}

module.exports = { main, pickRecord, explainUnmatched, dateInputs, readLog, UNRECORDED_EXIT };

// `node runtime.cjs <tool> <table.json> [args...]`: the form for a node path a `#!` line cannot hold.
if (require.main === module) {
  const [tool, table] = process.argv.splice(2, 2);
  main(tool, table);
}
