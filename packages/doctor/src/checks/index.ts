/**
 * Every check, by id, in the checklist's order (`CHECK_IDS`). One file per check beside this
 * one; each exports its `Check` and is listed here.
 */
import type { Check, CheckId } from "../model.js";
import { costCheck } from "./cost.js";
import { environmentCheck } from "./environment.js";
import { reportFileCheck } from "./report-file.js";
import { schemaCheck } from "./schema.js";
import { toolsCheck } from "./tools.js";

export const CHECKS: Partial<Record<CheckId, Check>> = {
  schema: schemaCheck,
  "report-file": reportFileCheck,
  environment: environmentCheck,
  tools: toolsCheck,
  cost: costCheck,
};
