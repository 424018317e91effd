import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { findInvalidValues, modelOf } from "@ops-skill/codex/config";
import { CODEX_VERSION } from "@ops-skill/codex/version";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/invalid-value",
    description:
      'A config value Codex refuses to load (wrong type, unknown variant such as `sandbox_mode = "full"`, `approval_policy = "untrusted"`): Codex does not start.',
    defaultSeverity: "error",
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    if (file.kind !== "config-toml" || !model?.root) return;
    for (const problem of findInvalidValues(model.root))
      report({
        message: `Codex ${CODEX_VERSION} refuses to start: ${problem.message}.`,
        ...model.at(problem.span),
      });
  },
);
