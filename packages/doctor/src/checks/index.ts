/**
 * Every check, by id, in the checklist's order (`CHECK_IDS`). One file per check beside this
 * one; each exports its `Check` and is listed here.
 */
import type { Check, CheckId } from "../model.js";

export const CHECKS: Partial<Record<CheckId, Check>> = {};
