/**
 * A labelled corpus for the secret rules, generated from a seed (nothing secret-shaped is
 * committed): fake credentials of the supported formats with real lengths and valid check
 * digits, each planted in a realistic file of a skill (a runbook, a script, a YAML or JSON
 * config, a `.env` file, a reference page; some split over two lines), and look-alikes that
 * documentation is full of (placeholders, sequences, names of settings, published examples).
 *
 *   import { generateCorpus } from "./corpus.mjs";
 *   const { secrets, lookalikes } = generateCorpus(seed);
 *
 * Every case is one skill: `files` maps paths relative to the skill folder to their text
 * (`SKILL.md` always present). A secret case names the file and line of the planted secret and
 * its format; a look-alike names the file it sits in. The check digits here are computed
 * independently of the linter's own code.
 */

export const DEFAULT_SEED = 20_260_412;

const DIGITS = "0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const ALNUM = DIGITS + UPPER + LOWER;
const HEX = "0123456789abcdef";
const BASE64 = `${UPPER}${LOWER}${DIGITS}+/`;
const URLSAFE = `${ALNUM}_-`;
const BASE32 = `${UPPER}234567`;
const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/** mulberry32: a small seeded generator, so every run writes the same corpus. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function crc32(text) {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i);
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function toBase62(n, width) {
  let out = "";
  let rest = n;
  do {
    out = ALNUM[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, "0");
}

function bech32Checksum(hrp, data) {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  const values = [
    ...[...hrp].map((c) => c.charCodeAt(0) >> 5),
    0,
    ...[...hrp].map((c) => c.charCodeAt(0) & 31),
    ...data,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i];
  }
  const mod = (chk ^ 1) >>> 0;
  return Array.from({ length: 6 }, (_, i) => BECH32[(mod >>> (5 * (5 - i))) & 31]).join("");
}

const FRONTMATTER = (name, description) =>
  `---\nname: ${name}\ndescription: ${description} Use when the nightly ops job runs or an on-call engineer asks.\n---\n`;

/**
 * @typedef {{ id: string, format: string, files: Record<string, string>, file: string, line: number, value: string }} SecretCase
 * @typedef {{ id: string, files: Record<string, string>, file: string, note: string }} LookalikeCase
 */

/** @returns {{ secrets: SecretCase[], lookalikes: LookalikeCase[] }} */
export function generateCorpus(seed = DEFAULT_SEED) {
  const random = generator(seed);
  const pick = (alphabet, n) => {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * alphabet.length)];
    return out;
  };
  const digits = (n) => String(1 + Math.floor(random() * 9)) + pick(DIGITS, n - 1);
  const withChecksum = (prefix) => {
    const body = pick(ALNUM, 30);
    return `${prefix}${body}${toBase62(crc32(body), 6)}`;
  };
  const password = () =>
    `${pick(UPPER, 2)}${pick(LOWER, 4)}${pick(DIGITS, 3)}${pick("!#%^*-_", 1)}${pick(ALNUM, 6)}`;
  const pemBody = (bytes) => {
    const text = `MII${pick("BCDE", 1)}${pick(BASE64, Math.ceil((bytes * 4) / 3) - 4)}`;
    return text.match(/.{1,64}/g).join("\n");
  };

  /** @type {SecretCase[]} */
  const secrets = [];
  const plant = (format, file, build) => {
    const value = build.value;
    const text = build.text;
    const files = { "SKILL.md": build.skill ?? runbook(format, file), ...build.extra };
    files[file] = text;
    const at = text.indexOf(build.locate ?? value);
    if (at < 0) throw new Error(`corpus: ${format} value not in its text`);
    const line = text.slice(0, at).split("\n").length;
    secrets.push({ id: `${format}-${secrets.length + 1}`, format, files, file, line, value });
  };
  const runbook = (format, file) =>
    `${FRONTMATTER(`ops-${format}`.slice(0, 60), "Checks the fleet for drift and reports it.")}\n# Drift check\n\n## Procedure\n\n1. Read \`${file}\` for the connection settings.\n2. Run the checks and summarise the drift.\n`;
  const skillWith = (format, body) =>
    `${FRONTMATTER(`ops-${format}`.slice(0, 60), "Rotates and verifies service credentials.")}\n${body}`;

  // GitHub: classic tokens with their check digits, in a script and in a runbook's code block.
  {
    const value = withChecksum("ghp_");
    plant("github-token", "scripts/open-issue.sh", {
      value,
      text: `#!/usr/bin/env bash\nset -euo pipefail\nexport GITHUB_TOKEN="${value}"\ngh issue create --title "Drift found" --body-file "$1"\n`,
    });
  }
  {
    const value = withChecksum("ghs_");
    const text = skillWith(
      "github-app",
      `# Release check\n\n## Procedure\n\n\`\`\`bash\ncurl -sS -H "Authorization: token ${value}" \\\n  https://api.github.com/repos/acme/platform/releases/latest | jq .tag_name\n\`\`\`\n`,
    );
    plant("github-token", "SKILL.md", { value, text, skill: text });
  }
  {
    const value = withChecksum("gho_");
    plant("github-token", "references/gh-hosts.yml", {
      value,
      text: `github.com:\n    user: release-bot\n    oauth_token: ${value}\n    git_protocol: https\n`,
    });
  }
  {
    const value = `github_pat_11${pick(UPPER + DIGITS, 20)}_${pick(ALNUM, 59)}`;
    plant("github-fine-grained-token", ".env", {
      value,
      text: `# Loaded by scripts/sync.sh\nGH_TOKEN=${value}\nGH_REPO=acme/platform\n`,
    });
  }
  // A token split over two lines with a shell line continuation inside the string.
  {
    const value = withChecksum("ghp_");
    plant("github-token", "scripts/mirror.sh", {
      value,
      locate: value.slice(0, 24),
      text: `#!/bin/sh\n# mirror the repo nightly\nTOKEN="${value.slice(0, 24)}\\\n${value.slice(24)}"\ngit push "https://x-access-token:$TOKEN@github.com/acme/mirror.git" --mirror\n`,
    });
  }
  // npm: the same check digits as GitHub.
  {
    const value = withChecksum("npm_");
    plant("npm-token", ".npmrc", {
      value,
      text: `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${value}\n`,
    });
  }
  // AWS: an access key id with its secret beside it, in the shared credentials file and in Python.
  {
    const id = `AKIA${pick(BASE32, 16)}`;
    const secret = pick(BASE64, 40);
    plant("aws-access-key-id", "references/credentials", {
      value: id,
      text: `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\nregion = eu-west-1\n`,
    });
  }
  {
    const id = `ASIA${pick(BASE32, 16)}`;
    const secret = pick(BASE64, 40);
    plant("aws-secret-access-key", "scripts/snapshot.py", {
      value: secret,
      text: `import boto3\n\nsession = boto3.Session(\n    aws_access_key_id="${id}",\n    aws_secret_access_key="${secret}",\n    region_name="us-east-1",\n)\nec2 = session.client("ec2")\n`,
    });
  }
  // Private keys with a body: PEM in a reference file, OpenSSH in SKILL.md, and one inside JSON.
  {
    const header = "-----BEGIN RSA PRIVATE KEY-----";
    const value = `${header}\n${pemBody(1190)}\n-----END RSA PRIVATE KEY-----`;
    plant("private-key", "references/deploy-key.pem", { value, text: `${value}\n` });
  }
  {
    const value = `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n${pick(BASE64, 70)}\n${pick(BASE64, 70)}\n${pick(BASE64, 70)}\n${pick(BASE64, 70)}\n${pick(BASE64, 32)}==\n-----END OPENSSH PRIVATE KEY-----`;
    const text = skillWith(
      "bastion",
      `# Bastion access\n\n## Setup\n\nWrite this key to \`~/.ssh/bastion\` before connecting:\n\n\`\`\`text\n${value}\n\`\`\`\n`,
    );
    plant("private-key", "SKILL.md", { value, text, skill: text });
  }
  {
    const body = pemBody(121).replace(/\n/g, "\\n");
    const value = `-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----`;
    plant("private-key", "references/service-account.json", {
      value,
      text: `{\n  "type": "service_account",\n  "project_id": "acme-ops",\n  "private_key_id": "${pick(HEX, 40)}",\n  "private_key": "${value}\\n",\n  "client_email": "drift@acme-ops.iam.gserviceaccount.com"\n}\n`,
    });
  }
  // Slack: a bot token in YAML, a user token in .env, an incoming webhook in a script.
  {
    const value = `xoxb-${digits(11)}-${digits(13)}-${pick(ALNUM, 24)}`;
    plant("slack-token", "references/notify.yaml", {
      value,
      text: `slack:\n  channel: "#ops-alerts"\n  bot_token: ${value}\n`,
    });
  }
  {
    const value = `xoxp-${digits(11)}-${digits(11)}-${digits(13)}-${pick(HEX, 32)}`;
    plant("slack-token", ".env", { value, text: `SLACK_USER_TOKEN=${value}\n` });
  }
  {
    const value = `https://hooks.slack.com/services/T${pick(UPPER + DIGITS, 8)}/B${pick(UPPER + DIGITS, 10)}/${pick(ALNUM, 24)}`;
    plant("slack-webhook", "scripts/notify.sh", {
      value,
      locate: value.slice(8),
      text: `#!/usr/bin/env bash\ncurl -sS -X POST -H 'Content-type: application/json' \\\n  --data "{\\"text\\":\\"$1\\"}" ${value}\n`,
    });
  }
  // Stripe live keys.
  {
    const value = `sk_live_51${pick(ALNUM, 97)}`;
    plant("stripe-key", "references/billing.md", {
      value,
      text: `# Billing checks\n\n\`\`\`python\nimport stripe\nstripe.api_key = "${value}"\nprint(stripe.Balance.retrieve())\n\`\`\`\n`,
    });
  }
  {
    const value = `rk_live_${pick(ALNUM, 24)}`;
    plant("stripe-key", ".env", { value, text: `STRIPE_RESTRICTED_KEY=${value}\n` });
  }
  // Google, Anthropic, OpenAI and other model providers.
  {
    const value = `AIza${pick(URLSAFE, 35)}`;
    plant("google-api-key", "scripts/geocode.py", {
      value,
      text: `import requests\n\nAPI_KEY = "${value}"\n\ndef geocode(address):\n    return requests.get(URL, params={"address": address, "key": API_KEY}).json()\n`,
    });
  }
  {
    const value = `sk-ant-api03-${pick(URLSAFE, 93)}AA`;
    plant("anthropic-key", ".env", {
      value,
      text: `ANTHROPIC_API_KEY=${value}\nMODEL=claude-sonnet\n`,
    });
  }
  {
    // Split over two lines with Python's implicit string joining.
    const value = `sk-ant-api03-${pick(URLSAFE, 93)}AA`;
    plant("anthropic-key", "scripts/summarise.py", {
      value,
      locate: value.slice(0, 60),
      text: `import anthropic\n\nclient = anthropic.Anthropic(\n    api_key=("${value.slice(0, 60)}"\n             "${value.slice(60)}"),\n)\n`,
    });
  }
  {
    const value = `sk-proj-${pick(URLSAFE, 74)}T3BlbkFJ${pick(URLSAFE, 74)}`;
    plant("openai-key", "references/config.json", {
      value,
      text: `{\n  "provider": "openai",\n  "model": "gpt-5",\n  "apiKey": "${value}"\n}\n`,
    });
  }
  {
    const value = `sk-${pick(ALNUM, 20)}T3BlbkFJ${pick(ALNUM, 20)}`;
    plant("openai-key", "scripts/triage.sh", {
      value,
      text: `#!/bin/sh\nexport OPENAI_API_KEY=${value}\ncodex exec "triage the alerts in $1"\n`,
    });
  }
  {
    const value = `hf_${pick(UPPER + LOWER, 34)}`;
    plant("huggingface-token", ".env", { value, text: `HF_TOKEN=${value}\n` });
  }
  {
    const value = `pplx-${pick(ALNUM, 48)}`;
    plant("perplexity-key", "references/search.toml", {
      value,
      text: `[search]\nprovider = "perplexity"\napi_key = "${value}"\n`,
    });
  }
  {
    const value = `gsk_${pick(ALNUM, 52)}`;
    plant("groq-key", ".env", { value, text: `GROQ_API_KEY=${value}\n` });
  }
  {
    const value = `r8_${pick(ALNUM, 37)}`;
    plant("replicate-token", "scripts/render.sh", {
      value,
      text: `#!/bin/sh\nREPLICATE_API_TOKEN=${value} replicate run acme/renderer\n`,
    });
  }
  // Git hosts and CI.
  {
    const value = `glpat-${pick(URLSAFE, 20)}`;
    plant("gitlab-token", "scripts/gitlab-mr.sh", {
      value,
      text: `#!/usr/bin/env bash\ncurl --header "PRIVATE-TOKEN: ${value}" "https://gitlab.example.org/api/v4/projects/42/merge_requests"\n`,
    });
  }
  {
    const value = `glpat-${pick(URLSAFE, 36)}.01.${pick(LOWER + DIGITS, 9)}`;
    plant("gitlab-token", "references/ci.yaml", {
      value,
      text: `gitlab:\n  url: https://gitlab.example.org\n  token: "${value}"\n`,
    });
  }
  {
    const value = `glrt-${pick(URLSAFE, 20)}`;
    plant("gitlab-token", "references/runner.toml", {
      value,
      text: `[[runners]]\n  name = "ops-runner"\n  url = "https://gitlab.example.org"\n  token = "${value}"\n  executor = "docker"\n`,
    });
  }
  {
    const value = `dckr_pat_${pick(URLSAFE, 27)}`;
    plant("docker-hub-token", "SKILL.md", {
      value,
      text: skillWith(
        "image-push",
        `# Push images\n\n## Procedure\n\n\`\`\`bash\necho "${value}" | docker login -u acmebot --password-stdin\ndocker push acme/api:"$TAG"\n\`\`\`\n`,
      ),
    });
  }
  {
    const value = `pypi-AgEIcHlwaS5vcmc${pick(URLSAFE, 150)}`;
    plant("pypi-token", ".pypirc", {
      value,
      text: `[pypi]\nusername = __token__\npassword = ${value}\n`,
    });
  }
  {
    const value = `bkua_${pick(HEX, 40)}`;
    plant("buildkite-token", ".env", { value, text: `BUILDKITE_API_TOKEN=${value}\n` });
  }
  // Mail and messaging.
  {
    const value = `SG.${pick(URLSAFE, 22)}.${pick(URLSAFE, 43)}`;
    plant("sendgrid-key", "scripts/mail-report.py", {
      value,
      text: `from sendgrid import SendGridAPIClient\n\nsg = SendGridAPIClient("${value}")\n`,
    });
  }
  {
    const value = `${digits(10)}:AA${pick(URLSAFE, 33)}`;
    plant("telegram-bot-token", "references/alerting.md", {
      value,
      text: `# Alerting\n\nThe on-call bot posts with:\n\n\`\`\`bash\ncurl "https://api.telegram.org/bot${value}/sendMessage" -d chat_id=-1001 -d text="$MSG"\n\`\`\`\n`,
    });
  }
  {
    const value = `https://discord.com/api/webhooks/${digits(19)}/${pick(URLSAFE, 68)}`;
    plant("discord-webhook", ".env", {
      value,
      locate: value.slice(8),
      text: `DISCORD_WEBHOOK=${value}\n`,
    });
  }
  {
    const uuid = () =>
      `${pick(HEX, 8)}-${pick(HEX, 4)}-4${pick(HEX, 3)}-a${pick(HEX, 3)}-${pick(HEX, 12)}`;
    const value = `https://acme.webhook.office.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${pick(HEX, 32)}/${uuid()}`;
    plant("teams-webhook", "references/notify.yaml", {
      value,
      locate: value.slice(8),
      text: `teams:\n  webhook: ${value}\n`,
    });
  }
  {
    const value = `${pick(HEX, 32)}-us${1 + Math.floor(random() * 20)}`;
    plant("mailchimp-key", ".env", { value, text: `MAILCHIMP_API_KEY=${value}\n` });
  }
  {
    const value = `xkeysib-${pick(HEX, 64)}-${pick(ALNUM, 16)}`;
    plant("brevo-key", ".env", { value, text: `BREVO_API_KEY=${value}\n` });
  }
  // Secret stores, cloud and infrastructure.
  {
    const value = `hvs.${pick(URLSAFE, 24)}`;
    plant("vault-token", "scripts/read-secret.sh", {
      value,
      text: `#!/usr/bin/env bash\nexport VAULT_ADDR=https://vault.internal:8200\nexport VAULT_TOKEN=${value}\nvault kv get -field=password secret/ops/db\n`,
    });
  }
  {
    const value = `hvs.CAESI${pick(URLSAFE, 86)}`;
    plant("vault-token", "references/vault.hcl", {
      value,
      text: `auto_auth {\n  method "token_file" {}\n}\nvault {\n  address = "https://vault.internal:8200"\n  token   = "${value}"\n}\n`,
    });
  }
  {
    const value = `hvb.${pick(URLSAFE, 138)}`;
    plant("vault-token", ".env", { value, text: `VAULT_BATCH_TOKEN=${value}\n` });
  }
  {
    const value = `${pick(LOWER + DIGITS, 14)}.atlasv1.${pick(URLSAFE, 67)}`;
    plant("terraform-cloud-token", "references/terraformrc", {
      value,
      text: `credentials "app.terraform.io" {\n  token = "${value}"\n}\n`,
    });
  }
  {
    const value = `dp.st.prd.${pick(ALNUM, 40)}`;
    plant("doppler-token", ".env", { value, text: `DOPPLER_TOKEN=${value}\n` });
  }
  {
    const value = `dop_v1_${pick(HEX, 64)}`;
    plant("digitalocean-pat", "scripts/droplets.sh", {
      value,
      text: `#!/bin/sh\ndoctl auth init --access-token ${value}\ndoctl compute droplet list\n`,
    });
  }
  {
    const value = `tskey-auth-${pick(ALNUM, 12)}CNTRL-${pick(ALNUM, 32)}`;
    plant("tailscale-key", "references/cloud-init.yaml", {
      value,
      text: `#cloud-config\nruncmd:\n  - tailscale up --authkey=${value} --ssh\n`,
    });
  }
  {
    const value = `dapi${pick(HEX, 32)}`;
    plant("databricks-token", "references/databrickscfg", {
      value,
      text: `[DEFAULT]\nhost = https://adb-1234567890123456.7.azuredatabricks.net\ntoken = ${value}\n`,
    });
  }
  {
    const value = `pul-${pick(HEX, 40)}`;
    plant("pulumi-token", ".env", { value, text: `PULUMI_ACCESS_TOKEN=${value}\n` });
  }
  {
    const value = `HRKU-AA${pick(URLSAFE, 58)}`;
    plant("heroku-key", ".netrc", {
      value,
      text: `machine api.heroku.com\n  login ops@acme.example\n  password ${value}\n`,
    });
  }
  {
    const value = `sbp_${pick(HEX, 40)}`;
    plant("supabase-token", ".env", { value, text: `SUPABASE_ACCESS_TOKEN=${value}\n` });
  }
  {
    const value = `fo1_${pick(URLSAFE, 43)}`;
    plant("flyio-token", ".env", { value, text: `FLY_API_TOKEN=${value}\n` });
  }
  {
    const value = `DefaultEndpointsProtocol=https;AccountName=acmeopslogs;AccountKey=${pick(BASE64, 86)}==;EndpointSuffix=core.windows.net`;
    const key = value.slice(value.indexOf("AccountKey=") + 11, value.indexOf(";EndpointSuffix"));
    plant("azure-storage-key", "references/storage.json", {
      value: key,
      text: `{\n  "logs": {\n    "connectionString": "${value}"\n  }\n}\n`,
    });
  }
  {
    const value = `${pick(ALNUM, 3)}${pick(DIGITS, 1)}Q~${pick(`${ALNUM}_~.-`, 34)}`;
    plant("azure-client-secret", ".env", {
      value,
      text: `AZURE_CLIENT_ID=${pick(HEX, 8)}-${pick(HEX, 4)}-${pick(HEX, 4)}-${pick(HEX, 4)}-${pick(HEX, 12)}\nAZURE_CLIENT_SECRET=${value}\n`,
    });
  }
  {
    const data = Array.from({ length: 52 }, () => Math.floor(random() * 32));
    const value =
      `AGE-SECRET-KEY-1${data.map((d) => BECH32[d]).join("")}${bech32Checksum("age-secret-key-", data)}`.toUpperCase();
    plant("age-secret-key", "references/sops-key.txt", {
      value,
      text: `# created: 2026-03-01T09:12:44Z\n# public key: age1${pick(BECH32, 58)}\n${value}\n`,
    });
  }
  // Monitoring and SaaS APIs.
  {
    const value = `glsa_${pick(ALNUM, 32)}_${pick(HEX, 8)}`;
    plant("grafana-service-account", "scripts/dashboards.sh", {
      value,
      text: `#!/bin/sh\ncurl -H "Authorization: Bearer ${value}" https://grafana.internal/api/search\n`,
    });
  }
  {
    const value = `sntryu_${pick(HEX, 64)}`;
    plant("sentry-user-token", ".env", { value, text: `SENTRY_AUTH_TOKEN=${value}\n` });
  }
  {
    const value = `NRAK-${pick(UPPER + DIGITS, 27)}`;
    plant("newrelic-user-key", "references/newrelic.yml", {
      value,
      text: `newrelic:\n  account_id: 1234567\n  api_key: ${value}\n`,
    });
  }
  {
    const value = `PMAK-${pick(HEX, 24)}-${pick(HEX, 34)}`;
    plant("postman-key", ".env", { value, text: `POSTMAN_API_KEY=${value}\n` });
  }
  {
    const value = `lin_api_${pick(ALNUM, 40)}`;
    plant("linear-key", "scripts/file-incident.py", {
      value,
      text: `import requests\n\nheaders = {"Authorization": "${value}"}\n`,
    });
  }
  {
    const value = `ntn_${digits(11)}${pick(ALNUM, 35)}`;
    plant("notion-token", ".env", { value, text: `NOTION_TOKEN=${value}\n` });
  }
  {
    const value = `shpat_${pick(HEX, 32)}`;
    plant("shopify-token", ".env", { value, text: `SHOPIFY_ACCESS_TOKEN=${value}\n` });
  }
  // Credentials in URLs and headers.
  {
    const secret = password();
    const value = `postgres://drift_reader:${secret}@db-prod.internal:5432/inventory`;
    plant("url-password", "references/connections.md", {
      value: secret,
      text: `# Connections\n\n| name | url |\n| --- | --- |\n| inventory | \`${value}\` |\n`,
    });
  }
  {
    const secret = password();
    plant("url-password", ".env", {
      value: secret,
      text: `DATABASE_URL=mysql://ops:${secret}@10.20.0.15:3306/billing\n`,
    });
  }
  {
    const secret = password();
    plant("url-password", "scripts/backup.py", {
      value: secret,
      text: `from pymongo import MongoClient\n\nclient = MongoClient("mongodb+srv://backup:${secret}@cluster0.ab12c.mongodb.net/?retryWrites=true")\n`,
    });
  }
  {
    const secret = password();
    plant("url-password", "references/queues.yaml", {
      value: secret,
      text: `celery:\n  broker_url: "rediss://default:${secret}@cache.internal:6380/0"\n`,
    });
  }
  {
    const secret = password();
    const encoded = Buffer.from(`deploy:${secret}`).toString("base64");
    plant("basic-auth", "scripts/health.sh", {
      value: encoded,
      text: `#!/bin/sh\ncurl -fsS -H "Authorization: Basic ${encoded}" https://jenkins.internal/api/json\n`,
    });
  }

  /** @type {LookalikeCase[]} */
  const lookalikes = [];
  const doc = (note, file, text) => {
    const files = { "SKILL.md": file === "SKILL.md" ? text : runbook("lookalike", file) };
    files[file] = text;
    lookalikes.push({ id: `lookalike-${lookalikes.length + 1}`, files, file, note });
  };
  const md = (body) => skillWith("docs", body);
  const fence = (lang, code) => `\`\`\`${lang}\n${code}\n\`\`\`\n`;

  // The seven the issue quotes, from public skills.
  doc(
    "a template field",
    "references/api.md",
    `# Token response\n\n${fence("json", '{\n  "access_token": "{BearerToken}",\n  "token_type": "Bearer"\n}')}`,
  );
  doc(
    "a test fixture password",
    "references/e2e.md",
    `# Login test\n\n${fence("bash", `curl -X POST https://app.local/login -d '{"email":"qa@app.local","password":"Test123!"}'`)}`,
  );
  doc(
    "a setting's name",
    "references/email.md",
    `# Email settings\n\n${fence("csharp", 'var settings = new MailSettings { ApiKey = "SendGridApiKey", From = "ops@acme.test" };')}`,
  );
  doc(
    "a path",
    "scripts/export.py",
    `import vaex\n\ndf = vaex.open("gs://bucket/data.parquet", fs_options={"token": 'path/to/credentials.json'})\n`,
  );
  doc(
    "a counting client secret",
    "references/oauth.md",
    `# OAuth app\n\n${fence("bash", 'CLIENT_SECRET="abc123~defGHI456jklMNO789pqrSTU"')}`,
  );
  doc(
    "a counting Google key",
    "references/firebase.md",
    `# Firebase config\n\n${fence("json", `{ "apiKey": "${"AIza"}SyA1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6Q" }`)}`,
  );
  doc(
    "a demo password",
    "references/review.md",
    `# Review app\n\nSign in as \`reviewer\` with password \`"ReviewDemo2025!"\`:\n\n${fence("yaml", 'review:\n  user: reviewer\n  password: "ReviewDemo2025!"')}`,
  );
  // Published examples and placeholders of provider formats.
  doc(
    "AWS's documented example keys",
    "references/aws.md",
    `# AWS profile\n\n${fence("ini", `[default]\naws_access_key_id = ${"AKIA"}IOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY${"EXAMPLE"}KEY`)}`,
  );
  doc("x-ed GitHub token", ".env.example", `GITHUB_TOKEN=${"ghp_"}${"x".repeat(36)}\n`);
  doc(
    "GitHub's documented token (its check digits do not match)",
    "SKILL.md",
    md(
      `# GitHub auth\n\n${fence("bash", `export GH_TOKEN=${"ghp_"}16C7e42F292c6912E7710c838347Ae178B4a`)}`,
    ),
  );
  doc(
    "an x-ed Anthropic key",
    "references/llm.md",
    `# Model access\n\n${fence("bash", `export ANTHROPIC_API_KEY=${"sk-ant-"}api03-${"X".repeat(93)}AA`)}`,
  );
  doc(
    "a counting OpenAI key",
    "references/llm.md",
    `# Model access\n\n${fence("python", `client = OpenAI(api_key="${"sk-"}proj-abc123def456ghi789jkl012mno345pqr678stu901vwx234")`)}`,
  );
  doc(
    "your-key-here",
    "references/llm.md",
    `${fence("bash", `OPENAI_API_KEY=${"sk-"}your-openai-api-key-here`)}`,
  );
  doc(
    "a local database URL",
    "references/dev.md",
    `# Local stack\n\n${fence("bash", "DATABASE_URL=postgres://user:password@localhost:5432/app")}`,
  );
  doc(
    "user equals password",
    "references/dev.md",
    `${fence("yaml", "database:\n  url: postgresql://postgres:postgres@localhost/app")}`,
  );
  doc(
    "a variable in a URL",
    "scripts/migrate.sh",
    `#!/bin/sh\nmysql_url="mysql://root:\${MYSQL_ROOT_PASSWORD}@db:3306/app"\n`,
  );
  doc(
    "an angle-bracket password",
    "references/cache.md",
    `${fence("bash", "redis-cli -u redis://:<password>@cache.internal:6379")}`,
  );
  doc(
    "Atlas's connection template",
    "references/mongo.md",
    `${fence("text", "mongodb+srv://<username>:<password>@cluster0.mongodb.net/test")}`,
  );
  doc(
    "basic auth example",
    "references/http.md",
    `Fetch with \`https://user:pass@example.com/private\` when testing.\n`,
  );
  doc(
    "Slack's documented webhook",
    "references/slack.md",
    `${fence("bash", `curl -X POST https://hooks.slack.com/services/T00000000/B00000000/${"X".repeat(24)}`)}`,
  );
  doc("a Slack placeholder", ".env.example", `SLACK_BOT_TOKEN=${"xoxb-"}your-bot-token\n`);
  doc(
    "a truncated private key",
    "references/tls.md",
    `# TLS\n\n${fence("text", `-----BEGIN RSA ${"PRIVATE KEY"}-----\nMIIEpAIBAAKCAQEA...\n-----END RSA ${"PRIVATE KEY"}-----`)}`,
  );
  doc(
    "a key header in prose",
    "SKILL.md",
    md(
      `# TLS\n\nNever print the \`-----BEGIN ${"PRIVATE KEY"}-----\` block of \`tls.key\` into the report.\n`,
    ),
  );
  doc(
    "a Stripe placeholder",
    "references/billing.md",
    `${fence("javascript", `const stripe = new Stripe("${"sk_live_"}ACTUAL_KEY_HERE");`)}`,
  );
  doc(
    "x-ed Stripe key",
    "references/billing.md",
    `${fence("bash", `STRIPE_SECRET_KEY=${"sk_live_"}${"x".repeat(24)}`)}`,
  );
  doc(
    "x-ed GitLab token",
    "references/gitlab.md",
    `${fence("bash", `curl --header "PRIVATE-TOKEN: ${"glpat-"}xxxxxxxxxxxxxxxxxxxx" https://gitlab.example.com/api/v4/projects`)}`,
  );
  doc(
    "a short SendGrid placeholder",
    ".env.example",
    `SENDGRID_API_KEY=${"SG."}your-sendgrid-api-key\n`,
  );
  doc(
    "x-ed Vault token",
    "references/vault.md",
    `${fence("bash", `export VAULT_TOKEN=${"hvs."}XXXXXXXXXXXXXXXXXXXXXXXX`)}`,
  );
  doc(
    "the JWT every tutorial shows",
    "scripts/test_auth.py",
    `token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"\n`,
  );
  doc("changeme", "references/config.yaml", "database:\n  user: app\n  password: changeme\n");
  doc(
    "an environment reference",
    "references/config.yaml",
    `database:\n  password: "$${"{"}DB_PASSWORD}"\n`,
  );
  doc("an angle-bracket key", "references/config.yaml", 'api_key: "<your-api-key>"\n');
  doc(
    "a secret's name",
    "references/k8s.yaml",
    "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: prod-db-credentials\n        key: password\nsecretName: prod-db-credentials\n",
  );
  doc(
    "a password file path",
    "references/compose.yaml",
    "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n",
  );
  doc(
    "a Helm template",
    "references/values.md",
    `${fence("yaml", "token: {{ .Values.token }}\npassword: '{{ .Values.db.password }}'")}`,
  );
  doc(
    "a command substitution",
    "scripts/db.sh",
    "#!/bin/sh\nDB_PASSWORD=$(vault kv get -field=password secret/db)\nexport DB_PASSWORD\n",
  );
  doc(
    "a token budget",
    "references/llm.yaml",
    "model: gpt-5\nmax_tokens: 4096\ntoken_budget: 120000\n",
  );
  doc(
    "a bearer variable",
    "SKILL.md",
    md(
      `# API check\n\n${fence("bash", 'curl -H "Authorization: Bearer $API_TOKEN" https://api.internal/health\ncurl -H "Authorization: Bearer <token>" https://api.internal/health')}`,
    ),
  );
  doc(
    "a tokenizer name",
    "scripts/count.py",
    'tokenizer = "bert-base-uncased"\nsecret_manager = "aws-secrets-manager"\n',
  );
  doc(
    "a type annotation",
    "references/models.md",
    `${fence("python", "class Login(BaseModel):\n    username: str\n    password: SecretStr\n    token: Optional[str] = None")}`,
  );
  doc(
    "a GitHub Actions secret",
    "references/workflow.md",
    `${fence("yaml", `env:\n  GITHUB_TOKEN: $${"{{"} secrets.GITHUB_TOKEN }}\n  NPM_TOKEN: $${"{{"} secrets.NPM_TOKEN }}`)}`,
  );
  doc(
    "a Vercel secret reference",
    "references/vercel.json",
    '{\n  "env": {\n    "APOLLO_API_KEY": "@apollo-api-key"\n  }\n}\n',
  );
  doc(
    "a Secret Manager path",
    "references/env.ts",
    "export const config = {\n  apiKey: 'projects/prod-project/secrets/api-key/versions/latest',\n};\n",
  );
  doc(
    "a bad example in a security review",
    "references/review.md",
    `${fence("python", 'password = "SuperSecret123!"  # Never do this\nprivate_key = "-----BEGIN"')}`,
  );
  doc(
    "a placeholder AWS secret",
    ".env.example",
    "AWS_ACCESS_KEY_ID=YOUR_ACCESS_KEY_ID\nAWS_SECRET_ACCESS_KEY=YOUR_SECRET_ACCESS_KEY\n",
  );
  doc("x-ed Hugging Face token", ".env.example", `HF_TOKEN=${"hf_"}${"x".repeat(34)}\n`);
  doc(
    "a storage key placeholder",
    "references/storage.md",
    `${fence("text", "DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<storage-account-key>;EndpointSuffix=core.windows.net")}`,
  );
  doc(
    "zeroed DigitalOcean token",
    ".env.example",
    `DIGITALOCEAN_TOKEN=${"dop_v1_"}${"0".repeat(64)}\n`,
  );
  doc(
    "a header placeholder",
    "references/api.md",
    `${fence("bash", 'curl -H "x-api-key: YOUR_API_KEY" https://api.example.com/v1/items')}`,
  );
  doc(
    "a test password in a fixture",
    "references/fixtures.json",
    '[{ "email": "admin@company.test", "password": "Password123!" }]\n',
  );
  doc(
    "age's placeholder key",
    "references/sops.md",
    `${fence("text", `AGE-SECRET-KEY-1${"QQQQQQQQQQ".repeat(5)}QQQQQQQQ`)}`,
  );
  doc(
    "a password prompt",
    "scripts/login.py",
    'import getpass\n\npassword = getpass.getpass("Password: ")\ntoken = os.environ["API_TOKEN"]\n',
  );
  doc(
    "prose about tokens",
    "SKILL.md",
    md(
      "# Rotation\n\nThe token: a short-lived credential issued by the broker. Set `password:` to the value from the vault, never a literal.\n",
    ),
  );

  return { secrets, lookalikes };
}
