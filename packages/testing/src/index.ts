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
export {
  type CallLogRead,
  type ForbiddenCall,
  forbiddenCalls,
  readCallLog,
  unansweredCalls,
  unusedRecordings,
} from "./calls.js";
export {
  type Discovered,
  type DiscoverOptions,
  discoverScenarios,
  MAX_SCENARIO_FILE_BYTES,
  readScenario,
  readSuite,
} from "./load.js";
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
  checkMessages,
  failureMessages,
  formatJson,
  formatJunit,
  formatText,
  TEST_FORMATS,
  type TestFormat,
  type TestReport,
} from "./reporters/index.js";
export {
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
  SHIM_RUNTIME,
  type ShimOptions,
  type ShimSetup,
  shellQuote,
} from "./shims.js";
export {
  cronProblem,
  parseSuite,
  SUITE_FILE,
  SUITE_FORMAT_VERSION,
  type Suite,
  type SuiteResult,
} from "./suite.js";
