/** The Codex CLI release every measurement in this package was taken with (npm `@openai/codex`). */
export const CODEX_VERSION = "0.169.0";

/** The npm package that ships the Codex CLI and its Linux binary. */
export const CODEX_NPM_PACKAGE = "@openai/codex";
