/**
 * Whether a mutating command of a skill is approved by a step the procedure really has:
 *
 * - a **gate** before it: a sentence of the body's prose (not a comment, not code) that makes
 *   the run stop and wait for a person's confirmation, standing before the command;
 * - a **marker** next to it: a `Requires approval: <who>` line right before its code block (or
 *   before the line holding it), or a `# Requires approval: <who>` comment right above it in
 *   the block;
 * - a **hook** that blocks it: a PreToolUse hook of the project (`.codex/config.toml`,
 *   `.codex/hooks.json`) on the shell tool whose script blocks in a way Codex honours and
 *   names the command's tool and verb.
 *
 * An inline disable with a reason (`<!-- ops-skill-disable-next-line ops/mutating-command --
 * reason -->`) is the engine's business. Nothing else approves: not the word "approved" in a
 * comment or elsewhere in the body, not an "Approval" heading alone, not a gate after the command.
 */

import { entryOf, matchTool, SHELL_TOOL_NAME, stringOf, tableOf } from "@ops-skill/codex/config";
import type { SkillFile } from "@ops-skill/core";
import type { RunCache } from "../../engine/cache.js";
import type { LintedConfigFile } from "../../hook-scripts/config-model.js";
import { hookScriptOf, readScriptText } from "../../hook-scripts/handler-script.js";
import { trimEndOf, withoutInlineCode } from "./_commands.js";
import type { CommandMatch } from "./_commands-shell.js";
import { SQL_CLIENTS } from "./_commands-tools.js";

export type Approval =
  | { kind: "gate"; line: number }
  | { kind: "marker"; line: number; who: string }
  | { kind: "hook"; where: string };

/** Where a command stands in the file. */
export interface CommandAt {
  match: CommandMatch;
  line: number;
  column: number;
}

/** The approval step a command has, if any. */
export function approvalOf(
  cache: RunCache,
  skill: SkillFile,
  projectConfig: readonly LintedConfigFile[],
  command: CommandAt,
): Approval | undefined {
  const gate = skill
    .derived(GATES, () => findGates(skill))
    .find((g) => g.line < command.line || (g.line === command.line && g.column < command.column));
  if (gate) return { kind: "gate", line: gate.line };
  const marker = skill
    .derived(MARKERS, () => findMarkers(skill))
    .find((m) => m.from <= command.line && command.line <= m.to);
  if (marker) return { kind: "marker", line: marker.line, who: marker.who };
  for (const file of projectConfig) {
    for (const guard of guardsOf(cache, file)) {
      if (guards(guard, command.match)) return { kind: "hook", where: guard.where };
    }
  }
  return undefined;
}

const GATES = Symbol("approval gates of the body");
const MARKERS = Symbol("approval markers of the body");

// ---------------------------------------------------------------------------------------------
// Gates: prose that stops the run until a person confirms.

// The regexes below are written out (not assembled from parts) so that the repository's
// linearity check can read each one. Their parts:
// - a person: a role, a team or a handle (human, user, operator, engineer, on-call, SRE,
//   reviewer, approver, owner, maintainer, admin, DBA, manager, lead, team, @alice, ...);
// - a few words of a noun phrase before it ("the on-call", "a named"): at most three;
// - a confirmation noun (approval, confirmation, sign-off, go-ahead, consent, permission, ...)
//   or verb (approves, confirmed, signs off, acknowledges, says yes, ...).

/** A confirmation word, noun or verb; most prose has none, and is not read further. */
const CONFIRMATION =
  /\b(?:approv\w*|confirm\w*|sign[- ]?offs?|signs? off|signed off|go-ahead|go ahead|green light|consent\w*|authori[sz]\w*|permission|acknowledg\w*|explicit (?:yes|ok|okay))\b/;
/**
 * The confirmation comes from a person: "approval from the on-call engineer"; "the DBA's
 * sign-off", "human approval"; "until a human approves", "wait for @alice to confirm".
 */
const FROM_PERSON = [
  /\b(?:approval|confirmation|sign[- ]?off|go-ahead|green light|consent|authori[sz]ation|permission|acknowledg(?:e?ment)|ok|okay)\s+(?:from|by|of)\s+(?:[\w'-]+\s+){0,3}?(?:(?:humans?|persons?|people|users?|operators?|engineers?|on-?call|sres?|reviewers?|approvers?|owners?|maintainers?|admins?|administrators?|dbas?|managers?|leads?|supervisors?|commanders?|requesters?|team|teammates?|stakeholders?|customers?|architects?|officers?|captains?)\b|@[a-z0-9][\w-]*)/,
  /(?:^|[^\w@])(?:(?:humans?|persons?|people|users?|operators?|engineers?|on-?call|sres?|reviewers?|approvers?|owners?|maintainers?|admins?|administrators?|dbas?|managers?|leads?|supervisors?|commanders?|requesters?|team|teammates?|stakeholders?|customers?|architects?|officers?|captains?)\b|@[a-z0-9][\w-]*)(?:'s|s')?\s+(?:[\w-]+\s+){0,2}?(?:approval|confirmation|sign[- ]?off|go-ahead|green light|consent|authori[sz]ation|permission|acknowledg(?:e?ment)|ok|okay)\b/,
  /(?:^|[^\w@])(?:(?:humans?|persons?|people|users?|operators?|engineers?|on-?call|sres?|reviewers?|approvers?|owners?|maintainers?|admins?|administrators?|dbas?|managers?|leads?|supervisors?|commanders?|requesters?|team|teammates?|stakeholders?|customers?|architects?|officers?|captains?)\b|@[a-z0-9][\w-]*)\s+(?:[\w'-]+\s+){0,3}?(?:to\s+|has\s+|have\s+|must\s+|explicitly\s+)?(?:approves?|approved|approving|confirms?|confirmed|confirming|signs? off|signed off|acknowledges?|acknowledged|consents?|consented|authori[sz]es?|authori[sz]ed|says yes|said yes|replies|replied|gives? the go-ahead|gave the go-ahead)\b/,
];
/** Asking a person, which stops the run until they answer: "ask the user to confirm". */
const ASK_PERSON =
  /\b(?:ask|asks|asking|request|requests|requesting|check with|confirm with|clear (?:it |this )?with)\s+(?:them\b|(?:[\w'-]+\s+){0,3}?(?:(?:humans?|persons?|people|users?|operators?|engineers?|on-?call|sres?|reviewers?|approvers?|owners?|maintainers?|admins?|administrators?|dbas?|managers?|leads?|supervisors?|commanders?|requesters?|team|teammates?|stakeholders?|customers?|architects?|officers?|captains?)\b|@[a-z0-9][\w-]*))/;
/** A person named at all: most sentences with a confirmation word name nobody. */
const ANY_PERSON =
  /\b(?:(?:humans?|persons?|people|users?|operators?|engineers?|on-?call|sres?|reviewers?|approvers?|owners?|maintainers?|admins?|administrators?|dbas?|managers?|leads?|supervisors?|commanders?|requesters?|team|teammates?|stakeholders?|customers?|architects?|officers?|captains?)\b|them\b)|@[a-z0-9]/;
/** A step is a sentence; a longer "sentence" is a table or a paragraph without stops. */
const MAX_SENTENCE = 400;

/** The run stops until the confirmation comes. */
const HOLD =
  /\b(?:stop|stops|wait|waits|waiting|pause|halt|hold|ask|asks|request|requests|require|requires|required|need|needs|get|obtain|seek|until|unless|before (?:proceeding|continuing|running|applying|executing|making|you|any|changing|deleting|restarting|going)|only (?:after|once|when|if|with))\b/;
/** "Do not proceed without approval" is a gate: it reads as "wait until". */
const NOT_WITHOUT =
  /\b(?:do not|don'?t|never|must not|may not|cannot|can'?t)\s+(?:[\w-]+\s+){0,3}?without\b/g;
/** "Without approval", "auto-approve", "skip the confirmation": the opposite of a gate. */
const NO_APPROVAL =
  /\b(?:without|no|skip\w*|bypass\w*|auto)[\s-]+(?:any\s+|human\s+|explicit\s+|manual\s+|further\s+|the\s+)?(?:approv|confirm|review|sign)\w*/g;
/** "No need to wait for the on-call engineer": says there is no gate. */
const NO_GATE =
  /\b(?:no need|not need\w*|not required|needn'?t|does not need|doesn'?t need|(?:do not|don'?t|never) (?:ask|wait|stop))\b/;

/**
 * Whether a sentence of prose is an approval gate: a person's confirmation the run waits for
 * ("Stop and wait for the on-call engineer to approve", "Do not proceed without approval from
 * the DBA", "Ask the user to confirm"), not negated ("no need to ask", "without approval").
 */
export function isGate(sentence: string): boolean {
  if (sentence.length > MAX_SENTENCE) return false;
  let text = withoutInlineCode(sentence).toLowerCase();
  if (!CONFIRMATION.test(text) || !ANY_PERSON.test(text)) return false;
  text = text.replace(NOT_WITHOUT, " wait until ");
  if (NO_GATE.test(text)) return false;
  text = text.replace(NO_APPROVAL, " ");
  if (!CONFIRMATION.test(text)) return false;
  return ASK_PERSON.test(text) || (HOLD.test(text) && FROM_PERSON.some((re) => re.test(text)));
}

interface Position {
  line: number;
  column: number;
}

/** Lines of prose that start a new paragraph, list item, heading, quote or table row. */
const BLOCK_START = /^\s*(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|>|\|)/;
const SENTENCE_END = /[.!?;](?=\s|$)/g;

/** Every gate of the body, in order. */
function findGates(skill: SkillFile): Position[] {
  const gates: Position[] = [];
  let block: { text: string; starts: { offset: number; line: number; column: number }[] } = {
    text: "",
    starts: [],
  };
  const flush = () => {
    if (block.text !== "" && CONFIRMATION.test(block.text.toLowerCase())) {
      let from = 0;
      const ends = [...block.text.matchAll(SENTENCE_END)].map((m) => m.index + 1);
      for (const end of [...ends, block.text.length]) {
        if (end <= from) continue;
        const sentence = block.text.slice(from, end);
        if (isGate(sentence)) gates.push(positionIn(block.starts, from + leading(sentence)));
        from = end;
      }
    }
    block = { text: "", starts: [] };
  };
  for (const { line, text } of proseLines(skill)) {
    if (text.trim() === "") {
      flush();
      continue;
    }
    if (BLOCK_START.test(text)) flush();
    const column = leading(text);
    if (block.text !== "") block.text += " ";
    block.starts.push({ offset: block.text.length, line, column });
    block.text += text.slice(column);
  }
  flush();
  return gates;
}

const leading = (text: string) => text.length - text.trimStart().length;

function positionIn(
  starts: readonly { offset: number; line: number; column: number }[],
  offset: number,
): Position {
  let start = starts[0] as { offset: number; line: number; column: number };
  for (const s of starts) if (s.offset <= offset) start = s;
  return { line: start.line, column: start.column + (offset - start.offset) + 1 };
}

/**
 * The body's prose lines with HTML comments blanked out (same length, so columns hold);
 * lines inside code are not prose.
 */
function* proseLines(skill: SkillFile): Generator<{ line: number; text: string }> {
  let inComment = false;
  for (const line of skill.markdown.proseLines) {
    let text = skill.lines.lineText(line);
    if (!inComment && !text.includes("<!--")) {
      yield { line, text };
      continue;
    }
    let out = "";
    let i = 0;
    while (i < text.length) {
      if (inComment) {
        const end = text.indexOf("-->", i);
        const stop = end === -1 ? text.length : end + 3;
        out += " ".repeat(stop - i);
        i = stop;
        if (end !== -1) inComment = false;
      } else {
        const start = text.indexOf("<!--", i);
        if (start === -1) {
          out += text.slice(i);
          break;
        }
        out += text.slice(i, start);
        i = start;
        inComment = true;
      }
    }
    text = out;
    yield { line, text };
  }
}

// ---------------------------------------------------------------------------------------------
// Markers: `Requires approval: <who>` right before the command.

interface Marker {
  line: number;
  who: string;
  /** Lines of the commands it covers. */
  from: number;
  to: number;
}

const MARKER = /^\s*(?:(?:[-*+]|\d+[.)]|>)\s+)*requires approval\s*:/i;
const FENCE_MARKER = /^\s*#\s*requires approval\s*:/i;
/** Values that name nobody. */
const NOBODY =
  /^(?:none|no|n\/?a|nobody|no one|tbd|tba|todo|yes|true|false|x|-+|\?+|\.+|<[^>]*>|\{[^}]*\})$/i;

/** The person or role a marker names, when it names one. */
export function markerWho(line: string, inFence = false): string | undefined {
  const text = line.replace(/\*\*|__/g, "");
  const match = (inFence ? FENCE_MARKER : MARKER).exec(text);
  if (!match) return undefined;
  const who = trimEndOf(text.slice(match[0].length), " \t.,;:").trim();
  return /[A-Za-z]/.test(who) && !NOBODY.test(who) ? who : undefined;
}

function findMarkers(skill: SkillFile): Marker[] {
  const markers: Marker[] = [];
  const { fences } = skill.markdown;
  const lastLine = skill.lines.lineCount;
  const isBlank = (line: number) => skill.lines.lineText(line).trim() === "";
  for (const { line, text } of proseLines(skill)) {
    if (!/requires approval/i.test(text)) continue;
    const who = markerWho(text);
    if (!who) continue;
    let next = line + 1;
    while (next <= lastLine && isBlank(next)) next++;
    const fence = fences.find((f) => f.line === next);
    markers.push(
      fence
        ? { line, who, from: fence.line + 1, to: fence.endLine }
        : { line, who, from: next, to: next },
    );
  }
  for (const fence of fences) {
    if (!/requires approval/i.test(fence.content)) continue;
    for (let line = fence.line + 1; line < fence.endLine; line++) {
      const who = markerWho(skill.lines.lineText(line), true);
      if (!who) continue;
      let next = line + 1;
      while (next < fence.endLine && /^\s*(#.*)?$/.test(skill.lines.lineText(next))) next++;
      markers.push({ line, who, from: next, to: next });
    }
  }
  return markers;
}

// ---------------------------------------------------------------------------------------------
// Hooks: a PreToolUse hook of the project that blocks the command.

interface Guard {
  /** Lower-case words of the hook's script (or inline command), comments left out. */
  words: ReadonlySet<string>;
  /** `.codex/hooks/guard.sh` or `.codex/config.toml`: where the block is. */
  where: string;
}

/** A project config file's guards, once per run (a run parses its project's config once). */
function guardsOf(cache: RunCache, file: LintedConfigFile): readonly Guard[] {
  return cache(`ops/approval-guards\u0000${file.file.path}`, () => findGuards(cache, file));
}

const WORD = /[a-z0-9][a-z0-9_-]*/g;

/**
 * The hooks of a config file that can block a shell command: PreToolUse groups whose matcher
 * matches `Bash`, command handlers that are not `async`, whose script (or inline command) has
 * a block Codex honours. Hooks switched off with `[features] hooks = false` block nothing.
 */
function findGuards(cache: RunCache, file: LintedConfigFile): Guard[] {
  if (file.syntaxError) return [];
  const feature = entryOf(tableOf(file.root, "features"), "hooks");
  if (feature?.value.kind === "boolean" && feature.value.value === false) return [];
  const guards: Guard[] = [];
  for (const group of file.hooks.groups) {
    if (group.event !== "PreToolUse") continue;
    if (group.matcher && group.matcher.kind !== "string" && group.matcher.kind !== "null") continue;
    const verdict = matchTool(stringOf(group.matcher), SHELL_TOOL_NAME);
    if ("invalid" in verdict || !verdict.matches) continue;
    for (const handler of group.handlers) {
      if (handler.type !== "command" || handler.command === undefined || handler.async) continue;
      const script = hookScriptOf(cache, file.file, file, handler);
      if (script?.canBlock !== "yes") continue;
      const text = script.path === undefined ? handler.command : readScriptText(script.path);
      if (typeof text !== "string") continue;
      const code = text
        .split("\n")
        .filter((line) => !/^\s*(#|\/\/)/.test(line))
        .join("\n")
        .toLowerCase();
      guards.push({ words: new Set(code.match(WORD)), where: script.where });
    }
  }
  return guards;
}

/**
 * Words a hook must name to be taken for one that blocks the command: the tool and the last
 * word of its verb (`kubectl` and `restart` for `kubectl rollout restart`), or a SQL
 * statement's keyword (`drop`), whatever client sends it.
 */
export function guardWords(match: CommandMatch): string[] {
  const words = match.verb
    .split(" ")
    .filter((w) => w !== "" && !w.startsWith("-"))
    .map((w) => w.toLowerCase());
  if (SQL_SET.has(match.tool)) return words.slice(0, 1);
  const last = words.at(-1);
  return last ? [match.tool, last] : [match.tool];
}

const SQL_SET = new Set<string>(SQL_CLIENTS);

function guards(guard: Guard, match: CommandMatch): boolean {
  return guardWords(match).every((word) => guard.words.has(word));
}
