/**
 * Every check, by id, in the checklist's order (`CHECK_IDS`). One file per check beside this
 * one; each exports its `Check` and is listed here.
 */
import type { Check, CheckId } from "../model.js";
import { config } from "./config.js";
import { costCheck } from "./cost.js";
import { discovery } from "./discovery.js";
import { environmentCheck } from "./environment.js";
import { hooks } from "./hooks.js";
import { networkCheck } from "./network.js";
import { reportFileCheck } from "./report-file.js";
import { sandboxCheck } from "./sandbox.js";
import { schemaCheck } from "./schema.js";
import { toolsCheck } from "./tools.js";
import { writesCheck } from "./writes.js";

export const CHECKS: Partial<Record<CheckId, Check>> = {
  discovery,
  config,
  sandbox: sandboxCheck,
  network: networkCheck,
  writes: writesCheck,
  hooks,
  schema: schemaCheck,
  "report-file": reportFileCheck,
  environment: environmentCheck,
  tools: toolsCheck,
  cost: costCheck,
};
