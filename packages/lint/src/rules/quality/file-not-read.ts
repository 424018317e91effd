import { defineEngineRule } from "../../rule.js";

/**
 * A file the run found for a plugin's kind (a report schema under `schemas/`, a workflow or
 * script that runs `codex exec --output-schema`) that the one reader would not open or could
 * not read: the engine reports it on that file (`engine/lint.ts`), so a FIFO or a device in the
 * tree is never a silent pass.
 */
export default defineEngineRule({
  id: "quality/file-not-read",
  description:
    "A file the run found to check (a report schema, a workflow or script that runs `codex exec`) is a FIFO, a device, a folder, a link loop, unreadable or too large: nothing in it was checked.",
  defaultSeverity: "warning",
});
