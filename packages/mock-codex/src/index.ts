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
  type ExecuteOptions,
  editDistance,
  executedCommand,
  executeSession,
  insideGitRepository,
  MOCKED_CODEX_VERSION,
  runExec,
  THREAD_ID_ENV,
  TIMEOUT_EXIT_CODE,
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
export { codexHomeOf, projectConfigDirs, projectRootFor } from "./hook-files.js";
export {
  type CallDecision,
  decideCall,
  type HookMismatch,
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
export {
  type LoadPlanResult,
  loadReplayPlan,
  ReplayError,
  type ReplayOptions,
  type ReplayResult,
  type ReplayServer,
  replayWithCodex,
  startReplayServer,
} from "./replay.js";
export {
  diffRequest,
  type ExpectedToolOutput,
  type FailedAnswer,
  formatDifference,
  type PlanResult,
  planReplay,
  type ReplayPlan,
  type ReplayTurn,
  type RequestDifference,
  readToolOutput,
  type SeenToolOutput,
  SKILLS_LISTING_INPUT,
  shown,
  skillsListingLines,
  userPrompt,
} from "./replay-diff.js";
export {
  COMMAND_SHELL,
  type CommandRun,
  type CommandRunnerOptions,
  processCommandRunner,
  type RunCommand,
} from "./run-command.js";
export { hookFlagsOf, processHookRunner } from "./run-hooks.js";
export { serdeJsonError } from "./serde-json.js";
export {
  commandOfDisplay,
  displayCommand,
  parseShellWord,
  quoteShellWord,
} from "./shell-quote.js";
