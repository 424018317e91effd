import Lint from "./lint.js";

/** The explicit command table oclif loads without scanning the file system. */
export const COMMANDS = { lint: Lint };
