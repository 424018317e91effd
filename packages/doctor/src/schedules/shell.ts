/**
 * A piece of shell a schedule runs (a crontab command, a workflow step's `run:`, a script, a
 * command line), read with the tools' Bash parser (core's `shellParser`) in the order the shell runs it: `cd`
 * and `pushd` move the working directory, `export` and `VAR=x cmd` set the environment, a
 * script the text runs (`./run.sh`, `bash scripts/nightly.sh`, `. env.sh`) is followed when it
 * is a file of the repository, and each `codex exec` becomes an `Invocation`. `jq` commands are
 * collected as report reads; `ops-skill codex-home DIR` as the writer of a Codex home. Nothing
 * here throws: a parse error is a `ScheduleProblem` at its line.
 */
import { statSync } from "node:fs";
import { basename, isAbsolute, resolve } from "node:path";
import { isInside, LineIndex, readRegularText } from "@ops-skill/core";
import { afterOptions, shellParser, type Unbash, WRAPPERS } from "@ops-skill/core/shell";
import type {
  EnvEntry,
  Invocation,
  Location,
  ReportUse,
  ScheduleProblem,
  ScheduleSource,
} from "../model.js";
import { codexStart, execOptions, readCodexArgs } from "./codex-argv.js";
import { readRepoText, trimEnd, type WordScope, type WordValue, wordValue } from "./words.js";

/** An `ops-skill codex-home DIR` the schedule runs before Codex. */
export interface HomeWrite {
  /** DIR as written, in the form `homeKey` gives. */
  key: string;
  root: string;
  profile?: string;
  location: Location;
}

/** The shell's state as it runs: copied into subshells and followed scripts. */
export interface ShellState {
  cwd: string;
  cwdKnown: boolean;
  env: EnvEntry[];
  /** Variables with a value the doctor knows (`undefined`: set, value unknown). */
  vars: Map<string, string | undefined>;
  scriptPath: string | undefined;
  inheritsLoginEnv: boolean;
  homes: HomeWrite[];
  /**
   * In a workflow job: the `NAME=value` lines steps append to `$GITHUB_ENV`, which the later
   * steps of the job get (one list shared by the job's steps).
   */
  githubEnv?: EnvEntry[];
}

export function copyState(state: ShellState): ShellState {
  return { ...state, env: [...state.env], vars: new Map(state.vars), homes: [...state.homes] };
}

/** What one reading produced, in source order. */
export type ShellEvent =
  | { kind: "run"; invocation: Invocation }
  | { kind: "report"; use: ReportUse };

export interface ShellText {
  /** The text the shell runs. */
  text: string;
  /** The text as written, when `text` had `${{ }}` expressions replaced (same offsets). */
  written?: string;
  /** Workflow expressions by the placeholder variable standing for them. */
  expressions?: ReadonlyMap<string, string>;
  /** Where an offset of `text` is in its file. */
  at: (offset: number) => Location;
  /** The file the text is in (a script followed from a schedule is its own file). */
  file: string;
}

export interface ShellReader {
  root: string;
  source: ScheduleSource;
  problems: ScheduleProblem[];
  /** Every file read (the schedule, scripts it runs). */
  files: string[];
  /** What runs on stdin of the whole text (cron's `%` lines). */
  stdin?: string;
  /** How to classify an environment value that is a workflow expression. */
  expressionSource?: (expression: string) => Pick<EnvEntry, "source" | "secret">;
}

/** `${{ env.NAME }}`. */
const ENV_EXPRESSION = /^\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** The wrappers a schedule's `codex` is read through. */
const RUN_WRAPPERS = new Set([
  "exec",
  "nohup",
  "command",
  "time",
  "timeout",
  "nice",
  "ionice",
  "env",
]);

/** How deep scripts running scripts are followed. */
const MAX_SCRIPT_DEPTH = 4;
/** Scripts larger than this are not followed. */
const MAX_SCRIPT_BYTES = 1024 * 1024;

/** Reads `shell` run in `state`; `state` is updated as the shell would leave it. */
export function readShell(
  shell: ShellText,
  state: ShellState,
  reader: ShellReader,
  depth = 0,
): ShellEvent[] {
  const script = shellParser().parse(shell.text);
  const events: ShellEvent[] = [];
  const firstError = script.errors?.[0];
  if (firstError !== undefined) {
    reader.problems.push({
      location: shell.at(firstError.pos),
      message: `the shell cannot parse this: ${firstError.message}`,
    });
    return events;
  }
  const walker = new Walker(shell, reader, events, depth);
  walker.statements(script.commands, state);
  return events;
}

class Walker {
  constructor(
    readonly shell: ShellText,
    readonly reader: ShellReader,
    readonly events: ShellEvent[],
    readonly depth: number,
  ) {}

  statements(statements: readonly Unbash.Statement[], state: ShellState): void {
    for (const statement of statements) this.node(statement.command, state, undefined);
  }

  /** `stdin`: what a pipe feeds the node (the text of `echo`/`cat` before it), if known. */
  node(node: Unbash.SyntaxNode, state: ShellState, stdin: string | undefined): void {
    switch (node.type) {
      case "AndOr":
        for (const command of node.commands) this.node(command, state, undefined);
        return;
      case "Pipeline": {
        let fed: string | undefined;
        for (const command of node.commands) {
          // Each part of a pipeline runs in its own subshell.
          const sub = copyState(state);
          this.node(command, sub, fed);
          fed = command.type === "Command" ? this.output(command, sub) : undefined;
          this.piped = command.type === "Command" ? this.catFile(command, sub) : undefined;
        }
        this.piped = undefined;
        return;
      }
      case "Command":
        this.command(node, state, stdin);
        return;
      case "Subshell":
        this.statements(node.body.commands, copyState(state));
        return;
      case "CompoundList":
        this.statements(node.commands, state);
        return;
      default:
        shellParser().forEachChild(node, (child) => this.node(child, state, undefined));
    }
  }

  scope(state: ShellState): WordScope {
    return {
      vars: state.vars,
      cwd: state.cwdKnown ? state.cwd : undefined,
      scriptPath: state.scriptPath,
      root: this.reader.root,
    };
  }

  /** Commands inside the words of a command (`status="$(jq ...)"`), walked in a copy of the state. */
  nested(node: Unbash.SyntaxNode, state: ShellState): void {
    const visit = (child: Unbash.SyntaxNode) => {
      if (child.type === "CommandExpansion" || child.type === "ProcessSubstitution") {
        if (child.script) this.statements(child.script.commands, copyState(state));
        return;
      }
      shellParser().forEachChild(child, visit);
    };
    shellParser().forEachChild(node, visit);
  }

  /** The file a `cat FILE` before the current part of a pipeline reads (`cat r.json | jq .x`). */
  piped: string | undefined;

  catFile(command: Unbash.Command, state: ShellState): string | undefined {
    const words = this.words(command, state);
    return words[0]?.value === "cat" && words.length === 2 ? words[1]?.value : undefined;
  }

  /** The text an `echo`/`printf '%s'`/`cat FILE` writes on stdout, when it is static. */
  output(command: Unbash.Command, state: ShellState): string | undefined {
    const words = this.words(command, state);
    if (words === undefined || words.length === 0) return undefined;
    const [name, ...args] = words.map((w) => w.value);
    if (words.some((w) => !w.static)) return undefined;
    if (name === "echo") return `${args.filter((a) => !/^-[neE]+$/.test(a)).join(" ")}\n`;
    if (name === "printf" && args[0] === "%s") return args.slice(1).join("");
    if (name === "cat" && args.length === 1)
      return readRepoText(args[0] as string, this.scope(state))?.text;
    return undefined;
  }

  words(command: Unbash.Command, state: ShellState) {
    const scope = this.scope(state);
    const out: { value: string; static: boolean; word: Unbash.Word }[] = [];
    if (command.name === undefined) return out;
    for (const word of [command.name, ...command.suffix]) {
      if (word.type !== "Word") continue;
      out.push({ ...this.value(word, scope), word });
    }
    return out;
  }

  /** A word's value; one holding a workflow expression is not static (its text as written). */
  value(word: Unbash.Word, scope: WordScope): WordValue {
    const expressions = this.shell.expressions;
    if (expressions === undefined) return wordValue(word, scope);
    // `${{ env.NAME }}` of a value written in the workflow is that value, also inside "...".
    const vars = new Map(scope.vars);
    for (const [name, expression] of expressions) {
      const env = ENV_EXPRESSION.exec(expression);
      const known = env === null ? undefined : scope.vars.get(env[1] as string);
      if (known !== undefined) vars.set(name, known);
    }
    const value = wordValue(word, { ...scope, vars });
    const restored = this.restore(value.static ? value.value : word.value, scope);
    return { value: restored.value, static: value.static && restored.static };
  }

  /**
   * Placeholders of workflow expressions back to what they stand for: `${{ env.NAME }}` is the
   * value of an environment entry written in the workflow; any other stays as written (then
   * the text is not static).
   */
  restore(text: string, scope: WordScope): WordValue {
    const expressions = this.shell.expressions;
    if (expressions === undefined || !text.includes("${_g")) return { value: text, static: true };
    let known = true;
    const value = text.replace(/\$\{(_g\d+_*)\}/g, (whole, name: string) => {
      const expression = expressions.get(name);
      if (expression === undefined) return whole;
      const env = ENV_EXPRESSION.exec(expression);
      const value = env === null ? undefined : scope.vars.get(env[1] as string);
      if (value !== undefined) return value;
      known = false;
      return expression;
    });
    return { value, static: known };
  }

  /** An environment entry for `NAME=value` written at `node`. */
  entry(assignment: Unbash.Assignment, state: ShellState): EnvEntry {
    const location = this.shell.at(assignment.pos);
    const name = assignment.name;
    if (assignment.value.type !== "Word") return { name, source: "expression", location };
    const word = assignment.value;
    const expression = this.expressionOf(word);
    if (expression !== undefined) {
      const classified = this.reader.expressionSource?.(expression) ?? { source: "expression" };
      return { name, ...classified, value: expression, location };
    }
    const value = this.value(word, this.scope(state));
    if (!value.static) return { name, source: "expression", value: this.written(word), location };
    if (value.value === "") return { name, source: "empty", value: "", location };
    return { name, source: "literal", value: value.value, location };
  }

  /** The word's text as written in the file. */
  written(node: { pos: number; end: number }): string {
    return (this.shell.written ?? this.shell.text).slice(node.pos, node.end);
  }

  /** The workflow expression a word is made of alone (`"${{ secrets.KEY }}"`), if it is one. */
  expressionOf(word: Unbash.Word): string | undefined {
    const alone = /^\$\{(_g\d+_*)\}$/.exec(word.value);
    return alone === null ? undefined : this.shell.expressions?.get(alone[1] as string);
  }

  assign(entry: EnvEntry, state: ShellState, exported: boolean): void {
    state.vars.set(
      entry.name,
      entry.source === "literal" || entry.source === "empty" ? entry.value : undefined,
    );
    if (exported) state.env.push(entry);
  }

  command(command: Unbash.Command, state: ShellState, stdin: string | undefined): void {
    this.nested(command, state);
    const words = this.words(command, state);
    if (command.name === undefined || words.length === 0) {
      // `VAR=x` alone: a shell variable (exported when already in the environment).
      for (const item of command.prefix) {
        if (item.type !== "Assignment") continue;
        const entry = this.entry(item, state);
        this.assign(
          entry,
          state,
          state.env.some((e) => e.name === entry.name),
        );
      }
      return;
    }
    let start = 0;
    const prefix: EnvEntry[] = [];
    for (const item of command.prefix)
      if (item.type === "Assignment") prefix.push(this.entry(item, state));
    // Wrappers that run the rest of the line: `env A=b codex`, `timeout 1h codex`, `exec codex`,
    // their options read with the tools' wrapper table. Not `sudo` and the like: they change the
    // environment this reading follows.
    for (;;) {
      const name = words[start]?.value;
      if (name === undefined || !RUN_WRAPPERS.has(name)) break;
      if (name === "command" && /^-[vV]$/.test(words[start + 1]?.value ?? "")) return;
      const wrapper = WRAPPERS[name] ?? {};
      start = afterOptions(words, start + 1, new Set(wrapper.values ?? []));
      if (name === "env") {
        for (let word = words[start]; word !== undefined; word = words[++start]) {
          if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(word.value)) break;
          const eq = word.value.indexOf("=");
          const value = word.value.slice(eq + 1);
          prefix.push({
            name: word.value.slice(0, eq),
            source: !word.static ? "expression" : value === "" ? "empty" : "literal",
            value: word.static ? value : this.written(word.word).slice(eq + 1),
            location: this.shell.at(word.word.pos),
          });
        }
      }
      start += wrapper.positional ?? 0;
    }
    const rest = words.slice(start);
    const name = rest[0]?.value;
    if (name === undefined) return;
    switch (name) {
      case "cd":
      case "pushd":
        this.cd(rest.slice(1), state);
        return;
      case "export":
        for (const item of command.suffix) {
          if (item.type === "Assignment") this.assign(this.entry(item, state), state, true);
          else if (item.type === "Word" && state.vars.has(item.value)) {
            if (!state.env.some((e) => e.name === item.value)) {
              const value = state.vars.get(item.value);
              state.env.push({
                name: item.value,
                source: value === undefined ? "expression" : value === "" ? "empty" : "literal",
                ...(value === undefined ? {} : { value }),
                location: this.shell.at(item.pos),
              });
            }
          }
        }
        return;
      case "set":
        return;
      case "echo":
        this.githubEnv(command, rest, state);
        return;
      case "jq":
        this.jq(command, rest, state);
        return;
      case ".":
      case "source":
        this.follow(rest[1], state, true, command);
        return;
      case "bash":
      case "sh":
      case "dash":
      case "zsh":
        this.shellProgram(rest, state, command);
        return;
    }
    const codex = codexStart(rest.map((w) => w.value));
    if (codex !== undefined) {
      this.codex(rest, codex, [...state.env, ...prefix], state, command, stdin);
      return;
    }
    if (isOpsSkill(rest, "codex-home")) {
      this.home(rest, state, command);
      return;
    }
    if (name.includes("/") && rest[0]?.static) this.follow(rest[0], state, false, command, prefix);
  }

  /** `echo "NAME=value" >> "$GITHUB_ENV"`: the variable is set for the job's later steps. */
  githubEnv(
    command: Unbash.Command,
    words: { value: string; static: boolean; word: Unbash.Word }[],
    state: ShellState,
  ): void {
    if (state.githubEnv === undefined) return;
    const appends = command.redirects.some(
      (redirect) =>
        redirect.type === "Redirect" &&
        (redirect.operator === ">>" || redirect.operator === ">") &&
        redirect.target !== undefined &&
        /^\$\{?GITHUB_ENV\}?$/.test(redirect.target.value),
    );
    if (!appends) return;
    for (const word of words.slice(1)) {
      const eq = word.value.indexOf("=");
      if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(word.value.slice(0, eq))) continue;
      const value = word.value.slice(eq + 1);
      state.githubEnv.push({
        name: word.value.slice(0, eq),
        source: !word.static ? "expression" : value === "" ? "empty" : "literal",
        value,
        location: this.shell.at(word.word.pos),
      });
    }
  }

  cd(args: { value: string; static: boolean }[], state: ShellState): void {
    const target = args.find((a) => a.value !== "-P" && a.value !== "-L" && a.value !== "--");
    if (target === undefined) {
      const home = state.vars.get("HOME");
      if (home === undefined) state.cwdKnown = false;
      else state.cwd = home;
      return;
    }
    if (!target.static) {
      state.cwdKnown = false;
      state.cwd = target.value;
      return;
    }
    if (isAbsolute(target.value)) {
      state.cwd = resolve(target.value);
      state.cwdKnown = true;
    } else state.cwd = resolve(state.cwd, target.value);
  }

  /** `bash script.sh`, `bash -c '...'`, `bash -lc '...'`. */
  shellProgram(
    words: { value: string; static: boolean; word: Unbash.Word }[],
    state: ShellState,
    command: Unbash.Command,
  ): void {
    let login = false;
    for (let i = 1; i < words.length; i++) {
      const word = words[i] as (typeof words)[number];
      if (word.value === "--login") login = true;
      else if (/^-[a-zA-Z]+$/.test(word.value)) {
        if (word.value.includes("l")) login = true;
        if (word.value.includes("c")) {
          const text = words[i + 1];
          if (text === undefined || !text.static) return;
          const sub = copyState(state);
          if (login) sub.inheritsLoginEnv = true;
          const inner = text.word;
          // Offsets inside the string: at the word's start (quotes make exact columns moot).
          const at = () => this.shell.at(inner.pos);
          const events = readShell(
            { text: text.value, at, file: this.shell.file },
            sub,
            this.reader,
            this.depth + 1,
          );
          this.events.push(...events);
          return;
        }
      } else if (!word.value.startsWith("-")) {
        const sub = copyState(state);
        if (login) sub.inheritsLoginEnv = true;
        this.follow(word, sub, true, command);
        return;
      }
    }
  }

  /** A script the text runs: read in the repository, in the same shell (`source`) or a new one. */
  follow(
    word: { value: string; static: boolean } | undefined,
    state: ShellState,
    sameShell: boolean,
    command: Unbash.Command,
    prefix: EnvEntry[] = [],
  ): void {
    if (word === undefined || !word.static) return;
    const value = word.value;
    if (value === "~/.profile" || value.endsWith("/.profile") || value.endsWith("/.bashrc")) {
      state.inheritsLoginEnv = true;
      return;
    }
    if (value === "/etc/profile") {
      state.inheritsLoginEnv = true;
      return;
    }
    const written = isAbsolute(value)
      ? value
      : state.cwdKnown
        ? resolve(state.cwd, value)
        : undefined;
    if (written === undefined) return;
    const path = isInside(this.reader.root, written)
      ? written
      : repositoryFileAt(written, this.reader.root);
    if (path === undefined) return;
    if (this.depth >= MAX_SCRIPT_DEPTH || this.reader.files.includes(path)) return;
    const read = readRegularText(path, { maxBytes: MAX_SCRIPT_BYTES });
    if (!read.ok) {
      if (read.kind !== "missing") {
        this.reader.problems.push({
          location: this.shell.at(command.pos),
          message: `${value} is run here but ${read.problem}`,
        });
      }
      return;
    }
    this.reader.files.push(path);
    const index = new LineIndex(read.text);
    const target = sameShell ? state : copyState(state);
    if (!sameShell) {
      target.env.push(...prefix);
      for (const entry of prefix) target.vars.set(entry.name, entry.value);
      target.scriptPath = path;
    }
    const events = readShell(
      {
        text: read.text,
        at: (offset) => ({ file: path, ...index.positionAt(offset) }),
        file: path,
      },
      target,
      this.reader,
      this.depth + 1,
    );
    this.events.push(...events);
  }

  home(words: { value: string; static: boolean }[], state: ShellState, command: Unbash.Command) {
    const at = words.findIndex((w) => w.value === "codex-home");
    const args = words.slice(at + 1);
    let dir: string | undefined;
    let profile: string | undefined;
    let root = this.reader.root;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]?.value as string;
      if (arg === "--profile" || arg === "-p") profile = args[++i]?.value;
      else if (arg.startsWith("--profile=")) profile = arg.slice("--profile=".length);
      else if (arg === "--root") {
        const value = args[++i]?.value;
        if (value !== undefined && state.cwdKnown) root = resolve(state.cwd, value);
      } else if (!arg.startsWith("-") && dir === undefined) dir = arg;
    }
    if (dir === undefined) return;
    const key = homeKey(dir, state.cwdKnown ? state.cwd : undefined);
    state.homes.push({
      key,
      root,
      ...(profile === undefined ? {} : { profile }),
      location: this.shell.at(command.pos),
    });
  }

  jq(command: Unbash.Command, words: { value: string; static: boolean }[], state: ShellState) {
    let filter: string | undefined;
    const files: string[] = [];
    for (let i = 1; i < words.length; i++) {
      const arg = words[i]?.value as string;
      if (arg === "--arg" || arg === "--argjson" || arg === "--slurpfile" || arg === "--rawfile")
        i += 2;
      else if (arg === "-f" || arg === "--from-file" || arg === "--indent") i++;
      else if (arg.startsWith("-") && arg !== "-") continue;
      else if (filter === undefined) filter = arg;
      else files.push(arg);
    }
    for (const redirect of command.redirects) {
      if (redirect.type === "Redirect" && redirect.operator === "<" && redirect.target) {
        const target = wordValue(redirect.target, this.scope(state));
        files.push(target.value);
      }
    }
    if (files.length === 0 && this.piped !== undefined) files.push(this.piped);
    const location = this.shell.at(command.pos);
    const jqPaths = filter === undefined ? [] : jqPathsOf(filter);
    for (const file of files)
      this.events.push({ kind: "report", use: { file, jqPaths, location } });
  }

  codex(
    words: { value: string; static: boolean; word: Unbash.Word }[],
    start: number,
    env: EnvEntry[],
    state: ShellState,
    command: Unbash.Command,
    stdin: string | undefined,
  ): void {
    const first = words[0] as (typeof words)[number];
    const location = this.shell.at(first.word.pos);
    const args = words.slice(start);
    const argv = args.map((w) => w.value);
    const read = readCodexArgs(argv);
    if (read.kind === "other") return;
    if (read.kind === "refused") {
      const word = args[read.word]?.word ?? first.word;
      this.reader.problems.push({
        location: this.shell.at(word.pos),
        message: `codex refuses this command line: ${read.message}`,
      });
      return;
    }
    const configLocations = read.configWords.map((i) =>
      this.shell.at(args[i]?.word.pos ?? first.word.pos),
    );
    const options = execOptions(read.parsed, configLocations, location);
    let cwd = state.cwd;
    let cwdKnown = state.cwdKnown;
    if (options.cd !== undefined) {
      const cdWord = args.find((w) => w.value === options.cd);
      if (cdWord !== undefined && !cdWord.static) {
        cwdKnown = false;
        cwd = options.cd;
      } else if (isAbsolute(options.cd)) {
        cwd = resolve(options.cd);
        cwdKnown = true;
      } else cwd = cwdKnown ? resolve(cwd, options.cd) : `${cwd}/${options.cd}`;
    }
    // The prompt: the positional word, else stdin (`-`, or none given).
    let prompt: string | undefined;
    const positional = read.parsed.prompt;
    if (positional !== undefined && positional !== "-") {
      const word = args.find((w) => w.value === positional);
      prompt = word?.static === false ? undefined : positional;
    } else {
      prompt = this.stdinOf(command, state) ?? stdin ?? this.reader.stdin;
    }
    const invocation: Invocation = {
      source: this.reader.source,
      location,
      argv,
      cwd,
      cwdKnown,
      env,
      inheritsLoginEnv: state.inheritsLoginEnv,
      options,
      reportUses: [],
    };
    // How Codex is started (`/usr/local/bin/codex`, `npx --yes @openai/codex@V`), when not a
    // bare `codex` found on PATH; and where it starts when -C moves it (-o is relative to that).
    const program = words
      .slice(0, start)
      .map((w) => w.value)
      .filter((value) => value !== "exec" && value !== "e");
    if (program.length > 0 && program.join(" ") !== "codex") invocation.program = program.join(" ");
    if (options.cd !== undefined && state.cwdKnown) invocation.launchDir = state.cwd;
    if (prompt !== undefined) invocation.prompt = prompt;
    for (const redirect of command.redirects) {
      const stdout =
        redirect.descriptor === undefined ||
        (redirect.descriptor.type === "FileDescriptor" && redirect.descriptor.value === 1);
      if (
        redirect.type === "Redirect" &&
        [">", ">>", ">|", "&>"].includes(redirect.operator) &&
        stdout &&
        redirect.target !== undefined
      ) {
        invocation.stdoutFile = this.value(redirect.target, this.scope(state)).value;
      }
    }
    const home = [...env].reverse().find((e) => e.name === "CODEX_HOME");
    if (home !== undefined) {
      if (home.source === "literal" && home.value !== undefined) {
        invocation.codexHome = resolve(state.cwd, home.value);
        if (!isAbsolute(home.value) && !state.cwdKnown) invocation.codexHomeExpression = home.value;
      } else if (home.value !== undefined && home.source !== "empty") {
        invocation.codexHomeExpression = home.value;
      }
      const writer = homeWriter(state.homes, home.value, state.cwdKnown ? state.cwd : undefined);
      if (writer !== undefined) invocation.codexHomeWrittenBy = writer;
    }
    this.events.push({ kind: "run", invocation });
  }

  /** A heredoc, here-string or `< file` on the command itself. */
  stdinOf(command: Unbash.Command, state: ShellState): string | undefined {
    for (const redirect of command.redirects) {
      if (redirect.type === "HereDoc") {
        const body = redirect.body;
        if (redirect.delimiter?.quoted || body.parts === undefined) return body.text;
        let text = "";
        for (const part of body.parts) {
          if (part.type === "Literal") text += part.value;
          else {
            const value = wordValue(
              {
                type: "Word",
                text: part.text,
                value: part.text,
                pos: part.pos,
                end: part.end,
                parts: [part],
              },
              this.scope(state),
            );
            if (!value.static) return undefined;
            text += value.value;
          }
        }
        return text;
      }
      if (redirect.type === "HereString" && redirect.target) {
        const value = wordValue(redirect.target, this.scope(state));
        return value.static ? `${value.value}\n` : undefined;
      }
      if (redirect.type === "Redirect" && redirect.operator === "<" && redirect.target) {
        const value = wordValue(redirect.target, this.scope(state));
        if (!value.static) return undefined;
        return readRepoText(value.value, this.scope(state))?.text;
      }
    }
    return undefined;
  }
}

/** `ops-skill SUB`, `npx [--yes] ops-skill SUB`. */
function isOpsSkill(words: { value: string }[], sub: string): boolean {
  const values = words.map((w) => w.value);
  let i = 0;
  if (values[0] === "npx") {
    i = 1;
    while (values[i]?.startsWith("-")) i++;
  }
  const program = values[i];
  if (program === undefined) return false;
  const base = basename(program).split("@")[0];
  return (base === "ops-skill" || program.startsWith("@ops-skill/cli")) && values[i + 1] === sub;
}

/**
 * The repository's file a path outside it names, when a schedule runs a script of a checkout
 * elsewhere (`/srv/ops/repo/scripts/nightly.sh` in a crontab): the longest tail of the path, two
 * parts or more, that is a file of the repository (`scripts/nightly.sh`).
 */
export function repositoryFileAt(path: string, root: string): string | undefined {
  const parts = path.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) return undefined;
  for (let k = 0; parts.length - k >= 2; k++) {
    const candidate = resolve(root, ...parts.slice(k));
    try {
      if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    } catch {}
  }
  return undefined;
}

/** The last `ops-skill codex-home` of `homes` that writes the folder `CODEX_HOME` names. */
export function homeWriter(
  homes: readonly HomeWrite[],
  codexHome: string | undefined,
  cwd: string | undefined,
): Invocation["codexHomeWrittenBy"] {
  if (codexHome === undefined) return undefined;
  const key = homeKey(codexHome, cwd);
  const writer = [...homes].reverse().find((h) => h.key === key);
  if (writer === undefined) return undefined;
  const { root, profile, location } = writer;
  return profile === undefined ? { root, location } : { root, profile, location };
}

/**
 * A Codex home folder as written, in one form whatever the syntax: `${{ runner.temp }}`,
 * `${RUNNER_TEMP}` and `$RUNNER_TEMP` alike, `${{ github.workspace }}` as `$GITHUB_WORKSPACE`, a
 * relative path resolved against the working directory when known.
 */
export function homeKey(text: string, cwd: string | undefined): string {
  let key = text
    .replace(/\$\{\{\s*runner\.temp\s*\}\}/g, "$RUNNER_TEMP")
    .replace(/\$\{\{\s*github\.workspace\s*\}\}/g, "$GITHUB_WORKSPACE")
    .replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, "$$$1")
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, "$$$1");
  key = trimEnd(key, "/");
  if (!key.startsWith("$") && !isAbsolute(key) && cwd !== undefined) key = resolve(cwd, key);
  return key;
}

/**
 * The paths a jq filter reads, as written: `.status`, `.findings[].severity`. A path is a run
 * of `.name`, `."name"` and `[...]` steps starting at a `.` not preceded by a name character.
 */
export function jqPathsOf(filter: string): string[] {
  const paths: string[] = [];
  const pattern = /(?<![\w$\])])(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|"[^"\n]*")(?:\[[^\]\n]*\])*)+/g;
  for (const match of filter.matchAll(pattern)) if (!paths.includes(match[0])) paths.push(match[0]);
  return paths;
}

/**
 * The runs of a reading, each with the report reads that come after it (in the same script or
 * job): a later `jq '.status' report.json` reads what an earlier `codex exec -o report.json`
 * wrote, or a file no step writes.
 */
export function runsOf(events: readonly ShellEvent[]): Invocation[] {
  const runs: Invocation[] = [];
  events.forEach((event, index) => {
    if (event.kind !== "run") return;
    const uses = events
      .slice(index + 1)
      .flatMap((later) => (later.kind === "report" ? [later.use] : []));
    const { source, location } = event.invocation;
    // A run in a script the schedule runs is named by both: `crontab:3 › nightly.sh:12`.
    const name =
      location.file === source.file
        ? source.name
        : `${source.name} › ${basename(location.file)}:${location.line}`;
    runs.push({ ...event.invocation, source: { ...source, name }, reportUses: uses });
  });
  return runs;
}
