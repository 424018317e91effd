export { CHECKS } from "./checks/index.js";
export * from "./model.js";
export {
  COMMAND_FILE,
  CRON_NICKNAMES,
  cronRuns,
  findSchedules,
  MAX_SCHEDULE_BYTES,
  type ReadScheduleOptions,
  readSchedule,
  scheduleKind,
  UNKNOWN_HOME,
} from "./schedules/index.js";
