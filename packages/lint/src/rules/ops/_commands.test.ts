import { describe, expect, it } from "vitest";
import { findCommands, findToolMentions, inlineCodeSpans, withoutInlineCode } from "./_commands.js";
import { guardWords, isGate, markerWho } from "./_commands-approval.js";
import { PROGRAM_MENTION, PROGRAMS, shellChunks, shellCommands } from "./_commands-shell.js";
import { mutatingSql } from "./_commands-tools.js";

const mutating = (text: string) =>
  findCommands(text)
    .filter((c) => c.mutating)
    .map((c) => (c.via.length > 0 ? `${c.display} via ${c.via.join(" > ")}` : c.display));

describe("findCommands", () => {
  it.each([
    ["terraform -chdir=infra apply -auto-approve", ["terraform apply"]],
    ["terraform state rm module.db", ["terraform state rm"]],
    ["terraform state list", []],
    ["terraform plan -destroy", []],
    ["kubectl -n prod delete pod api-0", ["kubectl delete"]],
    [`kubectl \${CTX:+"--context=$CTX"} rollout restart deploy/api`, ["kubectl rollout restart"]],
    ["kubectl rollout status deploy/api", []],
    ["kubectl get pods -l app=delete", []],
    ["kubectl apply --dry-run=server -f m/", []],
    ["kubectl apply --dry-run=none -f m/", ["kubectl apply"]],
    ["helm uninstall api -n prod", ["helm uninstall"]],
    ["helm upgrade api ./chart --dry-run", []],
    ["rm -rf /tmp/work", ["rm -rf"]],
    ["rm -r -f build", ["rm -rf"]],
    ["rm -f file", []],
    [
      "aws --region us-east-1 ec2 terminate-instances --instance-ids i-1",
      ["aws ec2 terminate-instances"],
    ],
    ["aws s3 rm s3://bucket/key", ["aws s3 rm"]],
    ["aws ec2 describe-instances", []],
    ["gcloud compute instances delete vm-1 --zone z", ["gcloud compute instances delete"]],
    ["gcloud container clusters get-credentials c", []],
    ["az group delete -n rg --yes", ["az group delete"]],
    ["az vm list", []],
    ["docker system prune -af", ["docker system prune"]],
    ["docker run --rm alpine", []],
    ["git push --force-with-lease origin main", ["git push --force"]],
    ["git push origin +main", ["git push --force"]],
    ["sudo timeout 60 env -u KUBECONFIG kubectl delete ns x", ["kubectl delete"]],
    ["sudo -u deploy nice -n 5 stdbuf -oL kubectl delete ns x", ["kubectl delete"]],
    ["echo done && kubectl scale deploy/api --replicas=0", ["kubectl scale"]],
    ["kubectl get pods -o name | xargs -n1 -I{} kubectl delete {}", ["kubectl delete"]],
    ["for p in $(kubectl get pods -o name); do kubectl delete $p; done", ["kubectl delete"]],
    ["echo $(helm uninstall api)", ["helm uninstall"]],
    ["command -v jq terraform kubectl", []],
    ["grep kubectl delete.log", []],
    ['echo "kubectl delete ns prod"', []],
    ["$ kubectl delete ns prod", ["kubectl delete"]],
    // Service managers.
    ["systemctl restart nginx", ["systemctl restart"]],
    ["sudo systemctl --no-pager -H web1 stop api.service", ["systemctl stop"]],
    ["systemctl enable --now api", ["systemctl enable"]],
    ["systemctl mask api && systemctl kill api", ["systemctl mask", "systemctl kill"]],
    ["systemctl status nginx", []],
    ["systemctl is-active --quiet nginx", []],
    ["service nginx restart", ["service restart"]],
    ["service --status-all", []],
    ["service nginx status", []],
    ["launchctl bootout gui/501/com.example.agent", ["launchctl bootout"]],
    ["launchctl list", []],
  ])("%s", (line, expected) => {
    expect(mutating(line)).toEqual(expected);
  });

  it.each([
    ['bash -c "kubectl delete ns prod"', ["kubectl delete via bash -c"]],
    ["sh -ec 'rm -rf /var/lib/etcd/member'", ["rm -rf via sh -c"]],
    ["bash -lc 'terraform apply tf.plan'", ["terraform apply via bash -c"]],
    ["bash scripts/cleanup.sh", []],
    ["ssh bastion 'rm -rf /srv/releases/old'", ["rm -rf via ssh"]],
    [
      "ssh -i key.pem -p 2222 admin@db1 sudo systemctl restart postgresql",
      ["systemctl restart via ssh"],
    ],
    ["ssh host uptime", []],
    [
      "kubectl exec -it api-0 -n prod -- sh -c 'rm -rf /data/cache'",
      ["rm -rf via kubectl exec > sh -c"],
    ],
    ["kubectl exec api-0 -- psql -c 'DROP TABLE jobs'", ["psql DROP TABLE via kubectl exec"]],
    ["kubectl exec api-0 -- ls /data", []],
    ["docker exec -u root web service nginx reload", ["service reload via docker exec"]],
    ["docker compose exec -T db psql -c 'TRUNCATE events'", ["psql TRUNCATE via docker exec"]],
    ["docker exec web cat /etc/hosts", []],
    ['eval "kubectl delete ns $NS"', ["kubectl delete via eval"]],
    ['sudo bash -c "ssh db1 \\"systemctl stop mysql\\""', ["systemctl stop via bash -c > ssh"]],
    ["ssh bastion <<'EOF'\nkubectl -n prod delete deploy api\nEOF", ["kubectl delete via ssh"]],
    ["bash <<EOF\nrm -rf /opt/app\nEOF", ["rm -rf via bash"]],
    ["cat > /tmp/cleanup.sh <<'EOF'\nkubectl delete ns prod\nEOF", []],
    ["echo 'rm -rf /tmp/x' | sh", ["rm -rf via sh"]],
  ])("nested: %s", (text, expected) => {
    expect(mutating(text)).toEqual(expected);
  });

  it.each([
    ['psql "$DATABASE_URL" -c "DROP TABLE users"', ["psql DROP TABLE"]],
    ["psql --command='DELETE FROM sessions WHERE expired'", ["psql DELETE"]],
    ['psql -c "SELECT count(*) FROM users"', []],
    ["psql -f migrations/001.sql", []],
    ["mysql -u root -e 'UPDATE users SET admin = 1' prod", ["mysql UPDATE"]],
    ["mysql --execute='SHOW TABLES' prod", []],
    ['mariadb -e "GRANT ALL ON *.* TO app"', ["mariadb GRANT"]],
    ['sqlite3 app.db "DELETE FROM jobs; VACUUM;"', ["sqlite3 DELETE", "sqlite3 VACUUM"]],
    ["sqlite3 -readonly app.db 'SELECT * FROM jobs'", []],
    ['psql <<< "ALTER TABLE users ADD COLUMN x int"', ["psql ALTER TABLE"]],
    ['cat <<SQL | psql "$DB"\n-- cleanup\nTRUNCATE audit_log;\nSQL', ["psql TRUNCATE"]],
    ["psql \"$DB\" <<'SQL'\nSELECT 1;\nSQL", []],
    ['echo "DROP DATABASE staging" | mysql', ["mysql DROP DATABASE"]],
  ])("SQL: %s", (text, expected) => {
    expect(mutating(text)).toEqual(expected);
  });

  it("points at the command inside quotes and at the SQL statement", () => {
    const [nested] = findCommands(`ssh bastion 'rm -rf /srv/x'`);
    expect(nested?.index).toBe(13);
    const [sql] = findCommands(`psql -c "DROP TABLE users"`);
    expect(sql?.index).toBe(9);
    expect(sql?.length).toBe(4);
  });

  it("reads a fence whose syntax breaks part-way (documentation often does)", () => {
    const fence = [
      "curl -s localhost:9090/api/v1/query?query=rate(errors_total[5m])",
      "kubectl -n prod delete pod api-0",
    ].join("\n");
    expect(mutating(fence)).toEqual(["kubectl delete"]);
  });
});

describe("PROGRAM_MENTION", () => {
  it("names every program whose commands are read, and only where a command can start", () => {
    for (const name of PROGRAMS) {
      expect(PROGRAM_MENTION.test(`${name} x`), name).toBe(true);
      expect(PROGRAM_MENTION.test(`sudo /usr/bin/${name}`), name).toBe(true);
      expect(PROGRAM_MENTION.test(`x${name} y`), name).toBe(false);
      expect(PROGRAM_MENTION.test(`${name}x`), name).toBe(false);
    }
    expect(PROGRAM_MENTION.test("./scripts/run.sh")).toBe(false);
  });
});

describe("shellChunks", () => {
  const chunks = (text: string) => shellChunks(text).map(([s, e]) => text.slice(s, e));

  it("cuts at line ends outside quotes, heredocs, compound commands and continuations", () => {
    expect(chunks("a\nb c\n\nd")).toEqual(["a", "b c", "", "d"]);
    expect(chunks("echo 'x\ny'\nz")).toEqual(["echo 'x\ny'", "z"]);
    expect(chunks("cat <<EOF\nrm -rf /\nEOF\nnext")).toEqual(["cat <<EOF\nrm -rf /\nEOF", "next"]);
    expect(chunks("for x in a; do\n  kubectl delete $x\ndone | tee log\nz")).toEqual([
      "for x in a; do\n  kubectl delete $x\ndone | tee log",
      "z",
    ]);
    expect(chunks("a \\\n  b\nc")).toEqual(["a \\\n  b", "c"]);
    expect(chunks("a |\n b &&\n c\nd")).toEqual(["a |\n b &&\n c", "d"]);
    expect(chunks("x=$(\n kubectl get x\n)\ny")).toEqual(["x=$(\n kubectl get x\n)", "y"]);
    expect(chunks("# it's a comment\nb")).toEqual(["# it's a comment", "b"]);
    expect(chunks("echo done\nkubectl get x")).toEqual(["echo done", "kubectl get x"]);
  });

  it("finds the same commands as parsing the whole text", () => {
    const text = [
      "set -euo pipefail",
      "if kubectl get ns prod; then",
      "  kubectl delete ns prod",
      "fi",
      "cat <<'SQL' | psql",
      "DROP TABLE x;",
      "SQL",
      'ssh host "sudo systemctl restart api"',
    ].join("\n");
    const show = (matches: ReturnType<typeof shellCommands>) =>
      matches.map((m) => `${m.index} ${m.display}`);
    expect(show(shellCommands(text))).toEqual(show(shellCommands(text, { whole: true })));
    expect(show(shellCommands(text))).toHaveLength(4);
  });
});

describe("mutatingSql", () => {
  it.each([
    ["DROP TABLE IF EXISTS users", ["DROP TABLE"]],
    ["create or replace view v as select 1", ["CREATE VIEW"]],
    ["-- DROP TABLE x\nSELECT 1", []],
    ["SELECT 'DROP TABLE x; DELETE'", []],
    ["BEGIN; UPDATE a SET b = 1; COMMIT;", ["UPDATE"]],
    ["WITH gone AS (DELETE FROM a RETURNING *) SELECT count(*) FROM gone", ["DELETE"]],
    ["\\c prod\nTRUNCATE events", ["TRUNCATE"]],
    ["COPY users FROM '/tmp/u.csv'", ["COPY"]],
    ["COPY users TO STDOUT", []],
    ["SELECT * FROM orders FOR UPDATE", []],
  ])("%s", (sql, expected) => {
    expect(mutatingSql(sql).map((s) => s.display)).toEqual(expected);
  });
});

describe("inline code", () => {
  it("pairs backtick runs of the same length, on one pass", () => {
    expect(inlineCodeSpans("Run `a` and ``b ` c`` then `d")).toEqual([
      { code: "a", column: 5 },
      { code: "b ` c", column: 14 },
    ]);
    expect(inlineCodeSpans("no code")).toEqual([]);
    expect(withoutInlineCode("Never pass `-auto-approve` to ``x``.")).toBe("Never pass   to  .");
    expect(withoutInlineCode("plain")).toBe("plain");
  });

  it("stays linear on many unmatched runs", () => {
    const text = "`".repeat(1) + " ``".repeat(50_000);
    const started = performance.now();
    inlineCodeSpans(text);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("findToolMentions (prose)", () => {
  it("finds tools anywhere in prose", () => {
    const found = (text: string) =>
      findToolMentions(text)
        .filter((c) => c.mutating)
        .map((c) => c.display);
    expect(found("Never run kubectl apply or delete.")).toEqual(["kubectl apply"]);
    expect(found("Never run `terraform destroy`, `kubectl delete`")).toEqual([
      "terraform destroy",
      "kubectl delete",
    ]);
  });
});

describe("isGate", () => {
  it.each([
    [
      "Stop after the diff and wait for the on-call engineer to approve in the change ticket.",
      true,
    ],
    ["Post the plan in #ops and wait for a human to approve it.", true],
    ["Do not proceed without explicit approval from the on-call engineer.", true],
    ["Ask the user to confirm before deleting anything.", true],
    ["Get sign-off from the DBA.", true],
    ["This step requires human approval.", true],
    ["Continue only once @alice has approved the plan.", true],
    ["Wait for the release manager's go-ahead.", true],
    ["Confirm with the user before running it.", true],
    [
      "Confirm the recommended pattern matches the team's operational maturity and compliance requirements before proceeding to Step 3.",
      false,
    ],
    ["Wait for approval.", false],
    ["Apply without approval when the diff is empty.", false],
    ["No need to wait for the on-call engineer to approve.", false],
    ["Use only approved base images from the platform team.", false],
    ["Never pass `-auto-approve` to anything.", false],
    ["Prepare the scratch directory, record the start time and confirm the tools exist.", false],
    ["The user approved this skill.", false],
    ["Manual approval required", false],
  ])("%s", (sentence, expected) => {
    expect(isGate(sentence)).toBe(expected);
  });
});

describe("markerWho", () => {
  it.each([
    ["Requires approval: on-call SRE (#ops-changes)", "on-call SRE (#ops-changes)"],
    ["**Requires approval:** @alice", "@alice"],
    ["- Requires approval: the DBA.", "the DBA"],
    ["> requires approval: release manager", "release manager"],
    ["Requires approval: <who>", undefined],
    ["Requires approval: none", undefined],
    ["Requires approval: TBD", undefined],
    ["Requires approval:", undefined],
    ["This requires approval: ask first", undefined],
  ])("%s", (line, expected) => {
    expect(markerWho(line)).toBe(expected);
  });

  it("reads the comment form inside code only there", () => {
    expect(markerWho("# Requires approval: on-call SRE", true)).toBe("on-call SRE");
    expect(markerWho("# Requires approval: on-call SRE")).toBeUndefined();
  });
});

describe("guardWords", () => {
  it("names the tool and the verb, or the SQL keyword", () => {
    const words = (text: string) => guardWords(findCommands(text)[0] as never);
    expect(words("kubectl rollout restart deploy/api")).toEqual(["kubectl", "restart"]);
    expect(words("rm -rf /x")).toEqual(["rm"]);
    expect(words("aws ec2 terminate-instances --instance-ids i-1")).toEqual([
      "aws",
      "terminate-instances",
    ]);
    expect(words('psql -c "DROP TABLE users"')).toEqual(["drop"]);
  });
});
