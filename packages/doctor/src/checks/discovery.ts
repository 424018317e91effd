/**
 * discovery: the skills the prompt names are discovered from the run's working directory,
 * load, and are listed to the model (reference §4, conformance/skills and conformance/mentions).
 * Codex finds skills in `.agents/skills` and `.codex/skills` of every directory from the project
 * root down to the cwd (at most 6 directories below a root, 2,000 directories per root),
 * `$CODEX_HOME/skills` and `$HOME/.agents/skills`; a miss is silent. A `$name` mention injects
 * the skill; a plain name needs the skill on the model's list (budget, `allow_implicit_invocation`).
 */
import { dirname, join, relative } from "node:path";
import type { DiscoveryMiss } from "@ops-skill/core";
import type { Check, DoctorContext, Invocation, Location, Verdict } from "../model.js";
import { runHome } from "./_home.js";
import { knownNames, type NamedSkill, namedSkills, type RunSkills, runSkills } from "./_skills.js";

const MISS_WORDS: Record<DiscoveryMiss, string> = {
  "file-name-case": "its file is not named exactly SKILL.md (the name is case-sensitive)",
  "hidden-directory": "it sits below a folder whose name starts with `.`, which Codex skips",
  "too-deep": "it is more than 6 directories below its skills root, where Codex stops looking",
  "not-a-regular-file": "its SKILL.md is not a regular file (a symbolic link, a FIFO or a folder)",
  "traversal-limit":
    "its root holds more than 2,000 directories and Codex's breadth-first walk stops before reaching it",
  "unreadable-directory": "a folder on its way cannot be read",
};

const at = (file: string): Location => ({ file, line: 1, column: 1 });

function verdict(
  invocation: Invocation,
  status: Verdict["status"],
  title: string,
  reason: string,
  fix?: string,
  location?: Location,
): Verdict {
  return {
    check: "discovery",
    status,
    title,
    reason,
    ...(fix === undefined ? {} : { fix }),
    location: location ?? invocation.location,
  };
}

/** Where the skill would be discovered from the run's directory: `.agents/skills/<name>` of the project. */
function homeFor(name: string, invocation: Invocation, context: DoctorContext): string {
  const base = invocation.cwdKnown ? invocation.cwd : context.root;
  const folder = name.replace(/[^A-Za-z0-9_-]/g, "-");
  return relative(context.root, join(base, ".agents", "skills", folder)) || ".";
}

function judge(
  named: NamedSkill,
  skills: RunSkills,
  invocation: Invocation,
  context: DoctorContext,
): Verdict {
  const { name } = named;
  const shown = named.how === "mention" ? `$${name}` : name;
  const loaded = skills.loaded.filter((s) => s.name === name);
  const from = invocation.cwdKnown ? invocation.cwd : `${invocation.cwd} (assumed)`;
  if (loaded.length > 1)
    return verdict(
      invocation,
      "cannot-tell",
      `${shown}: ${loaded.length} skills go by this name`,
      `Codex loads and lists every one of them with no warning (${loaded.map((s) => s.path).join(", ")}); which one the run follows is up to the model.`,
      "Rename or remove all but one.",
      at((loaded[1] ?? loaded[0])?.path ?? invocation.location.file),
    );
  const skill = loaded[0];
  if (skill !== undefined) {
    const where = `${skill.path}${skill.scope === "user" ? " (a user skill)" : ""}`;
    if (named.how === "plain" && skill.policy?.allowImplicitInvocation === false)
      return verdict(
        invocation,
        "breaks",
        `${name} is loaded but never listed to the model`,
        `Its agents/openai.yaml sets allow_implicit_invocation: false: Codex keeps it off the model's list, and the prompt names it without \`$\`, so the model never learns it exists.`,
        `Write \`$${name}\` in the prompt (Codex then injects the skill), or drop allow_implicit_invocation: false.`,
        { file: skill.policy.path, line: skill.policy.line, column: skill.policy.column },
      );
    if (named.how === "plain" && skills.budget.over.has(skill.path))
      return verdict(
        invocation,
        "cannot-tell",
        `${name} is discovered but past Codex's listing budget`,
        `The ${skills.loaded.length} skills Codex lists from ${from} take about ${skills.budget.total} bytes, over its budget of about 21.6 KB: it shortens, then removes descriptions and drops the last skills, silently; this skill's line is past the budget.`,
        `Write \`$${name}\` in the prompt (Codex injects the skill whatever the list holds), or shorten descriptions.`,
        at(skill.path),
      );
    return verdict(
      invocation,
      "works",
      `${shown} is discovered from ${invocation.cwd}`,
      named.how === "mention"
        ? `Codex loads ${where} and injects it for the \`$${name}\` mention.`
        : `Codex loads ${where} and lists it to the model.`,
    );
  }
  const unseen = skills.unseen.filter((s) => s.name === name);
  const missed = unseen.find((s) => s.why === "missed" || s.why === "refused");
  if (missed !== undefined) {
    const why =
      missed.why === "refused"
        ? `Codex refuses to load it (stderr only: \`failed to load skill ${missed.path}: ${missed.reason}\`)`
        : `Codex never discovers it: ${MISS_WORDS[missed.miss ?? "too-deep"]}`;
    return verdict(
      invocation,
      "breaks",
      `${shown} is not available to the run`,
      `${why}; the run goes on without it and says nothing.`,
      missed.why === "refused"
        ? "Fix the SKILL.md so Codex loads it (`ops-skill lint` names the cause)."
        : `Move the skill to ${homeFor(name, invocation, context)}/SKILL.md.`,
      at(missed.path),
    );
  }
  const outside = unseen.find((s) => s.why === "not-a-root");
  if (outside !== undefined && !invocation.cwdKnown)
    return verdict(
      invocation,
      "breaks",
      `${shown} is not discovered: the run starts in ${invocation.cwd}`,
      `The schedule does not change directory, so codex exec starts where the schedule starts it (cron: $HOME). Codex looks for project skills only from the project root down to that directory, so ${outside.path} is never seen; the run goes on without it, silently.`,
      `Run it from the repository: \`cd ${context.root} && codex exec ...\`, or \`codex exec -C ${context.root} ...\`.`,
    );
  if (outside !== undefined)
    return verdict(
      invocation,
      "breaks",
      `${shown} is not in a folder Codex discovers skills in`,
      `${relative(context.root, outside.path)} is outside Codex's skill roots (.agents/skills and .codex/skills of each directory from the project root down to ${invocation.cwd}, $CODEX_HOME/skills, $HOME/.agents/skills), so codex exec from ${invocation.cwd} never lists it.`,
      `Move (or link) ${relative(context.root, dirname(outside.path))} to ${homeFor(name, invocation, context)}.`,
      at(outside.path),
    );
  return verdict(
    invocation,
    "breaks",
    `no skill named ${name} is found`,
    `No skill named "${name}" is under Codex's skill roots for ${from} (${skills.roots.length > 0 ? skills.roots.join(", ") : "none exists"}) or elsewhere in the repository; Codex runs the prompt without it.`,
    `Create it at ${homeFor(name, invocation, context)}/SKILL.md, or fix the name in the prompt (names are case-sensitive).`,
  );
}

export const discovery: Check = async (invocation, context) => {
  if (invocation.prompt === undefined)
    return [
      verdict(
        invocation,
        "cannot-tell",
        "which skill the run needs",
        "The prompt is not on the command line (stdin or an expression), so the doctor cannot tell which skill the run names.",
        "Write the prompt on the command line, naming the skill as `$name`.",
      ),
    ];
  const skills = await runSkills(invocation, context, runHome(invocation, context));
  const named = namedSkills(invocation.prompt, knownNames(skills));
  if (named.length === 0)
    return [
      verdict(
        invocation,
        "cannot-tell",
        "the prompt names no skill",
        `The prompt names no skill (neither \`$name\` nor "the NAME skill"); the model picks one from the list of ${skills.loaded.length} skills, or none.`,
        "Name the skill in the prompt as `$name`: Codex then injects it.",
      ),
    ];
  return named.map((entry) => judge(entry, skills, invocation, context));
};
