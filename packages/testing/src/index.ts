export {
  canonicalJson,
  checkExpectation,
  deepEqual,
  diffJson,
  type ExpectationResult,
  type JsonDifference,
  normalizeReport,
  resolvePointer,
} from "./assertions.js";
export { type CallServer, type CallServerOptions, startCallServer } from "./call-server.js";
export {
  type ForbiddenCall,
  forbiddenCalls,
  unansweredCalls,
  unusedRecordings,
} from "./calls.js";
export {
  describeTokens,
  type RunTokens,
  runsPer30Days,
  runsPerYear,
  runTokens,
} from "./checks/cost.js";
export {
  forbiddenOf,
  type GuardrailAttempt,
  type GuardrailCheck,
  outputSchemaPath,
  runSkillChecks,
  runsForbidden,
  type SchemaCheck,
  type SkillCheck,
  type SkillCheckOptions,
  type StaleCheck,
  type StaleInput,
  VALIDATE_SCRIPT,
  type ValidateScriptCheck,
} from "./checks/index.js";
export {
  allowCallServerHost,
  buildCodexHome,
  CODEX_HOME_MARKER,
  type CodexHome,
  type CodexHomeOptions,
  parseTrust,
  type ReadScheduleOptions,
  readScheduleHome,
  SCHEDULE_DIR,
  type ScheduleHomeFiles,
  type ScheduleTrust,
  TRUST_FILE,
  trustConfigToml,
  type WriteCodexHomeOptions,
  type WriteCodexHomeResult,
  writeCodexHome,
} from "./codex-home.js";
export { CODEX_INSTALL_HINT, findEngineBinary, runCodexEngine } from "./engines/codex.js";
export { commandOutcomes } from "./engines/commands.js";
export type { EngineContext } from "./engines/context.js";
export { runReplayEngine } from "./engines/replay.js";
export {
  CI_UPDATE_REFUSAL,
  type GoldenChange,
  type GoldenUpdate,
  goldenChange,
  goldenText,
  isCi,
  obsoleteGoldens,
  updateGolden,
  updateGoldenFromRun,
} from "./goldens.js";
export {
  type Discovered,
  type DiscoverOptions,
  discoverScenarios,
  MAX_SCENARIO_FILE_BYTES,
  readScenario,
  readSuite,
} from "./load.js";
export { type CommandOutcome, ENGINES, type Engine, type RunOutcome } from "./outcome.js";
export {
  DEFAULT_SHIMMED_TOOLS,
  type ParsedRecordings,
  type ParseRecordingsOptions,
  parseRecordings,
  RESERVED_TOOL_NAMES,
  type RecordedBytes,
  type RecordingProblem,
  relativePathProblem,
  shimmedTools,
  type ToolRecording,
  toolNameProblem,
} from "./recordings.js";
export {
  type Annotation,
  annotationsOf,
  checkMessages,
  createProgress,
  escapeData,
  escapeProperty,
  failureMessages,
  formatAnnotation,
  formatGithub,
  formatJson,
  formatJunit,
  formatText,
  goldenSummary,
  PROGRESS_DELAY_MS,
  type Progress,
  type ProgressStream,
  TEST_FORMATS,
  type TestFormat,
  type TestReport,
} from "./reporters/index.js";
export {
  checkOutcome,
  type RunScenarioOptions,
  runScenario,
  type ScenarioCheck,
  type ScenarioRun,
} from "./run-scenario.js";
export {
  type RunTestsOptions,
  runTests,
  type TestResult,
  type TestRun,
  type TestTotals,
} from "./run-tests.js";
export {
  DEFAULT_CALLS,
  DEFAULT_CASSETTE,
  DEFAULT_GOLDEN,
  type Expectation,
  type FrozenClock,
  type Golden,
  parseForbidden,
  parseScenario,
  pointerProblem,
  RESERVED_ENV,
  SCENARIO_FILE,
  SCENARIO_FORMAT_VERSION,
  SCRUBBED,
  type Scenario,
  type ScenarioInput,
  type ScenarioProblem,
  type ScenarioResult,
  type ScenarioSource,
  type ScrubRule,
  type SourceRead,
} from "./scenario.js";
export {
  filterMatcher,
  globMatches,
  parseShard,
  type Selection,
  type Shard,
  type ShardParse,
  selectScenarios,
} from "./select.js";
export {
  type CallLogEntry,
  DEFAULT_BASE_PATH,
  installShims,
  SHIM_SHELL,
  type ShimOptions,
  type ShimSetup,
  shellQuote,
  shimScript,
} from "./shims.js";
export {
  cronProblem,
  parseSuite,
  SUITE_FILE,
  SUITE_FORMAT_VERSION,
  type Suite,
  type SuiteResult,
} from "./suite.js";
