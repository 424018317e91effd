export {
  CASSETTE_FORMAT_VERSION,
  type CassetteProblem,
  type CassetteResult,
  commandStatus,
  formatCassetteProblem,
  lastAgentMessage,
  type ParseCassetteOptions,
  parseCassette,
  type Session,
  type SessionEnd,
  type SessionInvocation,
  type SessionStep,
  type TurnUsage,
} from "./cassette.js";
export {
  CASSETTE_ENV,
  CASSETTES_DIR_ENV,
  type ExecContext,
  type ExecResult,
  editDistance,
  insideGitRepository,
  MOCKED_CODEX_VERSION,
  runExec,
  THREAD_ID_ENV,
  uuidV7,
} from "./exec.js";
export {
  EXEC_FLAGS,
  EXEC_SUBCOMMANDS,
  type ExecParse,
  type FlagSpec,
  flagValue,
  flagValues,
  hasFlag,
  jaro,
  type ParsedExec,
  parseExecArgs,
} from "./flags.js";
export {
  type ConfiguredHook,
  type HookConfig,
  type HookFlags,
  type HookSkip,
  hookConfigOf,
  hooksForTool,
  NO_HOOK_FLAGS,
  readHookConfig,
} from "./hook-config.js";
export {
  type CallDecision,
  decideCall,
  type HookReplay,
  postToolUseInput,
  preToolUseInput,
  type RunHook,
  replayHooks,
} from "./hooks.js";
export {
  type RenderedSession,
  type RenderOptions,
  renderHumanLog,
  renderJsonEvents,
  renderSession,
} from "./render.js";
export { processHookRunner } from "./run-hooks.js";
export { serdeJsonError } from "./serde-json.js";
export { displayCommand, quoteShellWord } from "./shell-quote.js";
