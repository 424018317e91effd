/**
 * The commands a piece of shell runs, read with a real Bash parser (unbash: pure TypeScript,
 * synchronous, no dependencies), including the commands it runs through another program:
 * `bash -c '...'`, `sh` fed a heredoc, `eval`, `ssh host '...'`, `kubectl exec ... -- ...`,
 * `docker exec ... CMD`, wrappers (`sudo`, `env`, `timeout`, `xargs`, ...), SQL given to a
 * client (`psql -c`, `mysql -e`, `sqlite3 db "SQL"`, a heredoc or a pipe into one), and
 * command substitutions. The parser loads on first use: most snippets hold no command of
 * interest and are never parsed.
 */
import {
  afterOptions,
  MAX_SHELL_DEPTH,
  MAX_SHELL_TEXT,
  programIndex,
  programName,
  SHELLS,
  SUBSTITUTION,
  shellInput,
  shellParser,
  type Unbash,
} from "@ops-skill/core/shell";
import {
  analyze,
  argsOf,
  mutatingSql,
  SQL_CLIENTS,
  type SqlClient,
  TOOLS,
  type Tool,
} from "./_commands-tools.js";

export interface CommandMatch {
  /** The program: a tool of `TOOLS` or a SQL client. */
  tool: Tool | SqlClient;
  /** `delete`, `rollout restart`, `-rf`, `DROP TABLE`; empty when the verb is unknown. */
  verb: string;
  /** `kubectl delete`, `terraform state rm`, `rm -rf`, `psql DROP TABLE`. */
  display: string;
  mutating: boolean;
  /** Offset of the tool's name (of the SQL statement) in the searched text. */
  index: number;
  /** Length of what `index` points at: the tool's name, or the statement's first keyword. */
  length: number;
  /** The programs it runs through, outermost first (`ssh`, `bash -c`); empty when direct. */
  via: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Sources: text to parse, and where each of its offsets is in the snippet searched.

interface Source {
  text: string;
  /** Offset in the outermost text of an offset in this one. */
  at(index: number): number;
}

/** A word of a command line: its value (quotes removed) and where its characters are. */
interface Arg {
  value: string;
  at(index: number): number;
}

/** Programs whose commands are read: tools, SQL clients, and those that run other commands. */
export const PROGRAMS: readonly string[] = [
  ...TOOLS,
  ...SQL_CLIENTS,
  "podman",
  "docker-compose",
  ...SHELLS,
  "ssh",
  "eval",
];

/**
 * A program worth parsing a snippet for, where a command could start: after the start, a
 * separator, a quote or a path, and before a space, a separator or a quote. Most snippets
 * have none, and are not parsed. The names are `PROGRAMS` (a test keeps the two in step).
 */
export const PROGRAM_MENTION =
  /(?:^|[\s;&|({`'"=/!])(?:terraform|kubectl|helm|aws|gcloud|az|rm|docker|git|systemctl|service|launchctl|find|redis-cli|curl|wget|psql|mysql|mariadb|sqlite3|podman|docker-compose|bash|sh|zsh|dash|ksh|ash|mksh|ssh|eval)(?=$|[\s;&|)}`'"])/;
/** The same, to find every mention. */
const MENTIONS =
  /(?:^|[\s;&|({`'"=/!])(?:terraform|kubectl|helm|aws|gcloud|az|rm|docker|git|systemctl|service|launchctl|find|redis-cli|curl|wget|psql|mysql|mariadb|sqlite3|podman|docker-compose|bash|sh|zsh|dash|ksh|ash|mksh|ssh|eval)(?=$|[\s;&|)}`'"])/g;

/**
 * Commands of the known tools in a piece of shell, in source order. The text is cut into
 * complete commands first (`shellChunks`); only those that name a program of interest are
 * parsed, and a chunk seen before in the run is not parsed again.
 */
export function shellCommands(text: string, options: { whole?: boolean } = {}): CommandMatch[] {
  if (options.whole) {
    const out: CommandMatch[] = [];
    scan({ text, at: (i) => i }, [], 0, out);
    return out.sort((a, b) => a.index - b.index);
  }
  if (!text.includes("\n")) return chunkCommands(text).slice();
  // Where programs are named (the end of each name), so only those chunks are looked at.
  const mentions: number[] = [];
  MENTIONS.lastIndex = 0;
  for (let m = MENTIONS.exec(text); m; m = MENTIONS.exec(text))
    mentions.push(m.index + m[0].length - 1);
  const out: CommandMatch[] = [];
  let k = 0;
  for (const [start, end] of shellChunks(text)) {
    while (k < mentions.length && (mentions[k] as number) < start) k++;
    if (k === mentions.length) break;
    if ((mentions[k] as number) >= end) continue;
    const matches = chunkCommands(text.slice(start, end));
    for (const match of matches)
      out.push(start === 0 ? match : { ...match, index: match.index + start });
  }
  return out;
}

/** Commands of each chunk of the run, by its text: runbooks repeat their commands. */
const chunkCache = new Map<string, CommandMatch[]>();

function chunkCommands(chunk: string): CommandMatch[] {
  let matches = chunkCache.get(chunk);
  if (!matches) {
    matches = [];
    const text = chunk.length > MAX_SHELL_TEXT ? chunk.slice(0, MAX_SHELL_TEXT) : chunk;
    scan({ text, at: (i) => i }, [], 0, matches);
    matches.sort((a, b) => a.index - b.index);
    if (chunkCache.size >= 20_000) chunkCache.clear();
    chunkCache.set(chunk, matches);
  }
  return matches;
}

// ---------------------------------------------------------------------------------------------
// Chunks: where a script can be cut into complete commands.

/** Words after which a command starts. */
const COMMAND_PREFIX = new Set(["then", "do", "else", "elif", "!", "time"]);
const OPENERS = new Set(["if", "for", "while", "until", "case", "select", "{"]);
const CLOSERS = new Set(["fi", "done", "esac", "}"]);

enum Ch {
  Tab = 9,
  Newline = 10,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Amp = 38,
  Apostrophe = 39,
  Open = 40,
  Close = 41,
  Semicolon = 59,
  Less = 60,
  Greater = 62,
  Backslash = 92,
  Backtick = 96,
  Pipe = 124,
}

/** The quote state of `$'...'`. */
const ANSI_C = -1;

/** Characters that end a word: blanks, operators, quotes. */
const WORD_END = new Uint8Array(128);
for (const c of " \t\n\r;&|()<>'\"`") WORD_END[c.charCodeAt(0)] = 1;
/** Characters before which a `#` starts a comment. */
const COMMENT_AFTER = new Uint8Array(128);
for (const c of " \t\n\r;&|(") COMMENT_AFTER[c.charCodeAt(0)] = 1;

const HEREDOC = /<<(-?)[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|\\?([^\s;&|<>()'"]+))/y;

/**
 * `[start, end)` ranges of a script that each hold whole commands: it is cut at line ends
 * outside quotes, heredoc bodies, compound commands (`for ... done`), parentheses and
 * continued lines (`\`, a trailing `|`, `&&` or `||`). One pass over the characters, no
 * parsing: the parts of a script that name no program of interest are then skipped.
 */
export function shellChunks(text: string): [number, number][] {
  const chunks: [number, number][] = [];
  const n = text.length;
  let start = 0;
  let quote = 0;
  let parens = 0;
  let blocks = 0;
  let atCommand = true;
  let last = 0; // last character outside quotes and comments on this line, and the one before
  let beforeLast = 0;
  let heredocs: { delimiter: string; tabs: boolean }[] | undefined;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === Ch.Backslash && quote !== Ch.Apostrophe) i++;
      else if (c === (quote === ANSI_C ? Ch.Apostrophe : quote)) quote = 0;
      i++;
      continue;
    }
    switch (c) {
      case Ch.Newline: {
        let end = i;
        // Heredoc bodies follow the line that opened them.
        for (const heredoc of heredocs ?? []) {
          while (end < n) {
            const next = text.indexOf("\n", end + 1);
            const lineEnd = next === -1 ? n : next;
            let line = text.slice(end + 1, lineEnd);
            end = lineEnd;
            if (heredoc.tabs) line = line.replace(/^\t+/, "");
            if (line.trimEnd() === heredoc.delimiter) break;
          }
        }
        heredocs = undefined;
        const continued = last === Ch.Pipe || (last === Ch.Amp && beforeLast === Ch.Amp);
        if (!continued && parens === 0 && blocks === 0) {
          chunks.push([start, end]);
          start = end + 1;
        }
        i = end + 1;
        atCommand = true;
        last = 0;
        beforeLast = 0;
        continue;
      }
      case Ch.Space:
      case Ch.Tab:
        i++;
        continue;
      case Ch.Hash:
        if (i === 0 || COMMENT_AFTER[text.charCodeAt(i - 1)] === 1) {
          const next = text.indexOf("\n", i);
          i = next === -1 ? n : next;
          continue;
        }
        break;
      case Ch.Backslash:
        // An escaped character; an escaped newline continues the line.
        beforeLast = last;
        last = text.charCodeAt(i + 1) === Ch.Newline ? Ch.Pipe : Ch.Backslash;
        i += 2;
        continue;
      case Ch.Apostrophe:
      case Ch.Quote:
      case Ch.Backtick:
        quote = c;
        beforeLast = last;
        last = c;
        atCommand = false;
        i++;
        continue;
      case Ch.Dollar:
        if (text.charCodeAt(i + 1) === Ch.Apostrophe) {
          quote = ANSI_C; // $'...': ends at ', with escapes as in "..."
          atCommand = false;
          i += 2;
          continue;
        }
        break;
      case Ch.Less:
        if (text.charCodeAt(i + 1) === Ch.Less && text.charCodeAt(i + 2) !== Ch.Less) {
          HEREDOC.lastIndex = i;
          const match = HEREDOC.exec(text);
          if (match) {
            const delimiter = (match[2] ?? match[3] ?? match[4] ?? "").replace(/["'\\]/g, "");
            if (delimiter !== "") {
              heredocs ??= [];
              heredocs.push({ delimiter, tabs: match[1] === "-" });
            }
            beforeLast = last;
            last = Ch.Less;
            atCommand = false;
            i += match[0].length;
            continue;
          }
        }
        break;
      case Ch.Open:
        parens++;
        beforeLast = last;
        last = c;
        atCommand = true;
        i++;
        continue;
      case Ch.Close:
        if (parens > 0) parens--;
        beforeLast = last;
        last = c;
        i++;
        continue;
      case Ch.Semicolon:
      case Ch.Amp:
      case Ch.Pipe:
        beforeLast = last;
        last = c;
        atCommand = true;
        i++;
        continue;
    }
    // A word: a keyword only where a command starts.
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d < 128 && WORD_END[d] === 1) break;
      j++;
    }
    beforeLast = last;
    last = text.charCodeAt(j - 1);
    if (atCommand && j - i <= 6) {
      const word = text.slice(i, j);
      if (OPENERS.has(word)) blocks++;
      else if (CLOSERS.has(word)) {
        if (blocks > 0) blocks--;
        atCommand = false;
      } else atCommand = COMMAND_PREFIX.has(word);
    } else atCommand = false;
    i = j;
  }
  if (start < n) chunks.push([start, n]);
  return chunks;
}

function scan(source: Source, via: readonly string[], depth: number, out: CommandMatch[]): void {
  if (depth > MAX_SHELL_DEPTH || !PROGRAM_MENTION.test(source.text)) return;
  const script = shellParser().parse(source.text);
  new Walker(source, via, depth, out).visit(script);
}

// ---------------------------------------------------------------------------------------------
// The syntax tree.

type Node = Unbash.SyntaxNode;

class Walker {
  constructor(
    private readonly source: Source,
    private readonly via: readonly string[],
    private readonly depth: number,
    private readonly out: CommandMatch[],
  ) {}

  visit = (node: Node): void => {
    switch (node.type) {
      case "Pipeline":
        node.commands.forEach((command, i) => {
          const previous = i > 0 ? node.commands[i - 1] : undefined;
          if (command.type !== "Command") this.visit(command);
          else
            this.command(command, previous?.type === "Command" ? this.output(previous) : undefined);
        });
        return;
      case "Command":
        this.command(node, undefined);
        return;
      case "Word":
      case "Assignment":
      case "HereDocBody":
      case "HereDocDelimiter":
        if (SUBSTITUTION.test(node.text)) shellParser().forEachChild(node, this.visit);
        return;
      case "CommandExpansion":
      case "ProcessSubstitution":
      case "ArithmeticCommandExpansion":
        // Scripts inside an escaped backtick index a decoded source of their own.
        if (node.script && node.script.source === undefined) this.visit(node.script);
        return;
      default:
        shellParser().forEachChild(node, this.visit);
    }
  };

  /** A simple command: its own commands, then substitutions in its words. */
  private command(node: Unbash.Command, piped: Source | undefined): void {
    if (node.name) {
      const argv: Arg[] = [this.arg(node.name)];
      for (const arg of node.args) argv.push(this.arg(arg));
      const stdin = this.stdin(node) ?? piped;
      commandsOf(argv, stdin, this.via, this.depth, this.out);
    }
    shellParser().forEachChild(node, this.visit);
  }

  /** Text a command writes for the next one in a pipeline: `echo`, `printf`, `cat <<EOF`. */
  private output(node: Unbash.Command): Source | undefined {
    const name = node.name?.value;
    if (name === "cat") return this.stdin(node);
    if (name !== "echo" && name !== "printf") return undefined;
    const args = node.args.filter((a) => a.type === "Word" && !/^-[neE]+$/.test(a.value));
    return joined(args.map((a) => this.arg(a)));
  }

  /** What a command reads on stdin from its own heredoc or here-string. */
  private stdin(node: Unbash.Command): Source | undefined {
    for (const redirect of node.redirects) {
      if (redirect.type === "HereDoc") {
        const body = redirect.body;
        return { text: body.text, at: (i) => this.source.at(body.pos + i) };
      }
      if (redirect.type === "HereString" && redirect.target) {
        const arg = this.arg(redirect.target);
        return { text: arg.value, at: arg.at };
      }
    }
    return undefined;
  }

  /** A word with a map from its value's characters back to the snippet. */
  private arg(word: Unbash.Word | Unbash.Assignment): Arg {
    const value = word.type === "Word" ? word.value : word.text;
    const text = word.text;
    const source = this.source;
    // Bare words map one to one; a word in one pair of quotes, one further; others to their start.
    const shift =
      text === value
        ? 0
        : text.length === value.length + 2 && (text[0] === "'" || text[0] === '"')
          ? 1
          : -1;
    const pos = word.pos;
    return {
      value,
      at: (i) => source.at(shift < 0 ? pos : pos + shift + Math.min(i, value.length)),
    };
  }
}

/** Arguments joined with spaces, as `ssh` and `eval` join theirs into one command line. */
function joined(args: readonly Arg[]): Source | undefined {
  if (args.length === 0) return undefined;
  const starts: number[] = [];
  let text = "";
  for (const arg of args) {
    if (text !== "") text += " ";
    starts.push(text.length);
    text += arg.value;
  }
  return {
    text,
    at: (i) => {
      let k = 0;
      while (k + 1 < starts.length && (starts[k + 1] as number) <= i) k++;
      return (args[k] as Arg).at(i - (starts[k] as number));
    },
  };
}

const asSource = (arg: Arg): Source => ({ text: arg.value, at: arg.at });

// ---------------------------------------------------------------------------------------------
// Command lines.

const SSH_VALUES = new Set(
  ["-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m"].concat([
    "-O",
    "-o",
    "-p",
    "-Q",
    "-R",
    "-S",
    "-W",
    "-w",
    "-B",
    "-P",
  ]),
);
const DOCKER_GLOBAL_VALUES = new Set(["-H", "--host", "-c", "--context", "--config", "-l"]);
const DOCKER_EXEC_VALUES = new Set(
  ["-e", "--env", "--env-file", "-u", "--user", "-w", "--workdir", "--detach-keys"].concat([
    "--index",
    "-f",
    "--file",
    "-p",
    "--project-name",
    "--profile",
    "--project-directory",
  ]),
);
const TOOL_SET = new Set<string>(TOOLS);
const SQL_SET = new Set<string>(SQL_CLIENTS);

function commandsOf(
  argv: readonly Arg[],
  stdin: Source | undefined,
  via: readonly string[],
  depth: number,
  out: CommandMatch[],
): void {
  const i = programIndex(argv);
  if (i === undefined) return;
  const word = argv[i] as Arg;
  const name = programName(word.value);
  if (/[$`]/.test(name)) return;
  const index = word.at(word.value.length - name.length);
  const rest = argv.slice(i + 1);

  if (SHELLS.has(name)) {
    shellCommand(name, rest, stdin, via, depth, out);
    return;
  }
  if (name === "eval") {
    const script = joined(rest);
    if (script) scan(script, [...via, "eval"], depth + 1, out);
    return;
  }
  if (name === "ssh") {
    const host = afterOptions(rest, 0, SSH_VALUES);
    const remote = joined(rest.slice(host + 1));
    const script = remote ?? stdin;
    if (script) scan(script, [...via, "ssh"], depth + 1, out);
    return;
  }
  if (SQL_SET.has(name)) {
    sqlCommand(name as SqlClient, rest, stdin, via, out);
    return;
  }
  if (name === "docker" || name === "podman" || name === "docker-compose") {
    dockerExec(name, rest, stdin, via, depth, out);
    if (name !== "docker") return;
  }
  if (!TOOL_SET.has(name)) return;
  const tool = name as Tool;
  const verdict = analyze(
    tool,
    argsOf(
      tool,
      rest.map((a) => a.value),
    ),
  );
  out.push({
    tool,
    verb: verdict?.verb ?? "",
    display: verdict ? `${tool} ${verdict.verb}` : tool,
    mutating: verdict?.mutating ?? false,
    index,
    length: name.length,
    via,
  });
  if (tool === "kubectl" && verdict?.verb === "exec") {
    const dashes = rest.findIndex((a) => a.value === "--");
    if (dashes >= 0)
      commandsOf(rest.slice(dashes + 1), stdin, [...via, "kubectl exec"], depth + 1, out);
  }
}

/** `bash -c 'SCRIPT'`, `sh -ec 'SCRIPT'`, or a shell reading its script on stdin. */
function shellCommand(
  name: string,
  rest: readonly Arg[],
  stdin: Source | undefined,
  via: readonly string[],
  depth: number,
  out: CommandMatch[],
): void {
  const input = shellInput(rest);
  if (input === undefined) return;
  if ("script" in input)
    scan(asSource(rest[input.script] as Arg), [...via, `${name} -c`], depth + 1, out);
  else if (stdin) scan(stdin, [...via, name], depth + 1, out);
}

/** `docker exec [OPTIONS] CONTAINER CMD...`, `docker compose exec [OPTIONS] SERVICE CMD...`. */
function dockerExec(
  name: string,
  rest: readonly Arg[],
  stdin: Source | undefined,
  via: readonly string[],
  depth: number,
  out: CommandMatch[],
): void {
  let i = afterOptions(rest, 0, DOCKER_GLOBAL_VALUES);
  if (rest[i]?.value === "compose") i = afterOptions(rest, i + 1, DOCKER_EXEC_VALUES);
  else if (rest[i]?.value === "container" && rest[i + 1]?.value === "exec") i++;
  if (rest[i]?.value !== "exec") return;
  const target = afterOptions(rest, i + 1, DOCKER_EXEC_VALUES);
  const label = name === "docker" ? "docker exec" : `${name} exec`;
  commandsOf(rest.slice(target + 1), stdin, [...via, label], depth + 1, out);
}

interface SqlOptions {
  /** Options whose value is SQL. */
  sql: readonly string[];
  /** Options whose value is a file of SQL (then stdin is not read). */
  file: readonly string[];
  /** Other options that take the next word as their value. */
  values: readonly string[];
}

const SQL_OPTIONS: Record<SqlClient, SqlOptions> = {
  psql: {
    sql: ["-c", "--command"],
    file: ["-f", "--file"],
    values: ["-d", "-h", "-p", "-U", "-v", "-o", "-L", "-P", "-T", "-F", "-R"].concat(
      ["--dbname", "--host", "--port", "--username", "--set", "--variable", "--output"],
      ["--log-file", "--pset", "--table-attr", "--field-separator", "--record-separator"],
    ),
  },
  mysql: {
    sql: ["-e", "--execute"],
    file: [],
    values: ["-h", "-P", "-u", "-D", "-S", "--host", "--port", "--user", "--database", "--socket"],
  },
  mariadb: {
    sql: ["-e", "--execute"],
    file: [],
    values: ["-h", "-P", "-u", "-D", "-S", "--host", "--port", "--user", "--database", "--socket"],
  },
  sqlite3: {
    sql: ["-cmd", "--cmd"],
    file: ["-init", "--init"],
    values: ["-separator", "-newline", "-nullvalue", "-vfs", "-maxsize", "-mmap", "-A"],
  },
};

/** SQL a client runs: its `-c`/`-e` options, sqlite3's statements after the database, or stdin. */
function sqlCommand(
  client: SqlClient,
  rest: readonly Arg[],
  stdin: Source | undefined,
  via: readonly string[],
  out: CommandMatch[],
): void {
  const options = SQL_OPTIONS[client];
  const sql: Source[] = [];
  let readsFile = false;
  const positional: Arg[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as Arg;
    const value = arg.value;
    const eq = value.indexOf("=");
    const option = value.startsWith("--") && eq > 0 ? value.slice(0, eq) : value;
    // `-cSQL` and `-eSQL`: a short option with its value attached.
    const attached = /^-[ce]./.test(value) && options.sql.includes(value.slice(0, 2));
    if (options.sql.includes(option) || attached) {
      const skip = attached ? 2 : option === value ? -1 : eq + 1;
      if (skip >= 0) sql.push({ text: value.slice(skip), at: (k) => arg.at(k + skip) });
      else if (rest[i + 1]) sql.push(asSource(rest[++i] as Arg));
    } else if (options.file.includes(option)) {
      readsFile = true;
      if (option === value) i++;
    } else if (options.values.includes(value)) i++;
    else if (!value.startsWith("-")) positional.push(arg);
  }
  // sqlite3 DB "SQL" ...: every word after the database is SQL.
  if (client === "sqlite3") for (const arg of positional.slice(1)) sql.push(asSource(arg));
  if (sql.length === 0 && !readsFile && stdin) sql.push(stdin);
  for (const source of sql) {
    for (const statement of mutatingSql(source.text)) {
      out.push({
        tool: client,
        verb: statement.display,
        display: `${client} ${statement.display}`,
        mutating: true,
        index: source.at(statement.index),
        length: statement.display.split(" ")[0]?.length ?? 1,
        via,
      });
    }
  }
}
