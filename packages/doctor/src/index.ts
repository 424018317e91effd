export { CHECKS } from "./checks/index.js";
export * from "./model.js";
