/**
 * `agents/openai.yaml` beside a SKILL.md. Codex 0.169.0 ignores any problem in it
 * (conformance case `openai-yaml-invalid`); `policy.allow_implicit_invocation: false` keeps a
 * loaded skill off the model's list (case `openai-yaml-implicit-invocation-false`).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { type FileProblem, readRegularText } from "./read-file.js";
import type { SkillFile } from "./skill.js";
import { capYamlNesting } from "./yaml-depth.js";

/** `agents/openai.yaml` is not read past this size (a policy is a few lines). */
export const MAX_AGENTS_POLICY_BYTES = 1024 * 1024;

export interface AgentsPolicy {
  path: string;
  /**
   * Why the file was not read (a device, a FIFO, a folder, no permission, too large): Codex
   * ignores such a file as it ignores a broken one (cases `openai-yaml-device`,
   * `openai-yaml-invalid`).
   */
  unread?: FileProblem;
  allowImplicitInvocation: boolean | undefined;
  /** Position of the `allow_implicit_invocation` key (1-based), or 1:1. */
  line: number;
  column: number;
}

const AGENTS_POLICY = Symbol("agents-policy");

/** `agents/openai.yaml` of a skill, read once per skill for every rule that asks. */
export function agentsPolicyOf(skill: SkillFile): AgentsPolicy | undefined {
  return skill.derived(AGENTS_POLICY, () => readAgentsPolicy(skill.dir));
}

export function readAgentsPolicy(skillDir: string): AgentsPolicy | undefined {
  const path = join(skillDir, "agents", "openai.yaml");
  // Most skills have none: existsSync is the cheapest way to learn it.
  if (!existsSync(path)) return undefined;
  const read = readRegularText(path, { maxBytes: MAX_AGENTS_POLICY_BYTES });
  if (!read.ok)
    return { path, unread: read, allowImplicitInvocation: undefined, line: 1, column: 1 };
  // Nested deeper than the cap, its deep part is read as a plain value (see yaml-depth.ts).
  const { text } = capYamlNesting(read.text);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, strict: true });
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
  const policy = document.contents.get("policy", true);
  if (!isMap(policy)) return { path, allowImplicitInvocation: undefined, line: 1, column: 1 };
  const pair = policy.items.find(
    (item) => isScalar(item.key) && item.key.value === "allow_implicit_invocation",
  );
  if (!pair || !isScalar(pair.key))
    return { path, allowImplicitInvocation: undefined, line: 1, column: 1 };
  const value = isScalar(pair.value) ? pair.value.value : undefined;
  const { line, col } = lineCounter.linePos(pair.key.range?.[0] ?? 0);
  return {
    path,
    allowImplicitInvocation: typeof value === "boolean" ? value : undefined,
    line,
    column: col,
  };
}
