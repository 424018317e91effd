/**
 * The doctor's model: a schedule read into the `codex exec` runs it makes (`Invocation`), and
 * for each run the verdicts of the checks (`Verdict`). Pure data; the readers in
 * `schedules/` fill it, the checks in `checks/` judge it, `report/` words it.
 */

/** A place in a file the user can open: 1-based line and column. */
export interface Location {
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
}

export type ScheduleKind = "crontab" | "workflow" | "script" | "command";

/** Where a run comes from: the schedule file and, in a workflow, the job and step. */
export interface ScheduleSource {
  kind: ScheduleKind;
  /** Absolute path of the schedule file; for a bare command line, `<command>`. */
  file: string;
  /** A short human name: `nightly.yml › drift › Run drift-check`, `crontab:3`, `run.sh:12`. */
  name: string;
}

/** A variable of the run's environment and where its value comes from. */
export interface EnvEntry {
  name: string;
  /**
   * `literal`: a value written in the schedule (`value` holds it); `secret`: a workflow
   * `${{ secrets.NAME }}` (`secret` holds NAME; `value` absent); `expression`: another
   * `${{ ... }}` or a `$VAR` the doctor cannot evaluate; `inherited`: set by the runner or the
   * login (a workflow runner's `HOME`, `PATH`), value absent; `empty`: set to the empty string
   * (`KEY=`, `KEY: ""`, a guide's `$`).
   */
  source: "literal" | "secret" | "expression" | "inherited" | "empty";
  value?: string;
  secret?: string;
  location: Location;
}

/** A `-c key=value` override, as given and as parsed (TOML value, as Codex parses it). */
export interface ConfigOverride {
  key: string;
  /** The raw text after `=`. */
  raw: string;
  location: Location;
}

/** A later step or command that reads what the run wrote (`jq '.status' report.json`). */
export interface ReportUse {
  /** The file it reads, as written (relative to `cwd` unless absolute). */
  file: string;
  /** The jq paths it reads (`.findings[].severity`), as written; empty if none were found. */
  jqPaths: string[];
  location: Location;
  /**
   * The working directory of the step that reads (absolute), when it is not the directory
   * `codex exec` was started in (a later workflow step's own `working-directory`); `file` is
   * relative to it. (Without `-C` that directory is the run's `cwd`.)
   */
  cwd?: string;
}

/** One `codex exec` a schedule runs, with everything the checks need to judge it. */
export interface Invocation {
  source: ScheduleSource;
  /** Where `codex exec` is written. */
  location: Location;
  /** The words after `codex` (global options, `exec`, its options and prompt), quotes removed. */
  argv: string[];
  /**
   * How Codex is started, as written before `exec`: `codex`, `/usr/local/bin/codex`,
   * `npx --yes @openai/codex@<version> codex`; absent means `codex` found on the run's PATH.
   */
  program?: string;
  /** The working directory Codex runs in (absolute), after `cd`, `working-directory` and `-C`. */
  cwd: string;
  /** False when the doctor had to assume `cwd` (cron's `$HOME` with no `cd`, an expression). */
  cwdKnown: boolean;
  /**
   * The directory `codex exec` is started in, when `-C` moves Codex elsewhere (absolute).
   * Codex resolves `--output-schema` and `-o` against this one, not the `-C` folder
   * (conformance/schema, group `argument`). Absent: `cwd`, or derived from a relative `-C`.
   */
  launchDir?: string;
  /** The environment the schedule gives the run, in order of assignment. */
  env: EnvEntry[];
  /** True when the run's environment is a login's or runner's (workflow, script run by hand); false for cron's bare one. */
  inheritsLoginEnv: boolean;
  /** The parsed `codex exec` options (long names, as `@ops-skill/mock-codex`'s `parseExecArgs`). */
  options: {
    profile?: string;
    sandbox?: string;
    config: ConfigOverride[];
    enable: string[];
    disable: string[];
    outputSchema?: string;
    outputLastMessage?: string;
    cd?: string;
    strictConfig: boolean;
    skipGitRepoCheck: boolean;
    json: boolean;
    ephemeral: boolean;
    ignoreUserConfig: boolean;
    dangerouslyBypassHookTrust: boolean;
    dangerouslyBypassApprovalsAndSandbox: boolean;
    trust: boolean;
  };
  /** The prompt; undefined when it comes from stdin or cannot be read statically. */
  prompt?: string;
  /** `CODEX_HOME` for the run (absolute), when the schedule sets it; else Codex's default. */
  codexHome?: string;
  /**
   * `CODEX_HOME` as written when the doctor cannot evaluate it (`${{ runner.temp }}/codex-home`,
   * `"$RUNNER_TEMP/codex-home"`, a relative path under cron's unknown `$HOME`); `codexHome` is
   * then absent (or, for a relative literal, a guess against the assumed `cwd`).
   */
  codexHomeExpression?: string;
  /**
   * The earlier step or command of the same job or script that writes the run's Codex home with
   * `ops-skill codex-home DIR` (DIR the same as `CODEX_HOME`, `${{ runner.temp }}` and
   * `$RUNNER_TEMP` alike): the home is then the one `@ops-skill/testing`'s `buildCodexHome`
   * makes from `root`'s `schedule/` (only `profile`'s profile file when given).
   */
  codexHomeWrittenBy?: { root: string; profile?: string; location: Location };
  /**
   * For a workflow step that runs an action (`uses: openai/codex-action@v1`), its `with:` inputs,
   * each classified as an environment value is (`secret`, `empty` for `openai-api-key: $`, ...).
   */
  actionInputs?: EnvEntry[];
  /**
   * The file the run's standard output goes to (`codex exec ... > out.json`), as written:
   * `codex exec` prints its final message there, as `-o` writes it.
   */
  stdoutFile?: string;
  /** What reads the run's output afterwards. */
  reportUses: ReportUse[];
  /** How often it runs: the cron expression and the runs per 30 days; absent when unknown. */
  frequency?: { cron: string; runsPerMonth: number; location: Location };
  /** A workflow's `runs-on`, for the tools check. */
  runner?: string;
  /**
   * A workflow job's steps before the one that runs Codex (`uses:` an action, or a `run:`
   * script), in order: what they install is on the runner too (the tools check).
   */
  setupSteps?: { uses?: string; run?: string; location: Location }[];
}

/** A schedule that cannot be read (bad YAML, an odd crontab field, unbalanced quotes). */
export interface ScheduleProblem {
  location: Location;
  message: string;
}

export interface ScheduleRead {
  invocations: Invocation[];
  problems: ScheduleProblem[];
  /** Every file read (absolute): the schedule and the repository scripts it runs. */
  files?: string[];
}

/** The checks, one file each under `checks/`, in the order the checklist shows them. */
export const CHECK_IDS = [
  "schedule",
  "discovery",
  "config",
  "sandbox",
  "network",
  "writes",
  "hooks",
  "schema",
  "report-file",
  "environment",
  "tools",
  "cost",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export type VerdictStatus = "works" | "breaks" | "cannot-tell";

/** A safe change `--fix` may make; applied through core's `stageWrite`. */
export type DoctorFix =
  | {
      kind: "write";
      /** Absolute path of the file written whole (new, or replaced). */
      path: string;
      content: string;
      description: string;
    }
  | {
      kind: "edit";
      /** Absolute path of the file edited in place. */
      path: string;
      /** Byte offsets in the file's current text (UTF-16 offsets of the string read). */
      start: number;
      end: number;
      text: string;
      description: string;
    };

/** What one check says of one run: works, breaks or cannot tell, why, and the fix. */
export interface Verdict {
  check: CheckId;
  status: VerdictStatus;
  /** One line naming what was checked: `drift-check is discovered from /srv/ops`. */
  title: string;
  /** Why, in Codex's terms (the behaviour behind it). */
  reason: string;
  /** What to do; present for `breaks` and `cannot-tell`. */
  fix?: string;
  /** Where the fix goes (the schedule line, the profile file, the hooks file). */
  location: Location;
  /** Safe edits `--fix` applies; a fix touching `CODEX_HOME` needs `consent`. */
  fixes?: DoctorFix[];
  /** True when applying `fixes` changes files outside the repository (the user's Codex home). */
  consent?: boolean;
}

/** What the checks get besides the run: the repository and how to read it. */
export interface DoctorContext {
  /** The repository root (absolute): the nearest ancestor of the working directory with `.git`. */
  root: string;
  /** The doctor's options from the user's config (`doctor` key of ops-skill.config.json). */
  settings: DoctorSettings;
  /** The process environment the doctor runs in (for `CODEX_HOME`/`HOME` defaults on this machine). */
  env: Readonly<Record<string, string | undefined>>;
}

export interface DoctorSettings {
  /** Monthly token budget per run (all schedules): over it, the cost check breaks. */
  monthlyTokenBudget?: number;
}

/**
 * A check: a pure-ish function of the run (it may read files through core's reader). It may
 * answer asynchronously: skill discovery and the hook probe (which runs the hooks) are async.
 */
export type Check = (
  invocation: Invocation,
  context: DoctorContext,
) => Verdict[] | Promise<Verdict[]>;

/** A check that answers at once (the ones that start no process and read no folder tree). */
export type SyncCheck = (invocation: Invocation, context: DoctorContext) => Verdict[];

/** The doctor's answer for a set of schedules. */
export interface DoctorResult {
  /** Each run and its verdicts, in schedule order. */
  runs: { invocation: Invocation; verdicts: Verdict[] }[];
  /** Schedules that could not be read, each a `breaks` of the `schedule` check. */
  problems: ScheduleProblem[];
  /** The schedule files read (so "no problems" is never said of nothing). */
  schedulesRead: string[];
  /** The files or folders given (or `doctor.schedules`) whose every schedule `ignores` drops. */
  ignoredInputs?: string[];
}

/** What each check asks, one sentence: the checklist's legend and the rules of the lint formats. */
export const CHECK_QUESTIONS: Record<CheckId, string> = {
  schedule: "The schedule can be read: its YAML, crontab fields and command line parse.",
  discovery:
    "Codex discovers, loads and lists the skills the prompt names, from the run's working directory.",
  config: "Codex starts with the config and profile files it loads for the run.",
  sandbox: "The run gets the sandbox or permission profile it was meant to get.",
  network: "The skill's tools reach the network and hosts they need under that sandbox.",
  writes: "The skill's commands can write where they write under that sandbox.",
  hooks: "The guard hooks run in codex exec and block each command the skill forbids.",
  schema: "The output schema is read at start and accepted by strict mode.",
  "report-file":
    "The report the next step parses is the file the run writes, with the fields it reads.",
  environment: "The run's environment has the secrets, PATH, HOME and variables it needs.",
  tools: "The executables the skill runs exist where the run runs.",
  cost: "The tokens per month of the schedule stay within the budget.",
};
