/**
 * The mutating commands a repository's skills forbid, read the way the `ops/` rules read them:
 * each command of a shell fence or inline code span that changes live systems (`kubectl
 * delete`, `terraform apply`, `rm -rf`, ...) where the body forbids it ("Never run `kubectl
 * delete`", a "## Constraints" section). `ops-skill hooks probe` feeds them to the repository's
 * PreToolUse hooks, which should block each.
 */
import { discoverSkills, readSkill } from "@ops-skill/core";
import { codeSnippets, findCommands, isForbiddenHere } from "./rules/ops/_commands.js";

export interface ForbiddenCommand {
  /** The line of shell the command stands on, as the model would run it. */
  command: string;
  /** `kubectl delete`, `rm -rf`: the tool and verb. */
  display: string;
  /** The SKILL.md that forbids it, and the line. */
  file: string;
  line: number;
}

/** The line of `text` holding `index`, trimmed. */
function lineAt(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index - 1) + 1;
  const end = text.indexOf("\n", index);
  return text.slice(start, end < 0 ? text.length : end).trim();
}

/**
 * The mutating commands the skills under `paths` (default: the Codex skill roots of the
 * repository around `cwd`) forbid, each once by command text, in file order.
 */
export async function forbiddenCommands(
  paths: readonly string[],
  options: { cwd: string },
): Promise<ForbiddenCommand[]> {
  const discovery = await discoverSkills(paths, { cwd: options.cwd });
  const found: ForbiddenCommand[] = [];
  const seen = new Set<string>();
  for (const candidate of discovery.candidates) {
    if (candidate.entryKind !== "file" && candidate.entryKind !== "symlink") continue;
    const skill = await readSkill(candidate.path);
    for (const snippet of codeSnippets(skill)) {
      const commands = findCommands(snippet.text).filter((c) => c.mutating);
      if (commands.length === 0 || !isForbiddenHere(skill, snippet)) continue;
      for (const match of commands) {
        const command = lineAt(snippet.text, match.index);
        if (seen.has(command)) continue;
        seen.add(command);
        found.push({
          command,
          display: match.display,
          file: candidate.path,
          line: snippet.positionAt(match.index).line,
        });
      }
    }
  }
  return found;
}

/** Whether a command line changes live systems, as the `ops/` rules read commands. */
export function isMutatingCommand(command: string): boolean {
  return findCommands(command).some((match) => match.mutating);
}
