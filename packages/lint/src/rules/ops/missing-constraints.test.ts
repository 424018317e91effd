import { testRule } from "../../../test/rule-tester.js";
import rule from "./missing-constraints.js";

const head =
  "---\nname: demo-skill\ndescription: Reports pod health. Use when on-call asks for a cluster check.\n---\n";
const procedure =
  '## Procedure\n\n```bash\nkubectl get pods -A -o json > "$work/pods.json"\nterraform -chdir="$TF_DIR" plan -detailed-exitcode\n```\n';

testRule(rule, {
  valid: [
    {
      name: "constraints name the mutating commands",
      skill: `${head}${procedure}\n## Constraints\n\n- Read-only. Never run \`terraform apply\` or \`terraform destroy\`.\n- Never run \`kubectl apply\`, \`kubectl delete\` or \`kubectl scale\`.\n`,
    },
    {
      name: "guardrails in prose without backticks, read-only statement",
      skill: `${head}${procedure}\n## Guardrails\n\n- Do not run terraform apply or destroy.\n- kubectl is read-only here: get, describe and logs only.\n`,
    },
    {
      name: "no infrastructure tools",
      skill: `${head}## Procedure\n\n\`\`\`bash\nopenssl s_client -connect "$host:443" </dev/null\n\`\`\`\n`,
    },
    {
      name: "a tool the skill mutates with is ops/mutating-command's",
      skill: `${head}## Procedure\n\n\`\`\`bash\nhelm upgrade api charts/api --wait\n\`\`\`\n`,
    },
  ],
  invalid: [
    {
      name: "no constraints section",
      skill: `${head}${procedure}`,
      errors: [
        {
          message:
            "The skill runs `kubectl`, `terraform` read-only but has no Constraints section forbidding their mutating commands (e.g. `kubectl apply`, `kubectl delete`; `terraform apply`, `terraform destroy`); an unattended run has nothing that rules them out.",
          line: 8,
          column: 1,
        },
      ],
    },
    {
      name: "constraints forget kubectl",
      skill: `${head}${procedure}\n## Constraints\n\n- Never run \`terraform apply\`.\n- Do not edit files under \`TF_DIR\`.\n`,
      errors: [
        {
          message:
            'The "Constraints" section does not forbid the mutating commands of `kubectl`, which the skill runs read-only (e.g. `kubectl apply`, `kubectl delete`); an unattended run has nothing that rules them out.',
          line: 12,
          column: 1,
        },
      ],
    },
    {
      name: "inline aws call",
      skill: `${head}List the alarms with \`aws cloudwatch describe-alarms --state-value ALARM\`.\n`,
      errors: [{ message: /^The skill runs `aws` read-only/, line: 5, column: 23 }],
    },
  ],
});
