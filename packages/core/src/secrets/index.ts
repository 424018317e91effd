/**
 * Finding credentials in a text: the provider formats (checked structure), generic assignments
 * and the checks that tell a real credential from a stand-in. Used by the linter's secret rules
 * and by mock-codex's redaction of recorded sessions. Pure; no import of the rest of core.
 */
export * from "./checks.js";
export * from "./formats.js";
export * from "./scan.js";
