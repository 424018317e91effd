import CodexHome from "./codex-home.js";
import Doctor from "./doctor.js";
import HooksProbe from "./hooks/probe.js";
import Init from "./init.js";
import Lint from "./lint.js";
import New from "./new.js";
import Record from "./record.js";
import Rules from "./rules.js";
import SchemaCheck from "./schema/check.js";
import SchemaFix from "./schema/fix.js";
import Test from "./test.js";
import Types from "./types.js";

/** The explicit command table oclif loads without scanning the file system. */
export const COMMANDS = {
  "codex-home": CodexHome,
  doctor: Doctor,
  "hooks:probe": HooksProbe,
  init: Init,
  lint: Lint,
  new: New,
  record: Record,
  rules: Rules,
  "schema:check": SchemaCheck,
  "schema:fix": SchemaFix,
  test: Test,
  types: Types,
};
