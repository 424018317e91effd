/**
 * What a skill's procedure needs from the sandbox, per command: the network (none, HTTP(S)
 * that honours `HTTPS_PROXY`, or raw TCP/UDP that does not), the hosts it names, and the paths
 * it writes. Read from the shell fences of its SKILL.md (the linter's `skillCommands`, on core's
 * shell reader), the helper scripts those fences run (`scripts/x.sh`, the same reader), and the
 * tool calls its recorded scenarios made (`tests/<scenario>/calls.jsonl`, `@ops-skill/testing`'s
 * reader), which name the real hosts.
 *
 * `commandNeeds` is pure; `skillNeeds` reads the files.
 */
import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isInside, LineIndex, readRegularText } from "@ops-skill/core";
import { type SimpleCommand, simpleCommands } from "@ops-skill/core/shell";
import { skillCommands } from "@ops-skill/lint";
import { DEFAULT_CALLS, parseRecordings } from "@ops-skill/testing";
import type { Location } from "./model.js";

/**
 * `none`; `http`: HTTP(S) through `HTTP(S)_PROXY` when the sandbox's proxy sets it (kubectl,
 * terraform, helm, cloud CLIs, curl, wget, gh); `raw`: its own TCP or UDP connections, which the
 * proxy refuses (`openssl s_client`, `dig`, `nc`, `ssh`, database clients, `curl --noproxy`).
 */
export type NetworkNeed = "none" | "http" | "raw";

export interface WriteNeed {
  /**
   * The path as written (relative to the working directory unless absolute), or `$TMPDIR`: a
   * temporary folder the tool makes in `$TMPDIR`, or `/tmp` when TMPDIR is unset.
   */
  path: string;
  /** `file`: the command writes this path; `temp`: a temporary folder under `$TMPDIR`. */
  kind: "file" | "temp";
  /** How: `> report.txt`, `tee`, `curl -o`, `kubectl diff stages objects in a temporary folder`. */
  how: string;
}

export interface CommandNeed {
  /** The program (`kubectl`) and what it does (`kubectl diff`, `openssl s_client`). */
  tool: string;
  display: string;
  network: NetworkNeed;
  /** Hosts it connects to, as named (`db.example.com`, `1.1.1.1`); none when unknown. */
  hosts: string[];
  /** Whether it reaches hosts the doctor cannot name (a kubeconfig's cluster, a cloud API). */
  unnamedHosts: boolean;
  writes: WriteNeed[];
  /**
   * Its sub-command hides behind an expansion (`aws "${args[@]}"`): what it reaches is told by
   * the recorded calls of the same tool, when there are some.
   */
  opaque: boolean;
  /** The command line as read, for messages. */
  command: string;
  location: Location;
  /** `skill`: a SKILL.md fence; `script`: a helper it runs; `recording`: a recorded call. */
  from: "skill" | "script" | "recording";
}

export interface SkillNeeds {
  /** The skill's folder. */
  dir: string;
  needs: CommandNeed[];
  /** Files that could not be read (a scenario's calls.jsonl, a helper script), with why. */
  unread: { file: string; problem: string }[];
}

// ------------------------------------------------------------------------------------------
// Tools

/** HTTP(S) clients that honour HTTP(S)_PROXY (Go's and curl's environment proxies). */
const HTTP_TOOLS = new Set([
  "kubectl",
  "terraform",
  "tofu",
  "helm",
  "aws",
  "gcloud",
  "gsutil",
  "bq",
  "az",
  "curl",
  "wget",
  "gh",
  "http",
  "https",
  "xh",
  "doctl",
  "eksctl",
  "argocd",
  "flux",
  "vault",
  "grype",
  "syft",
  "trivy",
  "cosign",
  "crane",
  "skopeo",
  "oras",
]);

/** Tools that open their own TCP or UDP connections, which a proxy does not carry. */
const RAW_TOOLS = new Set([
  "dig",
  "nslookup",
  "host",
  "drill",
  "kdig",
  "nc",
  "ncat",
  "netcat",
  "socat",
  "telnet",
  "ping",
  "ping6",
  "traceroute",
  "mtr",
  "nmap",
  "ssh",
  "scp",
  "sftp",
  "rsync",
  "psql",
  "mysql",
  "mariadb",
  "redis-cli",
  "mongosh",
  "ldapsearch",
  "whois",
  "ntpdate",
]);

/** Sub-commands that work offline. */
const OFFLINE: Record<string, RegExp> = {
  kubectl: /^(config|version|completion|explain|kustomize|plugin|options|help)$/,
  terraform: /^(version|fmt|validate|-version|--version|-help|--help|show|graph|console)$/,
  tofu: /^(version|fmt|validate|-version|--version|-help|--help|show|graph|console)$/,
  helm: /^(version|template|lint|completion|env|help|create|package|show)$/,
  aws: /^(--version|configure|help)$/,
  gcloud: /^(version|--version|config|help|info)$/,
  az: /^(version|--version|configure|help)$/,
  gh: /^(--version|version|help|completion)$/,
  curl: /^(--version|-V|--help|-h|--manual|-M)$/,
  wget: /^(--version|-V|--help|-h)$/,
  grype: /^(version|--version|help|completion)$/,
  syft: /^(version|--version|help|completion)$/,
  trivy: /^(version|--version|help|completion)$/,
};

/** Tools whose first word is a sub-command (`kubectl diff`), named in messages. */
const SUBCOMMAND_TOOLS = new Set([
  "kubectl",
  "terraform",
  "tofu",
  "helm",
  "aws",
  "gcloud",
  "az",
  "gh",
  "git",
  "openssl",
  "docker",
]);

/** AWS services with one endpoint whatever the region: `aws ce` always reaches this host. */
const AWS_GLOBAL_ENDPOINTS: Record<string, string> = {
  ce: "ce.us-east-1.amazonaws.com",
  iam: "iam.amazonaws.com",
  sts: "sts.amazonaws.com",
  route53: "route53.amazonaws.com",
  cloudfront: "cloudfront.amazonaws.com",
  organizations: "organizations.us-east-1.amazonaws.com",
};

/** Tools that pull an image: its reference names the registry (`registry.example.com/app`). */
const IMAGE_TOOLS = new Set(["syft", "grype", "trivy", "cosign", "crane", "skopeo", "oras"]);

/** The registry of an image reference (`registry:ghcr.io/a/b:1`, `docker.io/library/x`). */
function registryOf(reference: string): string | undefined {
  const ref = reference.replace(/^(registry|docker|oci|image):(\/\/)?/, "");
  const slash = ref.indexOf("/");
  if (slash < 0) return undefined;
  const first = ref.slice(0, slash);
  if (!/[.:]/.test(first) && first !== "localhost") return undefined;
  return namedHost(first);
}

/** Options whose value is the next word, so the sub-command is found after them. */
const GLOBAL_VALUES: Record<string, RegExp> = {
  kubectl: /^(--context|--namespace|-n|--kubeconfig|--cluster|--user|-s|--server|--token)$/,
  terraform: /^$/,
  helm: /^(--kube-context|--namespace|-n|--kubeconfig)$/,
  aws: /^(--region|--profile|--output|--endpoint-url|--query)$/,
  gcloud: /^(--project|--account|--configuration|--format)$/,
  az: /^(--subscription|--output|-o|--query)$/,
};

/** The first word after the global options: kubectl's, terraform's sub-command. */
function subcommandOf(tool: string, args: readonly string[]): string | undefined {
  const values = GLOBAL_VALUES[tool];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    // `${CONTEXT:+--context=$CONTEXT}`: an option, or nothing.
    if (arg.startsWith("$")) continue;
    if (!arg.startsWith("-") || arg === "-") return arg;
    if (OFFLINE[tool]?.test(arg)) return arg;
    if (values?.test(arg)) i++;
  }
  return undefined;
}

const URL = /\b(?:https?|wss?):\/\/(\[[0-9a-fA-F:.]+\]|[^/:\s"'`?#@]+(?:@[^/:\s"'`?#]+)?)/g;

/** A host we can name: not a placeholder (`HOST`, `<host>`) or an expansion (`$HOST`). */
function namedHost(raw: string): string | undefined {
  let host = raw.replace(/^[^@]*@/, "").replace(/^\[|\]$/g, "");
  host = host.replace(/:\d+$/, "");
  if (host === "" || /[$`<>{}*]/.test(host) || /^[A-Z][A-Z0-9_]*$/.test(host)) return undefined;
  return host.toLowerCase();
}

function urlHosts(args: readonly string[]): string[] {
  const hosts: string[] = [];
  for (const arg of args)
    for (const match of arg.matchAll(URL)) {
      const host = namedHost(match[1] as string);
      if (host !== undefined) hosts.push(host);
    }
  return hosts;
}

/** The value of `-x VALUE`, `--x VALUE` or `--x=VALUE`. */
function optionValues(args: readonly string[], names: readonly string[]): string[] {
  const values: string[] = [];
  args.forEach((arg, i) => {
    if (names.includes(arg) && args[i + 1] !== undefined) values.push(args[i + 1] as string);
    for (const name of names)
      if (name.startsWith("--") && arg.startsWith(`${name}=`))
        values.push(arg.slice(name.length + 1));
  });
  return values;
}

/** Words that are not options (nor an option's value, for the options listed). */
function positional(args: readonly string[], withValue: RegExp = /^$/): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith("-") && arg !== "-") {
      if (withValue.test(arg)) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

const NOT_WRITTEN = /^(\/dev\/(null|stdout|stderr|tty|fd\/\d+)|-|&\d)$/;

function fileWrite(path: string, how: string): WriteNeed[] {
  if (NOT_WRITTEN.test(path)) return [];
  return [{ path, kind: "file", how }];
}

/** What one command needs: its network, the hosts it names, the paths it writes. */
export function commandNeeds(
  command: Pick<SimpleCommand, "program" | "args" | "writes">,
): Pick<
  CommandNeed,
  "tool" | "display" | "network" | "hosts" | "unnamedHosts" | "writes" | "opaque"
> {
  const { program: tool, args } = command;
  const sub = subcommandOf(tool, args);
  const display =
    sub !== undefined && !sub.startsWith("-") && SUBCOMMAND_TOOLS.has(tool)
      ? `${tool} ${sub}`
      : tool;
  const writes: WriteNeed[] = command.writes.flatMap((path) => fileWrite(path, `> ${path}`));
  let network: NetworkNeed = "none";
  let hosts: string[] = [];
  let unnamedHosts = false;

  if (HTTP_TOOLS.has(tool)) {
    const offline = sub !== undefined && OFFLINE[tool]?.test(sub) === true;
    const onlyVersion = args.length === 0 && (tool === "curl" || tool === "wget");
    if (!offline && !onlyVersion) {
      network = "http";
      hosts = urlHosts(args);
      if (tool === "kubectl" || tool === "helm")
        hosts.push(...optionValues(args, ["--server", "-s"]).flatMap((v) => urlHosts([v])));
      const endpoint = tool === "aws" && sub !== undefined ? AWS_GLOBAL_ENDPOINTS[sub] : undefined;
      if (endpoint !== undefined && optionValues(args, ["--endpoint-url"]).length === 0)
        hosts.push(endpoint);
      if (IMAGE_TOOLS.has(tool))
        hosts.push(
          ...positional(args, /^(-o|--output|-c|--config|--scope|--platform)$/).flatMap(
            (w) => registryOf(w) ?? [],
          ),
        );
      unnamedHosts = hosts.length === 0;
    }
    // curl --noproxy '*' goes direct: the proxy does not carry it.
    if (tool === "curl" && optionValues(args, ["--noproxy"]).length > 0) network = "raw";
  } else if (RAW_TOOLS.has(tool)) {
    network = "raw";
    if (tool === "dig" || tool === "drill" || tool === "kdig") {
      hosts = args.filter((a) => a.startsWith("@")).flatMap((a) => namedHost(a.slice(1)) ?? []);
    } else if (tool === "nslookup" || tool === "host") {
      const words = positional(args, /^(-t|-type|-c|-W)$/);
      hosts = words.slice(1, 2).flatMap((w) => namedHost(w) ?? []);
    } else if (
      ["nc", "ncat", "netcat", "telnet", "ping", "ping6", "traceroute", "mtr", "nmap"].includes(
        tool,
      )
    ) {
      hosts = positional(args, /^(-[pwWiscoe]|--wait)$/)
        .slice(0, 1)
        .flatMap((w) => namedHost(w) ?? []);
    } else if (tool === "ssh" || tool === "scp" || tool === "sftp") {
      const words = positional(args, /^-[bcDEeFIiJLlmOopQRSWw]$/);
      const target = tool === "ssh" ? words[0] : words.find((w) => w.includes(":"))?.split(":")[0];
      hosts = target === undefined ? [] : [namedHost(target) ?? ""].filter(Boolean);
    } else if (tool === "psql" || tool === "mysql" || tool === "mariadb" || tool === "redis-cli") {
      hosts = optionValues(args, ["-h", "--host"]).flatMap((v) => namedHost(v) ?? []);
    }
    unnamedHosts = hosts.length === 0;
  } else if (tool === "openssl" && (sub === "s_client" || sub === "s_time")) {
    network = "raw";
    hosts = optionValues(args, ["-connect"]).flatMap((v) => namedHost(v) ?? []);
    unnamedHosts = hosts.length === 0;
  } else if (
    tool === "git" &&
    sub !== undefined &&
    /^(clone|fetch|pull|push|ls-remote)$/.test(sub)
  ) {
    network = "http";
    hosts = urlHosts(args);
    unnamedHosts = hosts.length === 0;
  }

  // Files the command itself writes.
  if (tool === "tee") for (const path of positional(args)) writes.push(...fileWrite(path, "tee"));
  if (tool === "curl") {
    for (const path of optionValues(args, ["-o", "--output"]))
      writes.push(...fileWrite(path, "curl -o"));
    for (const arg of args)
      if (/^-o./.test(arg) && !arg.startsWith("--"))
        writes.push(...fileWrite(arg.slice(2), "curl -o"));
    if (args.some((a) => a === "-O" || a === "--remote-name" || a === "--remote-name-all"))
      writes.push({ path: ".", kind: "file", how: "curl -O writes the remote file's name here" });
  }
  if (tool === "wget" && network !== "none") {
    const documents = optionValues(args, ["-O", "--output-document"]);
    if (documents.length > 0)
      for (const path of documents) writes.push(...fileWrite(path, "wget -O"));
    else if (!args.includes("--spider"))
      writes.push({ path: ".", kind: "file", how: "wget saves what it fetches here" });
  }
  if (tool === "openssl")
    for (const path of optionValues(args, ["-out"]))
      writes.push(...fileWrite(path, "openssl -out"));
  if (tool === "mktemp") {
    const dir = optionValues(args, ["-p", "--tmpdir"])[0];
    writes.push(
      dir === undefined
        ? { path: "$TMPDIR", kind: "temp", how: "mktemp" }
        : { path: dir, kind: "file", how: "mktemp -p" },
    );
  }
  // Measured (conformance/sandbox kubectl-diff-*): kubectl diff makes its folders in $TMPDIR
  // (else /tmp) before it contacts the API server, and stops when it cannot.
  if (tool === "kubectl" && sub === "diff")
    writes.push({
      path: "$TMPDIR",
      kind: "temp",
      how: "kubectl diff stages the live and merged objects in a temporary folder",
    });
  if ((tool === "terraform" || tool === "tofu") && sub === "init")
    writes.push({ path: ".terraform", kind: "file", how: `${tool} init writes .terraform/` });
  const opaque =
    SUBCOMMAND_TOOLS.has(tool) && sub === undefined && args.some((arg) => arg.startsWith("$"));
  return { tool, display, network, hosts: [...new Set(hosts)], unnamedHosts, writes, opaque };
}

// ------------------------------------------------------------------------------------------
// Reading a skill

/** The helper script a command runs, when it is one of the skill's own (`scripts/x.sh`). */
function helperScript(skillDir: string, word: string): string | undefined {
  if (!word.includes("/") || /[$`]/.test(word)) return undefined;
  const path = resolve(skillDir, word);
  return isInside(skillDir, path) ? path : undefined;
}

const commandText = (c: Pick<SimpleCommand, "word" | "args">) => [c.word, ...c.args].join(" ");

/** What the skill in `dir` (its SKILL.md, helpers and recorded calls) needs. */
export async function skillNeeds(dir: string): Promise<SkillNeeds> {
  const result: SkillNeeds = { dir, needs: [], unread: [] };
  const skillFile = join(dir, "SKILL.md");
  const seenScripts = new Set<string>();
  const add = (
    command: Pick<SimpleCommand, "program" | "word" | "args" | "writes">,
    location: Location,
    from: CommandNeed["from"],
  ) => {
    const need = commandNeeds(command);
    if (need.network === "none" && need.writes.length === 0) return;
    result.needs.push({ ...need, command: commandText(command), location, from });
  };
  const readScript = (path: string, depth: number) => {
    if (seenScripts.has(path) || depth > 3) return;
    seenScripts.add(path);
    const read = readRegularText(path);
    if (!read.ok) {
      if (read.kind !== "missing") result.unread.push({ file: path, problem: read.problem });
      return;
    }
    const lines = new LineIndex(read.text);
    for (const command of simpleCommands(read.text)) {
      const { line, column } = lines.positionAt(command.index);
      add(command, { file: path, line, column }, "script");
      const script = helperScript(dirname(path), command.word);
      if (script !== undefined) readScript(script, depth + 1);
    }
  };
  let commands: Awaited<ReturnType<typeof skillCommands>> = [];
  try {
    commands = await skillCommands(skillFile);
  } catch (error) {
    result.unread.push({ file: skillFile, problem: (error as Error).message });
  }
  for (const command of commands) {
    add(command, { file: skillFile, line: command.line, column: 1 }, "skill");
    const script = helperScript(dir, command.word);
    if (script !== undefined) readScript(script, 0);
  }
  for (const file of callLogs(dir)) {
    const read = readRegularText(file);
    if (!read.ok) {
      if (read.kind !== "missing") result.unread.push({ file, problem: read.problem });
      continue;
    }
    const parsed = parseRecordings(read.text, { file, checkFile: () => undefined });
    for (const call of parsed.recordings)
      add(
        { program: call.tool, word: call.tool, args: call.args, writes: [] },
        { file, line: call.line, column: 1 },
        "recording",
      );
  }
  // A command whose sub-command is an expansion says less than the recorded calls of its tool.
  const recorded = new Set(result.needs.filter((n) => n.from === "recording").map((n) => n.tool));
  result.needs = result.needs.filter((need) => !(need.opaque && recorded.has(need.tool)));
  return result;
}

/** `tests/<scenario>/calls.jsonl` of a skill, sorted. */
function callLogs(dir: string): string[] {
  const tests = join(dir, "tests");
  let names: string[];
  try {
    names = readdirSync(tests, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
  return names.map((name) => join(tests, name, DEFAULT_CALLS));
}
