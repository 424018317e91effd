/**
 * The `tools` check: the executables the skill runs exist where the run runs. Which tools: the
 * operations tools its SKILL.md's shell fences start (read by core's skill reader and
 * core's shell reader `simpleCommands`, wrappers unwrapped) and those of its recorded
 * scenario calls (`calls.jsonl`: the external tools `ops-skill test` answers for it, including
 * those its scripts run). Where: on a GitHub-hosted runner, the
 * image's preinstalled commands (`runner-images.ts`) plus what an earlier step of the job
 * installs; for a cron line, a script or a command line run on this machine, `which` on the
 * run's PATH; anywhere else (self-hosted, an expression) the doctor cannot tell. A command the
 * skill needs that is not there fails inside the run (`command not found`, exit 127), and the
 * report says "error" night after night.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { isShellFence, parseSkill, readRegularFile } from "@ops-skill/core";
import { simpleCommands } from "@ops-skill/core/shell";
import { DEFAULT_SHIMMED_TOOLS } from "@ops-skill/testing";
import type { DoctorContext, Invocation, SyncCheck, Verdict } from "../model.js";
import { runnerImage } from "../runner-images.js";
import { envEntry, listed, noSkillVerdict, type RunSkill, skillsOfRun, verdict } from "./_run.js";
import { recordedScenarios } from "./_scenarios.js";
import { CRON_DEFAULT_PATH, which } from "./environment.js";

/**
 * The operations tools looked for in a SKILL.md's shell fences, besides the ones `ops-skill test`
 * always shims: a fence's other first words (`date`, `for`, a heredoc's text, prose in an
 * unlabelled fence of a public skill) say little about what must be installed.
 */
const OPS_TOOLS = new Set([
  ...DEFAULT_SHIMMED_TOOLS,
  "tofu",
  "kustomize",
  "gcloud",
  "gsutil",
  "bq",
  "az",
  "doctl",
  "oc",
  "argocd",
  "flux",
  "vault",
  "consul",
  "nomad",
  "packer",
  "ansible",
  "ansible-playbook",
  "pulumi",
  "docker",
  "podman",
  "kind",
  "minikube",
  "wget",
  "jq",
  "yq",
  "trivy",
  "cosign",
  "crane",
  "skopeo",
  "psql",
  "mysql",
  "redis-cli",
  "gh",
  "stern",
  "velero",
  "istioctl",
  "linkerd",
  "promtool",
  "amtool",
  "nmap",
  "nc",
  "sqlite3",
  "eksctl",
  "kubeconform",
  "conftest",
  "tflint",
  "checkov",
]);

/** The operations tools the commands of the skill's shell fences start. */
function fenceTools(skill: RunSkill): string[] {
  const read = readRegularFile(join(skill.dir, "SKILL.md"));
  if (!read.ok) return [];
  const file = parseSkill(join(skill.dir, "SKILL.md"), read.bytes);
  const programs = new Set<string>();
  for (const fence of file.markdown.fences) {
    if (!isShellFence(fence.info)) continue;
    for (const command of simpleCommands(fence.content)) {
      // The program as written: `/opt/bin/kubectl` is not the runner's kubectl.
      if (OPS_TOOLS.has(command.word)) programs.add(command.word);
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
  // Codex runs each command in a login shell (`bash -lc`), whose profile files may set PATH
  // anew (Debian's /etc/profile does): the commands see that PATH, not the schedule's.
  const home = envEntry(invocation, "HOME");
  const login = loginShellPath(
    path,
    home?.source === "literal" && home.value ? home.value : context.env.HOME,
  );
  const seen = login ?? path;
  return {
    where: `this machine, PATH=${seen}${login !== undefined && login !== path ? ` (the login shell Codex runs commands in makes it of PATH=${path})` : ""}`,
    has: (tool) => which(tool, seen),
  };
}

export const toolsCheck: SyncCheck = (invocation, context) => {
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

/**
 * The PATH a login shell started with `path` and `home` gives its commands on this machine
 * (`bash -lc`, as Codex starts each command); undefined when bash cannot tell in 5 seconds.
 */
export function loginShellPath(path: string, home: string | undefined): string | undefined {
  const run = spawnSync("bash", ["-lc", 'printf %s "$PATH"'], {
    env: { PATH: path, ...(home === undefined ? {} : { HOME: home }) },
    encoding: "utf8",
    timeout: 5000,
    stdio: ["ignore", "pipe", "ignore"],
  });
  return run.status === 0 && run.stdout !== "" ? run.stdout : undefined;
}
