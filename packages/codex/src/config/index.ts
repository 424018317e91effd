/**
 * The Codex config and hooks model (`@ops-skill/codex/config`): config files and their layers,
 * hook groups, matchers as Codex matches them, trust hashes and the trust store, the keys Codex
 * knows. Shared by the linter's config/ and hooks/ rules and by mock-codex. The parsers load
 * apart (`@ops-skill/codex/config-parse`), so importing this costs no TOML or JSON parser.
 */
export * from "./hooks.js";
export * from "./known-keys.js";
export * from "./layers.js";
export type {
  BrokenConfigModel,
  ConfigFile,
  ParsedConfigFile,
  ParsedConfigModel,
  ParsedConfigOverride,
  SpanPosition,
  SyntaxProblem,
} from "./load.js";
export * from "./models.js";
export * from "./project-keys.generated.js";
export * from "./sandbox.js";
export * from "./schedule-hashes.js";
export * from "./tree.js";
export * from "./trust.js";
export * from "./values.js";
