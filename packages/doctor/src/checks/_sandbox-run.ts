/**
 * What the `sandbox`, `network` and `writes` checks share about one run: the config layers
 * Codex loads for it (the user config and the `--profile` file of its Codex home, a trusted
 * project's `.codex/config.toml` files), its `-c` overrides and flags, the effective sandbox
 * (`@ops-skill/codex/config`'s `effectiveSandbox`), its TMPDIR, and what the skills its prompt
 * names need (`needs.ts`). Read once per run and kept for the three checks.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import {
  describeOrigin,
  type EffectiveSandbox,
  effectiveSandbox,
  isProjectTrusted,
  type ParsedConfigModel,
  type SandboxConfigLayer,
  type SandboxOrigin,
  type SandboxOverride,
} from "@ops-skill/codex/config";
import { parseConfigFile, parseConfigOverride } from "@ops-skill/codex/config-parse";
import { isInside, readRegularText } from "@ops-skill/core";
import {
  flagValues,
  parseExecArgs,
  projectConfigDirs,
  projectRootFor,
} from "@ops-skill/mock-codex";
import { SCHEDULE_DIR } from "@ops-skill/testing";
import type { DoctorContext, Invocation, Location, Verdict } from "../model.js";
import { type CommandNeed, skillNeeds } from "../needs.js";
import { type RunHome, runHome } from "./_home.js";
import { envEntry } from "./_run.js";

/** Where the run's Codex home is: the one answer of `_home.ts`. */
export type SandboxHome = RunHome;

export interface RunSkillNeeds {
  name: string;
  dir: string;
  needs: CommandNeed[];
}

export interface SandboxRun {
  home: SandboxHome;
  /** Undefined when the home is unknown and no flag decides the sandbox alone. */
  sandbox: EffectiveSandbox | undefined;
  /** The same run without its `--sandbox`/bypass flag and `-c sandbox_mode`: what a flag overrides. */
  withoutOverride: EffectiveSandbox | undefined;
  /** The `--profile` file (in the home, or the repository's `schedule/` copy), if any. */
  profileFile: string | undefined;
  /** The run's TMPDIR: a path, null when unset, undefined when the doctor cannot tell. */
  tmpdir: string | null | undefined;
  /** Where the run's TMPDIR comes from, for messages. */
  tmpdirHow: string;
  /** The skills the prompt names that the doctor found, with what each needs. */
  skills: RunSkillNeeds[];
  /** Names the prompt gives that match no skill folder the doctor found. */
  missing: string[];
  /** Config files Codex loads for the run that do not parse: Codex refuses to start. */
  broken: string[];
}

const cache = new WeakMap<Invocation, Promise<SandboxRun>>();

/** The run's sandbox and needs, read once per invocation. */
export function sandboxRun(invocation: Invocation, context: DoctorContext): Promise<SandboxRun> {
  let run = cache.get(invocation);
  if (run === undefined) {
    run = readSandboxRun(invocation, context);
    cache.set(invocation, run);
  }
  return run;
}

interface ConfigText {
  path: string;
  text: string;
}

/** The user config and profile file of the home, as text. */
function homeFiles(
  home: SandboxHome,
  profile: string | undefined,
): { user?: ConfigText; profile?: ConfigText; profilePath?: string } {
  const read = (path: string): ConfigText | undefined => {
    const got = readRegularText(path);
    return got.ok ? { path, text: got.text } : undefined;
  };
  if (home.kind === "dir") {
    const profilePath =
      profile === undefined ? undefined : join(home.dir, `${profile}.config.toml`);
    const user = read(join(home.dir, "config.toml"));
    const profileText = profilePath === undefined ? undefined : read(profilePath);
    return {
      ...(user ? { user } : {}),
      ...(profileText ? { profile: profileText } : {}),
      ...(profilePath ? { profilePath } : {}),
    };
  }
  if (home.kind === "schedule") {
    const file = (name: string) => home.schedule.files.find((f) => f.name === name);
    const user = file("config.toml");
    const profileText = profile === undefined ? undefined : file(`${profile}.config.toml`);
    const profilePath =
      profile === undefined ? undefined : join(home.root, SCHEDULE_DIR, `${profile}.config.toml`);
    return {
      ...(user ? { user: { path: "$CODEX_HOME/config.toml", text: user.text } } : {}),
      ...(profileText && profilePath
        ? { profile: { path: profilePath, text: profileText.text } }
        : {}),
      ...(profilePath ? { profilePath } : {}),
    };
  }
  return {};
}

function parsed(file: ConfigText | undefined, broken: string[]): ParsedConfigModel | undefined {
  if (file === undefined) return undefined;
  const model = parseConfigFile({ path: file.path, kind: "config-toml", text: file.text });
  if (model.syntaxError) broken.push(file.path);
  return model.syntaxError ? undefined : model;
}

/** The run's TMPDIR and where it comes from. */
function runTmpdir(
  invocation: Invocation,
  context: DoctorContext,
): { tmpdir: string | null | undefined; how: string } {
  const set = envEntry(invocation, "TMPDIR");
  if (set === undefined) {
    if (invocation.inheritsLoginEnv && invocation.source.kind !== "workflow") {
      const value = context.env.TMPDIR;
      return value
        ? { tmpdir: value, how: `TMPDIR=${value} (this machine's)` }
        : { tmpdir: null, how: "TMPDIR is unset" };
    }
    return { tmpdir: null, how: "the schedule does not set TMPDIR" };
  }
  if (set.source === "empty") return { tmpdir: null, how: "TMPDIR is empty" };
  if (set.source === "literal" && set.value)
    return { tmpdir: resolve(invocation.cwd, set.value), how: `TMPDIR=${set.value}` };
  return { tmpdir: undefined, how: "TMPDIR is set by the schedule" };
}

/** The `codex exec` options of `argv` (the words after `codex`). */
function execFlags(invocation: Invocation) {
  const exec = invocation.argv.indexOf("exec");
  const parsedArgs = parseExecArgs(exec < 0 ? invocation.argv : invocation.argv.slice(exec + 1));
  return parsedArgs.ok ? parsedArgs.parsed : undefined;
}

async function readSandboxRun(invocation: Invocation, context: DoctorContext): Promise<SandboxRun> {
  const home = runHome(invocation, context);
  const { options } = invocation;
  const files = homeFiles(home, options.profile);
  const broken: string[] = [];
  const user = options.ignoreUserConfig ? undefined : parsed(files.user, broken);
  const profile = parsed(files.profile, broken);
  const projectRoot = projectRootFor(invocation.cwd);
  const projectTrusted =
    options.trust ||
    (user !== undefined &&
      isProjectTrusted({ path: files.user?.path ?? "", model: user }, projectRoot));
  const layers: SandboxConfigLayer[] = [];
  if (user) layers.push({ layer: "user", model: user });
  if (profile) layers.push({ layer: "profile", model: profile });
  if (projectTrusted)
    for (const dir of projectConfigDirs(projectRoot, invocation.cwd)) {
      const model = parsed(readText(join(dir, "config.toml")), broken);
      if (model) layers.push({ layer: "project", model });
    }
  const overrides: SandboxOverride[] = options.config.flatMap(
    (override) => parseConfigOverride(`${override.key}=${override.raw}`) ?? [],
  );
  const flags = execFlags(invocation);
  const { tmpdir, how: tmpdirHow } = runTmpdir(invocation, context);
  const base = {
    layers,
    overrides,
    addDirs: flags ? flagValues(flags, "add-dir") : [],
    enable: options.enable,
    disable: options.disable,
    cwd: invocation.cwd,
    projectTrusted,
    tmpdir,
  };
  const flagged = {
    ...base,
    ...(options.sandbox !== undefined ? { sandbox: options.sandbox } : {}),
    bypass: options.dangerouslyBypassApprovalsAndSandbox,
  };
  const decidedByFlag =
    options.sandbox !== undefined || options.dangerouslyBypassApprovalsAndSandbox;
  const known = home.kind !== "unknown" || decidedByFlag;
  const sandbox = known ? effectiveSandbox(flagged) : undefined;
  const withoutOverride =
    home.kind === "unknown"
      ? undefined
      : effectiveSandbox({
          ...base,
          overrides: overrides.filter((o) => o.key.trim() !== "sandbox_mode"),
        });
  const { skills, missing } = await namedSkills(invocation, context);
  return {
    home,
    sandbox,
    withoutOverride,
    profileFile: files.profile?.path ?? files.profilePath,
    tmpdir,
    tmpdirHow,
    skills,
    missing,
    broken,
  };
}

function readText(path: string): ConfigText | undefined {
  const read = readRegularText(path);
  return read.ok ? { path, text: read.text } : undefined;
}

/** Folders that hold skills for a run: Codex's roots from the project root to the cwd, and a catalogue's `skills/`. */
function skillFolders(invocation: Invocation, context: DoctorContext): string[] {
  const root = projectRootFor(invocation.cwd);
  const dirs = projectConfigDirs(root, invocation.cwd).flatMap((codexDir) => {
    const base = resolve(codexDir, "..");
    return [join(base, ".agents", "skills"), join(base, ".codex", "skills")];
  });
  dirs.push(join(context.root, "skills"));
  return [...new Set(dirs)].filter((dir) => existsSync(dir));
}

/** A character that may stand in a skill name. */
const isNameChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_:.-]/.test(c);

/**
 * Whether the prompt names the skill: `$name` or the name as a word (a `.` or `:` right after
 * it ends a sentence, not the name).
 */
function namesSkill(prompt: string, name: string): boolean {
  for (let at = prompt.indexOf(name); at >= 0; at = prompt.indexOf(name, at + 1)) {
    const before = prompt[at - 1] === "$" ? prompt[at - 2] : prompt[at - 1];
    const after = prompt[at + name.length];
    const afterNext = prompt[at + name.length + 1];
    const ends = !isNameChar(after) || ((after === "." || after === ":") && !isNameChar(afterNext));
    if (!isNameChar(before) && ends) return true;
  }
  return false;
}

/**
 * The skills the prompt names (`$drift-check`, "the drift-check skill", or the name as a word),
 * among the skill folders of the run: a folder `<root>/<name>/SKILL.md`.
 */
async function namedSkills(
  invocation: Invocation,
  context: DoctorContext,
): Promise<{ skills: RunSkillNeeds[]; missing: string[] }> {
  const prompt = invocation.prompt ?? "";
  const found = new Map<string, string>();
  for (const folder of skillFolders(invocation, context)) {
    let names: string[] = [];
    try {
      names = readdirSync(folder, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch {
      continue;
    }
    for (const name of names)
      if (!found.has(name) && existsSync(join(folder, name, "SKILL.md")))
        found.set(name, join(folder, name));
  }
  const skills: RunSkillNeeds[] = [];
  for (const [name, dir] of [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!namesSkill(prompt, name)) continue;
    const { needs } = await skillNeeds(dir);
    skills.push({ name, dir, needs });
  }
  const mentioned = [...prompt.matchAll(/\$([A-Za-z0-9][A-Za-z0-9_:-]*)/g)].map(
    (m) => m[1] as string,
  );
  const missing = mentioned.filter((name) => !found.has(name));
  return { skills, missing };
}

// ------------------------------------------------------------------------------------------
// Words and fixes the three checks share

/** `the permission profile day-two (extends :read-only) from default_permissions in FILE:1`. */
export function describeSetting(sandbox: EffectiveSandbox): string {
  if (sandbox.setting === "profile") {
    const name = sandbox.profile?.value ?? "?";
    const extended = sandbox.extends ? ` (extends ${sandbox.extends.value})` : "";
    const origin = sandbox.profile ? describeOrigin(sandbox.profile.origin) : "";
    return `the permission profile ${name}${extended}, from ${origin}`;
  }
  const mode = sandbox.mode?.value ?? "read-only";
  return `the ${mode} sandbox, from ${sandbox.mode ? describeOrigin(sandbox.mode.origin) : "the default"}`;
}

/** In words, the network a sandbox gives. */
export function describeNetwork(sandbox: EffectiveSandbox): string {
  switch (sandbox.network.value) {
    case "none":
      return "no network at all (not even loopback)";
    case "full":
      return sandbox.allowlist.length > 0
        ? "the whole network (its domains allowlist restricts nothing without features.network_proxy)"
        : "the whole network";
    default:
      return "HTTP(S) through Codex's proxy, to the hosts of its allowlist only";
  }
}

/** A location for a fact: its file and line, or the schedule's `codex exec`. */
export function originLocation(
  origin: SandboxOrigin | undefined,
  invocation: Invocation,
): Location {
  if (origin?.kind === "file" && !origin.path.startsWith("$"))
    return { file: origin.path, line: origin.line, column: origin.column };
  return invocation.location;
}

/** The profile to use: the run's `--profile` name, else `day-two` (the catalogue's). */
export function profileName(invocation: Invocation): string {
  return invocation.options.profile ?? "day-two";
}

/** A permission profile file: read-only disk, the network on, `$TMPDIR` writable when asked. */
export function profileText(name: string, options: { tmpdir?: boolean } = {}): string {
  const key = /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name);
  return [
    `default_permissions = ${JSON.stringify(name)}`,
    "",
    `[permissions.${key}]`,
    'extends = ":read-only"',
    "",
    `[permissions.${key}.network]`,
    "enabled = true",
    ...(options.tmpdir ? ["", `[permissions.${key}.filesystem]`, '":tmpdir" = "write"'] : []),
    "",
  ].join("\n");
}

/**
 * The safe fix that writes the profile file: only when the run names a `--profile` whose file
 * does not exist (Codex ignores a missing profile file silently). Outside the repository it
 * needs consent.
 */
export function writeProfileFix(
  invocation: Invocation,
  context: DoctorContext,
  run: SandboxRun,
  options: { tmpdir?: boolean } = {},
): Pick<Verdict, "fixes" | "consent"> {
  const path = run.profileFile;
  const name = invocation.options.profile;
  if (name === undefined || path === undefined || path.startsWith("$") || existsSync(path))
    return {};
  return {
    fixes: [
      {
        kind: "write",
        path,
        content: profileText(name, options),
        description: `write the permission profile ${name} (read-only disk, the network on) to ${path}`,
      },
    ],
    ...(isInside(context.root, path) ? {} : { consent: true }),
  };
}

/** The needs of every skill of the run, with the skill's name. */
export function runNeeds(run: SandboxRun): (CommandNeed & { skill: string })[] {
  return run.skills.flatMap((skill) => skill.needs.map((need) => ({ ...need, skill: skill.name })));
}

/** `SKILL.md:12`, relative to the repository when inside it. */
/** The one verdict when the skills' commands need nothing the check judges. */
export function needsNothing(
  check: "network" | "writes",
  run: SandboxRun,
  title: string,
  reason: string,
  invocation: Invocation,
): Verdict {
  return {
    check,
    status: "works",
    title: `${run.skills.map((s) => s.name).join(", ")} ${title}`,
    reason,
    location: invocation.location,
  };
}

export function needPlace(need: CommandNeed, context: DoctorContext): string {
  const file = isInside(context.root, need.location.file)
    ? relative(context.root, need.location.file)
    : need.location.file;
  return `${file}:${need.location.line}`;
}

/**
 * The run and its sandbox for a check of what the skills need, or the `cannot-tell` verdict
 * when either is unknown.
 */
export async function readyRun(
  check: Verdict["check"],
  invocation: Invocation,
  context: DoctorContext,
): Promise<{ run: SandboxRun; sandbox: EffectiveSandbox } | Verdict> {
  const run = await sandboxRun(invocation, context);
  const unknown = cannotTellRun(check, invocation, run);
  if (unknown !== undefined || run.sandbox === undefined) return unknown as Verdict;
  return { run, sandbox: run.sandbox };
}

/** A verdict for a run whose skills or sandbox the doctor could not read. */
function cannotTellRun(
  check: Verdict["check"],
  invocation: Invocation,
  run: SandboxRun,
): Verdict | undefined {
  if (run.sandbox === undefined)
    return {
      check,
      status: "cannot-tell",
      title: "the run's sandbox is not known",
      reason: `It depends on the config files of the run's Codex home, and ${run.home.how}.`,
      fix: "Set CODEX_HOME in the schedule to a folder the doctor can read, or pass --sandbox or --profile with a profile file.",
      location: invocation.location,
    };
  if (run.broken.length > 0)
    return {
      check,
      status: "cannot-tell",
      title: "the run's sandbox is not known",
      reason: `${run.broken.join(", ")} does not parse, and Codex refuses to start with it.`,
      fix: "Fix the file's TOML (the config check says where).",
      location: invocation.location,
    };
  if (run.skills.length === 0)
    return {
      check,
      status: "cannot-tell",
      title: "no skill of the prompt was found",
      reason:
        run.missing.length > 0
          ? `The prompt names ${run.missing.map((n) => `$${n}`).join(", ")}, which the doctor finds in no skill folder of the run.`
          : "The prompt names no skill the doctor finds in the run's skill folders, so what its procedure needs is unknown.",
      fix: "Name the skill in the prompt (`$drift-check`), as it is named in its SKILL.md.",
      location: invocation.location,
    };
  return undefined;
}
