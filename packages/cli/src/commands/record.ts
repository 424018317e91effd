import * as Args from "@oclif/core/args";
import { Command } from "@oclif/core/command";
import * as Flags from "@oclif/core/flags";

export default class Record extends Command {
  static override summary =
    "Record a real `codex exec` session into a cassette that mock-codex replays.";
  static override description =
    `Runs \`codex exec\` with the arguments after \`--\` (the prompt among them), its model requests sent through a proxy on 127.0.0.1 (a \`model_providers\` override, the key read from --api-key-env as Codex reads it) that forwards them to --upstream, and writes the model turns and what each command returned into one cassette file (docs/cassettes.md); outputs of 8 KiB or more go to side files in <name>.files/ beside it. Secrets are redacted before anything is written, each by a stable placeholder ([REDACTED:<kind>:<n>]): API keys and tokens, bearer tokens, AWS, GCP and Azure keys, private keys, base64 private keys and tls.key values, and the values of --redact and --redact-env.

Prints what Codex prints (its --json events when --json is given, else its final message) and exits with Codex's exit code; 2 for a usage problem (no cassette file, a prompt from stdin, a provider override, a value to redact shorter than 4 characters) or a cassette that cannot be written.`;
  static override examples = [
    "<%= config.bin %> record --cassette cassettes/drift.jsonl -- --json --output-schema report.schema.json -o report.json 'Run drift-check.'",
    "<%= config.bin %> record --cassette cassettes/drift.jsonl --redact-env DB_PASSWORD -- 'Run drift-check.'",
  ];
  static override strict = false;
  static override args = {
    codexArgs: Args.string({
      description: "after --: the `codex exec` arguments and the prompt",
      required: false,
    }),
  };
  static override flags = {
    cassette: Flags.string({ description: "the cassette file to write (*.jsonl)", required: true }),
    upstream: Flags.string({
      description:
        "the model API the requests are forwarded to (default: https://api.openai.com/v1)",
    }),
    "api-key-env": Flags.string({
      description: "the variable holding the API key Codex sends (default: OPENAI_API_KEY)",
    }),
    redact: Flags.string({
      description: "a value to redact wherever it appears (repeatable)",
      multiple: true,
    }),
    "redact-env": Flags.string({
      description: "a variable whose value to redact (repeatable)",
      multiple: true,
    }),
    codex: Flags.string({
      description: "the codex binary (default: $OPS_SKILL_CODEX_BIN, else codex on PATH)",
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Record);
    const { recordSession, RecordUsageError } = await import("@ops-skill/mock-codex/record");
    const bin = flags.codex ?? (process.env.OPS_SKILL_CODEX_BIN || "codex");
    try {
      const result = await recordSession({
        argv: argv as string[],
        cassette: flags.cassette,
        bin,
        cwd: process.cwd(),
        env: process.env,
        ...(flags.upstream === undefined ? {} : { upstream: flags.upstream }),
        ...(flags["api-key-env"] === undefined ? {} : { apiKeyEnv: flags["api-key-env"] }),
        redact: flags.redact ?? [],
        redactEnv: flags["redact-env"] ?? [],
        stdin: "inherit",
      });
      if (result.stderr) process.stderr.write(result.stderr);
      if (result.stdout) process.stdout.write(result.stdout);
      if (result.message) process.stderr.write(`${result.message}\n`);
      const built = result.built;
      if (built !== undefined) {
        for (const note of built.notes) process.stderr.write(`record: ${note}\n`);
        const secrets = Object.values(built.redacted).reduce((sum, n) => sum + n, 0);
        process.stderr.write(
          `record: ${flags.cassette}: ${built.turns} model turns, ${built.commands} commands, ${built.sideFiles.length} side files, ${secrets} secrets redacted\n`,
        );
      }
      process.exitCode = result.exitCode;
    } catch (error) {
      if (error instanceof RecordUsageError) {
        process.stderr.write(`record: ${error.message}\n`);
        process.exitCode = 2;
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EACCES") {
        process.stderr.write(`record: cannot run ${bin}: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      throw error;
    }
  }
}
