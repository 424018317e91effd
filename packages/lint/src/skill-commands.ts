/**
 * The commands a skill's procedure runs, read the way the `ops/` rules read shell: every simple
 * command of its shell fences (whatever the program), with its words and the files its
 * redirections write, except fences the body forbids ("Never run:", a constraints section). The
 * doctor reads what a scheduled run needs (network, hosts, writes) from them.
 */
import { readSkill } from "@ops-skill/core";
import { type SimpleCommand, simpleCommands } from "@ops-skill/core/shell";
import { codeSnippets, isForbiddenHere } from "./rules/ops/_commands.js";

export { type SimpleCommand, simpleCommands } from "@ops-skill/core/shell";

export interface SkillCommand extends SimpleCommand {
  /** The SKILL.md and the line the command starts on. */
  file: string;
  line: number;
}

/** The commands of the shell fences of the SKILL.md at `path`, in file order. */
export async function skillCommands(path: string): Promise<SkillCommand[]> {
  const skill = await readSkill(path);
  const found: SkillCommand[] = [];
  for (const snippet of codeSnippets(skill)) {
    if (snippet.kind !== "fence" || isForbiddenHere(skill, snippet)) continue;
    for (const command of simpleCommands(snippet.text))
      found.push({ ...command, file: path, line: snippet.positionAt(command.index).line });
  }
  return found;
}
