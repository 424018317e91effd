/**
 * The sandbox domain: which sandbox a `codex exec` run's commands really get, when the config
 * layers, `-c` overrides and flags disagree. A case holds the config files Codex loads (the user
 * config `codex-home/config.toml`, a profile file `codex-home/NAME.config.toml` for `--profile
 * NAME` in `args`, a project's `project/.codex/config.toml`; the recorder trusts the project
 * unless `untrusted`, which also changes the default sandbox) and the
 * extra `codex exec` flags (`args`; `{scratch}` stands for a folder outside the project and
 * /tmp, also the run's `TMPDIR` when `tmpdir` is set). The stub model asks for one probe
 * command, which writes in the working directory, /tmp, `$TMPDIR`, `$HOME` and the scratch
 * folder, fetches a page
 * from a server on 127.0.0.1 with curl, opens a raw TCP connection to it (bash `/dev/tcp`) and
 * prints whether Codex's network proxy is on. The verdict is what each probe did, or Codex's
 * refusal to start. `@ops-skill/codex/config`'s `effectiveSandbox` is held to it.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { assistantMessage, shellCall, toolCallOutput } from "@ops-skill/codex";
import {
  type CaseManifest,
  type CorpusCase,
  casesDirOf,
  materializeCase,
  materializeCodexHome,
} from "../lib/corpus.js";
import { type Domain, replacePaths } from "../lib/recorder.js";
import { execAgainstStub } from "../lib/stub-exec.js";

export interface SandboxCaseManifest extends CaseManifest {
  /** Extra `codex exec` arguments; `{scratch}` is replaced by the scratch folder's path. */
  args?: string[];
  /** Set `TMPDIR` to the scratch folder for the run. */
  tmpdir?: boolean;
  /** Leave the project untrusted (the recorder trusts it otherwise). */
  untrusted?: boolean;
  /**
   * A command to run instead of the probe (a tool's own need: `kubectl diff` and its temporary
   * folder); its output, which must not vary between runs, is the verdict's `output`. `{port}`
   * stands for the port of the probe's HTTP server on 127.0.0.1.
   */
  command?: string;
  /**
   * Host names the Codex process (and so its network proxy) resolves to these addresses
   * (`{"api.example.com": "127.0.0.1"}`): offline, no name resolves, so a name's loopback
   * stand-in needs a hosts file. Codex runs in a private mount namespace (`unshare --mount`:
   * record as root, as the recordings were made) whose `/etc/hosts` is the machine's plus these
   * lines; the machine's own file is never touched.
   */
  hosts?: Record<string, string>;
}

/** What one probe did: `yes`, `no`, or `unset` for `$TMPDIR` when the run has none. */
export type ProbeAnswer = "yes" | "no" | "unset";

export interface SandboxProbe {
  cwd: ProbeAnswer;
  tmp: ProbeAnswer;
  tmpdir: ProbeAnswer;
  home: ProbeAnswer;
  /** The scratch folder (outside the project and /tmp; `--add-dir {scratch}` names it). */
  scratch: ProbeAnswer;
  http: ProbeAnswer;
  tcp: ProbeAnswer;
  proxy: ProbeAnswer;
}

export interface SandboxVerdict {
  case: string;
  description: string;
  args: string[];
  tmpdir: boolean;
  untrusted: boolean;
  exitCode: number | null;
  /** Codex's refusal (first line of stderr) when it did not start. */
  error?: string;
  /** What the probe command did; absent when Codex refused or the command never ran. */
  probe?: SandboxProbe;
  /** The case's `command`. */
  command?: string;
  /** The case's `hosts`. */
  hosts?: Record<string, string>;
  /**
   * The command's output: the case's `command`'s, or the probe's first line when the sandbox
   * stopped it before it ran.
   */
  output?: string;
}

/** The stand-in for the scratch folder in `args`. */
export const SCRATCH = "{scratch}";
const CALL_ID = "call_probe";
const PROBES = ["cwd", "tmp", "tmpdir", "home", "scratch", "http", "tcp", "proxy"] as const;

function probeCommand(port: number, scratch: string): string {
  const touch = (name: string, path: string) =>
    `touch ${path} 2>/dev/null && echo ${name}=yes || echo ${name}=no`;
  return [
    touch("cwd", "./probe-cwd"),
    touch("tmp", "/tmp/probe-$$"),
    `if [ -n "$TMPDIR" ]; then ${touch("tmpdir", '"$TMPDIR/probe-$$"')}; else echo tmpdir=unset; fi`,
    touch("home", '"$HOME/probe-$$"'),
    touch("scratch", `'${scratch}/probe-scratch'`),
    `curl -s -m 5 http://127.0.0.1:${port}/ >/dev/null 2>&1 && echo http=yes || echo http=no`,
    `(exec 3<>/dev/tcp/127.0.0.1/${port}) 2>/dev/null && echo tcp=yes || echo tcp=no`,
    `[ "$CODEX_NETWORK_PROXY_ACTIVE" = 1 ] && echo proxy=yes || echo proxy=no`,
  ].join("; ");
}

/** The probe's answers from the command's output, or undefined when it is not all there. */
export function parseProbe(output: string): SandboxProbe | undefined {
  const probe: Partial<SandboxProbe> = {};
  for (const name of PROBES) {
    const match = new RegExp(`^${name}=(yes|no|unset)$`, "m").exec(output);
    if (match === null) return undefined;
    probe[name] = match[1] as ProbeAnswer;
  }
  return probe as SandboxProbe;
}

function validate(corpusCase: CorpusCase<SandboxCaseManifest>): void {
  const { args, tmpdir } = corpusCase.manifest;
  if (args !== undefined && !(Array.isArray(args) && args.every((a) => typeof a === "string")))
    throw new Error(`sandbox case ${corpusCase.id}: args must be a list of strings`);
  if (tmpdir !== undefined && typeof tmpdir !== "boolean")
    throw new Error(`sandbox case ${corpusCase.id}: tmpdir must be a boolean`);
  const { untrusted } = corpusCase.manifest;
  if (untrusted !== undefined && typeof untrusted !== "boolean")
    throw new Error(`sandbox case ${corpusCase.id}: untrusted must be a boolean`);
  const { command } = corpusCase.manifest;
  if (command !== undefined && typeof command !== "string")
    throw new Error(`sandbox case ${corpusCase.id}: command must be a string`);
  const { hosts } = corpusCase.manifest;
  if (
    hosts !== undefined &&
    (typeof hosts !== "object" ||
      hosts === null ||
      !Object.entries(hosts).every(
        ([name, address]) => /^[a-z0-9.-]+$/.test(name) && /^[0-9a-f.:]+$/.test(String(address)),
      ))
  )
    throw new Error(`sandbox case ${corpusCase.id}: hosts must map host names to IP addresses`);
}

/**
 * What Codex answered for a command it stopped before it ran (`exec_command failed:
 * ProcessFailed { message: "Network access to ... was blocked: ..." }`): the message.
 */
function stoppedMessage(answer: string): string {
  const quoted = /message: "((?:[^"\\]|\\.)*)"/.exec(answer)?.[1];
  if (quoted === undefined) return answer.trim();
  try {
    return `stopped: ${JSON.parse(`"${quoted}"`) as string}`;
  } catch {
    return `stopped: ${quoted}`;
  }
}

/**
 * `bin` run in a private mount namespace whose `/etc/hosts` is the machine's plus `hosts`: a
 * script in the run folder, given to the recorder as the Codex binary.
 */
function withHosts(bin: string, runDir: string, hosts: Record<string, string>): string {
  const file = join(runDir, "hosts");
  let machine = "";
  try {
    machine = readFileSync("/etc/hosts", "utf8");
  } catch {
    // no hosts file on the machine: only the case's lines
  }
  const lines = Object.entries(hosts).map(([name, address]) => `${address} ${name}`);
  writeFileSync(
    file,
    `${machine}${machine.endsWith("\n") || machine === "" ? "" : "\n"}${lines.join("\n")}\n`,
  );
  const script = join(runDir, "codex-with-hosts.sh");
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  writeFileSync(
    script,
    `#!/bin/sh\nexec unshare --mount --propagation private /bin/sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' ${quote(file)} ${quote(bin)} "$@"\n`,
    { mode: 0o755 },
  );
  return script;
}

export const sandboxDomain: Domain<SandboxCaseManifest, SandboxVerdict> = {
  name: "sandbox",
  concurrency: 2,
  validate,
  describe: (verdict) =>
    verdict.probe === undefined
      ? `exit ${verdict.exitCode}${verdict.error ? `: ${verdict.error}` : ""}`
      : PROBES.map((name) => `${name}=${verdict.probe?.[name]}`).join(" "),
  async record(corpusCase, { bin, runDir }) {
    const { manifest } = corpusCase;
    const { projectDir: project } = materializeCase(
      corpusCase.id,
      join(runDir, "project"),
      casesDirOf("sandbox"),
      { git: "init" },
    );
    const codexHome = join(runDir, "codex-home");
    const home = join(runDir, "home");
    const scratch = join(runDir, "scratch");
    for (const dir of [codexHome, home, scratch]) mkdirSync(dir, { recursive: true });
    materializeCodexHome(corpusCase.dir, codexHome);
    // The project's config is loaded only for a trusted project (the trust also changes the
    // default sandbox).
    const userConfig = join(codexHome, "config.toml");
    let user = "";
    try {
      user = readFileSync(userConfig, "utf8");
    } catch {
      // no user config in the case
    }
    if (!manifest.untrusted)
      writeFileSync(
        userConfig,
        `${user}${user === "" || user.endsWith("\n") ? "" : "\n"}\n[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`,
      );
    const args = (manifest.args ?? []).map((arg) => arg.replaceAll(SCRATCH, scratch));
    const http = createServer((_request, response) => response.end("probe\n"));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const port = (http.address() as AddressInfo).port;
    let outcome: Awaited<ReturnType<typeof execAgainstStub>>;
    try {
      outcome = await execAgainstStub({
        bin: manifest.hosts === undefined ? bin : withHosts(bin, runDir, manifest.hosts),
        runDir,
        cwd: project,
        prompt: "Run the probe.",
        extraArgs: args,
        ...(manifest.tmpdir ? { env: { TMPDIR: scratch } } : {}),
        turns: [
          {
            items: [
              shellCall(
                manifest.command?.replaceAll("{port}", String(port)) ?? probeCommand(port, scratch),
                CALL_ID,
              ),
            ],
          },
          { items: [assistantMessage("done")] },
        ],
      });
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
    const { result, requests } = outcome;
    const replacements: [string, string][] = [
      [scratch, SCRATCH],
      [project, "<project>"],
      [codexHome, "<codex-home>"],
      [home, "<home>"],
    ];
    const answer = toolCallOutput(requests, CALL_ID);
    const text = answer === undefined ? undefined : answer.split("Output:\n").slice(1).join("");
    const probe =
      text === undefined || manifest.command !== undefined ? undefined : parseProbe(text);
    const firstError = result.stderr
      .split("\n")
      .find((line) => line.trim() !== "" && !line.startsWith("Reading additional input"));
    return {
      case: corpusCase.id,
      description: manifest.description,
      args: manifest.args ?? [],
      tmpdir: manifest.tmpdir === true,
      untrusted: manifest.untrusted === true,
      exitCode: result.exitCode,
      ...(result.exitCode !== 0 && firstError !== undefined
        ? { error: replacePaths(firstError, replacements) }
        : {}),
      ...(probe !== undefined ? { probe } : {}),
      ...(manifest.command !== undefined ? { command: manifest.command } : {}),
      ...(manifest.hosts !== undefined ? { hosts: manifest.hosts } : {}),
      ...(manifest.command !== undefined && text !== undefined
        ? {
            output: replacePaths(
              answer?.includes("Output:\n") === false ? stoppedMessage(answer) : text.trim(),
              replacements,
            ),
          }
        : {}),
      ...(probe === undefined && manifest.command === undefined && text !== undefined
        ? {
            output: replacePaths(text.trim().split("\n")[0] ?? "", replacements).replace(
              /\/\S*\/codex\b/g,
              "<codex>",
            ),
          }
        : {}),
    };
  },
};
