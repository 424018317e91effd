/** Entry of the bundled CLI: oclif and the command table in one file for a fast start. */
export { execute } from "@oclif/core/execute";
export { COMMANDS } from "./commands/index.js";
