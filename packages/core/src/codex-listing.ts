/**
 * What Codex 0.169.0 does with the skills it loaded: the model-visible list and its size
 * budget, and which `$name` mentions in a prompt invoke a skill. Shared by the linter's
 * `codex/listing-budget` and `codex/name-not-invocable` rules and the doctor's discovery check.
 */
import { relative } from "node:path";
import type { CodexListing } from "./codex-load.js";

/**
 * Measured on Codex 0.169.0 (conformance case `listing-budget`): the model-visible list of
 * skills holds about 21.6 KB of `- NAME: DESCRIPTION (file: rN/…/SKILL.md)` lines (21,538
 * bytes fitted; one more 152-byte line did not), and the 4 built-in system skills take 1,723.
 */
export const LISTING_BUDGET_BYTES = 21_600;
export const SYSTEM_SKILLS_LISTING_BYTES = 1_723;

/** A loaded skill as the listing shows it. */
export interface ListedSkill {
  /** Absolute path of the SKILL.md. */
  path: string;
  /** The skills root it was found below, when discovery found it by a scan. */
  root: string | undefined;
  listing: Pick<CodexListing, "name" | "listedDescription">;
}

/** The bytes of a skill's line in the model-visible list. */
export function listingLineBytes(entry: ListedSkill): number {
  const rel = entry.root ? relative(entry.root, entry.path) : "SKILL.md";
  const line = `- ${entry.listing.name}: ${entry.listing.listedDescription} (file: r1/${rel})\n`;
  return Buffer.byteLength(line);
}

export interface ListingBudget {
  /** The path of the skill whose line crosses the budget, if the list is over it. */
  crossing: string | undefined;
  /** The list's size, the system skills included. */
  total: number;
  /** Paths of the skills whose lines end past the budget (the crossing one included). */
  over: Set<string>;
}

/** The list's size against Codex's budget, skills in discovery order. */
export function listingBudget(skills: readonly ListedSkill[]): ListingBudget {
  let total = SYSTEM_SKILLS_LISTING_BYTES;
  let crossing: string | undefined;
  const over = new Set<string>();
  for (const entry of skills) {
    const before = total;
    total += listingLineBytes(entry);
    if (crossing === undefined && before <= LISTING_BUDGET_BYTES && total > LISTING_BUDGET_BYTES)
      crossing = entry.path;
    if (total > LISTING_BUDGET_BYTES) over.add(entry.path);
  }
  return { crossing, total, over };
}

/** Codex 0.169.0 reads a `$name` mention as ASCII letters, digits, `_`, `-` and `:`. */
const MENTION_NAME = /^[A-Za-z0-9_:-]+$/;
/** A mention in a prompt: `$` and the run of characters Codex reads as the name. */
const MENTION = /\$([A-Za-z0-9_:-]+)/g;
/** Mentions Codex ignores because they look like environment variables (`$PATH`). */
const ENVIRONMENT_NAMES = new Set([
  "PATH",
  "HOME",
  "USER",
  "SHELL",
  "PWD",
  "TMPDIR",
  "TEMP",
  "TMP",
  "LANG",
  "TERM",
  "XDG_CONFIG_HOME",
]);

/** Whether Codex reads `$<name>` as an environment variable rather than a skill mention. */
export function isEnvironmentMention(name: string): boolean {
  return ENVIRONMENT_NAMES.has(name.toUpperCase());
}

/** Whether `$<name>` can invoke a skill of that name (conformance/mentions). */
export function isInvocableName(name: string): boolean {
  return MENTION_NAME.test(name) && !isEnvironmentMention(name);
}

/**
 * The skill names a prompt mentions as `$name`, in order, each once: the run of letters,
 * digits, `_`, `-` and `:` after `$` (it stops at the first other character), environment
 * variable names left out. Matching a skill is exact and case-sensitive.
 */
export function skillMentions(prompt: string): string[] {
  const names: string[] = [];
  if (!prompt.includes("$")) return names;
  for (const match of prompt.matchAll(MENTION)) {
    const name = match[1] as string;
    if (!isEnvironmentMention(name) && !names.includes(name)) names.push(name);
  }
  return names;
}
