import { describe, expect, test } from "vitest";
import { runsForbidden, simpleCommands } from "../../src/checks/commands.js";

describe("the simple commands of a shell string", () => {
  test.each([
    [
      "timeout 30 terraform -chdir=infra apply -auto-approve && echo $(kubectl delete pod x) `helm ls`",
      [
        ["terraform", "-chdir=infra", "apply", "-auto-approve"],
        ["echo", "__subst__", "__subst__"],
        ["kubectl", "delete", "pod", "x"],
        ["helm", "ls"],
      ],
    ],
    [
      "bash -lc 'terraform apply'; env -u X A=1 kubectl delete ns",
      [
        ["terraform", "apply"],
        ["kubectl", "delete", "ns"],
      ],
    ],
    ["a | b || c\nd", [["a"], ["b"], ["c"], ["d"]]],
    [
      'echo "$(terraform apply)" > out 2>&1',
      [
        ["echo", "__subst__"],
        ["terraform", "apply"],
      ],
    ],
    ["FOO=1 sudo -u root /usr/bin/terraform apply", [["/usr/bin/terraform", "apply"]]],
    [
      "cd infra && terraform plan -out=- | tee x # terraform apply",
      [
        ["cd", "infra"],
        ["terraform", "plan", "-out=-"],
        ["tee", "x"],
      ],
    ],
    ["echo 'terraform apply'", [["echo", "terraform apply"]]],
    [
      "for f in *.yaml; do kubectl delete -f $f; done",
      [["for", "f", "in", "*.yaml"], ["kubectl", "delete", "-f", "$f"], ["done"]],
    ],
    [
      "x=$(printf '%s' \"$(kubectl get ns)\")",
      [
        ["printf", "%s", "__subst__"],
        ["kubectl", "get", "ns"],
      ],
    ],
    ["timeout -s KILL 5m nice -n 10 xargs -I{} kubectl delete {}", [["kubectl", "delete", "{}"]]],
    [
      "if ! kubectl get ns x; then kubectl delete ns y; fi",
      [["kubectl", "get", "ns", "x"], ["kubectl", "delete", "ns", "y"], ["fi"]],
    ],
    ["sh -c \"bash -c 'terraform destroy'\"", [["terraform", "destroy"]]],
  ])("%s", (raw, expected) => {
    expect(simpleCommands(raw)).toEqual(expected);
  });

  test("matching a forbidden command: same program, its words in order among the arguments", () => {
    expect(
      runsForbidden(
        ["terraform", "-chdir=infra", "apply", "-auto-approve"],
        ["terraform", "apply"],
      ),
    ).toBe(true);
    expect(runsForbidden(["/usr/bin/terraform", "apply"], ["terraform", "apply"])).toBe(true);
    expect(runsForbidden(["terraform", "plan"], ["terraform", "apply"])).toBe(false);
    expect(runsForbidden(["echo", "terraform", "apply"], ["terraform", "apply"])).toBe(false);
    expect(runsForbidden(["psql", "-c", "x"], ["psql"])).toBe(true);
    expect(runsForbidden([], ["psql"])).toBe(false);
  });
});
