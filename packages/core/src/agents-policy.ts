/**
 * `agents/openai.yaml` beside a SKILL.md. Codex 0.169.0 ignores any problem in it
 * (conformance case `openai-yaml-invalid`); `policy.allow_implicit_invocation: false` keeps a
 * loaded skill off the model's list (case `openai-yaml-implicit-invocation-false`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";

export interface AgentsPolicy {
  path: string;
  allowImplicitInvocation: boolean | undefined;
  /** Position of the `allow_implicit_invocation` key (1-based), or 1:1. */
  line: number;
  column: number;
}

export function readAgentsPolicy(skillDir: string): AgentsPolicy | undefined {
  const path = join(skillDir, "agents", "openai.yaml");
  // Most skills have none; a failed read costs an exception, a failed existsSync does not.
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
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
