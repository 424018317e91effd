/**
 * No output format prints a secret: a skill with planted secrets (in SKILL.md, in a script,
 * one split over two lines, one a rule quotes in its message) and a Codex config holding one
 * are linted and formatted in every format, and no byte of any secret's random part appears in
 * the output.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakes } from "../../test/secrets/fakes.js";
import { runLint } from "../run.js";
import { formatters } from "./index.js";

const f = fakes(21);
const githubToken = f.githubToken();
const splitToken = f.githubToken();
const anthropicKey = f.anthropicKey();
const password = f.password();
const generic = `Zq${f.pick("abcdefghijklmnopqrstuvwxyz0123456789", 12)}9`;
const pem = f.pem();
/** Silenced by a directive with a reason, on the line before a finding of another rule. */
const silenced = f.githubToken();
/** In a Codex config file, under another finding's code frame. */
const configToken = f.slackBotToken();
/** In a frontmatter value a fix rewrites (codex/yaml-retry quotes it): the JSON `fix` text. */
const inFix = f.githubToken();
/** More tokens in one script than a rule lists for a file. */
const dump = Array.from({ length: 24 }, () => f.githubToken());

/** The parts that must never be printed: everything after a known prefix. */
const secretParts = [
  githubToken.slice(4),
  splitToken.slice(4, 20),
  splitToken.slice(20),
  anthropicKey.slice(14),
  password,
  generic,
  ...(pem.split("\n").slice(1, -1) ?? []),
  silenced.slice(4),
  configToken.slice(5),
  inFix.slice(4),
  ...dump.map((token) => token.slice(4)),
];

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ops-skill-secret-formats-"));
  const dir = join(root, "skills", "rotate-keys");
  await mkdir(join(dir, "scripts"), { recursive: true });
  await mkdir(join(dir, "references"), { recursive: true });
  await writeFile(
    join(dir, "SKILL.md"),
    `---\nname: rotate-keys\ndescription: Rotates the deploy keys of the fleet. Use when a key is due for rotation.\n---\n\n# Rotate keys\n\n## Procedure\n\n\`\`\`bash\nkubectl delete secret deploy-key --token=${githubToken}\ncurl -H "x-api-key: ${anthropicKey}" https://api.anthropic.com/v1/models\n\`\`\`\n`,
  );
  const script = join(dir, "scripts", "rotate.sh");
  await writeFile(
    script,
    `#!/bin/sh\nexport PGPASSWORD=${generic}\nTOKEN="${splitToken.slice(0, 20)}\\\n${splitToken.slice(20)}"\npsql "postgres://ops:${password}@db.prod.acme.io/app" -c 'select 1'\n`,
  );
  await chmod(script, 0o755);
  await writeFile(join(dir, "references", "deploy-key.pem"), `${pem}\n`);

  const other = join(root, "skills", "old-keys");
  await mkdir(join(other, "scripts"), { recursive: true });
  await writeFile(
    join(other, "SKILL.md"),
    `---\nname: old-keys\ndescription: Lists the old deploy keys. Use when keys are audited.\n---\n\n# Old keys\n\n<!-- ops-skill-disable-next-line ops/hardcoded-secret -- revoked, kept for the audit trail -->\n\`GITHUB_TOKEN=${silenced}\` then \`kubectl delete ns audit\`.\n`,
  );
  await mkdir(join(root, "skills", ".codex"));
  await writeFile(
    join(root, "skills", ".codex", "config.toml"),
    `[mcp_servers.chat]\ncommand = "chat-mcp"\nenv = { SLACK_TOKEN = "${configToken}" }\nsandbox_mode = "nope"\n`,
  );
  const quoted = join(root, "skills", "quote-keys");
  await mkdir(quoted, { recursive: true });
  await writeFile(
    join(quoted, "SKILL.md"),
    `---\nname: quote-keys\ndescription: Checks keys: the token ${inFix} reads the fleet. Use when keys are audited.\n---\n\n# Quote keys\n`,
  );
  // Every token is a finding, and the last line is another rule's finding with a code frame.
  await writeFile(
    join(other, "scripts", "keys.sh"),
    `#!/bin/sh\n${dump.map((token) => `export T=${token}`).join("\n")}\nkubectl delete ns audit\n`,
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("secret masking", () => {
  it.each(Object.keys(formatters))("the %s format prints no secret", async (format) => {
    const outcome = await runLint({ paths: ["skills"], cwd: root, format });
    expect(outcome.exitCode).toBe(1);
    // The findings are there, with their prefixes…
    expect(outcome.output).toContain("ops/hardcoded-secret");
    expect(outcome.output).toContain("ops/possible-secret");
    expect(outcome.output).toContain("config/hardcoded-secret");
    expect(outcome.output).toContain("ghp_");
    // …and not one secret.
    for (const part of secretParts) expect(outcome.output).not.toContain(part);
  });

  it("keeps positions: the code frame points at the masked secret on its line", async () => {
    const outcome = await runLint({ paths: ["skills"], cwd: root, format: "stylish" });
    expect(outcome.output).toContain(`--token=${"*".repeat(githubToken.length)}`);
    expect(outcome.output).toContain(
      `psql "postgres://ops:${"*".repeat(password.length)}@db.prod.acme.io/app"`,
    );
    expect(outcome.output).toContain("-----BEGIN RSA PRIVATE KEY-----");
  });
});
