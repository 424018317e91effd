import { defineSkillRule } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";

/** Wording that tells the model when a skill applies. */
const TRIGGER_CUES = [
  /\buse (it |this( skill)? )?(when|whenever|for|to|if|after|before|during|on|in)\b/i,
  /\b(when|whenever|if|once|before|after|during|upon|in case)\b/i,
  /\b(triggers?|triggered|invoke[ds]?|invocation)\b/i,
  /\b(hourly|daily|nightly|weekly|monthly|on a schedule|scheduled|on[- ]call|on[- ]demand)\b/i,
  /(^|[.!?;:]\s+)for\s/i,
];

export function hasTriggerCue(description: string): boolean {
  return TRIGGER_CUES.some((cue) => cue.test(description));
}

export default defineSkillRule(
  {
    id: "quality/description-trigger",
    description:
      'The `description` should say when to use the skill ("Use when ..."), since the model picks skills by it.',
    defaultSeverity: "info",
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status !== "loaded") return;
    if (hasTriggerCue(codex.listing.description)) return;
    report({
      message:
        "The description says what the skill does but not when to use it; the model sees only the name and description when it decides whether the skill applies.",
      ...atField(skill, skill.field("description"), "value"),
      hint: 'Add a sentence such as "Use when a scheduled job must confirm that ...".',
    });
  },
);
