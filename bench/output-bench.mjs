#!/usr/bin/env node
/**
 * Times every output format of `ops-skill lint` on a made-up run with many findings, so a
 * formatter that is not linear in its input shows. Build first: it loads packages/lint/dist
 * (`npm run bench:output` builds).
 *
 *   node bench/output-bench.mjs [--findings N] [--runs R] [--seed SEED] [--json] [--package DIR]
 *
 * Two runs of N findings (default 100,000) each, with messages that hold control characters
 * and quotes the formats must escape:
 *   - spread:   N / 100 files of 100 findings each, every file a 400-line source;
 *   - one file: N findings in one file whose source has N lines (a pasted log).
 * Each formatter is timed in this process: one untimed warm-up, then R runs; the median is
 * printed, with the output's size. `--package DIR` times another build of @ops-skill/lint
 * (another checkout's `packages/lint`), to compare. Exits 1 when a format's output is not
 * what it must be (JSON and SARIF that do not parse, a line count that is off).
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { log, median, parseBenchArgs, prng } from "./_shared.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CWD = "/work/project";

const argv = process.argv.slice(2);
const packageAt = argv.indexOf("--package");
const packageDir = packageAt === -1 ? join(ROOT, "packages", "lint") : resolve(argv[packageAt + 1]);
if (packageAt !== -1) argv.splice(packageAt, 2);
const options = parseBenchArgs(argv, {
  script: "output-bench.mjs [--package DIR]",
  countFlag: "findings",
  defaultCount: 100_000,
  defaultSeed: "output",
});

const { formatters } = await import(
  pathToFileURL(join(packageDir, "dist", "formatters", "index.js")).href
);

const RULES = [
  ["quality/placeholder-text", "warning"],
  ["codex/yaml-syntax", "error"],
  ["ops/mutating-command", "warning"],
  ["spec/name-format", "info"],
];
const MESSAGES = [
  'Placeholder "TODO" left in the instructions.',
  'The name "drift\u001b[31m-check" has characters Codex never lists: <a & b>.',
  "Line with a carriage return\r and a bell\u0007 and 100% of a %0A.",
  "naïve café — 日本語 🚀 \u202eevil\u202c done",
];

function sourceOf(lines, random) {
  const out = [];
  for (let i = 0; i < lines; i++)
    out.push(random.chance(0.1) ? "" : `line ${i + 1}: TODO lorem ipsum dolor sit amet, ${i}`);
  return out.join("\n");
}

/** A lint result with `files` files of `perFile` findings, each file a `lines`-line source. */
function resultOf(files, perFile, lines, random) {
  const results = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (let f = 0; f < files; f++) {
    const filePath = `${CWD}/.agents/skills/skill-${f}/SKILL.md`;
    const diagnostics = [];
    for (let i = 0; i < perFile; i++) {
      const [ruleId, severity] = RULES[i % RULES.length];
      const line = 1 + ((i * 7) % lines);
      const column = random.int(1, 20);
      counts[severity]++;
      diagnostics.push({
        ruleId,
        severity,
        message: MESSAGES[i % MESSAGES.length],
        file: filePath,
        line,
        column,
        endLine: random.chance(0.1) ? Math.min(lines, line + 2) : line,
        endColumn: column + random.int(1, 12),
        ...(i % 5 === 0 ? { hint: "Say what to do instead." } : {}),
      });
    }
    diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
    results.push({ filePath, diagnostics, source: sourceOf(lines, random), fixed: false });
  }
  return {
    results,
    errorCount: counts.error,
    warningCount: counts.warning,
    infoCount: counts.info,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    rules: RULES.map(([id, severity]) => ({
      id,
      category: id.split("/")[0],
      description: `${id} reports something.`,
      defaultSeverity: severity,
      fixable: false,
      docsUrl: `https://example.invalid/${id}.md`,
    })),
  };
}

/** Throws when `output` is not what `format` must print for `findings` findings. */
function check(format, output, findings) {
  if (format === "json") {
    const files = JSON.parse(output);
    const n = files.reduce((sum, f) => sum + f.messages.length, 0);
    if (n !== findings) throw new Error(`json: ${n} messages, not ${findings}`);
  } else if (format === "sarif") {
    const n = JSON.parse(output).runs[0].results.length;
    if (n !== findings) throw new Error(`sarif: ${n} results, not ${findings}`);
  } else if (format === "github") {
    const n = output.split("\n").length - 1;
    if (n !== findings) throw new Error(`github: ${n} lines, not ${findings}`);
  } else if (format === "junit") {
    const n = output.split("<testcase ").length - 1;
    if (n !== findings) throw new Error(`junit: ${n} test cases, not ${findings}`);
  }
  if (
    // The JSON formats carry the files' text as it is (ESLint's `source`), escaped as JSON escapes.
    !format.startsWith("json") &&
    format !== "sarif" &&
    ["\u001b", "\u0007", "\u202e"].some((c) => output.includes(c))
  )
    throw new Error(`${format}: a control character reached the output`);
}

const random = prng(options.seed);
const n = options.findings;
const shapes = [
  { name: "spread", result: resultOf(Math.max(1, Math.round(n / 100)), 100, 400, random) },
  { name: "one file", result: resultOf(1, n, n, random) },
];
const rows = [];
let failed = false;
for (const { name, result } of shapes) {
  const findings = result.results.reduce((sum, f) => sum + f.diagnostics.length, 0);
  for (const [format, formatter] of Object.entries(formatters)) {
    const times = [];
    let output = "";
    try {
      for (let run = 0; run <= options.runs; run++) {
        const start = performance.now();
        output = formatter(result, { cwd: CWD, color: false });
        if (run > 0) times.push(performance.now() - start);
      }
      check(format, output, findings);
    } catch (error) {
      log(`${name}, ${format}: ${error instanceof Error ? error.message : error}`);
      failed = true;
      continue;
    }
    rows.push({
      shape: name,
      format,
      findings,
      medianMs: Math.round(median(times)),
      outputMB: Number((Buffer.byteLength(output) / 1e6).toFixed(1)),
    });
  }
}

if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
else {
  process.stdout.write(
    `Output formats, ${n.toLocaleString("en-US")} findings, median of ${options.runs} runs (Node ${process.version})\n\n`,
  );
  process.stdout.write("| shape | format | median | output |\n| --- | --- | ---: | ---: |\n");
  for (const r of rows)
    process.stdout.write(
      `| ${r.shape} | ${r.format} | ${r.medianMs.toLocaleString("en-US")} ms | ${r.outputMB} MB |\n`,
    );
}
process.exitCode = failed ? 1 : 0;
