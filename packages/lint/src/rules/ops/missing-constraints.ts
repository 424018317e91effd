import { defineSkillRule } from "../../rule.js";
import { hasBody } from "../../rule-support/skill-files.js";
import {
  CONSTRAINT_HEADING,
  codeSnippets,
  findCommands,
  findToolMentions,
  INFRA_TOOLS,
  type InfraTool,
  isForbiddenHere,
} from "./_commands.js";

const EXAMPLES: Record<InfraTool, string> = {
  terraform: "`terraform apply`, `terraform destroy`",
  kubectl: "`kubectl apply`, `kubectl delete`",
  helm: "`helm upgrade`, `helm uninstall`",
  aws: "`aws ... delete-*`, `aws ... terminate-*`",
  gcloud: "`gcloud ... delete`, `gcloud ... create`",
  az: "`az ... delete`, `az ... create`",
};

export default defineSkillRule(
  {
    id: "ops/missing-constraints",
    description:
      "A skill that runs terraform, kubectl, helm, aws, gcloud or az read-only needs a Constraints section that forbids their mutating commands.",
    defaultSeverity: "warning",
    securitySeverity: 4.0,
  },
  ({ skill, report }) => {
    if (!hasBody(skill)) return;
    const used = new Map<InfraTool, { line: number; column: number }>();
    const mutated = new Set<string>();
    for (const snippet of codeSnippets(skill)) {
      const commands = findCommands(snippet.text);
      if (commands.length === 0 || isForbiddenHere(skill, snippet)) continue;
      for (const command of commands) {
        if (!(INFRA_TOOLS as readonly string[]).includes(command.tool)) continue;
        const tool = command.tool as InfraTool;
        // A tool the skill itself changes things with is ops/mutating-command's concern.
        if (command.mutating) mutated.add(tool);
        if (!used.has(tool)) used.set(tool, snippet.positionAt(command.index));
      }
    }
    const readOnly = [...used.keys()].filter((tool) => !mutated.has(tool));
    if (readOnly.length === 0) return;

    const sections = skill.markdown.sections.filter((s) => CONSTRAINT_HEADING.test(s.heading.text));
    const covered = new Set<string>();
    for (const section of sections) {
      for (let line = section.startLine; line <= section.endLine; line++) {
        const text = skill.lines.lineText(line);
        const commands = findToolMentions(text);
        for (const command of commands) if (command.mutating) covered.add(command.tool);
        // "kubectl is read-only here: get, describe and logs only" also forbids the rest.
        if (/\bread[- ]only\b/i.test(text))
          for (const command of commands) covered.add(command.tool);
      }
    }
    const lacking = readOnly.filter((tool) => !covered.has(tool));
    if (lacking.length === 0) return;
    const list = lacking.map((t) => `\`${t}\``).join(", ");
    const examples = lacking.map((t) => EXAMPLES[t]).join("; ");
    const section = sections[0];
    const first = used.get(lacking[0] as InfraTool) ?? { line: 1, column: 1 };
    report({
      message: section
        ? `The "${section.heading.text}" section does not forbid the mutating commands of ${list}, which the skill runs read-only (e.g. ${examples}); an unattended run has nothing that rules them out.`
        : `The skill runs ${list} read-only but has no Constraints section forbidding ${lacking.length === 1 ? "its" : "their"} mutating commands (e.g. ${examples}); an unattended run has nothing that rules them out.`,
      ...(section ? { line: section.heading.line, column: 1 } : first),
      hint: `List them in a "## Constraints" section, e.g. "Read-only. Never run ${EXAMPLES[lacking[0] as InfraTool].replace(", ", " or ")}."`,
    });
  },
);
