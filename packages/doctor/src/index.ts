export { CHECKS } from "./checks/index.js";
export { type DoctorOptions, runDoctor, scheduleFiles } from "./doctor.js";
export { applyDoctorFixes, type FixOutcome } from "./fix.js";
export * from "./model.js";
export { checkRule, DOCTOR_DOCS_URL, doctorLintResult } from "./report/lint-result.js";
export { doctorText, summary } from "./report/text.js";
export {
  DOCTOR_FORMATS,
  type RunDoctorOptions,
  type RunDoctorOutcome,
  runDoctorCommand,
} from "./run.js";
export {
  COMMAND_FILE,
  CRON_NICKNAMES,
  cronRuns,
  findSchedules,
  MAX_SCHEDULE_BYTES,
  NO_EXEC_OPTIONS,
  type ReadScheduleOptions,
  readSchedule,
  scheduleKind,
  UNKNOWN_HOME,
} from "./schedules/index.js";
