/**
 * Which command a tool invocation is, and whether it changes something: the sub-command
 * tables of the infrastructure CLIs, service managers and SQL statements. Pure functions over
 * words; finding the words in shell text is `_commands-shell.ts`'s job.
 */

/** Tools whose read-only use a skill should fence in with a constraints section. */
export const INFRA_TOOLS = ["terraform", "kubectl", "helm", "aws", "gcloud", "az"] as const;
export type InfraTool = (typeof INFRA_TOOLS)[number];

/** Tools whose sub-commands `analyze` knows. */
export const TOOLS = [
  ...INFRA_TOOLS,
  "rm",
  "docker",
  "git",
  "systemctl",
  "service",
  "launchctl",
  "find",
  "redis-cli",
  "curl",
  "wget",
] as const;
export type Tool = (typeof TOOLS)[number];

/** SQL clients, and how each takes SQL on its command line. */
export const SQL_CLIENTS = ["psql", "mysql", "mariadb", "sqlite3"] as const;
export type SqlClient = (typeof SQL_CLIENTS)[number];

export type Verdict = { verb: string; mutating: boolean } | undefined;

export interface Args {
  /** Arguments that do not start with `-` or `$` (quotes removed): sub-commands and values. */
  words: string[];
  flags: string[];
}

const isDryRun = (flags: string[]) =>
  flags.some((f) => /^--dry-run(=(client|server|true))?$/.test(f) || f === "--dry-run=");

function firstKnown(words: string[], known: Record<string, unknown>): number {
  return words.findIndex((w) => Object.hasOwn(known, w));
}

const M = true;
const R = false;

const TERRAFORM: Record<string, boolean> = {
  apply: M,
  destroy: M,
  import: M,
  taint: M,
  untaint: M,
  refresh: M,
  "force-unlock": M,
  state: R,
  workspace: R,
  init: R,
  plan: R,
  show: R,
  output: R,
  validate: R,
  fmt: R,
  providers: R,
  version: R,
  graph: R,
  console: R,
  get: R,
  test: R,
  login: R,
  logout: R,
  metadata: R,
  modules: R,
};

const KUBECTL: Record<string, boolean> = {
  apply: M,
  delete: M,
  patch: M,
  scale: M,
  edit: M,
  replace: M,
  drain: M,
  cordon: M,
  uncordon: M,
  taint: M,
  label: M,
  annotate: M,
  create: M,
  set: M,
  autoscale: M,
  expose: M,
  run: M,
  rollout: R,
  get: R,
  describe: R,
  logs: R,
  diff: R,
  explain: R,
  top: R,
  version: R,
  "api-resources": R,
  "api-versions": R,
  "cluster-info": R,
  config: R,
  auth: R,
  wait: R,
  events: R,
  "port-forward": R,
  exec: R,
  cp: R,
  proxy: R,
  attach: R,
  kustomize: R,
  plugin: R,
  completion: R,
};

const HELM: Record<string, boolean> = {
  install: M,
  upgrade: M,
  uninstall: M,
  delete: M,
  rollback: M,
  list: R,
  ls: R,
  status: R,
  get: R,
  history: R,
  template: R,
  lint: R,
  show: R,
  search: R,
  repo: R,
  dependency: R,
  dep: R,
  version: R,
  pull: R,
  env: R,
  plugin: R,
  diff: R,
  test: R,
  verify: R,
  package: R,
  create: R,
};

const DOCKER_GROUPS = new Set(["system", "container", "image", "volume", "network", "builder"]);

const CLOUD_READ = new Set([
  "list",
  "describe",
  "show",
  "get",
  "get-credentials",
  "get-iam-policy",
  "get-value",
  "read",
  "tail",
  "info",
  "help",
  "version",
  "wait",
  "login",
  "account",
  "auth",
  "config",
]);

/** `systemctl` verbs that start, stop, reconfigure or power off something. */
const SYSTEMCTL: Record<string, boolean> = {
  start: M,
  stop: M,
  restart: M,
  "try-restart": M,
  condrestart: M,
  reload: M,
  "reload-or-restart": M,
  "try-reload-or-restart": M,
  "force-reload": M,
  enable: M,
  disable: M,
  reenable: M,
  mask: M,
  unmask: M,
  kill: M,
  clean: M,
  freeze: M,
  thaw: M,
  isolate: M,
  "set-property": M,
  "set-default": M,
  "set-environment": M,
  edit: M,
  revert: M,
  link: M,
  preset: M,
  "preset-all": M,
  reboot: M,
  poweroff: M,
  halt: M,
  kexec: M,
  suspend: M,
  hibernate: M,
  "soft-reboot": M,
  rescue: M,
  emergency: M,
  "switch-root": M,
  status: R,
  show: R,
  cat: R,
  help: R,
  "list-units": R,
  "list-unit-files": R,
  "list-sockets": R,
  "list-timers": R,
  "list-jobs": R,
  "list-dependencies": R,
  "list-machines": R,
  "list-paths": R,
  "is-active": R,
  "is-enabled": R,
  "is-failed": R,
  "is-system-running": R,
  "get-default": R,
  "show-environment": R,
  "daemon-reload": R,
  "reset-failed": R,
};

/** `systemctl` options that take a value as the next word (`-H host`, `-p Name`). */
const SYSTEMCTL_VALUE_OPTIONS = new Set([
  "-H",
  "-M",
  "-t",
  "-p",
  "-P",
  "-n",
  "-o",
  "-s",
  "--host",
  "--machine",
  "--type",
  "--property",
  "--lines",
  "--output",
  "--signal",
  "--state",
  "--kill-whom",
  "--kill-value",
  "--root",
  "--image",
  "--job-mode",
  "--what",
  "--timestamp",
  "--check-inhibitors",
  "--boot-loader-menu",
  "--boot-loader-entry",
  "--reboot-argument",
  "--message",
  "--drop-in",
  "--preset-mode",
]);

const SERVICE_MUTATING = new Set([
  "start",
  "stop",
  "restart",
  "reload",
  "force-reload",
  "condrestart",
  "try-restart",
  "force-stop",
]);

const LAUNCHCTL: Record<string, boolean> = {
  load: M,
  unload: M,
  bootstrap: M,
  bootout: M,
  enable: M,
  disable: M,
  kickstart: M,
  kill: M,
  start: M,
  stop: M,
  remove: M,
  submit: M,
  reboot: M,
  setenv: M,
  unsetenv: M,
  config: M,
  list: R,
  print: R,
  "print-cache": R,
  "print-disabled": R,
  blame: R,
  version: R,
  help: R,
  getenv: R,
  dumpstate: R,
  procinfo: R,
  hostinfo: R,
  examine: R,
  error: R,
  managerpid: R,
  manageruid: R,
  managername: R,
  resolveport: R,
};

/** What `find` runs on each file it finds that deletes or rewrites it. */
const FIND_EXEC_MUTATING = new Set([
  "rm",
  "unlink",
  "rmdir",
  "shred",
  "truncate",
  "mv",
  "chmod",
  "chown",
]);
const FIND_EXEC = new Set(["-exec", "-execdir", "-ok", "-okdir"]);

/**
 * HTTP methods that delete or replace what a URL names. `POST` is left out: runbooks post to
 * chat webhooks and query APIs far more often than they create resources with it.
 */
const HTTP_MUTATING = new Set(["DELETE", "PUT", "PATCH"]);
const IMDS_TOKEN = /^(https?:\/\/)?(169\.254\.169\.254|\[fd00:ec2::254\])\/latest\/api\/token$/;

/** Redis commands that write, delete, or change the server; the rest of the verbs read. */
const REDIS_MUTATING = new Set([
  "flushall",
  "flushdb",
  "del",
  "unlink",
  "set",
  "setex",
  "psetex",
  "setnx",
  "mset",
  "msetnx",
  "getdel",
  "getex",
  "append",
  "incr",
  "incrby",
  "decr",
  "decrby",
  "expire",
  "pexpire",
  "expireat",
  "persist",
  "rename",
  "renamenx",
  "move",
  "copy",
  "restore",
  "migrate",
  "swapdb",
  "hset",
  "hmset",
  "hdel",
  "hincrby",
  "lpush",
  "rpush",
  "lpop",
  "rpop",
  "lrem",
  "lset",
  "ltrim",
  "sadd",
  "srem",
  "spop",
  "zadd",
  "zrem",
  "zincrby",
  "xadd",
  "xdel",
  "xtrim",
  "shutdown",
  "replicaof",
  "slaveof",
  "failover",
  "bgsave",
  "save",
]);
const REDIS_READ = new Set([
  "get",
  "mget",
  "keys",
  "scan",
  "info",
  "ping",
  "ttl",
  "pttl",
  "type",
  "exists",
  "dbsize",
  "hget",
  "hgetall",
  "hkeys",
  "hlen",
  "llen",
  "lrange",
  "smembers",
  "scard",
  "zrange",
  "zcard",
  "xlen",
  "xrange",
  "monitor",
  "memory",
  "slowlog",
  "latency",
  "client",
  "cluster",
  "role",
  "lastsave",
  "time",
  "strlen",
]);
/** Redis commands read or write by their sub-command (`CONFIG SET`, `SCRIPT FLUSH`). */
const REDIS_BY_SUB: Record<string, Set<string>> = {
  config: new Set(["set", "rewrite", "resetstat"]),
  script: new Set(["flush", "kill", "load"]),
  function: new Set(["delete", "flush", "load", "restore"]),
  acl: new Set(["setuser", "deluser", "save", "load"]),
};

/** The verb of an infrastructure tool's command line, and whether it changes something. */
export function analyze(tool: Tool, { words, flags }: Args): Verdict {
  switch (tool) {
    case "terraform": {
      const i = firstKnown(words, TERRAFORM);
      const verb = words[i];
      if (verb === undefined) return undefined;
      if (verb === "state" || verb === "workspace") {
        const sub = words[i + 1];
        const mutating =
          verb === "state"
            ? ["rm", "mv", "push", "replace-provider"].includes(sub ?? "")
            : ["new", "delete"].includes(sub ?? "");
        return { verb: sub ? `${verb} ${sub}` : verb, mutating };
      }
      return { verb, mutating: TERRAFORM[verb] === true };
    }
    case "kubectl": {
      const i = firstKnown(words, KUBECTL);
      const verb = words[i];
      if (verb === undefined) return undefined;
      if (verb === "rollout") {
        const sub = words[i + 1] ?? "";
        const mutating = ["restart", "undo", "pause", "resume"].includes(sub) && !isDryRun(flags);
        return { verb: sub ? `rollout ${sub}` : verb, mutating };
      }
      return { verb, mutating: KUBECTL[verb] === true && !isDryRun(flags) };
    }
    case "helm": {
      const verb = words[firstKnown(words, HELM)];
      if (verb === undefined) return undefined;
      return { verb, mutating: HELM[verb] === true && !isDryRun(flags) };
    }
    case "rm": {
      const short = flags.filter((f) => /^-[A-Za-z]+$/.test(f)).join("");
      const recursive = /[rR]/.test(short) || flags.includes("--recursive");
      const force = short.includes("f") || flags.includes("--force");
      return recursive && force ? { verb: "-rf", mutating: true } : undefined;
    }
    case "aws": {
      const head = words.slice(0, 4);
      const op = head.findIndex(
        (w) =>
          /^(delete|put|create|update|terminate|modify)-[a-z0-9-]+$/.test(w) ||
          w === "run-instances",
      );
      if (op >= 0) {
        const service = op > 0 ? `${head[op - 1]} ` : "";
        return { verb: `${service}${head[op]}`, mutating: true };
      }
      const s3 = head.indexOf("s3");
      const s3Verb = s3 >= 0 ? head[s3 + 1] : undefined;
      if (s3Verb && ["rm", "rb", "mv"].includes(s3Verb))
        return { verb: `s3 ${s3Verb}`, mutating: true };
      return head[0] ? { verb: head.slice(0, 2).join(" "), mutating: false } : undefined;
    }
    case "gcloud":
    case "az": {
      const head = words.slice(0, 7);
      for (let i = 0; i < head.length; i++) {
        const word = head[i] as string;
        if (CLOUD_READ.has(word)) return { verb: head.slice(0, i + 1).join(" "), mutating: false };
        const mutating =
          ["delete", "create", "update"].includes(word) || (tool === "gcloud" && word === "deploy");
        if (mutating) return { verb: head.slice(0, i + 1).join(" "), mutating: true };
      }
      return undefined;
    }
    case "docker": {
      const verb = words[0];
      if (verb === "rm" || verb === "rmi") return { verb, mutating: true };
      if (verb && DOCKER_GROUPS.has(verb)) {
        const sub = words[1] ?? "";
        return { verb: `${verb} ${sub}`.trim(), mutating: sub === "prune" || sub === "rm" };
      }
      return verb ? { verb, mutating: false } : undefined;
    }
    case "git": {
      if (!words.slice(0, 3).includes("push")) return undefined;
      const force =
        flags.some((f) => /^(-f|--force|--force-with-lease(=.*)?|--force-if-includes)$/.test(f)) ||
        words.some((w) => w.startsWith("+"));
      return force ? { verb: "push --force", mutating: true } : { verb: "push", mutating: false };
    }
    case "systemctl": {
      const verb = words[0];
      if (verb === undefined || !Object.hasOwn(SYSTEMCTL, verb)) return undefined;
      return { verb, mutating: SYSTEMCTL[verb] === true };
    }
    case "service": {
      // `service NAME VERB`; `service --status-all` and `service NAME status` read.
      const verb = words[1];
      if (verb === undefined) return undefined;
      return { verb, mutating: SERVICE_MUTATING.has(verb) };
    }
    case "launchctl": {
      const verb = words[0];
      if (verb === undefined || !Object.hasOwn(LAUNCHCTL, verb)) return undefined;
      return { verb, mutating: LAUNCHCTL[verb] === true };
    }
    case "find": {
      // Reading unless it deletes what it finds, or runs a command that does.
      if (flags.includes("-delete")) return { verb: "-delete", mutating: true };
      if (!flags.some((f) => FIND_EXEC.has(f))) return undefined;
      const run = words.find((w) => FIND_EXEC_MUTATING.has(w.slice(w.lastIndexOf("/") + 1)));
      return run ? { verb: `-exec ${run}`, mutating: true } : undefined;
    }
    case "curl":
    case "wget": {
      // `argsOf` turns `-X DELETE`, `-XDELETE`, `--request DELETE` and `--method=DELETE` into
      // one `--method=DELETE` flag.
      const method = flags
        .findLast((f) => f.startsWith("--method="))
        ?.slice(9)
        .toUpperCase();
      // EC2's IMDSv2 hands out a session token for a PUT: it reads the instance's metadata.
      if (words.some((w) => IMDS_TOKEN.test(w))) return undefined;
      return method && HTTP_MUTATING.has(method)
        ? { verb: `-X ${method}`, mutating: true }
        : undefined;
    }
    case "redis-cli": {
      // Option values (`-h host -p 6379`) come first among the words: the verb is the first
      // word that is a Redis command.
      for (let i = 0; i < words.length; i++) {
        const verb = (words[i] as string).toLowerCase();
        const sub = (words[i + 1] ?? "").toLowerCase();
        if (Object.hasOwn(REDIS_BY_SUB, verb))
          return {
            verb: `${verb.toUpperCase()} ${sub.toUpperCase()}`.trim(),
            mutating: REDIS_BY_SUB[verb]?.has(sub) === true,
          };
        if (REDIS_MUTATING.has(verb)) return { verb: verb.toUpperCase(), mutating: true };
        if (REDIS_READ.has(verb)) return { verb: verb.toUpperCase(), mutating: false };
      }
      return undefined;
    }
  }
}

/**
 * The HTTP method a `curl` or `wget` option sets: its value when it is in the same word
 * (`-XDELETE`, `-sSX PUT`'s `""`, `--request=PATCH`), `""` when it is the next word, undefined
 * when the option sets none. Short options before `X` must be ones that take no value.
 */
function httpMethodOption(tool: "curl" | "wget", value: string): string | undefined {
  const long = /^--(request|method)(?:=(.*))?$/.exec(value);
  if (long) return (long[1] === "request") === (tool === "curl") ? (long[2] ?? "") : undefined;
  if (tool === "wget") return undefined;
  return /^-[sSfvkLiIgGNnqROj]*X(.*)$/.exec(value)?.[1];
}

/**
 * Words and flags of a tool's arguments. `systemctl` options that take a value (`-H host`)
 * would otherwise be taken for its verb, so their values are dropped here; the HTTP method of
 * `curl` and `wget` becomes one `--method=VALUE` flag.
 */
export function argsOf(tool: Tool, values: readonly string[]): Args {
  const words: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const method =
      (tool === "curl" || tool === "wget") && value.startsWith("-")
        ? httpMethodOption(tool, value)
        : undefined;
    if (method !== undefined) {
      flags.push(`--method=${method === "" ? (values[++i] ?? "") : method}`);
    } else if (value.startsWith("-")) {
      flags.push(value);
      if (tool === "systemctl" && SYSTEMCTL_VALUE_OPTIONS.has(value)) i++;
    } else if (value !== "" && !value.startsWith("$")) words.push(value);
  }
  return { words, flags };
}

// ---------------------------------------------------------------------------------------------
// SQL

/** Statements that write data, change the schema or change who may do what. */
const SQL_MUTATING = new Set([
  "drop",
  "delete",
  "truncate",
  "alter",
  "update",
  "insert",
  "merge",
  "upsert",
  "replace",
  "grant",
  "revoke",
  "create",
  "rename",
  "reindex",
  "cluster",
  "vacuum",
  "load",
  "flush",
  "kill",
  "shutdown",
  "reassign",
]);

/** Keywords after which the kind of object is worth naming (`DROP TABLE`, `CREATE ROLE`). */
const SQL_WITH_OBJECT = new Set(["drop", "create", "alter"]);
const SQL_OBJECTS = new Set(
  ["table", "database", "schema", "index", "view", "user", "role", "sequence", "function"].concat(
    ["procedure", "trigger", "extension", "type", "materialized", "domain", "policy", "tablespace"],
    ["publication", "subscription", "owned", "column", "constraint", "event", "server", "rule"],
  ),
);
const SQL_OBJECT_PREFIX = new Set(["or", "replace", "unique", "temporary", "temp", "global"]);

export interface SqlStatement {
  /** `DROP TABLE`, `DELETE`, `GRANT`. */
  display: string;
  /** Offset of the statement's first keyword in the SQL text. */
  index: number;
}

/** How much SQL is read: a client's `-c` or a heredoc is short; a dump fed on stdin is not. */
const MAX_SQL = 200_000;

/**
 * The statements of a SQL text that change something. Statements split at `;` (outside
 * quotes); comments and psql meta-commands (`\c db`) are skipped; `COPY ... FROM` loads data;
 * a `WITH` query counts when it holds a data-changing statement.
 */
export function mutatingSql(sql: string): SqlStatement[] {
  const found: SqlStatement[] = [];
  const text = sql.length > MAX_SQL ? sql.slice(0, MAX_SQL) : sql;
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      quote = c;
      continue;
    }
    if (c === "-" && text[i + 1] === "-") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length - 1 : end;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length - 1 : end + 1;
      continue;
    }
    if (c === ";" || c === undefined) {
      const statement = classify(text, start, i);
      if (statement) found.push(statement);
      start = i + 1;
    }
  }
  return found;
}

const SQL_WORD = /[A-Za-z_]+/y;

function classify(text: string, start: number, end: number): SqlStatement | undefined {
  // The first keyword, after whitespace, comments and opening parentheses.
  let i = start;
  for (;;) {
    while (i < end && /[\s(]/.test(text[i] as string)) i++;
    if (text.startsWith("--", i)) {
      const next = text.indexOf("\n", i);
      i = next === -1 || next > end ? end : next;
    } else if (text.startsWith("/*", i)) {
      const next = text.indexOf("*/", i + 2);
      i = next === -1 || next > end ? end : next + 2;
    } else if (text[i] === "\\") {
      // A psql meta-command (`\c db`, `\x`) takes the rest of its line.
      const next = text.indexOf("\n", i);
      i = next === -1 || next > end ? end : next;
    } else break;
  }
  if (i >= end) return undefined;
  const words: string[] = [];
  SQL_WORD.lastIndex = i;
  let position = i;
  while (words.length < 5 && position < end) {
    SQL_WORD.lastIndex = position;
    const match = SQL_WORD.exec(text);
    if (!match || match.index >= end) break;
    words.push(match[0].toLowerCase());
    position = match.index + match[0].length;
    while (position < end && /\s/.test(text[position] as string)) position++;
    if (position < end && !/[A-Za-z_]/.test(text[position] as string)) break;
  }
  const keyword = words[0];
  if (keyword === undefined) return undefined;
  if (keyword === "copy") {
    const body = text.slice(i, end);
    return /\bfrom\b/i.test(body) && !/\bto\b/i.test(body)
      ? { display: "COPY", index: i }
      : undefined;
  }
  if (keyword === "with") {
    const body = text.slice(i, end);
    const inner = /\b(delete|update|insert|merge)\b/i.exec(body);
    return inner ? { display: (inner[1] as string).toUpperCase(), index: i } : undefined;
  }
  if (!SQL_MUTATING.has(keyword)) return undefined;
  // `SELECT ... FOR UPDATE` and `SHOW CREATE TABLE` start with other keywords and read.
  let display = keyword.toUpperCase();
  if (SQL_WITH_OBJECT.has(keyword)) {
    const object = words.slice(1).find((w) => !SQL_OBJECT_PREFIX.has(w));
    if (object && SQL_OBJECTS.has(object)) display += ` ${object.toUpperCase()}`;
  }
  return { display, index: i };
}
