import { Command } from "@oclif/core/command";
import { CLIError } from "@oclif/core/errors";
import * as Flags from "@oclif/core/flags";
import { report } from "../flags.js";

/** Kept here so `--help` needs no library import; a test keeps it equal to the reporters. */
export const TEST_FORMAT_NAMES = ["text", "json", "junit", "github"] as const;
/** Kept here so `--help` needs no library import; a test keeps it equal to the library's. */
export const TEST_ENGINE_NAMES = ["replay", "codex"] as const;

export default class Test extends Command {
  static override summary =
    "Run the skills' scenarios offline: recorded sessions and tool output, a frozen clock, the report checked against its golden and expectations.";
  static override description =
    `Finds every scenario under skills/<skill>/tests/<scenario>/ and .agents/skills/<skill>/tests/<scenario>/ of the repository around the working directory (see docs/testing.md) and runs each with an engine (by default replay: mock-codex, no Codex, no model, no network): the cassette's commands really run, every tool call answered by a shim from the recording. Each scenario checks the exit code, that the final message is a JSON report, the golden (after scrub and sets), the expectations, that no call went unrecorded and that no forbidden command ran; that the cassette is not stale (the skill's SKILL.md and the schema still have the recorded hashes), that every forbidden command the session attempts is blocked by the hooks under Codex's rules (or why not), that the report validates against the recorded --output-schema, and that the skill's scripts/validate-report.sh accepts it. A scenario that does not load fails on its own, naming its file and line; the others still run.

--engine replay (the default) plays each session with mock-codex in-process; --engine codex plays the same recorded model turns to the real Codex CLI through a local Responses server, with the schedule's Codex home (schedule/<profile>.config.toml, schedule/trust.json): real skill loading, sandbox and hooks, so a skill that writes where its schedule forbids it fails. The shims answer through a call server on 127.0.0.1, which works under the read-only sandbox. --engine codex without the Codex CLI is a usage error (install the pinned @openai/codex, or set OPS_SKILL_CODEX_BIN).

--filter takes a skill or skill/scenario (globs of * and ?), repeatable; --shard i/n takes the i-th of n deterministic shards, for a CI matrix (merge their --format junit files).

Every scenario also reports the run's tokens (input and output, from the recorded usage) and, when the skill's tests/suite.json sets a schedule, the tokens of 30 days of it; a run over the suite's token_budget fails. A command output over Codex's limit (10,000 tokens) reaches the model cut in the middle: it is reported (which command, what was lost), a failure only past the scenario's context.max_lost_tokens.

--jobs N runs N scenarios at once (default: the CPUs, at most 8), each in its own scratch folder; the output keeps the suite's order.

--update writes each missing or changed golden (the report after normalisation differs) atomically and lists what changed; never for a scenario whose run broke, and refused when CI is set (exit 2). Golden files no scenario reads are listed as obsolete. --format github prints GitHub Actions annotations.

Exit codes: 0 every scenario passed; 1 a scenario failed; 2 a usage error (a bad --shard, no scenario selected, --engine codex without the Codex CLI, --update under CI).`;
  static override examples = [
    "<%= config.bin %> test",
    "<%= config.bin %> test --filter drift-check --filter 'cert-*/expiring'",
    "<%= config.bin %> test --shard 2/4 --format junit > junit-2.xml",
    "<%= config.bin %> test --engine codex --filter drift-check",
    "<%= config.bin %> test --filter drift-check --update",
    "<%= config.bin %> test --format github",
    "<%= config.bin %> test --jobs 4",
  ];
  static override flags = {
    filter: Flags.string({
      description: "a skill or skill/scenario to run, globs of * and ? (repeatable)",
      multiple: true,
    }),
    shard: Flags.string({
      description: "run the i-th of n shards, as i/n (1 <= i <= n)",
    }),
    engine: Flags.string({
      description: "what plays the sessions: mock-codex (replay) or the real Codex CLI (codex)",
      options: [...TEST_ENGINE_NAMES],
      default: "replay",
    }),
    jobs: Flags.integer({
      char: "j",
      description:
        "scenarios run at once (default: the CPUs, at most 8); the output keeps the suite's order",
      min: 1,
    }),
    format: Flags.string({
      char: "f",
      description: "output format",
      options: [...TEST_FORMAT_NAMES],
      default: "text",
    }),
    update: Flags.boolean({
      description: "write missing or changed goldens from the reports (refused when CI is set)",
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Test);
    const { createProgress, parseShard, runTests, TEST_FORMATS } = await import(
      "@ops-skill/testing"
    );
    let shard: { index: number; total: number } | undefined;
    if (flags.shard !== undefined) {
      const parsed = parseShard(flags.shard);
      if (!parsed.ok) throw new CLIError(parsed.message);
      shard = parsed.shard;
    }
    // Progress on a terminal's stderr for the text report (nothing when piped or under CI).
    const progress =
      flags.format === "text"
        ? createProgress({ stream: process.stderr, env: process.env })
        : undefined;
    const run = await runTests({
      ...(flags.filter ? { filter: flags.filter } : {}),
      ...(shard ? { shard } : {}),
      engine: flags.engine as (typeof TEST_ENGINE_NAMES)[number],
      ...(flags.update ? { update: true } : {}),
      ...(progress
        ? {
            onProgress: (event: { done: number; total: number; id: string }) =>
              progress.update(event),
          }
        : {}),
      ...(flags.jobs === undefined ? {} : { jobs: flags.jobs }),
    });
    progress?.end();
    if (!run.ok) {
      report({ output: "", errorOutput: `ops-skill test: ${run.message}\n`, exitCode: 2 });
      return;
    }
    const format = flags.format as keyof typeof TEST_FORMATS;
    report({
      output: TEST_FORMATS[format](run),
      errorOutput: run.unmatchedFilters
        .map((filter) => `ops-skill test: --filter ${filter} matches no scenario\n`)
        .join(""),
      exitCode: run.totals.failed > 0 ? 1 : 0,
    });
  }
}
