/**
 * The schedule a scaffold writes: the Codex permission profile (`schedule/<profile>.config.toml`,
 * layered by `codex exec --profile <profile>`), the scheduled GitHub Actions workflow and the
 * pull-request workflow. Pure.
 */
import { CODEX_NPM_PACKAGE, CODEX_VERSION } from "@ops-skill/codex/version";

/** `--sandbox` values that choose Codex's older sandbox settings instead of a profile. */
export const LEGACY_SANDBOXES = ["read-only", "workspace-write"] as const;
export type LegacySandbox = (typeof LEGACY_SANDBOXES)[number];
export const DEFAULT_PROFILE = "day-two";
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const isLegacySandbox = (value: string): value is LegacySandbox =>
  (LEGACY_SANDBOXES as readonly string[]).includes(value);

export function profileProblem(name: string): string | undefined {
  if (isLegacySandbox(name)) return undefined;
  return PROFILE_NAME.test(name)
    ? undefined
    : `--sandbox ${JSON.stringify(name)} is neither read-only, workspace-write nor a profile name (letters, digits, "_", "-"; at most 64)`;
}

/**
 * The permission profile: the catalogue's (`extends = ":read-only"`, network on) under the
 * profile's name; with an allowlist, also `features.network_proxy` and the hosts, which the
 * proxy then enforces (only when every tool of the runbook goes through it).
 */
export function profileToml(base: string, profile: string, allowlist?: readonly string[]): string {
  const quoted = (text: string) => JSON.stringify(text);
  // A profile name (letters, digits, "_", "-") is a bare TOML key.
  const key = profile;
  const text = base
    .replace(/^default_permissions = "day-two"$/m, `default_permissions = ${quoted(profile)}`)
    .replace(/^\[permissions\.day-two\]$/m, `[permissions.${key}]`)
    .replace(/^\[permissions\.day-two\.network\]$/m, `[permissions.${key}.network]`)
    .replace(/^\[permissions\.day-two\.filesystem\]$/m, `[permissions.${key}.filesystem]`)
    .replace(/--profile day-two/g, `--profile ${profile}`)
    .replace(/day-two\.config\.toml/g, `${profile}.config.toml`)
    .replace("The permissions the catalogue's skills", "The permissions this repository's skills");
  if (allowlist === undefined || allowlist.length === 0) return text;
  const lines = [
    "",
    "# Every tool of this runbook speaks HTTP(S) through a proxy, so the proxy enforces the",
    "# hosts below: any other host is refused. Add the hosts your runbook really reaches.",
    `[permissions.${key}.network.domains]`,
    ...allowlist.map((host) => `${quoted(host)} = "allow"`),
    "",
    "[features]",
    "network_proxy = true",
  ];
  let end = text.length;
  while (end > 0 && text[end - 1] === "\n") end--;
  return `${text.slice(0, end)}\n${lines.join("\n")}\n`;
}

export interface WorkflowOptions {
  name: string;
  cron: string;
  /** The profile of `codex exec --profile`, or the legacy sandbox. */
  profile: string | undefined;
  sandbox: LegacySandbox | undefined;
  prompt: string;
  schemaPath: string;
  /** The skill's inputs, from its first scenario (`KEY: value`), shown as an example. */
  exampleEnv: Record<string, string>;
  /** The tools the runbook's commands run (the template's). */
  tools?: readonly string[];
}

/**
 * Steps that put a tool on PATH for the tools `ubuntu-latest` (Ubuntu 24.04) lacks: its image
 * has kubectl, helm, aws, openssl, curl and dig, but no terraform, syft or grype (the runner
 * image's software list; `ops-skill doctor`'s tools check holds the whole table).
 */
const RUNNER_SETUP: Record<string, readonly string[]> = {
  terraform: [
    "      - uses: hashicorp/setup-terraform@v3",
    "        with:",
    "          terraform_wrapper: false",
  ],
  syft: [
    "      - name: Install syft",
    '        run: curl -sSfL https://raw.githubusercontent.com/anchore/syft/main/install.sh | sh -s -- -b "$HOME/.local/bin" && echo "$HOME/.local/bin" >> "$GITHUB_PATH"',
  ],
  grype: [
    "      - name: Install grype",
    '        run: curl -sSfL https://raw.githubusercontent.com/anchore/grype/main/install.sh | sh -s -- -b "$HOME/.local/bin" && echo "$HOME/.local/bin" >> "$GITHUB_PATH"',
  ],
};

const yamlString = (text: string) => JSON.stringify(text);
const shellSingle = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** `.github/workflows/<name>.yml`: the scheduled `codex exec` run that fails on a finding. */
export function scheduledWorkflow(o: WorkflowOptions): string {
  const exec = [
    `npx --yes ${CODEX_NPM_PACKAGE}@${CODEX_VERSION} exec`,
    ...(o.profile !== undefined ? [`--profile ${o.profile}`] : []),
    ...(o.sandbox !== undefined ? [`--sandbox ${o.sandbox}`] : []),
    `--output-schema ${o.schemaPath}`,
    "-o report.json",
    shellSingle(o.prompt),
  ].join(" ");
  const env = Object.entries(o.exampleEnv);
  return [
    `# The scheduled run of the ${o.name} skill: codex exec with its report schema and the`,
    "# schedule's profile, then the report read with jq; a finding (any status but ok) fails the",
    "# job. Written by create-ops-skill. The Codex home (project and hook trust, the profile) is",
    "# made from schedule/ by `ops-skill codex-home`.",
    `name: ${o.name}`,
    "",
    "on:",
    "  schedule:",
    `    - cron: ${yamlString(o.cron)}`,
    "  workflow_dispatch:",
    "",
    "permissions:",
    "  contents: read",
    "",
    "jobs:",
    "  run:",
    "    runs-on: ubuntu-latest",
    "    timeout-minutes: 30",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - uses: actions/setup-node@v4",
    "        with:",
    "          node-version: 22",
    "      - name: Codex home from schedule/",
    `        run: npx --yes ops-skill codex-home "$RUNNER_TEMP/codex-home"${o.profile !== undefined ? ` --profile ${o.profile}` : ""} && mkdir -p "$RUNNER_TEMP/codex-tmp"`,
    ...(o.tools ?? []).flatMap((tool) => RUNNER_SETUP[tool] ?? []),
    `      - name: Run ${o.name}`,
    "        env:",
    `          CODEX_HOME: ${"$"}{{ runner.temp }}/codex-home`,
    "          # The profile lets commands write $TMPDIR only (kubectl diff needs a temporary",
    "          # folder): a folder of the job's own, apart from the Codex home.",
    `          TMPDIR: ${"$"}{{ runner.temp }}/codex-tmp`,
    "          # codex exec sends CODEX_API_KEY (it does not read OPENAI_API_KEY).",
    `          CODEX_API_KEY: ${"$"}{{ secrets.OPENAI_API_KEY }}`,
    ...(env.length > 0
      ? [
          "          # The skill's inputs (see its SKILL.md); these are its test scenario's values:",
          ...env.map(([key, value]) => `          # ${key}: ${yamlString(value)}`),
        ]
      : []),
    `        run: ${exec}`,
    "      - name: Fail on a finding",
    "        run: |",
    "          status=\"$(jq -er '.status' report.json)\" || { echo 'report.json is not a report'; exit 1; }",
    "          jq . report.json",
    '          if [ "$status" != ok ]; then',
    '            echo "::error title=' +
      o.name +
      "::status $status: $(jq -r '.summary' report.json)\"",
    "            exit 1",
    "          fi",
    "",
  ].join("\n");
}

/** `.github/workflows/ops-skill.yml`: lint and test every skill on pull requests. */
export function pullRequestWorkflow(): string {
  return [
    "# Lints and tests every skill of the repository on pull requests (written by",
    "# create-ops-skill): annotations on the diff, SARIF for code scanning, JUnit.",
    "name: ops-skill",
    "",
    "on:",
    "  pull_request:",
    "  push:",
    "    branches: [main]",
    "",
    "permissions:",
    "  contents: read",
    "  security-events: write",
    "",
    "jobs:",
    "  ops-skill:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - uses: ops-skill/ops-skill@v0",
    "        with:",
    "          command: all",
    "",
  ].join("\n");
}
