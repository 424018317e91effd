/** The reporters of `ops-skill test`, pure functions of the results. */
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import { formatText, type TestReport } from "./text.js";

export { checkMessages, failureMessages, noteMessages } from "./messages.js";
export { formatJson, formatJunit, formatText, type TestReport };

export const TEST_FORMATS = {
  text: formatText,
  json: formatJson,
  junit: formatJunit,
} as const satisfies Record<string, (report: TestReport) => string>;

export type TestFormat = keyof typeof TEST_FORMATS;
