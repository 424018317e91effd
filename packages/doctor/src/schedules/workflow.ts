/**
 * A GitHub Actions workflow, read as the runner runs it: every job's steps in order, each
 * `run:` read as the bash it is (`${{ }}` expressions stand for values the doctor does not
 * know), the environment of the workflow, the job and the step (`env:`), the working directory
 * (the step's `working-directory`, else the job's then the workflow's `defaults.run`, else
 * `$GITHUB_WORKSPACE`: the checkout, the repository root), `on.schedule[].cron` for the
 * frequency and `runs-on` for the runner. A step that uses `openai/codex-action` is a run too,
 * its inputs read as the action's `action.yml` defines them. Later steps of the job that read a
 * file with `jq` are the run's report reads.
 */
import { isAbsolute, resolve } from "node:path";
import { capYamlNesting, type LineIndex } from "@ops-skill/core";
import {
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Scalar,
  type YAMLMap,
  type Node as YamlNode,
} from "yaml";
import type { EnvEntry, Invocation, Location, ScheduleProblem, ScheduleSource } from "../model.js";
import { execOptions, readCodexArgs } from "./codex-argv.js";
import { cronRuns } from "./frequency.js";
import {
  copyState,
  homeWriter,
  readShell,
  runsOf,
  type ShellEvent,
  type ShellState,
  type ShellText,
} from "./shell.js";
import { readRepoText } from "./words.js";

export interface WorkflowOptions {
  root: string;
  file: string;
}

type Read = { invocations: Invocation[]; problems: ScheduleProblem[]; files: string[] };

/** `${{ secrets.NAME }}` alone. */
const SECRET = /^\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** How a workflow value is classified as an environment value. */
export function workflowValue(text: string): Pick<EnvEntry, "source" | "secret" | "value"> {
  const trimmed = text.trim();
  const secret = SECRET.exec(trimmed);
  if (secret !== null) return { source: "secret", secret: secret[1] as string };
  // A bare `$` is what a guide's `${{ secrets.X }}` becomes when its renderer eats the braces.
  if (trimmed === "" || trimmed === "$") return { source: "empty", value: text };
  if (text.includes("${{")) return { source: "expression", value: text };
  return { source: "literal", value: text };
}

export function readWorkflow(text: string, index: LineIndex, options: WorkflowOptions): Read {
  const problems: ScheduleProblem[] = [];
  const files: string[] = [];
  const invocations: Invocation[] = [];
  const at = (offset: number): Location => ({ file: options.file, ...index.positionAt(offset) });
  const capped = capYamlNesting(text);
  const doc = parseDocument(capped.text, {
    prettyErrors: false,
    uniqueKeys: true,
    strict: false,
  });
  if (capped.cappedAt !== undefined) {
    problems.push({
      location: at(capped.cappedAt),
      message: "this workflow nests deeper than any YAML parser follows",
    });
    return { invocations, problems, files };
  }
  if (doc.errors.length > 0) {
    for (const error of doc.errors.slice(0, 5)) {
      problems.push({
        location: at(error.pos[0]),
        message: `not valid YAML, GitHub cannot run this workflow: ${error.message.split("\n")[0]}`,
      });
    }
    return { invocations, problems, files };
  }
  const top = doc.contents;
  if (!isMap(top)) {
    problems.push({ location: at(0), message: "a workflow is a mapping with `on` and `jobs`" });
    return { invocations, problems, files };
  }
  const name = options.file.slice(options.file.lastIndexOf("/") + 1);
  const frequency = scheduleOf(top, at, problems);
  const workflowEnv = envOf(top.get("env", true), at, problems, "env");
  const workflowDir = workingDirectoryOf(top);
  const jobs = top.get("jobs", true);
  if (!isMap(jobs)) {
    if (jobs !== undefined) {
      problems.push({ location: at(nodeStart(jobs)), message: "`jobs` is not a mapping of jobs" });
    }
    return { invocations, problems, files };
  }
  for (const pair of jobs.items) {
    const jobId = isScalar(pair.key) ? String(pair.key.value) : "?";
    const job = pair.value;
    if (!isMap(job)) {
      problems.push({
        location: at(nodeStart(pair.value ?? pair.key)),
        message: `job \`${jobId}\` is not a mapping (runs-on, steps)`,
      });
      continue;
    }
    const runner = runnerOf(job.get("runs-on", true));
    const jobEnv = envOf(job.get("env", true), at, problems, "env");
    const jobDir = workingDirectoryOf(job) ?? workflowDir;
    const steps = job.get("steps", true);
    if (!isSeq(steps)) continue;
    const vars = new Map<string, string | undefined>([
      ["GITHUB_WORKSPACE", options.root],
      ["RUNNER_TEMP", undefined],
      ["HOME", undefined],
    ]);
    const githubEnv: EnvEntry[] = [];
    const state: ShellState = {
      cwd: options.root,
      cwdKnown: true,
      env: [],
      vars,
      scriptPath: undefined,
      inheritsLoginEnv: true,
      homes: [],
      githubEnv,
    };
    const events: ShellEvent[] = [];
    // Every step, for the tools check: what a step before the run installs.
    const setupSteps: NonNullable<Invocation["setupSteps"]> = [];
    steps.items.forEach((step, stepIndex) => {
      if (!isMap(step)) return;
      const stepUses = scalarText(step.get("uses", true));
      const stepRun = scalarText(step.get("run", true));
      setupSteps.push({
        ...(stepUses === undefined ? {} : { uses: stepUses }),
        ...(stepRun === undefined ? {} : { run: stepRun }),
        location: at(nodeStart(step)),
      });
      const stepName = scalarText(step.get("name", true)) ?? `step ${stepIndex + 1}`;
      const source: ScheduleSource = {
        kind: "workflow",
        file: options.file,
        name: `${name} › ${jobId} › ${stepName}`,
      };
      const stepEnv = envOf(step.get("env", true), at, problems, "env");
      const env = [...workflowEnv, ...jobEnv, ...githubEnv, ...stepEnv];
      // Each step is a new shell: only the job's state carries over (the files it writes).
      const stepState = copyState(state);
      stepState.env = env;
      for (const entry of env) {
        stepState.vars.set(entry.name, entry.source === "literal" ? entry.value : undefined);
      }
      const dir = scalarText(step.get("working-directory", true)) ?? jobDir;
      const cwd =
        dir === undefined ? { cwd: options.root, known: true } : resolveDir(dir, options.root);
      stepState.cwd = cwd.cwd;
      stepState.cwdKnown = cwd.known;
      const uses = scalarText(step.get("uses", true));
      if (uses !== undefined && /^openai\/codex-action(?:@|$)/.test(uses)) {
        const invocation = codexAction(step, stepState, source, at, options, problems);
        if (invocation !== undefined) events.push({ kind: "run", invocation });
        return;
      }
      const run = step.get("run", true);
      if (run === undefined) return;
      const shell = scalarText(step.get("shell", true));
      if (shell !== undefined && !/^(?:bash|sh)\b/.test(shell)) return;
      if (!isScalar(run) || typeof run.value !== "string") {
        problems.push({ location: at(nodeStart(run)), message: "`run` is not a string of shell" });
        return;
      }
      const shellText = runText(run, capped.text, index, options.file);
      events.push(
        ...readShell(shellText, stepState, {
          root: options.root,
          source,
          problems,
          files,
          expressionSource: (expression) => {
            const value = workflowValue(expression);
            return value.secret === undefined ? { source: value.source } : value;
          },
        }),
      );
      state.homes = stepState.homes;
    });
    for (const run of runsOf(events)) {
      // The steps that start before the run's line, less the last: the step the run is in.
      const before = setupSteps
        .filter((step) => step.location.line <= run.location.line)
        .slice(0, -1);
      invocations.push({
        ...run,
        ...(before.length === 0 ? {} : { setupSteps: before }),
        ...(frequency === undefined ? {} : { frequency }),
        ...(runner === undefined ? {} : { runner }),
      });
    }
  }
  return { invocations, problems, files };
}

function nodeStart(node: unknown): number {
  const range = (node as YamlNode | undefined)?.range;
  return range?.[0] ?? 0;
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function runnerOf(node: unknown): string | undefined {
  const single = scalarText(node);
  if (single !== undefined) return single;
  if (isSeq(node)) return node.items.map((item) => scalarText(item) ?? "").join(", ");
  if (isMap(node)) {
    const group = scalarText(node.get("group", true));
    const labels = node.get("labels", true);
    return [group, runnerOf(labels)].filter((part) => part !== undefined).join(", ");
  }
  return undefined;
}

function workingDirectoryOf(map: YAMLMap): string | undefined {
  const defaults = map.get("defaults", true);
  if (!isMap(defaults)) return undefined;
  const run = defaults.get("run", true);
  return isMap(run) ? scalarText(run.get("working-directory", true)) : undefined;
}

/** A `working-directory` against `$GITHUB_WORKSPACE` (the root). */
function resolveDir(dir: string, root: string): { cwd: string; known: boolean } {
  const text = dir
    .replace(/\$\{\{\s*github\.workspace\s*\}\}/g, root)
    .replace(/^\$GITHUB_WORKSPACE(?=\/|$)/, root);
  if (text.includes("${{") || text.includes("$")) return { cwd: text, known: false };
  return { cwd: isAbsolute(text) ? resolve(text) : resolve(root, text), known: true };
}

/** `on.schedule[].cron`: the runs of every line added up, the first line's place. */
function scheduleOf(
  top: YAMLMap,
  at: (offset: number) => Location,
  problems: ScheduleProblem[],
): Invocation["frequency"] {
  const on = top.get("on", true);
  if (!isMap(on)) return undefined;
  const schedule = on.get("schedule", true);
  if (!isSeq(schedule)) return undefined;
  let total = 0;
  const crons: string[] = [];
  let location: Location | undefined;
  for (const item of schedule.items) {
    if (!isMap(item)) continue;
    const node = item.get("cron", true);
    const cron = scalarText(node);
    if (cron === undefined) continue;
    const runs = cronRuns(cron);
    if ("problem" in runs) {
      problems.push({
        location: at(nodeStart(node)),
        message: `GitHub cannot run this schedule: ${runs.problem}`,
      });
      continue;
    }
    if ("never" in runs) continue;
    total += runs.runsPerMonth;
    crons.push(cron);
    location ??= at(nodeStart(node));
  }
  if (location === undefined) return undefined;
  return { cron: crons.join(", "), runsPerMonth: Math.round(total * 10) / 10, location };
}

/** The entries of an `env:` (or `with:`) mapping. */
function envOf(
  node: unknown,
  at: (offset: number) => Location,
  problems: ScheduleProblem[],
  what: string,
): EnvEntry[] {
  if (node === undefined || (isScalar(node) && node.value === null)) return [];
  if (!isMap(node)) {
    if (isScalar(node) && typeof node.value === "string" && node.value.includes("${{")) return [];
    problems.push({ location: at(nodeStart(node)), message: `\`${what}\` is not a mapping` });
    return [];
  }
  const entries: EnvEntry[] = [];
  for (const pair of node.items) {
    const name = scalarText(pair.key);
    if (name === undefined) continue;
    const raw = isScalar(pair.value) ? pair.value.value : pair.value;
    const text =
      raw === null || raw === undefined ? "" : typeof raw === "object" ? "" : String(raw);
    entries.push({ name, ...workflowValue(text), location: at(nodeStart(pair.key)) });
  }
  return entries;
}

/**
 * The shell of a `run:` with each `${{ }}` replaced by a variable of the same length (so every
 * offset stays where it was), and where each offset of it is in the file.
 */
function runText(run: Scalar, source: string, index: LineIndex, file: string): ShellText {
  const value = run.value as string;
  const expressions = new Map<string, string>();
  let text = "";
  let from = 0;
  for (let start = value.indexOf("${{"); start >= 0; start = value.indexOf("${{", from)) {
    const end = value.indexOf("}}", start + 3);
    if (end < 0) break;
    const expression = value.slice(start, end + 2);
    const id = `_g${expressions.size}`;
    const room = expression.length - 3 - id.length;
    text += value.slice(from, start);
    if (room >= 0) {
      const name = id + "_".repeat(room);
      expressions.set(name, expression);
      text += `\${${name}}`;
    } else text += "x".repeat(expression.length);
    from = end + 2;
  }
  text += value.slice(from);
  const range = run.range ?? [0, 0, 0];
  const start = range[0];
  let at: (offset: number) => Location;
  if (run.type === "BLOCK_LITERAL") {
    // Line k of the value is line k of the block's content; its columns follow the indentation.
    const headerEnd = source.indexOf("\n", start);
    const firstLine = index.positionAt(headerEnd + 1).line;
    const header = source.slice(start, headerEnd);
    const explicit = /[1-9]/.exec(header);
    let indent = explicit === null ? 0 : Number(explicit[0]);
    if (explicit === null) {
      const body = source.slice(headerEnd + 1, range[1]);
      const firstContent = /^( *)\S/m.exec(body);
      indent = firstContent?.[1]?.length ?? 0;
    } else {
      const parentIndent = index.positionAt(start).column - 1;
      indent += Math.max(0, parentIndent - 2);
    }
    const lineStarts = [0];
    for (let i = value.indexOf("\n"); i >= 0; i = value.indexOf("\n", i + 1))
      lineStarts.push(i + 1);
    at = (offset) => {
      let k = 0;
      while (k + 1 < lineStarts.length && (lineStarts[k + 1] as number) <= offset) k++;
      return { file, line: firstLine + k, column: indent + offset - (lineStarts[k] as number) + 1 };
    };
  } else if (!value.includes("\n")) {
    const quote = run.type === "QUOTE_DOUBLE" || run.type === "QUOTE_SINGLE" ? 1 : 0;
    at = (offset) => ({ file, ...index.positionAt(start + quote + offset) });
  } else {
    at = () => ({ file, ...index.positionAt(start) });
  }
  return { text, written: value, expressions, at, file };
}

/** Where the action reads each input (its action.yml: prompt, prompt-file, output-file, ...). */
function codexAction(
  step: YAMLMap,
  state: ShellState,
  source: ScheduleSource,
  at: (offset: number) => Location,
  options: WorkflowOptions,
  problems: ScheduleProblem[],
): Invocation | undefined {
  const location = at(nodeStart(step.get("uses", true)));
  const inputs = envOf(step.get("with", true), at, problems, "with");
  const input = (key: string) => {
    const entry = [...inputs].reverse().find((e) => e.name === key);
    return entry?.source === "literal" ? entry.value : undefined;
  };
  const argv: string[] = ["exec"];
  const extra = input("codex-args");
  if (extra !== undefined) argv.push(...splitArgs(extra));
  const sandbox = input("sandbox");
  const profile = input("permission-profile");
  if (sandbox !== undefined) argv.push("--sandbox", sandbox);
  else if (profile !== undefined) argv.push("-c", `default_permissions=${JSON.stringify(profile)}`);
  // The action's `sandbox` input: "Leave empty to use the legacy workspace-write fallback
  // unless permission-profile is set".
  else argv.push("--sandbox", "workspace-write");
  const model = input("model");
  if (model !== undefined) argv.push("--model", model);
  const effort = input("effort");
  if (effort !== undefined) argv.push("-c", `model_reasoning_effort=${JSON.stringify(effort)}`);
  const schemaFile = input("output-schema-file");
  if (schemaFile !== undefined) argv.push("--output-schema", schemaFile);
  const outputFile = input("output-file");
  if (outputFile !== undefined) argv.push("--output-last-message", outputFile);
  const dir = input("working-directory");
  const cwd =
    dir === undefined ? { cwd: state.cwd, known: state.cwdKnown } : resolveDir(dir, options.root);
  const read = readCodexArgs(argv);
  if (read.kind !== "exec") {
    problems.push({
      location,
      message: `codex refuses the action's arguments: ${read.kind === "refused" ? read.message : "not codex exec"}`,
    });
    return undefined;
  }
  const invocation: Invocation = {
    source,
    location,
    argv,
    cwd: cwd.cwd,
    cwdKnown: cwd.known,
    // The action logs Codex in with its `openai-api-key` input: the key the run sends.
    env: [
      ...state.env,
      ...inputs
        .filter((entry) => entry.name === "openai-api-key")
        .map((entry) => ({ ...entry, name: "CODEX_API_KEY" })),
    ],
    inheritsLoginEnv: true,
    options: execOptions(read.parsed, [], location),
    reportUses: [],
    actionInputs: inputs,
  };
  const prompt = input("prompt");
  const promptFile = input("prompt-file");
  if (prompt !== undefined && !prompt.includes("${{")) invocation.prompt = prompt;
  else if (promptFile !== undefined) {
    const read = readRepoText(promptFile, { cwd: options.root, root: options.root });
    if (read !== undefined) invocation.prompt = read.text;
  }
  const home = input("codex-home");
  const homeEntry = [...inputs].reverse().find((e) => e.name === "codex-home");
  if (home !== undefined) invocation.codexHome = resolve(options.root, home);
  else if (homeEntry?.value !== undefined && homeEntry.source === "expression") {
    invocation.codexHomeExpression = homeEntry.value;
  }
  const writer = homeWriter(state.homes, homeEntry?.value, options.root);
  if (writer !== undefined) invocation.codexHomeWrittenBy = writer;
  return invocation;
}

/** `codex-args`: a JSON array of strings, or a shell-like string split on blanks and quotes. */
function splitArgs(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {}
  }
  const args: string[] = [];
  for (const match of trimmed.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) {
    args.push(match[1] ?? match[2] ?? match[3] ?? "");
  }
  return args;
}
