import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSkill } from "@ops-skill/core";
import { describe, expect, it } from "vitest";
import { testRule } from "../../../test/rule-tester.js";
import type { ReportDescriptor } from "../../rule.js";
import rule from "./hardcoded-secret.js";

// Secret-shaped values are assembled here so the repository holds no secret-looking literal.
const awsKeyId = `AKIA${"Z".repeat(16)}`;
const githubToken = `ghp_${"Ab1".repeat(12)}`;
const slackToken = `xox${"b-"}1234567890-${"Cd2".repeat(8)}`;
const openaiKey = `sk-${"proj-"}${"Xy7".repeat(8)}`;
const googleKey = `AIza${"Sy".repeat(17)}A`;
const awsSecret = "Ab1/".repeat(10);
const pemHeader = `-----BEGIN ${"RSA "}PRIVATE KEY-----`;

const head =
  "---\nname: demo-skill\ndescription: Checks drift in the prod account. Use when a nightly job runs.\n---\n";

const col = (line: string, part: string) => line.indexOf(part) + 1;

const exportLine = `export AWS_ACCESS_KEY_ID=${awsKeyId}`;
const tokenLine = `GITHUB_TOKEN="${githubToken}"`;
const credentials = [
  "# Shared credentials (do not commit)",
  `slack_webhook_token: "${slackToken}"`,
  `OPENAI_API_KEY=${openaiKey}`,
  `maps_key = ${googleKey}`,
  `aws_secret_access_key = ${awsSecret}`,
  pemHeader,
  `MIIEow${"Ab1+".repeat(10)}`,
  `db_password = "${"S3cr"}${"et-Pa55w0rd"}"`,
].join("\n");
const lines = credentials.split("\n");

testRule(rule, {
  valid: [
    {
      name: "placeholders and environment references",
      skill: `${head}## Procedure\n\n\`\`\`bash\nexport GITHUB_TOKEN="\${GITHUB_TOKEN}"\naws configure set aws_access_key_id ${"AKIA"}IOSFODNN7${"EXAMPLE"}\ncurl -H "Authorization: Bearer <token>" https://api.example.com\n\`\`\`\n\nNever print the \`${pemHeader}\` block of \`tls.key\`.\n`,
      skillFiles: {
        "references/config.yaml": `password: "changeme"\ntoken: "xxxxxxxxxxxx"\nsecretName: "prod-db-credentials"\nsecret: "prod-db-credentials"\napi_key: "\${OPENAI_API_KEY}"\nclient_secret: "<client-secret>"\n`,
        "scripts/env.sh": `#!/bin/sh\nexport TOKEN="$(cat /run/secrets/token)"\nexport DB_PASSWORD="$DB_PASSWORD"\n`,
      },
    },
    {
      name: "binary and oversized files are skipped",
      skill: `${head}# Demo\n`,
      skillFiles: {
        "assets/logo.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, ...Buffer.from(awsKeyId)]),
        "references/huge.log": `${"x".repeat(1024 * 1024)}\n${exportLine}\n`,
      },
    },
  ],
  invalid: [
    {
      name: "AWS key id in SKILL.md code",
      skill: `${head}## Setup\n\n\`\`\`bash\n${exportLine}\n\`\`\`\n`,
      errors: [
        {
          message:
            "An AWS access key ID (AKIA…) is written in SKILL.md at line 8; anyone who can read the skill can use it, and Codex sends the text it reads to the model.",
          line: 8,
          column: col(exportLine, awsKeyId),
        },
      ],
    },
    {
      name: "GitHub token in a script",
      skill: `${head}Run \`scripts/open-issue.sh\`.\n`,
      skillFiles: {
        "scripts/open-issue.sh": {
          content: `#!/usr/bin/env bash\nset -euo pipefail\n${tokenLine}\ngh issue create --title "Drift found"\n`,
          mode: 0o755,
        },
      },
      errors: [
        {
          message: /^A GitHub token \(ghp_…\) is written in scripts\/open-issue.sh at line 3;/,
          line: 3,
          column: col(tokenLine, githubToken),
        },
      ],
    },
    {
      name: "every kind in one reference file",
      skill: `${head}See \`references/credentials.env\`.\n`,
      skillFiles: { "references/credentials.env": credentials },
      errors: [
        { message: /^A Slack token \(xoxb-…\)/, line: 2, column: col(lines[1] ?? "", slackToken) },
        {
          message: /^An OpenAI API key \(sk-proj-…\)/,
          line: 3,
          column: col(lines[2] ?? "", openaiKey),
        },
        { message: /^A Google API key \(AIza…\)/, line: 4, column: col(lines[3] ?? "", googleKey) },
        {
          message: /^An AWS secret access key \(Ab…\)/,
          line: 5,
          column: col(lines[4] ?? "", awsSecret),
        },
        { message: /^A private key \(-----BEGIN RSA PRIVATE KEY-----\)/, line: 6, column: 1 },
        { message: /^A hard-coded `db_password` value \(S3…\)/, line: 8, column: 16 },
      ],
    },
  ],
});

describe("ops/hardcoded-secret report descriptors", () => {
  it("names the other file as the diagnostic's file and never prints the secret", async () => {
    const root = await mkdtemp(join(tmpdir(), "ops-skill-secret-"));
    try {
      const dir = join(root, "skills", "demo-skill");
      await mkdir(join(dir, "scripts"), { recursive: true });
      await writeFile(join(dir, "SKILL.md"), `${head}# Demo\n`);
      await writeFile(join(dir, "scripts", "open-issue.sh"), `#!/bin/sh\n${tokenLine}\n`);
      const skill = parseSkill(join(dir, "SKILL.md"), await readFile(join(dir, "SKILL.md")));
      const reports: ReportDescriptor[] = [];
      if (rule.target !== "skill") throw new Error("skill rule expected");
      rule.check({
        skill,
        candidate: {} as never,
        project: [],
        options: {},
        report: (d) => reports.push(d),
      });
      expect(reports).toHaveLength(1);
      expect(reports[0]?.file).toBe(join(dir, "scripts", "open-issue.sh"));
      expect(reports[0]?.line).toBe(2);
      expect(reports[0]?.message).not.toContain(githubToken.slice(4, 12));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
