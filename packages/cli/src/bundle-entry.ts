/** Entry of the bundled CLI: oclif, the command table and the error handling in one file for a fast start. */
export { COMMANDS } from "./commands/index.js";
export { main } from "./main.js";
