/**
 * The `create-ops-skill` command: flags parsed with node:util (no framework, so start-up stays
 * small), prompts only on a terminal (@clack/prompts, loaded when it is needed), then
 * `createSkill`. Exit codes: 0 done, 1 refused, 2 usage. A problem is one line on stderr (a
 * merge it cannot do safely adds the lines to write by hand), never a stack trace.
 */
import { readFileSync } from "node:fs";
import { basename, join, posix } from "node:path";
import { parseArgs } from "node:util";
import { onInterrupt } from "./interrupt.js";
import type { CreateOptions } from "./plan.js";
import { isTemplateName, PACKAGE_DIR, TEMPLATE_NAMES } from "./templates.js";

const USAGE = `Usage: create-ops-skill [name] [options]

Scaffold a Codex day-two skill in this git repository: SKILL.md, scripts, golden tests, the
report schema and its types, the guard hook, the schedule (permission profile, trust, GitHub
Actions workflow).

Options:
  -t, --template <t>   drift-check, cert-check, k8s-health, vuln-audit, endpoint-check,
                       cost-anomaly or blank (default: blank)
  -d, --dir <path>     the skill's folder (default: .agents/skills/<name> in the repository)
      --sandbox <s>    a permission profile name (default: day-two), or read-only /
                       workspace-write for Codex's older sandbox (no network for commands)
  -y, --yes            no prompts: the defaults for whatever is not given
      --force          replace a non-empty skill folder and files of the template that differ
      --trust          trust the project and its guard hook in $CODEX_HOME/config.toml
      --no-trust       do not ask; print the lines to add instead
  -h, --help           this help
  -v, --version        the version

Exit codes: 0 done, 1 refused (bad name, non-empty folder, a config that does not parse, no git
repository, a folder you cannot write), 2 usage.
`;

const OPTIONS = {
  template: { type: "string", short: "t" },
  dir: { type: "string", short: "d" },
  sandbox: { type: "string" },
  yes: { type: "boolean", short: "y" },
  force: { type: "boolean" },
  trust: { type: "boolean" },
  "no-trust": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

const parse = (args: string[]) =>
  parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  interactive: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
}

function defaultIo(): Io {
  // A reader that closed the pipe (`| head -1`) gets no more: the run goes on quietly and
  // exits with its own code. Output that cannot be written otherwise is one line on stderr.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE")
      process.stderr.write(`create-ops-skill: cannot write the output: ${error.message}\n`);
  });
  process.stderr.on("error", () => undefined);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
  };
}

function version(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    io.stderr(`create-ops-skill: ${(error as Error).message ?? String(error)}\n`);
    return 2;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`create-ops-skill: ${(error as Error).message.split("\n")[0]} (see --help)\n`);
    return 2;
  }
  const { values, positionals, tokens } = parsed;
  // `-drift` reads as `-d rift`: most likely a name with a leading hyphen.
  const glued = tokens.find(
    (token) => token.kind === "option" && token.rawName === "-d" && token.inlineValue === true,
  );
  if (glued !== undefined && glued.kind === "option") {
    io.stderr(
      `create-ops-skill: ${JSON.stringify(argv[glued.index])} reads as -d ${glued.value} (--dir); a skill name cannot start with "-" (give the folder as -d <path>) (see --help)\n`,
    );
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`create-ops-skill/${version()}\n`);
    return 0;
  }
  if (positionals.length > 1) {
    io.stderr(`create-ops-skill: one name at most, got ${positionals.length} (see --help)\n`);
    return 2;
  }
  if (values.trust && values["no-trust"]) {
    io.stderr("create-ops-skill: --trust and --no-trust together (see --help)\n");
    return 2;
  }
  const options: CreateOptions = {
    cwd: io.cwd,
    env: io.env,
    ...(positionals[0] !== undefined ? { name: positionals[0] } : {}),
    ...(values.template !== undefined ? { template: values.template } : {}),
    ...(values.dir !== undefined ? { dir: values.dir } : {}),
    ...(values.sandbox !== undefined ? { sandbox: values.sandbox } : {}),
    ...(values.force ? { force: true } : {}),
    ...(values.trust ? { trust: true } : {}),
  };
  const prompting = io.interactive && !values.yes;
  // A usage error is told before any question, not after all of them.
  if (options.template !== undefined && !isTemplateName(options.template)) {
    io.stderr(
      `create-ops-skill: unknown template ${JSON.stringify(options.template)} (one of ${TEMPLATE_NAMES.join(", ")})\n`,
    );
    return 2;
  }
  if (prompting) {
    const answered = await ask(options, values["no-trust"] === true);
    if (answered === undefined) {
      io.stderr("create-ops-skill: cancelled; nothing was written\n");
      return 1;
    }
  }
  const { createSkill, formatCreated, formatRefusal } = await import("./index.js");
  const interrupt = onInterrupt();
  let result: Awaited<ReturnType<typeof createSkill>>;
  try {
    result = await createSkill({ ...options, signal: interrupt.signal });
  } finally {
    interrupt.done();
  }
  if (!result.ok) {
    io.stderr(formatRefusal(result));
    return result.exitCode;
  }
  io.stdout(formatCreated(result));
  return 0;
}

/** The prompts (a terminal, no --yes): what the flags left open. Undefined when cancelled. */
async function ask(options: CreateOptions, noTrust: boolean): Promise<CreateOptions | undefined> {
  const clack = await import("@clack/prompts");
  const { nameProblem, suggestName, TEMPLATE_INFO, TEMPLATE_NAMES } = await import("./index.js");
  clack.intro("create-ops-skill");
  const cancelled = (value: unknown) => clack.isCancel(value);
  if (options.template === undefined) {
    const template = await clack.select({
      message: "Template",
      options: TEMPLATE_NAMES.map((t) => ({ value: t, label: t, hint: TEMPLATE_INFO[t].hint })),
      initialValue: "blank",
    });
    if (cancelled(template)) return undefined;
    options.template = template as string;
  }
  // A name given that is no skill name is asked again, its correction offered.
  const given = options.name;
  const givenProblem = given === undefined ? undefined : nameProblem(given);
  if (given !== undefined && givenProblem !== undefined) {
    clack.log.warn(`${JSON.stringify(given)} is not a skill name: ${givenProblem}`);
    delete options.name;
  }
  if (options.name === undefined) {
    const fallback = options.template === "blank" ? "starter-check" : options.template;
    const offered = given === undefined ? undefined : suggestName(given);
    const name = await clack.text({
      message: "Skill name",
      placeholder: fallback,
      defaultValue: fallback,
      ...(offered === undefined ? {} : { initialValue: offered }),
      validate: (value) => {
        if (value === undefined || value === "") return undefined;
        const problem = nameProblem(value);
        if (problem === undefined) return undefined;
        const suggestion = suggestName(value);
        return `${problem}${suggestion ? ` (try ${suggestion})` : ""}`;
      },
    });
    if (cancelled(name)) return undefined;
    options.name = name as string;
  }
  if (options.sandbox === undefined) {
    const sandbox = await clack.select({
      message: "Sandbox of the scheduled run",
      options: [
        {
          value: "day-two",
          label: "day-two profile",
          hint: "read-only disk, network on (recommended)",
        },
        {
          value: "read-only",
          label: "--sandbox read-only",
          hint: "no network: the runbook's tools cannot work",
        },
        { value: "workspace-write", label: "--sandbox workspace-write", hint: "no network either" },
      ],
      initialValue: "day-two",
    });
    if (cancelled(sandbox)) return undefined;
    options.sandbox = sandbox as string;
  }
  if (options.dir === undefined) {
    const skill = options.name as string;
    const dir = await clack.text({
      message: "Where",
      placeholder: `.agents/skills/${skill}`,
      defaultValue: "",
      // The folder is named as the skill (Codex and the specification): said on the spot.
      validate: (value) =>
        value === undefined || value === "" || basename(value) === skill
          ? undefined
          : `the skill's folder must be named as the skill: ${posix.join(value, skill)}?`,
    });
    if (cancelled(dir)) return undefined;
    if (dir !== "") options.dir = dir as string;
  }
  if (options.trust === undefined && !noTrust) {
    const trust = await clack.confirm({
      message:
        "codex exec skips untrusted hooks. Trust this repository and its guard hook in $CODEX_HOME/config.toml?",
      initialValue: false,
    });
    if (cancelled(trust)) return undefined;
    options.trust = trust === true;
  }
  clack.outro("Writing the skill");
  return options;
}
