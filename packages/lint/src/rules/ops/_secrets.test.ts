import {
  findSecrets,
  JOIN,
  JOIN_AT,
  KEYWORD_SEARCH,
  keywordOccurrences,
  keywordSearchSource,
  type SecretFinding,
} from "@ops-skill/core/secrets";
import { describe, expect, it } from "vitest";
import { fakes } from "../../../test/secrets/fakes.js";

const f = fakes(7);
const brief = (found: SecretFinding[]) => found.map((s) => [s.formatId, s.confidence]);
const secretOf = (text: string, found: SecretFinding) =>
  text.slice(found.index, found.index + found.length);

describe("findSecrets: provider formats", () => {
  it("finds a checked GitHub token and shows only its prefix", () => {
    const token = f.githubToken();
    const text = `export GITHUB_TOKEN="${token}"\n`;
    const [found] = findSecrets(text);
    expect(found).toMatchObject({
      formatId: "github-token",
      confidence: "high",
      redacted: "ghp_…",
    });
    expect(found && secretOf(text, found)).toBe(token);
  });

  it("takes a GitHub token whose check digits do not match for a possible one", () => {
    expect(brief(findSecrets(`token: ${f.githubTokenBadChecksum()}`))).toEqual([
      ["github-token", "possible"],
    ]);
  });

  it("names an Anthropic key Anthropic's, not OpenAI's", () => {
    const found = findSecrets(
      `ANTHROPIC_API_KEY=${f.anthropicKey()}\nOPENAI_API_KEY=${f.openaiKey()}`,
    );
    expect(found.map((s) => s.kind)).toEqual(["an Anthropic API key", "an OpenAI API key"]);
    expect(found.every((s) => s.confidence === "high")).toBe(true);
  });

  it("wants an AWS key id's secret beside it to be sure", () => {
    const id = f.awsKeyId();
    expect(brief(findSecrets(`aws_access_key_id = ${id}`))).toEqual([
      ["aws-access-key-id", "possible"],
    ]);
    expect(
      brief(findSecrets(`aws_access_key_id = ${id}\naws_secret_access_key = ${f.awsSecret()}\n`)),
    ).toEqual([
      ["aws-access-key-id", "high"],
      ["aws-secret-access-key", "high"],
    ]);
  });

  it("masks the key material of a private key, not its header", () => {
    const pem = f.pem();
    const text = `key: |\n  ${pem.replace(/\n/g, "\n  ")}\n`;
    const [found] = findSecrets(text);
    expect(found).toMatchObject({ formatId: "private-key", confidence: "high" });
    expect(found?.redacted).toBe("-----BEGIN RSA PRIVATE KEY-----");
    expect(found && secretOf(text, found)).toMatch(
      /^\n {2}MIIE[\s\S]*-----END RSA PRIVATE KEY-----$/,
    );
  });

  it("finds a password in a database URL, and says a local one is only possible", () => {
    const password = f.password();
    const prod = `DATABASE_URL=postgres://admin:${password}@db.prod.acme.io:5432/app`;
    const [found] = findSecrets(prod);
    expect(found).toMatchObject({ formatId: "url-password", confidence: "high" });
    expect(found && secretOf(prod, found)).toBe(password);
    expect(brief(findSecrets(`postgres://admin:${password}@localhost:5432/app`))).toEqual([
      ["url-password", "possible"],
    ]);
  });

  it.each([
    ["slack-token", () => f.slackBotToken()],
    ["slack-webhook", () => f.slackWebhook()],
    ["stripe-key", () => f.stripeLive()],
    ["google-api-key", () => f.googleKey()],
    ["gitlab-token", () => f.gitlabToken()],
    ["sendgrid-key", () => f.sendgridKey()],
    ["vault-token", () => f.vaultToken()],
    ["npm-token", () => f.npmToken()],
    ["age-secret-key", () => f.ageKey()],
  ])("finds %s", (id, make) => {
    expect(brief(findSecrets(`value: ${make()}\n`))).toEqual([[id, "high"]]);
  });

  it("takes a Stripe test key for a possible one", () => {
    expect(brief(findSecrets(`STRIPE_KEY=${f.stripeTest()}`))).toEqual([
      ["stripe-key", "possible"],
    ]);
  });

  it("needs a token to start where a word starts", () => {
    expect(findSecrets(`task-${f.pick("abcdefghij0123456789", 40)}`)).toEqual([]);
    expect(findSecrets(`xghp_${f.githubToken().slice(4)}`)).toEqual([]);
  });
});

describe("findSecrets: documentation look-alikes", () => {
  it.each([
    '"access_token": "{BearerToken}"',
    '"password":"Test123!"',
    'ApiKey = "SendGridApiKey"',
    "token='path/to/credentials.json'",
    'CLIENT_SECRET="abc123~defGHI456jklMNO789pqrSTU"',
    `key: ${"AIza"}SyA1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6Q`,
    'password: "ReviewDemo2025!"',
    `aws_access_key_id = ${"AKIA"}IOSFODNN7${"EXAMPLE"}`,
    `GITHUB_TOKEN=${"ghp_"}${"x".repeat(36)}`,
    `ANTHROPIC_API_KEY=${"sk-ant-"}api03-${"X".repeat(93)}AA`,
    "DATABASE_URL=postgres://user:password@localhost:5432/app",
    "mongodb+srv://<username>:<password>@cluster0.mongodb.net/test",
    `https://hooks.slack.com/services/T00000000/B00000000/${"X".repeat(24)}`,
    `-----BEGIN RSA ${"PRIVATE KEY"}-----\nMIIEpAIBAAKCAQEA...\n-----END RSA ${"PRIVATE KEY"}-----`,
    "password: changeme",
    `password: "$${"{"}DB_PASSWORD}"`,
    "secretName: prod-db-credentials",
    "POSTGRES_PASSWORD_FILE: /run/secrets/db_password",
    "max_tokens: 4096",
    'tokenizer = "bert-base-uncased"',
    "password: SecretStr",
    "const token = req.headers.authorization?.split(' ')[1];",
    'ApiKey = Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY")',
    '"Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:production/api/*"',
    "PublicKeyToken=b77a5c561934e089",
  ])("ignores %s", (text) => {
    expect(findSecrets(text)).toEqual([]);
  });
});

describe("findSecrets: generic assignments", () => {
  it("warns on a literal password, whatever its letters", () => {
    const text = 'password: "hunter2hunter2"';
    const [found] = findSecrets(text);
    expect(found).toMatchObject({
      formatId: "generic-assignment",
      confidence: "possible",
      kind: "a hard-coded `password` value",
      redacted: "14 characters",
    });
    expect(found && secretOf(text, found)).toBe("hunter2hunter2");
  });

  it.each([
    ["export PGPASSWORD=hunter2hunter2", "PGPASSWORD"],
    ["DB_PASSWORD=Xk9mP2vLq7w # prod", "DB_PASSWORD"],
    ['clientSecret: "Xk9mP2vLq7w"', "clientSecret"],
    ["mysqldump --password=Xk9mP2vLq7w app", "password"],
    ["Server=db;Database=app;Password=Xk9mP2vLq7w;", "Password"],
    ["jdbc:postgresql://db/app?user=ops&password=Xk9mP2vLq7w&ssl=true", "password"],
  ])("warns on %s", (text, key) => {
    expect(findSecrets(text).map((s) => [s.confidence, s.kind])).toEqual([
      ["possible", `a hard-coded \`${key}\` value`],
    ]);
  });

  it("leaves prose alone", () => {
    expect(findSecrets("The token: a short-lived credential issued by the broker.")).toEqual([]);
  });
});

describe("findSecrets: split secrets", () => {
  it("joins a shell line continuation inside a string", () => {
    const token = f.githubToken();
    const text = `#!/bin/sh\nTOKEN="${token.slice(0, 20)}\\\n${token.slice(20)}"\n`;
    const [found] = findSecrets(text);
    expect(found).toMatchObject({ formatId: "github-token", confidence: "high" });
    expect(found && secretOf(text, found)).toBe(`${token.slice(0, 20)}\\\n${token.slice(20)}`);
  });

  it("joins string literals continued on the next line", () => {
    const key = f.anthropicKey();
    const text = `client = Anthropic(\n    api_key=("${key.slice(0, 50)}"\n             "${key.slice(50)}"),\n)\n`;
    expect(brief(findSecrets(text))).toEqual([["anthropic-key", "high"]]);
    const js = `const key = "${key.slice(0, 50)}" +\n  "${key.slice(50)}";\n`;
    expect(brief(findSecrets(js))).toEqual([["anthropic-key", "high"]]);
  });

  it("reads a private key written with \\n escapes in JSON", () => {
    const pem = f.pem().replace(/\n/g, "\\n");
    expect(brief(findSecrets(`{"private_key": "${pem}\\n"}`))).toEqual([["private-key", "high"]]);
    const bundle = `{"pem": "-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIU\\n-----END CERTIFICATE-----\\n${pem}\\n"}`;
    expect(brief(findSecrets(bundle))).toEqual([["private-key", "high"]]);
  });
});

describe("findSecrets: speed", () => {
  const fast = (text: string) => {
    const started = performance.now();
    findSecrets(text);
    return performance.now() - started;
  };

  it("stays fast on a long line without keywords", () => {
    expect(fast(`${"A1b2C3d4/".repeat(200_000)}\n`)).toBeLessThan(2000);
  });

  it.each([
    ["password=", 100_000],
    ["token: ", 100_000],
    ["sk-", 300_000],
    ["://", 300_000],
    ["-----BEGIN RSA PRIVATE KEY-----\n", 20_000],
    ['"abc"\n"', 100_000],
    ["ghp_", 200_000],
    ["-us", 300_000],
  ])("stays fast on %j repeated %i times", (unit, times) => {
    expect(fast(unit.repeat(times))).toBeLessThan(2000);
  });

  it("stays fast on a private key header with a far END line", () => {
    const text = `-----BEGIN ${"PRIVATE KEY"}-----\n${"A".repeat(500_000)}\n-----END ${"PRIVATE KEY"}-----\n`;
    expect(fast(text.repeat(3))).toBeLessThan(2000);
  });
});

describe("keyword search", () => {
  it("finds the same occurrences with the automaton and the regular expression", () => {
    const g = fakes(99);
    const pieces = [
      "password",
      "PASSWORD",
      "Bearer ",
      "bearer ",
      "sk-ant-",
      "sk-",
      "aws_secret_access_key",
      "SecretAccessKey",
      "://",
      "-us",
      "SK",
      "ghp_",
      "GHP_",
      "é",
      "ſ",
      "\u212a",
      "😀",
      "\ud800",
      "日本",
      " ",
      "\n",
      "_",
      "-",
      "x",
    ];
    for (let n = 0; n < 300; n++) {
      let text = "";
      const length = 1 + Math.floor(Number.parseInt(g.hex(4), 16) % 40);
      for (let i = 0; i < length; i++)
        text += pieces[Number.parseInt(g.hex(2), 16) % pieces.length];
      expect(keywordOccurrences(text, "automaton"), text).toEqual(
        keywordOccurrences(text, "search"),
      );
    }
    // Case-insensitively, longer keywords first at one start.
    expect(keywordOccurrences("DB_PASSWORD=x sk-ant-api03 SG.", "search")).toEqual([
      "3:password",
      "14:sk-ant-",
      "14:sk-",
      "27:SG.",
    ]);
  });
});

describe("regular expressions written out", () => {
  it("searches for exactly the keywords of the formats", () => {
    expect(KEYWORD_SEARCH.source).toBe(new RegExp(keywordSearchSource()).source);
    expect(KEYWORD_SEARCH.flags).toBe("gi");
  });

  it("tries the same join where a cut token ends as it searches for", () => {
    expect(JOIN_AT.source).toBe(JOIN.source);
  });
});
