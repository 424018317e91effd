import { testRule } from "../../../test/rule-tester.js";
import rule from "./mutating-command.js";

const head =
  "---\nname: demo-skill\ndescription: Restarts unhealthy deployments. Use when on-call asks.\n---\n";

const fence = (...lines: string[]) => `\`\`\`bash\n${lines.join("\n")}\n\`\`\`\n`;

/** A hook script that blocks `kubectl delete` the way Codex honours (exit 2, reason on stderr). */
const guardScript = [
  "#!/bin/sh",
  "cmd=$(jq -r '.tool_input.command')",
  'case "$cmd" in',
  '  *"kubectl delete"*|*"DROP TABLE"*)',
  '    echo "kubectl delete and DROP need the on-call engineer\'s approval" >&2',
  "    exit 2 ;;",
  "esac",
  "exit 0",
  "",
].join("\n");

const hookToml = (matcher: string, extra = "") =>
  `[[hooks.PreToolUse]]\nmatcher = "${matcher}"\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = ".codex/hooks/guard.sh"\n${extra}`;

const procedure = `${head}# Cleanup\n\n## Procedure\n\n${fence("kubectl -n prod delete deploy api-old")}`;

testRule(rule, {
  valid: [
    {
      name: "find and redis-cli that only read",
      skill: `${head}## Checks\n\n${fence(
        'find "$DATA_DIR" -name "*.snap" -mtime +7 -print',
        "find /etc/ssl -name '*.pem' -exec openssl x509 -noout -enddate -in {} \\;",
        "redis-cli -h cache.prod INFO memory",
        "redis-cli CONFIG GET maxmemory",
        "redis-cli --scan --pattern 'session:*' | head",
        'curl -fsS -X GET "$API/v1/clusters"',
        'curl -sS -XPOST "$SLACK_WEBHOOK" -d "{\\"text\\":\\"drift found\\"}"',
        "wget -qO- https://status.example.com/health",
        'TOKEN=$(curl -sX PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 21600" http://169.254.169.254/latest/api/token)',
      )}`,
    },
    {
      name: "read-only runbook, mutations named only in Constraints",
      skill: `${head}# Drift check\n\n## Procedure\n\n\`\`\`bash\nterraform -chdir="$TF_DIR" plan -detailed-exitcode -lock=false -input=false\nkubectl diff -R -f "$K8S_MANIFESTS_DIR"\n\`\`\`\n\n## Constraints\n\n- Read-only. Never run \`terraform apply\`, \`terraform destroy\` or\n  \`terraform state rm\`.\n- Never run \`kubectl apply\`, \`kubectl delete\` or \`kubectl rollout restart\`.\n\n\`\`\`bash\n# forbidden examples\nkubectl delete ns prod\n\`\`\`\n`,
    },
    {
      name: "gate: an Approval section before the procedure",
      skill: `${head}# Rollout\n\n## Approval\n\nStop after the diff and wait for the on-call engineer to approve in the change ticket.\n\n## Procedure\n\n${fence("helm upgrade api charts/api -n prod --atomic --wait")}`,
    },
    {
      name: "gate: an earlier step of the same list",
      skill: `${head}1. Post the plan in #ops and wait for a human to approve it.\n2. Then restart:\n\n   \`\`\`bash\n   kubectl -n prod rollout restart deployment/api\n   \`\`\`\n`,
    },
    {
      name: "gate: earlier in the sentence that holds the command",
      skill: `${head}## Steps\n\n1. Do not proceed without explicit approval from the DBA; then run \`psql -c "DROP TABLE stale_jobs"\`.\n`,
    },
    {
      name: "marker: a Requires approval line right before the block",
      skill: `${head}## Steps\n\nRequires approval: on-call SRE (#ops-changes)\n\n${fence("kubectl -n prod delete deploy api-old", "sudo systemctl restart nginx")}`,
    },
    {
      name: "marker: a Requires approval comment right above the command in the block",
      skill: `${head}## Steps\n\n${fence("kubectl get deploy -n prod", "# Requires approval: @alice", "kubectl -n prod delete deploy api-old")}`,
    },
    {
      name: "marker: a Requires approval line right before the step that holds the command",
      skill: `${head}## Steps\n\n**Requires approval:** release manager\n- Uninstall the old chart with \`helm uninstall api-old -n prod\`.\n`,
    },
    {
      name: "hook: a project PreToolUse hook on Bash blocks kubectl delete",
      skill: procedure,
      files: {
        ".git/HEAD": "ref: refs/heads/main\n",
        ".codex/config.toml": hookToml("Bash"),
        ".codex/hooks/guard.sh": { content: guardScript, mode: 0o755 },
      },
    },
    {
      name: "hook: an inline command in hooks.json, at the root of the git repository",
      skill: `${head}## Steps\n\n${fence('psql "$DB" -c "DROP TABLE stale_jobs"')}`,
      files: {
        ".git/HEAD": "ref: refs/heads/main\n",
        ".codex/hooks.json": JSON.stringify({
          hooks: {
            PreToolUse: [
              {
                matcher: "^Bash$",
                hooks: [
                  {
                    type: "command",
                    command:
                      "jq -r .tool_input.command | grep -qi 'drop table' && { echo 'DROP TABLE needs the DBA' >&2; exit 2; }; exit 0",
                  },
                ],
              },
            ],
          },
        }),
      },
    },
    {
      name: "inline disable with a reason on the line before the step",
      skill: `${head}## Steps\n\n<!-- ops-skill-disable-next-line ops/mutating-command -- approved in change CHG-1234 -->\n1. Restart the service with \`sudo systemctl restart api\`.\n`,
    },
    {
      name: "inline disable with a reason around a block",
      skill: `${head}## Steps\n\n<!-- ops-skill-disable ops/mutating-command -- the scratch directory is ours -->\n${fence("rm -rf /tmp/ops-scratch")}<!-- ops-skill-enable ops/mutating-command -->\n`,
    },
    {
      name: "dry runs, reads, heredocs that only write a file, and forbidden prose",
      skill: `${head}## Checks\n\n\`\`\`bash\nkubectl apply --dry-run=server -f manifests/\nterraform plan -destroy -out=/dev/null\nhelm upgrade api charts/api --dry-run\ngit push origin HEAD\ndocker run --rm alpine true\nsystemctl status nginx\npsql -c "SELECT count(*) FROM jobs"\ncat > /tmp/undo.sh <<'EOF'\nkubectl delete ns prod\nEOF\necho "kubectl delete ns prod"\n\`\`\`\n\nIf the webhook rejects the dry run, do not fall back to \`kubectl delete pod\`.\n`,
    },
  ],
  invalid: [
    {
      name: "find that deletes what it finds, redis-cli commands that write, HTTP DELETE/PUT/PATCH",
      skill: `${head}## Cleanup\n\n${fence(
        'find "$DATA_DIR" -name "*.snap" -mtime +7 -delete',
        "find /var/log/app -type f -exec rm -f {} \\;",
        "redis-cli -h cache.prod -p 6379 FLUSHALL",
        "redis-cli --no-auth-warning CONFIG SET maxmemory 2gb",
        'curl -fsS -X DELETE "$API/v1/clusters/old"',
        'curl -sSXPUT --data @policy.json "$API/v1/policy"',
        'curl --request=PATCH "$API/v1/flags/rollout"',
        'wget --method DELETE "$API/v1/cache"',
      )}`,
      errors: [
        { message: /^`find -delete` changes live systems/, line: 8, column: 1 },
        { message: /^`find -exec rm` changes live systems/, line: 9, column: 1 },
        { message: /^`redis-cli FLUSHALL` changes live systems/, line: 10, column: 1 },
        { message: /^`redis-cli CONFIG SET` changes live systems/, line: 11, column: 1 },
        { message: /^`curl -X DELETE` changes live systems/, line: 12, column: 1 },
        { message: /^`curl -X PUT` changes live systems/, line: 13, column: 1 },
        { message: /^`curl -X PATCH` changes live systems/, line: 14, column: 1 },
        { message: /^`wget -X DELETE` changes live systems/, line: 15, column: 1 },
      ],
    },
    {
      name: "terraform apply with -auto-approve and kubectl delete",
      skill: `${head}## Procedure\n\n\`\`\`bash\nterraform -chdir="$TF_DIR" apply -auto-approve tf.plan\nfor pod in $(kubectl get pods -n prod -o name); do kubectl -n prod delete "$pod"; done\n\`\`\`\n`,
      errors: [
        {
          message:
            "`terraform apply` changes live systems, and no approval step comes before it; under `codex exec` the model runs it unattended.",
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
      skill: `${head}## Procedure\n\n${fence(
        'bash -c "kubectl delete ns prod"',
        "ssh bastion 'rm -rf /var/lib/etcd/member'",
        'psql -c "DROP TABLE users" "$DATABASE_URL"',
        "sudo systemctl restart nginx",
        "kubectl exec -it api-0 -- sh -c 'rm -rf /data/cache'",
        "docker exec web service nginx reload",
        'cat <<SQL | psql "$DB"',
        "TRUNCATE audit_log;",
        "SQL",
        "mysql -e 'UPDATE users SET admin=1' prod",
        'sqlite3 app.db "DELETE FROM sessions"',
        "env KUBECONFIG=/etc/k.yaml timeout 60 xargs kubectl delete ns < old.txt",
      )}`,
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
        { message: /^`psql TRUNCATE` changes/, line: 15, column: 1 },
        { message: /^`mysql UPDATE` changes/, line: 17, column: 11 },
        { message: /^`sqlite3 DELETE` changes/, line: 18, column: 17 },
        { message: /^`kubectl delete` changes/, line: 19, column: 45 },
      ],
    },
    {
      name: "the word approved in a comment, an Approval heading without a gate, approved elsewhere",
      skill: `${head}<!-- approved -->\n# Rollout\n\nUses only approved base images.\n\n## Approval\n\nSee the change calendar.\n\n## Procedure\n\n${fence("kubectl -n prod rollout restart deployment/api")}`,
      errors: [{ message: /^`kubectl rollout restart` changes/, line: 17, column: 1 }],
    },
    {
      name: "a gate hidden in an HTML comment",
      skill: `${head}## Procedure\n\n<!-- Stop and wait for the on-call engineer to approve. -->\n\n${fence("kubectl -n prod delete deploy api-old")}`,
      errors: [{ message: /^`kubectl delete` changes/, line: 10, column: 1 }],
    },
    {
      name: "a gate after the command",
      skill: `${head}## Procedure\n\n${fence("kubectl -n prod delete deploy api-old")}\n## Approval\n\nStop and wait for the on-call engineer to approve.\n`,
      errors: [{ message: /^`kubectl delete` changes/, line: 8, column: 1 }],
    },
    {
      name: "approval wording that is no gate: nobody named, or no need to wait",
      skill: `${head}## Procedure\n\nWait for approval. No need to wait for the on-call engineer to approve.\n\n${fence("kubectl -n prod delete deploy api-old")}`,
      errors: [{ message: /^`kubectl delete` changes/, line: 10, column: 1 }],
    },
    {
      name: "a marker that names nobody, and one that is not next to the block",
      skill: `${head}## Steps\n\nRequires approval: <who>\n\n${fence("kubectl -n prod delete deploy a")}\nRequires approval: on-call SRE\n\nThen clean up the rest.\n\n${fence("kubectl -n prod delete deploy b")}`,
      errors: [
        { message: /^`kubectl delete` changes/, line: 10, column: 1 },
        { message: /^`kubectl delete` changes/, line: 18, column: 1 },
      ],
    },
    {
      name: "hooks that do not block it: other verb, a matcher that never fires, an ignored deny, async",
      skill: `${head}# Cleanup\n\n## Procedure\n\n${fence("kubectl -n prod delete deploy api-old", "kubectl -n prod scale deploy api --replicas=0")}`,
      files: {
        ".git/HEAD": "ref: refs/heads/main\n",
        ".codex/config.toml": [
          hookToml("bash"),
          hookToml("Bash", "async = true\n"),
          '[[hooks.PreToolUse]]\nmatcher = "Bash"\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = "echo \'{\\"decision\\":\\"deny\\",\\"reason\\":\\"kubectl delete needs approval\\"}\'"\n',
        ].join("\n"),
        ".codex/hooks/guard.sh": { content: guardScript, mode: 0o755 },
      },
      errors: [
        { message: /^`kubectl delete` changes/, line: 10, column: 1 },
        { message: /^`kubectl scale` changes/, line: 11, column: 1 },
      ],
    },
    {
      name: "hooks switched off with [features] hooks = false",
      skill: procedure,
      files: {
        ".git/HEAD": "ref: refs/heads/main\n",
        ".codex/config.toml": `[features]\nhooks = false\n\n${hookToml("Bash")}`,
        ".codex/hooks/guard.sh": { content: guardScript, mode: 0o755 },
      },
      errors: [{ message: /^`kubectl delete` changes/, line: 10, column: 1 }],
    },
    {
      name: "an inline disable without a reason",
      skill: `${head}## Steps\n\n<!-- ops-skill-disable-next-line ops/mutating-command -->\n1. Restart the service with \`sudo systemctl restart api\`.\n`,
      errors: [{ message: /^`systemctl restart` changes/, line: 8, column: 35 }],
    },
  ],
});
