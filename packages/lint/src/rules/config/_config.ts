/** Shared by the config/ rules. */

export { quoteList } from "@ops-skill/codex/config";
