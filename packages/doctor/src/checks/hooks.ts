/**
 * hooks: the guard hooks of the run really block each command the skill forbids (reference §5,
 * conformance/hooks). `codex exec` skips an untrusted hook without a word, loads project hooks
 * only for a trusted project, fires a group only when its matcher reaches `Bash`, and lets a
 * command run unless the hook answers in one of three forms. The probe of
 * `@ops-skill/mock-codex/probe` (`ops-skill hooks probe`) runs each hook as Codex would, with
 * the run's Codex home, flags and working directory; the forbidden commands are
 * `@ops-skill/lint`'s `forbiddenCommands` of the skills the prompt names.
 */
import { join, relative } from "node:path";
import {
  entryOf,
  modelOf,
  SCHEDULE_HOOKS_FILE,
  scheduleTrustText,
  tableOf,
} from "@ops-skill/codex/config";
import { isInside, readRegularText } from "@ops-skill/core";
import { forbiddenCommands } from "@ops-skill/lint";
import {
  type HookConfig,
  type HookFlags,
  processHookRunner,
  readHookConfig,
} from "@ops-skill/mock-codex";
import { probeHooks } from "@ops-skill/mock-codex/probe";
import { SCHEDULE_DIR, TRUST_FILE, trustConfigToml } from "@ops-skill/testing";
import type { Check, DoctorContext, DoctorFix, Invocation, Verdict } from "../model.js";
import { homeOnDisk, type RunHome, runHome, runHomeDir } from "./_home.js";
import { knownNames, namedSkillFiles, namedSkills, runSkills } from "./_skills.js";

type RunHook = ReturnType<typeof processHookRunner>;
type HookOutput = Awaited<ReturnType<RunHook>>;
/** Per doctor run: the hooks that ran into their timeout, by command, folder and file. */
const timedOut = new WeakMap<DoctorContext, Map<string, HookOutput>>();

/**
 * A hook that ran into its timeout is not run again for the next command or run: each run of
 * it would cost its whole timeout (600 s when it sets none), and it is judged the same way.
 */
function onceTimedOut(context: DoctorContext, cwd: string, run: RunHook): RunHook {
  const seen = timedOut.get(context) ?? new Map<string, HookOutput>();
  timedOut.set(context, seen);
  return async (hook, input) => {
    const key = JSON.stringify([cwd, hook.file, hook.command, hook.timeoutSec]);
    const known = seen.get(key);
    if (known !== undefined) return known;
    const output = await run(hook, input);
    if (output.failure === "timeout") seen.set(key, output);
    return output;
  };
}

/** The flags of the run that change its hooks, as the probe takes them. */
function hookFlags(invocation: Invocation): HookFlags {
  const { options } = invocation;
  return {
    bypassTrust: options.dangerouslyBypassHookTrust,
    trustProject: options.trust,
    enable: options.enable,
    disable: options.disable,
    config: options.config.map((c) => `${c.key}=${c.raw}`),
  };
}

/** The environment the hooks run with: this machine's, the schedule's literal values, the run's homes. */
function hookEnv(
  invocation: Invocation,
  context: DoctorContext,
  codexHome: string,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...context.env };
  for (const entry of invocation.env)
    if (entry.source === "literal" && entry.value !== undefined) env[entry.name] = entry.value;
  env.CODEX_HOME = codexHome;
  const home = runHomeDir(invocation, context);
  if (home !== undefined) env.HOME = home;
  return env;
}

/** The SKILL.md files whose forbidden commands the hooks must block. */
async function guardedSkills(invocation: Invocation, context: DoctorContext, home: RunHome) {
  const skills = await runSkills(invocation, context, home);
  const named =
    invocation.prompt === undefined ? [] : namedSkills(invocation.prompt, knownNames(skills));
  const files = namedSkillFiles(skills, named);
  if (files.length > 0) return files;
  // No skill named (or none found): any skill Codex lists to the run may be the one it follows.
  return skills.loaded.filter((s) => s.scope === "project").map((s) => s.path);
}

/** The trust `--fix` may add, for the hooks (and the project) the run does not trust. */
async function trustFixes(
  config: HookConfig,
  home: RunHome,
  context: DoctorContext,
): Promise<{ fixes: DoctorFix[]; consent: boolean }> {
  const none = { fixes: [], consent: false };
  const root = config.projectRoot;
  const needProject = config.hooks.some((h) => h.skip === "project-untrusted");
  const untrusted = config.hooks.filter(
    (h) =>
      h.event === "PreToolUse" &&
      (h.skip === "untrusted" || h.skip === "project-untrusted") &&
      isInside(root, h.file) &&
      h.file !== root,
  );
  if (untrusted.length === 0 && !needProject) return none;
  const { parseConfigFile } = await import("@ops-skill/codex/config-parse");
  if (home.kind === "schedule") {
    // The home is written from schedule/trust.json: the trust goes there (the repository's file).
    const hooksFile = join(root, SCHEDULE_HOOKS_FILE);
    const read = readRegularText(hooksFile);
    if (!read.ok) return none;
    const parsed = modelOf(
      parseConfigFile({ path: hooksFile, kind: "hooks-json", text: read.text }),
    );
    if (parsed === undefined) return none;
    const path = join(context.root, SCHEDULE_DIR, TRUST_FILE);
    return {
      fixes: [
        {
          kind: "write",
          path,
          content: scheduleTrustText(parsed.hooks.groups),
          description: `trust the project and the hooks of ${SCHEDULE_HOOKS_FILE} in ${SCHEDULE_DIR}/${TRUST_FILE}`,
        },
      ],
      consent: false,
    };
  }
  if (home.kind !== "dir") return none;
  const store = join(home.dir, "config.toml");
  const current = readRegularText(store);
  if (!current.ok && current.kind !== "missing") return none;
  const text = current.ok ? current.text : "";
  if (current.ok) {
    // Appending a table the file already has would make it invalid TOML: leave that to the user.
    const model = modelOf(parseConfigFile({ path: store, kind: "config-toml", text }));
    if (model === undefined) return none;
    const state = tableOf(tableOf(model.root, "hooks"), "state");
    if (needProject && tableOf(tableOf(model.root, "projects"), root) !== undefined) return none;
    if (untrusted.some((h) => entryOf(state, h.key) !== undefined)) return none;
  }
  const hooks = untrusted.map((h) => ({ key: h.key.slice(root.length + 1), trustedHash: h.hash }));
  const lines = trustConfigToml(
    { project: needProject, hooks },
    root,
    "# Trust added by ops-skill doctor --fix.",
  );
  const consent = !isInside(context.root, store);
  const description = `trust ${needProject ? "the project and " : ""}${hooks.length} hook${hooks.length === 1 ? "" : "s"} in ${store}`;
  if (!current.ok)
    return { fixes: [{ kind: "write", path: store, content: lines, description }], consent };
  const glue = text === "" ? "" : text.endsWith("\n") ? "\n" : "\n\n";
  return {
    fixes: [
      {
        kind: "edit",
        path: store,
        start: text.length,
        end: text.length,
        text: `${glue}${lines}`,
        description,
      },
    ],
    consent,
  };
}

const FORMS =
  'exit 2 with the reason on stderr, or exit 0 printing a hookSpecificOutput deny or {"decision":"block"} with a reason';

export const hooks: Check = async (invocation, context) => {
  const verdict = (
    status: Verdict["status"],
    title: string,
    reason: string,
    extra: Partial<Pick<Verdict, "fix" | "location" | "fixes" | "consent">> = {},
  ): Verdict => ({
    check: "hooks",
    status,
    title,
    reason,
    location: invocation.location,
    ...extra,
  });
  const home = runHome(invocation, context);
  const skills = await guardedSkills(invocation, context, home);
  const forbidden =
    skills.length > 0 ? await forbiddenCommands(skills, { cwd: invocation.cwd }) : [];
  const onDisk = homeOnDisk(home);
  if (onDisk === undefined) {
    if (forbidden.length === 0)
      return [
        verdict(
          "works",
          "nothing to block",
          `The skills of the run forbid no command, so no hook has anything to block (the run's Codex home is not known: ${home.how}).`,
        ),
      ];
    return [
      verdict(
        "cannot-tell",
        "whether the guard hooks run",
        `The skills forbid ${forbidden.length} command${forbidden.length === 1 ? "" : "s"} (${forbidden.map((f) => f.display).join(", ")}), and whether Codex trusts the hooks depends on the run's Codex home, which is not known here: ${home.how}.`,
        {
          fix: "Set CODEX_HOME to a folder of the repository, or write the home with `ops-skill codex-home` from schedule/ (trust in schedule/trust.json).",
        },
      ),
    ];
  }
  try {
    const env = hookEnv(invocation, context, onDisk.dir);
    const flags = hookFlags(invocation);
    const config = await readHookConfig({ cwd: invocation.cwd, env, flags });
    const preToolUse = config.hooks.filter((h) => h.event === "PreToolUse");
    if (forbidden.length === 0)
      return [
        verdict(
          "works",
          "nothing to block",
          `The skills of the run (${skills.length > 0 ? skills.map((s) => relative(context.root, s)).join(", ") : "none found"}) forbid no command, so no hook has anything to block${preToolUse.length > 0 ? ` (${preToolUse.length} PreToolUse hook${preToolUse.length === 1 ? "" : "s"} configured)` : ""}.`,
        ),
      ];
    if (config.fatal !== undefined)
      return [
        verdict(
          "breaks",
          "Codex refuses the config before any hook runs",
          `codex exec stops at start (exit 1): ${config.fatal.replace(/\n/g, " ")}`,
          {
            fix: "Fix the config Codex refuses (see the config check).",
          },
        ),
      ];
    const report = await probeHooks({
      cwd: invocation.cwd,
      env,
      flags,
      runHook: onceTimedOut(
        context,
        invocation.cwd,
        processHookRunner({ cwd: invocation.cwd, codexHome: config.codexHome, env }),
      ),
      commands: forbidden.map((f) => ({
        command: f.command,
        forbidden: true,
        source: `${relative(context.root, f.file)}:${f.line}`,
      })),
    });
    const open = report.commands.filter((c) => !c.blocked);
    if (open.length === 0)
      return [
        verdict(
          "works",
          `the guard hooks block ${report.commands.length} forbidden command${report.commands.length === 1 ? "" : "s"}`,
          `Run as codex exec runs them (${home.how}${invocation.options.dangerouslyBypassHookTrust ? ", --dangerously-bypass-hook-trust" : ", trusted"}), the hooks block ${report.commands.map((c) => `\`${c.command}\``).join(", ")}.`,
        ),
      ];
    const trust = await trustFixes(config, home, context);
    // A home the doctor made for the probe is named as the run knows it, never by its temporary path.
    const named = (text: string) =>
      home.kind === "dir" ? text : text.replaceAll(onDisk.dir, "$CODEX_HOME");
    const homeNote =
      home.kind === "schedule"
        ? ` The run's home is written by \`ops-skill codex-home\` from ${SCHEDULE_DIR}/${TRUST_FILE}: put the trust there.`
        : home.kind === "fresh"
          ? " The runner starts with no Codex home: write one with `ops-skill codex-home` from schedule/ and set CODEX_HOME to it."
          : "";
    return open.map((result) => {
      const first = forbidden.find((f) => f.command === result.command);
      const why =
        result.hooks.length === 0
          ? "no PreToolUse hook is configured (in the run's Codex home or the project's .codex/)"
          : result.hooks.map((h) => `${h.key}: ${named(h.detail)}`).join("; ");
      const fixes = [
        ...new Set(result.hooks.map((h) => h.fix).filter((f): f is string => f !== null)),
      ];
      const trustSkip = result.hooks.some(
        (h) => h.why === "untrusted" || h.why === "project-untrusted",
      );
      return verdict(
        "breaks",
        `\`${result.command}\` would run`,
        `${result.source ? `${result.source} forbids it, but ` : ""}codex exec would run it: ${why}.`,
        {
          fix: invocation.cwdKnown
            ? result.hooks.length === 0
              ? `Add a PreToolUse hook with matcher "Bash" that blocks it (${FORMS}).`
              : `${named(fixes.join("; "))}${trustSkip ? homeNote : ""}`
            : `Run it from the repository (\`cd ${context.root} && codex exec ...\` or \`codex exec -C ${context.root} ...\`): from ${invocation.cwd} Codex loads none of the project's hooks.`,
          ...(first === undefined
            ? {}
            : { location: { file: first.file, line: first.line, column: 1 } }),
          ...(trustSkip && trust.fixes.length > 0
            ? { fixes: trust.fixes, ...(trust.consent ? { consent: true } : {}) }
            : {}),
        },
      );
    });
  } finally {
    onDisk.done();
  }
};
