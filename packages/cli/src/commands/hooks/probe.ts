import { relative } from "node:path";
import { Command } from "@oclif/core/command";
import * as Flags from "@oclif/core/flags";
import { report } from "../../flags.js";

export default class HooksProbe extends Command {
  static override summary =
    "Run the repository's PreToolUse hooks as codex exec would for shell commands, and say which Codex would block.";
  static override description =
    `For each command (default: the mutating commands the repository's skills forbid, as the ops/ rules read them), runs every PreToolUse hook configured in $CODEX_HOME and in the project's .codex/ (config.toml, hooks.json) the way codex exec runs it for a shell (Bash) call: the event's JSON on stdin, $SHELL -lc in the working directory, killed at its timeout. Prints, per command and hook, whether Codex would block the call and, if not, why not (not trusted, project not trusted, hooks off, disabled, the matcher, an async or non-command handler, output Codex ignores, the timeout) with the fix. It reads what codex exec reads: CODEX_HOME (else ~/.codex) and the project around the working directory; the flags below change hooks as they do for codex exec. Hook scripts really run: this never happens inside lint.

--format json prints one object per command: {command, blocked, reason, hooks: [...]}.

Exit codes: 0 every forbidden command is blocked; 1 a forbidden command (one the skills forbid, or a --command that changes live systems) is not blocked, or Codex would refuse the config; 2 a usage error.`;
  static override examples = [
    "<%= config.bin %> hooks probe",
    '<%= config.bin %> hooks probe --command "kubectl delete namespace prod" --format json',
    "<%= config.bin %> hooks probe --dangerously-bypass-hook-trust",
  ];
  static override flags = {
    command: Flags.string({
      description: "a shell command to probe (repeatable; default: the commands the skills forbid)",
      multiple: true,
    }),
    format: Flags.string({
      description: "output format",
      options: ["text", "json"],
      default: "text",
    }),
    "dangerously-bypass-hook-trust": Flags.boolean({
      description: "run hooks that are not trusted, as codex exec does with this flag",
    }),
    trust: Flags.boolean({
      description: "take the project as trusted, as codex exec --trust does",
    }),
    enable: Flags.string({
      description: "a feature to enable (codex exec --enable)",
      multiple: true,
    }),
    disable: Flags.string({
      description: "a feature to disable (codex exec --disable; `hooks` turns hooks off)",
      multiple: true,
    }),
    config: Flags.string({
      char: "c",
      description:
        "a codex config override key=value (codex exec -c), such as features.hooks=false",
      multiple: true,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(HooksProbe);
    const cwd = process.cwd();
    const [{ forbiddenCommands, isMutatingCommand }, { probeHooks, probeExitCode, formatProbe }] =
      await Promise.all([import("@ops-skill/lint"), import("@ops-skill/mock-codex/probe")]);
    const commands =
      flags.command !== undefined && flags.command.length > 0
        ? flags.command.map((command) => ({ command, forbidden: isMutatingCommand(command) }))
        : (await forbiddenCommands([], { cwd })).map((found) => ({
            command: found.command,
            forbidden: true,
            source: `${relative(cwd, found.file)}:${found.line}`,
          }));
    const probe = await probeHooks({
      cwd,
      env: process.env,
      flags: {
        bypassTrust: flags["dangerously-bypass-hook-trust"],
        trustProject: flags.trust,
        enable: flags.enable ?? [],
        disable: flags.disable ?? [],
        config: flags.config ?? [],
      },
      commands,
    });
    report({
      output:
        flags.format === "json"
          ? `${JSON.stringify(
              probe.commands.map(({ command, blocked, reason, hooks }) => ({
                command,
                blocked,
                reason,
                hooks,
              })),
              null,
              2,
            )}\n`
          : formatProbe(probe),
      errorOutput: "",
      exitCode: probeExitCode(probe),
    });
  }
}
