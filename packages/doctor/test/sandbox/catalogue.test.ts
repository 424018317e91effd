/**
 * The catalogue's skills under the catalogue's schedule (`codex exec --profile day-two`, the
 * Codex home `ops-skill codex-home` makes from schedule/, the scaffold's workflow environment):
 * the sandbox, network and writes checks say "works" for each. Without TMPDIR, drift-check's
 * `kubectl diff` has no temporary folder it may write.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { networkCheck } from "../../src/checks/network.js";
import { sandboxCheck } from "../../src/checks/sandbox.js";
import { writesCheck } from "../../src/checks/writes.js";
import { context, homes, invocation, repoRoot } from "./helpers.js";

const expression = (text: string) => `${"$"}{{ ${text} }}`;

const skills = readdirSync(join(repoRoot, "skills")).sort();

/** The prompt the skill's cassettes record: the one the scaffold's workflow sends. */
function promptOf(skill: string): string {
  const tests = join(repoRoot, "skills", skill, "tests");
  const scenario = readdirSync(tests, { withFileTypes: true }).find((e) => e.isDirectory());
  const header = readFileSync(join(tests, scenario?.name ?? "", "cassette.jsonl"), "utf8").split(
    "\n",
  )[0];
  return (JSON.parse(header ?? "{}") as { invocation: { prompt: string } }).invocation.prompt;
}

function scheduled(skill: string, env: Record<string, string>) {
  return invocation({
    kind: "workflow",
    file: join(repoRoot, ".github", "workflows", `${skill}.yml`),
    line: 33,
    cwd: repoRoot,
    args: ["--profile", "day-two", "--output-schema", "schemas/x.schema.json", "-o", "report.json"],
    prompt: promptOf(skill),
    env,
  });
}

const WORKFLOW_ENV = {
  CODEX_HOME: `${expression("runner.temp")}/codex-home`,
  TMPDIR: `${expression("runner.temp")}/codex-tmp`,
};

describe("the catalogue under its schedule", () => {
  it("has the six skills", () => {
    expect(skills).toEqual([
      "cert-check",
      "cost-anomaly",
      "drift-check",
      "endpoint-check",
      "k8s-health",
      "vuln-audit",
    ]);
  });

  for (const skill of skills)
    it(`${skill}: sandbox, network and writes work`, async () => {
      const run = scheduled(skill, WORKFLOW_ENV);
      const verdicts = [
        ...(await sandboxCheck(run, context(repoRoot))),
        ...(await networkCheck(run, context(repoRoot))),
        ...(await writesCheck(run, context(repoRoot))),
      ];
      expect(
        verdicts.map((v) => [v.check, v.status, v.title]).filter(([, s]) => s !== "works"),
      ).toEqual([]);
      expect(verdicts.map((v) => v.check).sort()).toEqual(["network", "sandbox", "writes"]);
    });

  it("cost-anomaly behind the proxy with the scaffold's allowlist: aws ce reaches a listed host", async () => {
    const run = { ...scheduled("cost-anomaly", {}), codexHome: join(homes, "cost-allowlist") };
    const verdicts = await networkCheck(run, context(repoRoot));
    expect(verdicts.map((v) => [v.status, v.title])).toEqual([
      ["works", "aws ce reaches the network"],
    ]);
  });

  it("drift-check without TMPDIR: kubectl diff cannot write its temporary folder", async () => {
    const run = scheduled("drift-check", { CODEX_HOME: WORKFLOW_ENV.CODEX_HOME });
    const [verdict] = await writesCheck(run, context(repoRoot));
    expect(verdict).toMatchObject({
      status: "breaks",
      title: "kubectl diff cannot write /tmp",
      location: { file: join(repoRoot, "schedule", "day-two.config.toml"), line: 11 },
    });
  });
});
