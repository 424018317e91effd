#!/usr/bin/env node
// Records what the real Codex does with `--output-schema` and writes
// conformance/schema/verdicts.json. Offline: a local Responses API stub answers every request.
//
// For each catalogue schema (schemas/*.schema.json) one `codex exec --json --output-schema`
// turn of two requests (a shell call, then the final message) is run, and every request's
// `text.format` is recorded as Codex sent it. Then the schema file problems of the reference
// (§3): a missing file, a directory, and files that are not JSON -- their exit code, stderr and
// whether anything was sent -- and more paths Codex cannot read: a FIFO (Codex waits for a
// writer; the run is killed after FIFO_TIMEOUT_MS), /dev/null, a path through a file. Last, how
// the argument is taken: any file name, `--output-schema=FILE`, and relative to the directory
// Codex starts in, not to `-C`.
//
// Needs `npx tsc -p packages/codex` first (the recorder imports the built @ops-skill/codex).
// Usage: node conformance/schema/record-schema.mjs [--check]
//   --check  record in memory and fail if verdicts.json would change
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  assistantMessage,
  CODEX_VERSION,
  ensureCodex,
  makeRunDirectory,
  runCodexExec,
  shellCall,
  startResponsesServer,
} from "@ops-skill/codex";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(HERE, "..", "..");
const SCHEMAS_DIR = join(REPO_ROOT, "schemas");
const VERDICTS = join(HERE, "verdicts.json");
const PROBE = "echo ops-skill-schema-probe";
/** A run on a FIFO never ends by itself; it is killed after this long. */
const FIFO_TIMEOUT_MS = 10_000;
/** A small strict-clean schema for the argument cases. */
const SMALL_SCHEMA =
  '{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"],"additionalProperties":false}\n';

/** Schema files that are not JSON, as the reference (§3) lists them and a few more. */
const NOT_JSON = [
  {
    case: "invalid-json",
    file: "not-json.schema.json",
    text: "not json\n",
    description: "Plain text.",
  },
  {
    case: "trailing-comma",
    file: "trailing-comma.schema.json",
    text: '{"type": "object",}\n',
    description: "A trailing comma, which JSON does not allow.",
  },
  {
    case: "comment",
    file: "comment.schema.json",
    text: '{\n  // the report\n  "type": "object"\n}\n',
    description: "A // comment.",
  },
  { case: "empty", file: "empty.schema.json", text: "", description: "An empty file." },
  {
    case: "byte-order-mark",
    file: "bom.schema.json",
    text: '\uFEFF{"type": "object"}\n',
    description: "A UTF-8 byte-order mark before the JSON.",
  },
];

/** Codex's stderr without the stdin notice every non-TTY run prints first. */
function cleanStderr(stderr) {
  return stderr
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("Reading additional input from stdin"))
    .join("\n");
}

function textFormatOf(request) {
  return request?.text?.format;
}

async function runWith(bin, project, schemaArg, turns, options = {}) {
  const server = await startResponsesServer({ turns });
  try {
    const result = await runCodexExec({
      bin,
      cwd: project,
      prompt: "Write the report.",
      serverUrl: server.url,
      extraArgs: options.extraArgs ?? ["--output-schema", schemaArg],
      codexHome: join(project, "..", "codex-home"),
      home: join(project, "..", "home"),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    return { result, requests: [...server.requests] };
  } finally {
    await server.close();
  }
}

async function recordSchema(bin, name) {
  const base = makeRunDirectory(`record-schema-${name}`);
  const project = join(base, "project");
  mkdirSync(project, { recursive: true });
  const file = `${name}.schema.json`;
  copyFileSync(join(SCHEMAS_DIR, file), join(project, file));
  const example = findExample(name);
  const { result, requests } = await runWith(bin, project, file, [
    { items: [shellCall(PROBE, "call_probe")] },
    { items: [assistantMessage(example, "msg_report")] },
  ]);
  const finalMessage = result.events
    .filter((e) => e.type === "item.completed" && e.item?.type === "agent_message")
    .map((e) => e.item.text);
  return {
    file: `schemas/${file}`,
    exitCode: result.exitCode,
    requestCount: requests.length,
    // Every request of the turn, its `text.format` as sent.
    textFormats: requests.map(textFormatOf),
    // Codex passes the final message through; it does not check it against the schema.
    finalMessageIsExample: finalMessage.length === 1 && finalMessage[0] === example,
  };
}

/** The catalogue's example report for a schema, as the final answer of the stub model. */
function findExample(name) {
  const skillsDir = join(REPO_ROOT, "skills");
  for (const skill of readdirSync(skillsDir).sort()) {
    const script = join(skillsDir, skill, "scripts", "validate-report.sh");
    if (!existsSync(script)) continue;
    if (readFileSync(script, "utf8").includes(`../../schemas/${name}.schema.json`)) {
      const report = JSON.parse(
        readFileSync(join(skillsDir, skill, "tests", "example-report.json"), "utf8"),
      );
      return JSON.stringify(report);
    }
  }
  return "{}";
}

async function recordFileProblem(bin, testCase) {
  const base = makeRunDirectory(`record-schema-${testCase.case}`);
  const project = join(base, "project");
  mkdirSync(project, { recursive: true });
  if (testCase.kind === "directory") mkdirSync(join(project, testCase.file));
  else if (testCase.kind === "fifo") execFileSync("mkfifo", [join(project, testCase.file)]);
  else if (testCase.kind === "through-file") writeFileSync(join(project, testCase.parent), "x\n");
  else if (testCase.text !== undefined) writeFileSync(join(project, testCase.file), testCase.text);
  const { result, requests } = await runWith(
    bin,
    project,
    testCase.file,
    [],
    testCase.kind === "fifo" ? { timeoutMs: FIFO_TIMEOUT_MS } : {},
  );
  return {
    description: testCase.description,
    schemaArgument: testCase.file,
    exitCode: result.exitCode,
    requestCount: requests.length,
    stdout: result.stdout,
    stderr: cleanStderr(result.stderr),
    ...(result.timedOut ? { killedAfterMs: FIFO_TIMEOUT_MS } : {}),
  };
}

/**
 * How Codex takes the argument: a schema named anything, the `=` form, and a relative path
 * with `-C`: each run has `schema.json`-like files placed as `setup` says, and records whether
 * the file's schema was sent unchanged.
 */
const ARGUMENT_CASES = [
  {
    case: "any-name",
    description: "A schema in a file named report.txt.",
    files: { "report.txt": SMALL_SCHEMA },
    args: ["--output-schema", "report.txt"],
    sent: "report.txt",
  },
  {
    case: "equals-form",
    description: "--output-schema=FILE, one argument.",
    files: { "schema.json": SMALL_SCHEMA },
    args: ["--output-schema=schema.json"],
    sent: "schema.json",
  },
  {
    case: "relative-to-cwd-with-cd-flag",
    description: "-C sub, the schema beside Codex's working directory, not in sub/.",
    files: { "s.json": SMALL_SCHEMA, "sub/.keep": "" },
    args: ["-C", "sub", "--output-schema", "s.json"],
    sent: "s.json",
  },
  {
    case: "not-relative-to-cd-flag",
    description: "-C sub, the schema only in sub/.",
    files: { "sub/s.json": SMALL_SCHEMA },
    args: ["-C", "sub", "--output-schema", "s.json"],
    sent: undefined,
  },
];

async function recordArgumentCase(bin, testCase) {
  const base = makeRunDirectory(`record-schema-${testCase.case}`);
  const project = join(base, "project");
  for (const [file, text] of Object.entries(testCase.files)) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    writeFileSync(join(project, file), text);
  }
  const { result, requests } = await runWith(
    bin,
    project,
    undefined,
    [{ items: [assistantMessage('{"ok":true}', "msg_report")] }],
    { extraArgs: testCase.args },
  );
  const expected = testCase.sent ? JSON.parse(testCase.files[testCase.sent]) : undefined;
  return {
    description: testCase.description,
    args: testCase.args,
    exitCode: result.exitCode,
    requestCount: requests.length,
    schemaSentUnchanged:
      expected !== undefined &&
      requests.length > 0 &&
      requests.every(
        (request) => JSON.stringify(textFormatOf(request)?.schema) === JSON.stringify(expected),
      ),
    stderr: cleanStderr(result.stderr),
  };
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

/** The file's text: stable key order for our fields, Codex's own order inside `textFormats`. */
function render(verdicts) {
  const text = `${JSON.stringify(verdicts, null, 2)}\n`;
  const biome = join(REPO_ROOT, "node_modules", ".bin", "biome");
  if (!existsSync(biome)) return text;
  const formatted = spawnSync(biome, ["format", "--stdin-file-path", VERDICTS], {
    cwd: REPO_ROOT,
    input: text,
    encoding: "utf8",
  });
  if (formatted.status !== 0) throw new Error(`biome format: ${formatted.stderr}`);
  return formatted.stdout;
}

async function main() {
  const check = process.argv.includes("--check");
  const bin = await ensureCodex();
  const schemas = {};
  for (const file of readdirSync(SCHEMAS_DIR)
    .filter((f) => f.endsWith(".schema.json"))
    .sort()) {
    const name = file.slice(0, -".schema.json".length);
    schemas[name] = await recordSchema(bin, name);
    process.stderr.write(
      `${name}: exit ${schemas[name].exitCode}, ${schemas[name].requestCount} requests\n`,
    );
  }
  const fileProblems = {};
  const cases = [
    {
      case: "missing-file",
      kind: "missing",
      file: "missing.schema.json",
      description: "The path names no file.",
    },
    {
      case: "directory",
      kind: "directory",
      file: "a-directory",
      description: "The path is a directory.",
    },
    ...NOT_JSON.map((c) => ({ ...c, kind: "file" })),
    {
      case: "fifo",
      kind: "fifo",
      file: "pipe.json",
      description: "A FIFO: Codex waits for a writer; nothing ends the run.",
    },
    {
      case: "dev-null",
      kind: "device",
      file: "/dev/null",
      description: "A character device that reads as empty.",
    },
    {
      case: "not-a-directory",
      kind: "through-file",
      parent: "a-file",
      file: "a-file/report.json",
      description: "A path through a regular file.",
    },
  ];
  for (const testCase of cases) {
    fileProblems[testCase.case] = await recordFileProblem(bin, testCase);
    process.stderr.write(`${testCase.case}: exit ${fileProblems[testCase.case].exitCode}\n`);
  }
  const argumentCases = {};
  for (const testCase of ARGUMENT_CASES) {
    argumentCases[testCase.case] = await recordArgumentCase(bin, testCase);
    process.stderr.write(`${testCase.case}: exit ${argumentCases[testCase.case].exitCode}\n`);
  }
  // Our keys sorted; each `textFormats` entry keeps the key order Codex sent.
  const verdicts = {
    codexVersion: CODEX_VERSION,
    recorder: "conformance/schema/record-schema.mjs",
    arguments: sortKeys(argumentCases),
    fileProblems: sortKeys(fileProblems),
    schemas: Object.fromEntries(
      Object.entries(schemas).map(([name, v]) => [
        name,
        {
          exitCode: v.exitCode,
          file: v.file,
          finalMessageIsExample: v.finalMessageIsExample,
          requestCount: v.requestCount,
          textFormats: v.textFormats,
        },
      ]),
    ),
  };
  const text = render(verdicts);
  if (check) {
    const current = existsSync(VERDICTS) ? readFileSync(VERDICTS, "utf8") : "";
    if (current !== text) {
      process.stderr.write("conformance/schema/verdicts.json is out of date: re-record it\n");
      process.exit(1);
    }
    process.stderr.write("verdicts.json is up to date\n");
    return;
  }
  writeFileSync(VERDICTS, text);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
