import { Config } from "@oclif/core/config";
import { execute as oclifExecute } from "@oclif/core/execute";
import { CODEX_VERSION } from "@ops-skill/codex/version";

/**
 * oclif's `execute`, except that `ops-skill --version` also names the Codex release every
 * verdict was recorded with: `@ops-skill/cli/0.1.0 linux-x64 node-v20.19.0 (verdicts of Codex
 * 0.169.0)`. Checked here rather than in an oclif hook, which would cost every run.
 */
export async function execute(options: { dir: string }): Promise<unknown> {
  if (process.argv[2] !== "--version") return oclifExecute(options);
  const config = await Config.load(options.dir);
  process.stdout.write(`${config.userAgent} (verdicts of Codex ${CODEX_VERSION})\n`);
  return undefined;
}
