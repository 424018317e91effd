import { describe, expect, it } from "vitest";
import { findCommands, saysApproval } from "./_commands.js";

const mutating = (line: string, anywhere = false) =>
  findCommands(line, { anywhere })
    .filter((c) => c.mutating)
    .map((c) => c.display);

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
    ["echo done && kubectl scale deploy/api --replicas=0", ["kubectl scale"]],
    ["command -v jq terraform kubectl", []],
    ["grep kubectl delete.log", []],
  ])("%s", (line, expected) => {
    expect(mutating(line)).toEqual(expected);
  });

  it("finds tools anywhere in prose when asked", () => {
    expect(mutating("Never run kubectl apply or delete.", true)).toEqual(["kubectl apply"]);
    expect(mutating("Never run `terraform destroy`, `kubectl delete`", true)).toEqual([
      "terraform destroy",
      "kubectl delete",
    ]);
  });
});

describe("saysApproval", () => {
  it.each([
    ["Wait for the on-call engineer to approve the plan.", true],
    ["Post the diff and get sign-off in the change ticket.", true],
    ["Never pass `-auto-approve` to anything.", false],
    ["Apply without approval when the diff is empty.", false],
    ["Run terraform apply -auto-approve.", false],
  ])("%s", (text, expected) => {
    expect(saysApproval(text)).toBe(expected);
  });
});
