/**
 * `context` in scenario.json: `{ "max_lost_tokens": N }`, the most tokens one command's output may
 * lose to Codex's middle cut before the scenario fails. Without it a cut is reported, never failed.
 */
export interface ContextSettings {
  maxLostTokens: number;
}

const KEYS = ["max_lost_tokens"];

/** Reads `context`, reporting problems through `at` (a JSON Pointer and a message). */
export function parseContextSettings(
  raw: unknown,
  at: (pointer: string, message: string) => void,
): ContextSettings | undefined {
  if (raw === undefined) return undefined;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    at("/context", '"context" must be an object: { "max_lost_tokens": 0 }');
    return undefined;
  }
  const value = raw as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (!KEYS.includes(key)) at(`/context/${key}`, `unknown key "${key}" (known: max_lost_tokens)`);
  }
  const max = value.max_lost_tokens;
  if (typeof max !== "number" || !Number.isInteger(max) || max < 0) {
    at(
      "/context/max_lost_tokens",
      '"max_lost_tokens" must be a non-negative integer: the most tokens one command may lose to the cut (0: none)',
    );
    return undefined;
  }
  return { maxLostTokens: max };
}
