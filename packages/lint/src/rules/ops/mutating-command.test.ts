import { testRule } from "../../../test/rule-tester.js";
import rule from "./mutating-command.js";

const head =
  "---\nname: demo-skill\ndescription: Restarts unhealthy deployments. Use when on-call asks.\n---\n";

testRule(rule, {
  valid: [
    {
      name: "read-only runbook, mutations named only in Constraints",
      skill: `${head}# Drift check\n\n## Procedure\n\n\`\`\`bash\nterraform -chdir="$TF_DIR" plan -detailed-exitcode -lock=false -input=false\nkubectl diff -R -f "$K8S_MANIFESTS_DIR"\n\`\`\`\n\n## Constraints\n\n- Read-only. Never run \`terraform apply\`, \`terraform destroy\` or\n  \`terraform state rm\`.\n- Never run \`kubectl apply\`, \`kubectl delete\` or \`kubectl rollout restart\`.\n\n\`\`\`bash\n# forbidden examples\nkubectl delete ns prod\n\`\`\`\n`,
    },
    {
      name: "an Approval section",
      skill: `${head}# Rollout\n\n## Approval\n\nStop after the diff and wait for the on-call engineer to approve in the change ticket.\n\n## Procedure\n\n\`\`\`bash\nhelm upgrade api charts/api -n prod --atomic --wait\n\`\`\`\n`,
    },
    {
      name: "approval wording just before the command",
      skill: `${head}1. Post the plan in #ops and wait for a human to approve it.\n2. Then restart:\n\n   \`\`\`bash\n   kubectl -n prod rollout restart deployment/api\n   \`\`\`\n`,
    },
    {
      name: "dry runs, reads and forbidden prose",
      skill: `${head}## Checks\n\n\`\`\`bash\nkubectl apply --dry-run=server -f manifests/\nterraform plan -destroy -out=/dev/null\nhelm upgrade api charts/api --dry-run\ngit push origin HEAD\ndocker run --rm alpine true\n\`\`\`\n\nIf the webhook rejects the dry run, do not fall back to \`kubectl delete pod\`.\n`,
    },
  ],
  invalid: [
    {
      name: "terraform apply with -auto-approve and kubectl delete",
      skill: `${head}## Procedure\n\n\`\`\`bash\nterraform -chdir="$TF_DIR" apply -auto-approve tf.plan\nfor pod in $(kubectl get pods -n prod -o name); do kubectl -n prod delete "$pod"; done\n\`\`\`\n`,
      errors: [
        {
          message:
            "`terraform apply` changes live systems, and the skill has no human approval step before it; under `codex exec` the model runs it unattended.",
          line: 8,
          column: 1,
        },
        { message: /^`kubectl delete` changes live systems/, line: 9, column: 52 },
      ],
    },
    {
      name: "inline helm upgrade in a step",
      skill: `${head}## Steps\n\n1. Roll the new chart out with \`helm upgrade --install api charts/api -n prod\`.\n`,
      errors: [{ message: /^`helm upgrade` changes live systems/, line: 7, column: 33 }],
    },
    {
      name: "rm -rf, aws terminate across a continuation, git push --force",
      skill: `${head}## Cleanup\n\n\`\`\`sh\nsudo rm -rf /var/lib/etcd/member\ntimeout 60 aws --region eu-west-1 \\\n  ec2 terminate-instances --instance-ids "$ids"\ngit push --force origin main\n\`\`\`\n`,
      errors: [
        { message: /^`rm -rf` changes live systems/, line: 8, column: 6 },
        { message: /^`aws ec2 terminate-instances` changes/, line: 9, column: 12 },
        { message: /^`git push --force` changes/, line: 11, column: 1 },
      ],
    },
    {
      name: "commands run through shells, ssh, kubectl exec, docker exec, SQL clients and service managers",
      skill: `${head}## Procedure\n\n\`\`\`bash\nbash -c "kubectl delete ns prod"\nssh bastion 'rm -rf /var/lib/etcd/member'\npsql -c "DROP TABLE users" "$DATABASE_URL"\nsudo systemctl restart nginx\nkubectl exec -it api-0 -- sh -c 'rm -rf /data/cache'\ndocker exec web service nginx reload\n\`\`\`\n`,
      errors: [
        { message: /^`kubectl delete` \(run through `bash -c`\) changes/, line: 8, column: 10 },
        { message: /^`rm -rf` \(run through `ssh`\) changes/, line: 9, column: 14 },
        { message: /^`psql DROP TABLE` changes/, line: 10, column: 10 },
        { message: /^`systemctl restart` changes/, line: 11, column: 6 },
        {
          message: /^`rm -rf` \(run through `kubectl exec`, `sh -c`\) changes/,
          line: 12,
          column: 34,
        },
        {
          message: /^`service reload` \(run through `docker exec`\) changes/,
          line: 13,
          column: 17,
        },
      ],
    },
  ],
});
