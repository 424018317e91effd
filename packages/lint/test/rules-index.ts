import { CODEX_VERSION } from "@ops-skill/codex/version";
import type { RuleMeta } from "../src/rule.js";
import { RULE_CATEGORIES } from "../src/rule.js";

const CATEGORY_TEXT: Record<string, string> = {
  codex: `What the pinned Codex (${CODEX_VERSION}) does with the skill. An error here means Codex refuses or never discovers it; every verdict is tested against the real binary (\`conformance/\`).`,
  spec: "The Agent Skills specification. Codex loads skills that break these rules; they matter for other agents and for portability.",
  quality: "What makes a skill work well: triggers, links, scripts, length.",
  ops: "Day-two safety: mutating commands, read-only constraints, secrets, dangerous flags.",
  hooks:
    "Codex hooks in `.codex/config.toml` or `hooks.json`: whether they load, fire and can block.",
  config: "Codex config and profile files: what Codex refuses, ignores or warns about.",
  schema: "`--output-schema` files: what the API's strict mode rejects, and report quality.",
  internal:
    "ops-skill's own failures: an internal error on a file is reported on it, and the run exits 2.",
};

/** docs/rules/README.md: every rule by category, with its default severity and whether it fixes. */
export function renderRulesIndex(rules: readonly RuleMeta[]): string {
  const out = [
    "# Rules",
    "",
    "Every rule has an id `<category>/<name>`, a default severity and a page here. An **error** by default means the run really breaks; everything else is a warning or info, which you can raise in `ops-skill.config.json`.",
    "",
  ];
  for (const category of RULE_CATEGORIES) {
    const inCategory = rules
      .filter((r) => r.category === category)
      .sort((a, b) => a.id.localeCompare(b.id));
    if (inCategory.length === 0) continue;
    out.push(
      `## ${category}/`,
      "",
      CATEGORY_TEXT[category] ?? "",
      "",
      "| Rule | Default | Fixable | What it reports |",
      "| --- | --- | --- | --- |",
    );
    for (const rule of inCategory) {
      out.push(
        `| [${rule.id}](${rule.id}.md) | ${rule.defaultSeverity} | ${rule.fixable ? "yes" : ""} | ${rule.description.replace(/\|/g, "\\|")} |`,
      );
    }
    out.push("");
  }
  out.push(
    "## schema/",
    "",
    `${CATEGORY_TEXT.schema} These rules come from \`@ops-skill/schema\`; they are listed in [../schema.md](../schema.md).`,
    "",
  );
  return out.join("\n");
}
