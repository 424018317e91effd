/** Entry of the bundled CLI: oclif and the command table in one file for a fast start. */
export { COMMANDS } from "./commands/index.js";
export { execute } from "./execute.js";
