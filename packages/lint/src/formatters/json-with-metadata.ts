/**
 * ESLint's `json-with-metadata` shape: `{ results, metadata }`, the results as the `json`
 * format prints them, and in `metadata` the working directory, each enabled rule's docs, and
 * which ops-skill and which Codex release the verdicts are for (the JSON array of `json` has no
 * room for them).
 */
import { CODEX_VERSION } from "@ops-skill/codex/version";
import packageJson from "../../package.json" with { type: "json" };
import { eslintResults } from "./json.js";
import type { Formatter } from "./types.js";

export const jsonWithMetadata: Formatter = (result, { cwd }) =>
  JSON.stringify({
    results: eslintResults(result),
    metadata: {
      cwd,
      opsSkillVersion: packageJson.version,
      codexVersion: CODEX_VERSION,
      rulesMeta: Object.fromEntries(
        result.rules.map((rule) => [
          rule.id,
          {
            type: rule.category,
            docs: { description: rule.description, url: rule.docsUrl },
            ...(rule.fixable ? { fixable: "code" } : {}),
          },
        ]),
      ),
    },
  });
