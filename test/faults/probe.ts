/**
 * One probe: a hostile tree beside a good skill (the witness), one CLI run per format, and
 * every clause of the contract checked on what came out. A failing probe lists all it broke.
 * Set FAULTS_REPORT to a file to get one line per run (probe, format, verdict, exit, time,
 * first line of stderr, first problem) for tracking which probes still fail.
 */
import { appendFileSync } from "node:fs";
import { expect, it } from "vitest";
import {
  engineErrorProblems,
  type Format,
  findingsFor,
  firstLine,
  formatProblems,
  type JsonFile,
  namedInJson,
  namedOnStderr,
  stderrProblems,
  type TreeRules,
  terminalControlAt,
  treeProblems,
} from "./contract.js";
import { WITNESS, WITNESS_TEXT } from "./fixtures.js";
import { type RunOutcome, runCli, type Stdout, Tree } from "./harness.js";

export interface Probe {
  name: string;
  /** Builds the bad files (the witness is already there). */
  setup: (t: Tree) => unknown;
  /** The command; `--format` is added for each format. Default: `lint`, the whole repository. */
  args?: readonly string[];
  /** Formats to run in; `none` for commands without `--format`. Default: json and stylish. */
  formats?: readonly (Format | "none")[];
  /** The exit codes the docs allow here. */
  exit: readonly (0 | 1 | 2)[];
  /** Paths a finding must name (on JSON; on stderr or JSON when the run exits 2; anywhere for `none`). */
  named?: readonly string[];
  /** Paths stderr must name when the run exits 2 (a usage or IO error about them). */
  blame?: readonly string[];
  /** Files the JSON output must list (linted, with or without findings). */
  listed?: readonly string[];
  /** Whether the witness's finding must be in the output: always, never, or unless the run exits 2. */
  witness?: boolean | "unless-2";
  /** At most this many findings of one rule in one file (JSON). */
  maxPerRule?: number;
  asNobody?: boolean;
  fsize?: number;
  stdout?: Stdout;
  timeoutMs?: number;
  tree?: TreeRules;
  /** Probe-specific checks after the run, in words. */
  check?: (t: Tree, outcome: RunOutcome) => string[];
}

export const DEFAULT_TIMEOUT = 10_000;

export function formatsOf(probe: Probe): readonly (Format | "none")[] {
  return probe.formats ?? ["json", "stylish"];
}

/** Room for a probe's runs in vitest's own timeout. */
export function testTimeout(probe: Probe): number {
  return formatsOf(probe).length * ((probe.timeoutMs ?? DEFAULT_TIMEOUT) + 15_000);
}

/** Runs a probe in one format on a fresh tree; what broke the contract, in words. */
export async function runProbe(probe: Probe, format: Format | "none"): Promise<string[]> {
  const t = new Tree();
  try {
    t.file(WITNESS, WITNESS_TEXT);
    await probe.setup(t);
    const before = t.snapshot();
    const timeoutMs = probe.timeoutMs ?? DEFAULT_TIMEOUT;
    const outcome = await runCli({
      args: [...(probe.args ?? ["lint"]), ...(format === "none" ? [] : ["--format", format])],
      cwd: t.project,
      timeoutMs,
      ...(probe.asNobody ? { asNobody: true } : {}),
      ...(probe.fsize !== undefined ? { fsize: probe.fsize } : {}),
      ...(probe.stdout ? { stdout: probe.stdout } : {}),
    });
    const after = t.snapshot();
    const problems = [
      ...outcomeProblems(probe, format, outcome, timeoutMs),
      ...treeProblems(before, after, probe.tree),
      ...(probe.check?.(t, outcome) ?? []),
    ];
    report(probe, format, outcome, problems);
    return problems;
  } finally {
    t.remove();
  }
}

/** What a run broke of the contract, from its exit, stderr and stdout (the tree is checked apart). */
export function outcomeProblems(
  probe: Probe,
  format: Format | "none",
  outcome: RunOutcome,
  timeoutMs: number,
): string[] {
  const problems: string[] = [];
  const { code, stdout, stderr } = outcome;
  if (outcome.timedOut) problems.push(`did not finish within ${timeoutMs} ms (killed)`);
  else if (outcome.signal) problems.push(`killed by ${outcome.signal}`);
  else if (!probe.exit.includes(code as 0 | 1 | 2))
    problems.push(`exit ${code}, the docs allow ${probe.exit.join(" or ")} here`);
  problems.push(...stderrProblems(stderr));
  if (code === 0 || code === 1) problems.push(...engineErrorProblems(outcome));
  if (outcome.timedOut || outcome.signal) return problems;

  const witness = probe.witness ?? true;
  // A usage error prints nothing on stdout; a run that linted prints its results.
  const printed =
    format !== "none" &&
    (probe.stdout ?? "pipe") === "pipe" &&
    !(code === 2 && stdout === "" && witness !== true);
  if (printed) {
    problems.push(...formatProblems(format, stdout));
    if (
      (witness === true || (witness === "unless-2" && code !== 2)) &&
      findingsFor(format, stdout, WITNESS) === 0
    )
      problems.push(`the other skill's finding is missing from the ${format} output`);
  }
  if (printed && format === "json") problems.push(...jsonProblems(probe, code, stdout));
  for (const rel of probe.named ?? []) {
    const named =
      format === "none"
        ? namedOnStderr(`${stderr}\n${stdout}`, rel)
        : code === 2
          ? namedOnStderr(stderr, rel) || (printed && format === "json" && namedInJson(stdout, rel))
          : !(printed && format === "json") || namedInJson(stdout, rel);
    if (!named) problems.push(`no finding names ${rel}`);
  }
  if (code === 2)
    for (const rel of probe.blame ?? [])
      if (!namedOnStderr(stderr, rel)) problems.push(`exit 2 without naming ${rel} on stderr`);
  return problems;
}

/** What the JSON output says must agree with the exit code and the probe's limits. */
function jsonProblems(probe: Probe, code: number | null, stdout: string): string[] {
  let files: JsonFile[];
  try {
    files = JSON.parse(stdout) as JsonFile[];
    if (!Array.isArray(files)) return [];
  } catch {
    return [];
  }
  const problems: string[] = [];
  const errors = files.reduce((n, f) => n + f.messages.filter((m) => m.severity === 2).length, 0);
  if (errors > 0 && code === 0) problems.push(`exit 0 with ${errors} errors in the output`);
  if (errors === 0 && code === 1) problems.push("exit 1 without an error in the output");
  for (const rel of probe.listed ?? [])
    if (!files.some((f) => f.filePath.split("\\").join("/").endsWith(`/${rel}`)))
      problems.push(`${rel} is not in the output`);
  if (probe.maxPerRule !== undefined)
    for (const f of files) {
      const counts = new Map<string, number>();
      for (const m of f.messages) counts.set(`${m.ruleId}`, (counts.get(`${m.ruleId}`) ?? 0) + 1);
      for (const [rule, n] of counts)
        if (n > probe.maxPerRule)
          problems.push(`${n} findings of ${rule} in one file (at most ${probe.maxPerRule})`);
    }
  return problems;
}

function report(probe: Probe, format: string, outcome: RunOutcome, problems: string[]): void {
  const { FAULTS_REPORT: file } = process.env;
  if (!file) return;
  const exit = outcome.timedOut
    ? "timeout"
    : outcome.signal
      ? outcome.signal
      : String(outcome.code);
  const clean = (s: string) =>
    [...s].map((c) => (terminalControlAt(c) === 0 || c === "\t" ? " " : c)).join("");
  appendFileSync(
    file,
    `${[
      probe.name,
      format,
      problems.length === 0 ? "pass" : "FAIL",
      exit,
      `${outcome.ms}ms`,
      clean(firstLine(outcome.stderr)),
      clean(problems[0] ?? ""),
    ].join("\t")}\n`,
  );
}

/**
 * One vitest test per probe of `probes`, each running it in every format it names and failing
 * with every broken clause of the contract.
 */
export function testProbes(probes: readonly Probe[]): void {
  for (const probe of probes)
    it(
      probe.name,
      async () => {
        const problems: string[] = [];
        for (const format of formatsOf(probe))
          for (const problem of await runProbe(probe, format))
            problems.push(`[${format}] ${problem}`);
        expect(problems).toEqual([]);
      },
      testTimeout(probe),
    );
}
