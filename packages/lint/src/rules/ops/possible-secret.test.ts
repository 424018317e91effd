import { testRule } from "../../../test/rule-tester.js";
import { fakes } from "../../../test/secrets/fakes.js";
import rule from "./possible-secret.js";

const f = fakes(13);
const awsKeyId = f.awsKeyId();
const badToken = f.githubTokenBadChecksum();
const stripeTest = f.stripeTest();
const password = f.password();

const head =
  "---\nname: demo-skill\ndescription: Checks drift in the prod account. Use when a nightly job runs.\n---\n";

testRule(rule, {
  valid: [
    {
      name: "the look-alikes documentation is full of",
      skill: `${head}## Login\n\n\`\`\`json\n{ "access_token": "{BearerToken}", "password": "Test123!" }\n\`\`\`\n`,
      skillFiles: {
        "references/settings.md": `\`\`\`csharp\nApiKey = "SendGridApiKey";\n\`\`\`\n\nSign in with \`password: "ReviewDemo2025!"\`.\n`,
        "scripts/export.py": `fs_options = {"token": 'path/to/credentials.json'}\nCLIENT_SECRET = "abc123~defGHI456jklMNO789pqrSTU"\n`,
        "references/config.yaml": `password: changeme\napi_key: "<your-api-key>"\ntoken: "\${API_TOKEN}"\nsecretName: prod-db-credentials\nmax_tokens: 4096\n`,
      },
    },
    {
      name: "sure secrets are the error rule's, not this one's",
      skill: `${head}\`\`\`bash\nexport GITHUB_TOKEN=${f.githubToken()}\n\`\`\`\n`,
    },
  ],
  invalid: [
    {
      name: "a literal password, even in lower case and digits",
      skill: `${head}## Login\n\n\`\`\`yaml\npassword: "hunter2hunter2"\n\`\`\`\n`,
      errors: [
        {
          message:
            "A hard-coded `password` value (14 characters) is written in SKILL.md at line 8; it is a literal, not a placeholder or a reference to where the secret lives. If it is real, anyone who can read the skill can use it.",
          line: 8,
          column: 12,
        },
      ],
    },
    {
      name: "shapes without their proof, and literals in .env and scripts",
      skill: `${head}See \`.env\`.\n`,
      skillFiles: {
        ".env": `AWS_ACCESS_KEY_ID=${awsKeyId}\nGITHUB_TOKEN=${badToken}\nSTRIPE_KEY=${stripeTest}\nexport PGPASSWORD=${password}\n`,
        "scripts/dev.sh": `#!/bin/sh\npsql "postgres://ops:${password}@localhost:5432/app"\n`,
      },
      errors: [
        {
          message: /^An AWS access key ID \(AKIA…\) .*no secret access key is written beside it/,
          line: 1,
        },
        { message: /^A GitHub token \(ghp_…\) .*its check digits do not match/, line: 2 },
        { message: /^A Stripe secret key \(sk_test_…\) .*a test-mode key/, line: 3 },
        { message: /^A hard-coded `PGPASSWORD` value \(\d+ characters\)/, line: 4 },
        { message: /^A password in a URL \(postgres:\/\/ops:…@\) .*it is for localhost/, line: 2 },
      ],
    },
  ],
});
