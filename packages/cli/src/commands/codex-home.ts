import { join, relative, resolve } from "node:path";
import * as Args from "@oclif/core/args";
import { Command } from "@oclif/core/command";
import * as Flags from "@oclif/core/flags";
import { visibleLine } from "@ops-skill/lint/visible";
import { report } from "../flags.js";

export default class CodexHome extends Command {
  static override summary =
    "Write the Codex home a scheduled job runs with, from the repository's schedule/ folder.";
  static override description =
    `Writes into <dir> the files CODEX_HOME needs for codex exec in this checkout: config.toml, which trusts the project and each hook listed in schedule/trust.json with the checkout's real path ([projects."<root>"] and [hooks.state."<root>/<key>"] trusted_hash), and each schedule/<profile>.config.toml as <profile>.config.toml (only --profile's, when given). codex exec skips an untrusted hook without a word and loads a project's .codex/ only when the project is trusted: this is what makes the guard hook run in the scheduled job, without --dangerously-bypass-hook-trust.

<dir> must be missing, empty, or a home this command wrote before (its config.toml starts with the line it writes), which is then rewritten; any other folder with files in it (your own ~/.codex) is refused and nothing is written. The files are written atomically, all or none, readable by their owner only.

The repository is the git repository around the working directory (--root to name another). Run the job in a clone: Codex loads no project .codex/ in a linked git worktree.

Exit codes: 0 written; 1 a file of schedule/ is missing or not as documented (each problem names the file and line), or the folder is refused; 2 a usage error or a file that cannot be written.`;
  static override examples = [
    '<%= config.bin %> codex-home "$RUNNER_TEMP/codex-home"',
    "<%= config.bin %> codex-home ~/.cache/day-two-home --profile day-two",
  ];
  static override args = {
    dir: Args.string({ description: "the folder to write the Codex home into", required: true }),
  };
  static override flags = {
    profile: Flags.string({
      char: "p",
      description: "write only this profile (schedule/<profile>.config.toml); default: every one",
    }),
    root: Flags.string({
      description: "the repository (default: the git repository around the working directory)",
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CodexHome);
    const [{ writeCodexHome }, { findProjectRoot }] = await Promise.all([
      import("@ops-skill/testing"),
      import("@ops-skill/core"),
    ]);
    const cwd = process.cwd();
    const root = flags.root !== undefined ? resolve(flags.root) : await findProjectRoot(cwd);
    const result = await writeCodexHome({
      root,
      dir: resolve(args.dir),
      ...(flags.profile === undefined ? {} : { profile: flags.profile }),
    });
    const fail = (text: string, exitCode: number) =>
      report({ output: "", errorOutput: text, exitCode });
    switch (result.status) {
      case "problems": {
        const shown = (file: string) => relative(cwd, join(root, file)) || file;
        fail(
          result.problems
            .map(
              (p) =>
                `${visibleLine(shown(p.file))}${p.line > 0 ? `:${p.line}` : ""}: ${visibleLine(p.message)}\n`,
            )
            .join(""),
          1,
        );
        return;
      }
      case "refused":
        fail(
          `ops-skill codex-home: ${visibleLine(result.dir)}: not written: ${visibleLine(result.reason)}\n`,
          1,
        );
        return;
      case "failed":
        fail(`ops-skill codex-home: ${visibleLine(result.message)}\n`, 2);
        return;
      case "written": {
        // Paths as typed or found: shown escaped, so no control character reaches the terminal.
        const dir = visibleLine(result.dir);
        const hooks = result.trust.hooks.length;
        const lines = [
          `Codex home for ${visibleLine(result.root)} in ${dir}:`,
          `  config.toml: ${[
            result.trust.project ? "the project trusted" : "the project not trusted",
            `${hooks} hook${hooks === 1 ? "" : "s"} trusted`,
          ].join(", ")}${changed(result, "config.toml")}`,
          ...result.profiles.map(
            (profile) =>
              `  ${profile}.config.toml: the profile ${profile}${changed(result, `${profile}.config.toml`)}`,
          ),
          `Run codex exec with CODEX_HOME=${dir}${
            result.profiles.length === 1 ? ` and --profile ${result.profiles[0]}` : ""
          }.`,
        ];
        report({ output: `${lines.join("\n")}\n`, errorOutput: "", exitCode: 0 });
        return;
      }
    }
  }
}

function changed(result: { files: { name: string; changed: boolean }[] }, name: string): string {
  return result.files.find((file) => file.name === name)?.changed === false ? " (unchanged)" : "";
}
