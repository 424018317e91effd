/**
 * The `tools` check: the executables the skill runs exist where the run runs. Which tools: the
 * programs its SKILL.md's shell fences start (read by core's skill reader and
 * `@ops-skill/testing`'s `simpleCommands`, wrappers unwrapped) and those of its recorded
 * scenario calls (`calls.jsonl`: the external tools `ops-skill test` answers for it, including
 * those its scripts run). Where: on a GitHub-hosted runner, the
 * image's preinstalled commands (`runner-images.ts`) plus what an earlier step of the job
 * installs; for a cron line, a script or a command line run on this machine, `which` on the
 * run's PATH; anywhere else (self-hosted, an expression) the doctor cannot tell. A command the
 * skill needs that is not there fails inside the run (`command not found`, exit 127), and the
 * report says "error" night after night.
 */
import { join } from "node:path";
import { isShellFence, parseSkill, readRegularFile } from "@ops-skill/core";
import { simpleCommands } from "@ops-skill/testing";
import type { Check, DoctorContext, Invocation, Verdict } from "../model.js";
import { runnerImage } from "../runner-images.js";
import { envEntry, listed, noSkillVerdict, type RunSkill, skillsOfRun, verdict } from "./_run.js";
import { recordedScenarios } from "./_scenarios.js";
import { CRON_DEFAULT_PATH, which } from "./environment.js";

/** Words a shell fence starts commands with that are the shell's own, not programs to install. */
const SHELL_WORDS = new Set([
  "if",
  "then",
  "elif",
  "else",
  "fi",
  "for",
  "while",
  "until",
  "do",
  "done",
  "case",
  "esac",
  "in",
  "function",
  "select",
  "time",
  "echo",
  "printf",
  "test",
  "command",
  "local",
  "export",
  "set",
  "unset",
  "read",
  "cd",
  "exit",
  "return",
  "true",
  "false",
  "source",
  "eval",
  "exec",
  "wait",
  "trap",
  "shift",
  "declare",
  "typeset",
  "let",
  "type",
  "hash",
  "builtin",
  "readonly",
  "pushd",
  "popd",
  "umask",
  "ulimit",
  "alias",
  "getopts",
  "break",
  "continue",
  "mapfile",
]);

/** A program name (not a path, a variable, a shell word or text of a heredoc). */
const PROGRAM = /^[a-z][a-z0-9_.+-]*$/;

/** The programs the commands of the skill's shell fences start. */
function fenceTools(skill: RunSkill): string[] {
  const read = readRegularFile(join(skill.dir, "SKILL.md"));
  if (!read.ok) return [];
  const file = parseSkill(join(skill.dir, "SKILL.md"), read.bytes);
  const programs = new Set<string>();
  for (const fence of file.markdown.fences) {
    if (!isShellFence(fence.info)) continue;
    for (const words of simpleCommands(fence.content)) {
      const program = words[0];
      if (program !== undefined && PROGRAM.test(program) && !SHELL_WORDS.has(program)) {
        programs.add(program);
      }
    }
  }
  return [...programs];
}

/**
 * The tools the skill runs, each with where it was seen: the scenarios whose recorded calls run
 * it, and the commands of its SKILL.md.
 */
function skillTools(skill: RunSkill): Map<string, string[]> {
  const tools = new Map<string, string[]>();
  for (const tool of fenceTools(skill)) tools.set(tool, ["SKILL.md"]);
  for (const scenario of recordedScenarios(skill.dir)) {
    for (const recording of scenario.recordings) {
      const ids = tools.get(recording.tool) ?? [];
      if (!ids.includes(scenario.id)) ids.push(scenario.id);
      tools.set(recording.tool, ids);
    }
  }
  return tools;
}

const word = (tool: string) =>
  new RegExp(`(?<![\\w])${tool.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`);

/** The earlier workflow step that names the tool (`uses: hashicorp/setup-terraform`, an install script). */
function installedBy(invocation: Invocation, tool: string) {
  const pattern = word(tool);
  return invocation.setupSteps?.find(
    (step) =>
      (step.uses !== undefined && pattern.test(step.uses)) ||
      (step.run !== undefined && pattern.test(step.run)),
  );
}

/** Where the run runs, and how a tool is looked up there; undefined when the doctor cannot know. */
function placeOf(
  invocation: Invocation,
  context: DoctorContext,
): { where: string; has: (tool: string) => string | undefined } | { unknown: string } {
  if (invocation.source.kind === "workflow") {
    const label = invocation.runner;
    if (label === undefined) return { unknown: "the job's runs-on is not known" };
    const image = runnerImage(label);
    if (image === undefined) {
      return {
        unknown: `runs-on ${label} is not a GitHub-hosted image whose software list the doctor has (self-hosted, or an expression)`,
      };
    }
    return {
      where: `runs-on ${label} (${image.image})`,
      has: (tool) => {
        if (image.commands.has(tool)) return "preinstalled";
        const step = installedBy(invocation, tool);
        if (step === undefined) return undefined;
        return `installed by the earlier step at line ${step.location.line} (${step.uses !== undefined ? `uses: ${step.uses}` : "run"})`;
      },
    };
  }
  const entry = envEntry(invocation, "PATH");
  let path: string | undefined;
  if (entry?.source === "literal" && entry.value) path = entry.value;
  else if (entry !== undefined)
    return { unknown: `PATH is set from something the doctor cannot read (${entry.source})` };
  else if (invocation.source.kind === "crontab") path = CRON_DEFAULT_PATH;
  else path = context.env.PATH;
  if (path === undefined) return { unknown: "the run's PATH is not known" };
  return {
    where: `this machine, PATH=${path}`,
    has: (tool) => which(tool, path),
  };
}

export const toolsCheck: Check = (invocation, context) => {
  const skills = skillsOfRun(invocation, context.root);
  if (skills.length === 0) {
    return [
      noSkillVerdict(
        "tools",
        "the tools the skill runs are on the runner",
        invocation,
        "which tools the run needs is not known",
      ),
    ];
  }
  const verdicts: Verdict[] = [];
  for (const skill of skills) {
    const title = `the tools ${skill.name} runs are on the runner`;
    const tools = skillTools(skill);
    if (tools.size === 0) {
      verdicts.push(
        verdict(
          "tools",
          "cannot-tell",
          title,
          `${skill.name} has no shell commands in its SKILL.md and no recorded scenario calls (tests/<scenario>/calls.jsonl) that say which tools it runs.`,
          invocation.location,
          `Record a scenario of ${skill.name} (\`ops-skill record\`), then run the doctor again.`,
        ),
      );
      continue;
    }
    const place = placeOf(invocation, context);
    const names = [...tools.keys()].sort();
    if ("unknown" in place) {
      verdicts.push(
        verdict(
          "tools",
          "cannot-tell",
          title,
          `${skill.name} runs ${listed(names)}, but ${place.unknown}.`,
          invocation.location,
          `Check that ${listed(names)} ${names.length === 1 ? "is" : "are"} installed where the run runs.`,
        ),
      );
      continue;
    }
    const missing = names.filter((tool) => place.has(tool) === undefined);
    if (missing.length > 0) {
      verdicts.push(
        verdict(
          "tools",
          "breaks",
          title,
          `${listed(missing.map((tool) => `\`${tool}\` (run in ${listed(tools.get(tool) ?? [])})`))} ${missing.length === 1 ? "is" : "are"} not on ${place.where}: the command fails with \`command not found\` (exit 127) inside the run, and the report says error.`,
          invocation.location,
          invocation.source.kind === "workflow"
            ? `Install ${listed(missing)} in a step before the run (for terraform: \`uses: hashicorp/setup-terraform@v3\` with \`terraform_wrapper: false\`), or use a runner that has ${missing.length === 1 ? "it" : "them"}.`
            : `Install ${listed(missing)}, or add ${missing.length === 1 ? "its" : "their"} folder to the run's PATH.`,
        ),
      );
      continue;
    }
    verdicts.push(
      verdict(
        "tools",
        "works",
        title,
        `${names.map((tool) => `${tool}: ${place.has(tool)}`).join("; ")} (on ${place.where}).`,
        invocation.location,
      ),
    );
  }
  return verdicts;
};
