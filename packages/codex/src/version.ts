/**
 * The pinned Codex CLI release (npm `@openai/codex`): every verdict under `conformance/` was
 * recorded with it, and every other mention of the version in code is taken from here (the CLI's
 * `--version`, SARIF output, rule messages). `npm run codex:pin -- <version>` moves it and
 * re-records the conformance domains. Import-free, also exported alone as
 * `@ops-skill/codex/version`.
 */
export const CODEX_VERSION = "0.169.0";

/** The npm package that ships the Codex CLI and its Linux binary. */
export const CODEX_NPM_PACKAGE = "@openai/codex";
