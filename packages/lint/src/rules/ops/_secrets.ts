/**
 * The secrets of a skill's files, for the two secret rules. The scan itself (provider formats,
 * generic assignments, the checks that tell a real credential from a stand-in) is core's
 * (`@ops-skill/core/secrets`), shared with mock-codex's redaction of recorded sessions.
 */
import { LineIndex, type SkillFile } from "@ops-skill/core";
import { findSecrets, type SecretFinding } from "@ops-skill/core/secrets";
import { looksBinary } from "../../rule-support/skill-files.js";

export interface FileSecrets {
  /** Absolute path. */
  path: string;
  /** Relative to the skill folder. */
  rel: string;
  lines: LineIndex;
  findings: SecretFinding[];
}

const SKILL_SECRETS = Symbol("secrets in the files of a skill");

/**
 * The secrets in SKILL.md and every text file of the skill, scanned once per skill for both
 * rules (`ops/hardcoded-secret` reports the sure ones, `ops/possible-secret` the others).
 */
export function secretsOfSkill(skill: SkillFile): FileSecrets[] {
  return skill.derived(SKILL_SECRETS, () => {
    const files: FileSecrets[] = [];
    if (skill.readError !== undefined) return files;
    if (!looksBinary(skill.bytes)) {
      const findings = findSecrets(skill.text);
      if (findings.length > 0)
        files.push({ path: skill.path, rel: "SKILL.md", lines: skill.lines, findings });
    }
    for (const entry of skill.files) {
      if (entry.path === skill.path) continue;
      const text = skill.textOf(entry);
      if (text === undefined) continue;
      const findings = findSecrets(text);
      if (findings.length > 0)
        files.push({ path: entry.path, rel: entry.rel, lines: new LineIndex(text), findings });
    }
    return files;
  });
}
