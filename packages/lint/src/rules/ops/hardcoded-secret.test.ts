import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSkill } from "@ops-skill/core";
import { describe, expect, it } from "vitest";
import { testRule } from "../../../test/rule-tester.js";
import { fakes } from "../../../test/secrets/fakes.js";
import { createRunCache } from "../../engine/cache.js";
import type { ReportDescriptor } from "../../rule.js";
import rule from "./hardcoded-secret.js";

// Secret-shaped values are generated here so the repository holds no secret-looking literal.
const f = fakes(11);
const awsKeyId = f.awsKeyId();
const awsSecret = f.awsSecret();
const githubToken = f.githubToken();
const slackToken = f.slackBotToken();
const anthropicKey = f.anthropicKey();
const openaiKey = f.openaiKey();
const googleKey = f.googleKey();
const pem = f.pem();
const dbPassword = f.password();

const head =
  "---\nname: demo-skill\ndescription: Checks drift in the prod account. Use when a nightly job runs.\n---\n";

const col = (line: string, part: string) => line.indexOf(part) + 1;

const tokenLine = `GITHUB_TOKEN="${githubToken}"`;
const credentials = [
  "# Shared credentials (do not commit)",
  `slack_bot_token: "${slackToken}"`,
  `ANTHROPIC_API_KEY=${anthropicKey}`,
  `OPENAI_API_KEY=${openaiKey}`,
  `maps_key = ${googleKey}`,
  `aws_access_key_id = ${awsKeyId}`,
  `aws_secret_access_key = ${awsSecret}`,
  pem,
  `DATABASE_URL=postgres://ops:${dbPassword}@db.prod.acme.io:5432/app`,
].join("\n");
const lines = credentials.split("\n");
const pemLine = lines.indexOf("-----BEGIN RSA PRIVATE KEY-----") + 1;
const urlLine = lines.findIndex((l) => l.startsWith("DATABASE_URL")) + 1;

testRule(rule, {
  valid: [
    {
      name: "placeholders, references and published examples",
      skill: `${head}## Procedure\n\n\`\`\`bash\nexport GITHUB_TOKEN="\${GITHUB_TOKEN}"\naws configure set aws_access_key_id ${"AKIA"}IOSFODNN7${"EXAMPLE"}\ncurl -H "Authorization: Bearer <token>" https://api.example.com\n\`\`\`\n\nNever print the \`-----BEGIN ${"PRIVATE KEY"}-----\` block of \`tls.key\`.\n`,
      skillFiles: {
        "references/config.yaml": `password: "changeme"\ntoken: "xxxxxxxxxxxx"\nsecretName: "prod-db-credentials"\napi_key: "\${OPENAI_API_KEY}"\nclient_secret: "<client-secret>"\nmaps_key: ${"AIza"}SyA1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6Q\n`,
        "scripts/env.sh": `#!/bin/sh\nexport TOKEN="$(cat /run/secrets/token)"\nexport DB_PASSWORD="$DB_PASSWORD"\nexport DATABASE_URL=postgres://user:password@localhost:5432/app\n`,
      },
    },
    {
      name: "values that may be secrets are the warning rule's, not this one's",
      skill: `${head}## Login\n\n\`\`\`yaml\npassword: "hunter2hunter2"\naws_access_key_id: ${awsKeyId}\ngithub_token: ${f.githubTokenBadChecksum()}\n\`\`\`\n`,
    },
    {
      name: "binary and oversized files are skipped",
      skill: `${head}# Demo\n`,
      skillFiles: {
        "assets/logo.png": new Uint8Array([
          0x89,
          0x50,
          0x4e,
          0x47,
          0,
          0,
          ...Buffer.from(githubToken),
        ]),
        "references/huge.log": `${"x".repeat(1024 * 1024)}\n${tokenLine}\n`,
      },
    },
  ],
  invalid: [
    {
      name: "GitHub token in SKILL.md code",
      skill: `${head}## Setup\n\n\`\`\`bash\n${tokenLine}\n\`\`\`\n`,
      errors: [
        {
          message:
            "A GitHub token (ghp_…) is written in SKILL.md at line 8; anyone who can read the skill can use it, and Codex sends the text it reads to the model.",
          line: 8,
          column: col(tokenLine, githubToken),
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
      name: "a token split over two lines of a script",
      skill: `${head}Run \`scripts/mirror.sh\`.\n`,
      skillFiles: {
        "scripts/mirror.sh": `#!/bin/sh\nTOKEN="${githubToken.slice(0, 20)}\\\n${githubToken.slice(20)}"\n`,
      },
      errors: [
        {
          message: /^A GitHub token \(ghp_…\) is written in scripts\/mirror.sh at line 2;/,
          line: 2,
          column: 8,
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
          message: /^An Anthropic API key \(sk-ant-api03-…\)/,
          line: 3,
          column: col(lines[2] ?? "", anthropicKey),
        },
        {
          message: /^An OpenAI API key \(sk-proj-…\)/,
          line: 4,
          column: col(lines[3] ?? "", openaiKey),
        },
        { message: /^A Google API key \(AIza…\)/, line: 5, column: col(lines[4] ?? "", googleKey) },
        {
          message: /^An AWS access key ID \(AKIA…\)/,
          line: 6,
          column: col(lines[5] ?? "", awsKeyId),
        },
        {
          message: /^An AWS secret access key \(…\)/,
          line: 7,
          column: col(lines[6] ?? "", awsSecret),
        },
        {
          message: /^A private key \(-----BEGIN RSA PRIVATE KEY-----\)/,
          line: pemLine,
          column: "-----BEGIN RSA PRIVATE KEY-----".length + 1,
        },
        {
          message: /^A password in a URL \(postgres:\/\/ops:…@\)/,
          line: urlLine,
          column: col(lines[urlLine - 1] ?? "", dbPassword),
        },
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
        cache: createRunCache(),
      });
      expect(reports).toHaveLength(1);
      expect(reports[0]?.file).toBe(join(dir, "scripts", "open-issue.sh"));
      expect(reports[0]?.line).toBe(2);
      expect(reports[0]?.endColumn).toBe(col(tokenLine, githubToken) + githubToken.length);
      expect(reports[0]?.message).not.toContain(githubToken.slice(4, 12));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("marks its ranges as secrets for the engine to mask", () => {
    expect(rule.meta.redactsRange).toBe(true);
  });
});
