/**
 * Reasoning efforts. Codex 0.169.0 sends `model_reasoning_effort` to the API as written, any
 * string (reference §6); the API decides. The known values are those of the model catalog
 * bundled with Codex 0.169.0 (`codex debug models`: `supported_reasoning_levels`), plus
 * `none` and `minimal`, which the Responses API takes for some models.
 */
export const CATALOG_REASONING_EFFORTS: Readonly<Record<string, readonly string[]>> = {
  "gpt-6-astra": ["low", "medium", "high", "xhigh", "max", "ultra"],
  "gpt-6.1-sol": ["low", "medium", "high", "xhigh", "max", "ultra"],
  "gpt-6.1-terra": ["low", "medium", "high", "xhigh", "max", "ultra"],
  "gpt-6-sol": ["low", "medium", "high", "xhigh", "max", "ultra"],
  "gpt-6-luna": ["low", "medium", "high", "xhigh", "max"],
  "gpt-5.6-sol": ["low", "medium", "high", "xhigh", "max", "ultra"],
  "gpt-5.6-terra": ["low", "medium", "high", "xhigh", "max", "ultra"],
  "gpt-5.6-luna": ["low", "medium", "high", "xhigh", "max"],
  "gpt-daybreak-blue-latest": ["low", "medium", "high", "xhigh", "max", "ultra"],
  "gpt-daybreak-red-latest": ["low", "medium", "high", "xhigh", "max", "ultra"],
  "gpt-5.5": ["low", "medium", "high", "xhigh"],
  "codex-auto-review": ["low", "medium", "high", "xhigh", "max"],
};

export const KNOWN_REASONING_EFFORTS: readonly string[] = [
  "none",
  "minimal",
  "low",
  "medium",
  "high",
  "xhigh",
  "max",
  "ultra",
];
