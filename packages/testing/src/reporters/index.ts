/** The reporters of `ops-skill test`, pure functions of the results. */
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import { formatText, type TestReport } from "./text.js";

export {
  type Annotation,
  annotationsOf,
  escapeData,
  escapeProperty,
  formatAnnotation,
} from "./github.js";
export { checkMessages, failureMessages, noteMessages } from "./messages.js";
export {
  createProgress,
  PROGRESS_DELAY_MS,
  type Progress,
  type ProgressStream,
} from "./progress.js";
export { goldenSummary } from "./text.js";
export { formatGithub, formatJson, formatJunit, formatText, type TestReport };

export const TEST_FORMATS = {
  text: formatText,
  json: formatJson,
  junit: formatJunit,
  github: formatGithub,
} as const satisfies Record<string, (report: TestReport) => string>;

export type TestFormat = keyof typeof TEST_FORMATS;
