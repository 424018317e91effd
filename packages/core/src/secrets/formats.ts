/**
 * Credential formats with a structure that can be checked: a provider prefix, a fixed length
 * and alphabet, and where the provider has them check digits. The list follows the formats of
 * gitleaks' and secretlint's default rules that can turn up in a runbook, a script or a config
 * file; the patterns and checks are ours.
 *
 * Each format names the literal `keywords` its matches hold: the scanner looks for all
 * keywords in one pass and runs a format's `pattern` only where one of its keywords is, anchored
 * there, so a file without any keyword costs one scan. Patterns have no nested or
 * overlapping quantifiers and a bounded length, so each try is linear and short.
 *
 * `check` decides the confidence: `high` (the rule `ops/hardcoded-secret`, an error) when the
 * structure holds — check digits, entropy floor, no counting, repeats or placeholder words —
 * `possible` (`ops/possible-secret`, a warning) when the value has the shape but cannot be
 * confirmed, and `undefined` for a stand-in.
 */
import {
  hasBase62Checksum,
  hasPlaceholderWord,
  hasTokenPlaceholder,
  isRepetitive,
  isSequential,
  isValidBech32,
  looksLikeRealPassword,
  looksRandom,
  shannonEntropy,
} from "./checks.js";

export type Confidence = "high" | "possible";

export interface SecretFormat {
  /** Stable id (the corpus labels use it). */
  id: string;
  /** What it is, for the message: "a GitHub token". */
  kind: string;
  /** Literal text every match holds, case-sensitive. */
  keywords: readonly string[];
  /**
   * The token, anchored (`^`), tried on the text from where the match starts (at the keyword,
   * or `back` before it) for `span` characters: anchored patterns are checked linear by the
   * regex analyser, and the scan decides where they start.
   */
  pattern: RegExp;
  /** How many characters the longest match takes, and one more (default 600). */
  span?: number;
  /**
   * Where the match starts relative to the keyword: a fixed number of characters before it,
   * or a character class to walk back over (at most `max` characters).
   */
  back?: number | { chars: RegExp; max: number };
  /** The secret is this capture group (default: the whole match). */
  group?: number;
  /** How many characters of the match follow the group (default: none, it ends the match). */
  tail?: (match: RegExpExecArray) => number;
  /**
   * The match may follow a word character (a private key right after the `\n` escape that
   * ends a certificate in JSON). Other formats start a token.
   */
  anywhere?: boolean;
  /** What may be shown of the secret in a message: a known prefix, never the random part. */
  redact(match: RegExpExecArray): string;
  /**
   * A test cheaper than the pattern, run first at the keyword (`at`): false means the pattern
   * cannot match there.
   */
  quick?: (codeAt: (index: number) => number, at: number) => boolean;
  /** Why a `possible` finding is not sure, for its message. */
  why?: string | ((match: RegExpExecArray) => string);
  /** `start` is where the match starts in `text`. */
  check(match: RegExpExecArray, text: string, start: number): Confidence | undefined;
}

const prefix = (value: string) => `${value}…`;
const shownPrefix = (length: number) => (m: RegExpExecArray) => prefix(m[0].slice(0, length));

/** `high` when `random` looks random at the floor, else nothing. */
const randomAt =
  (floor: number, part: (m: RegExpExecArray) => string = (m) => m[0]) =>
  (m: RegExpExecArray): Confidence | undefined =>
    looksRandom(part(m), floor) ? "high" : undefined;

/**
 * A token whose prefix alone is distinctive: `high` when the rest of it (the pattern's first
 * group) looks random at `floor` bits per character.
 */
function prefixed(
  id: string,
  kind: string,
  keyword: string,
  pattern: RegExp,
  floor: number,
  span?: number,
): SecretFormat {
  return {
    id,
    kind,
    keywords: [keyword],
    pattern,
    ...(span === undefined ? {} : { span }),
    redact: () => prefix(keyword),
    check: randomAt(floor, (m) => m[1] as string),
  };
}

/** Lines around `index` (the AWS pair is written on neighbouring lines). */
function around(text: string, index: number, length: number, lines: number): string {
  let start = index;
  for (let n = 0; n <= lines && start > 0; n++) {
    const previous = text.lastIndexOf("\n", start - 1);
    start = Math.max(previous, 0);
  }
  let end = index + length;
  for (let n = 0; n <= lines && end < text.length; n++) {
    const next = text.indexOf("\n", end + 1);
    end = next < 0 ? text.length : next;
  }
  return text.slice(start, Math.min(end, start + 4000));
}

/** A 40-character AWS secret access key: base64 alphabet, random. */
const AWS_SECRET_VALUE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

function awsSecretNear(text: string, index: number, length: number): boolean {
  for (const m of around(text, index, length, 3).matchAll(AWS_SECRET_VALUE)) {
    const value = m[0];
    if (/[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value) && looksRandom(value, 3.8))
      return true;
  }
  return false;
}

const GITHUB_PREFIXES = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"];

const FORMATS: readonly SecretFormat[] = [
  // AWS: an access key id is half a credential; with its secret beside it, it is a whole one.
  {
    id: "aws-access-key-id",
    kind: "an AWS access key ID",
    keywords: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    pattern: /^(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9_-])/,
    redact: shownPrefix(4),
    why: "no secret access key is written beside it, and the ID alone signs nothing",
    check: (m, text, start) => {
      const id = m[0];
      if (!looksRandom(id.slice(4), 2.5)) return undefined;
      return awsSecretNear(text, start, id.length) ? "high" : "possible";
    },
  },
  {
    id: "aws-secret-access-key",
    kind: "an AWS secret access key",
    keywords: [
      "aws_secret_access_key",
      "AWS_SECRET_ACCESS_KEY",
      "SecretAccessKey",
      "secretAccessKey",
      "aws_secret_key",
      "AWS_SECRET_KEY",
    ],
    pattern:
      /^[A-Za-z_]{0,30}["']?[ \t]{0,8}(?::|=|=>|:=)[ \t]{0,8}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/,
    group: 1,
    redact: () => "…",
    check: (m) => {
      const value = m[1] as string;
      return /[a-z]/.test(value) && /[A-Z]/.test(value) && looksRandom(value, 3.8)
        ? "high"
        : undefined;
    },
  },
  // GitHub: 30 random base62 characters and their CRC-32 (base62, 6 characters).
  {
    id: "github-token",
    kind: "a GitHub token",
    keywords: GITHUB_PREFIXES,
    pattern: /^gh[pousr]_([A-Za-z0-9]{36})(?![A-Za-z0-9_-])/,
    redact: shownPrefix(4),
    why: "its check digits do not match, so it is made up or mangled",
    check: (m) => {
      const body = m[1] as string;
      if (hasBase62Checksum(body)) return isRepetitive(body) ? undefined : "high";
      // The shape without the check digits: a made-up token, or one cut and pasted wrong.
      return looksRandom(body, 3.5) ? "possible" : undefined;
    },
  },
  {
    id: "github-fine-grained-token",
    kind: "a GitHub fine-grained token",
    keywords: ["github_pat_"],
    pattern: /^github_pat_([A-Za-z0-9]{22})_([A-Za-z0-9]{59})(?![A-Za-z0-9_-])/,
    redact: shownPrefix(11),
    check: randomAt(3.8, (m) => `${m[1]}${m[2]}`),
  },
  {
    id: "npm-token",
    kind: "an npm access token",
    keywords: ["npm_"],
    pattern: /^npm_([A-Za-z0-9]{36})(?![A-Za-z0-9_-])/,
    redact: shownPrefix(4),
    why: "its check digits do not match, so it is made up or mangled",
    check: (m) => {
      const body = m[1] as string;
      if (hasBase62Checksum(body)) return isRepetitive(body) ? undefined : "high";
      return looksRandom(body, 3.5) ? "possible" : undefined;
    },
  },
  // GitLab: personal, deploy, runner, trigger, feed and other tokens.
  {
    id: "gitlab-token",
    kind: "a GitLab token",
    keywords: ["glpat-", "gldt-", "glrt-", "glft-", "glsoat-", "glffct-", "glcbt-", "gloas-"],
    pattern:
      /^(glpat|gldt|glrt|glft|glsoat|glffct|glcbt|gloas)-((?:[A-Za-z0-9]{1,5}_)?[A-Za-z0-9_-]{20,300})(?:\.([0-9a-z]{9}))?(?![A-Za-z0-9_-])/,
    redact: (m) => prefix(`${m[1]}-`),
    check: (m) => {
      const body = m[2] as string;
      if (body.length !== 20 && body.length < 27) return undefined;
      return looksRandom(body, body.length === 20 ? 3.0 : 3.5) ? "high" : undefined;
    },
  },
  prefixed(
    "gitlab-pipeline-trigger-token",
    "a GitLab trigger token",
    "glptt-",
    /^glptt-([0-9a-f]{40})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "gitlab-runner-registration-token",
    "a GitLab runner token",
    "GR1348941",
    /^GR1348941([A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "gitlab-agent-token",
    "a GitLab agent token",
    "glagent-",
    /^glagent-([A-Za-z0-9_-]{50})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  // Slack: bot, user, app and config tokens, and incoming webhooks.
  {
    id: "slack-token",
    kind: "a Slack token",
    keywords: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxo-", "xoxe-", "xoxe.", "xapp-"],
    pattern:
      /^(xox[bparsoe]|xoxe\.xox[bp]|xapp)-((?:\d{1,14}-){1,4})([A-Za-z0-9]{10,170})(?:-[A-Za-z0-9]{1,64})?(?![A-Za-z0-9_-])/,
    redact: (m) => prefix(`${m[1]}-`),
    check: (m) => {
      const numbers = (m[2] as string).replace(/-/g, "");
      const secret = m[3] as string;
      if (secret.length < 20 || numbers.length === 0) return undefined;
      if (isSequential(numbers) || isRepetitive(numbers, 2)) return undefined;
      return looksRandom(secret, 3.0) ? "high" : undefined;
    },
  },
  {
    id: "slack-webhook",
    kind: "a Slack webhook URL",
    keywords: ["hooks.slack.com/"],
    pattern:
      /^hooks\.slack\.com\/(?:services|workflows|triggers)\/(T[A-Z0-9]{6,12})\/([A-Z][A-Z0-9]{6,12})\/(?:\d{6,20}\/)?([A-Za-z0-9]{20,40})(?![A-Za-z0-9_-])/,
    redact: () => "https://hooks.slack.com/…",
    check: (m) => {
      const ids = `${m[1]}${m[2]}`;
      if (isRepetitive(ids.slice(1), 2) || /0{6}/.test(ids)) return undefined;
      return looksRandom(m[3] as string, 3.0) ? "high" : undefined;
    },
  },
  // Payment, mail and messaging providers.
  {
    id: "stripe-key",
    kind: "a Stripe secret key",
    keywords: ["sk_live_", "rk_live_", "sk_test_", "rk_test_"],
    pattern: /^([sr]k)_(live|test)_([A-Za-z0-9]{20,247})(?![A-Za-z0-9_-])/,
    redact: (m) => prefix(`${m[1]}_${m[2]}_`),
    why: "a test-mode key moves no money, but it reads and writes the account's test data",
    check: (m) => {
      if (!looksRandom(m[3] as string, 3.3)) return undefined;
      // Test-mode keys reach no money; they are still a key of the account.
      return m[2] === "live" ? "high" : "possible";
    },
  },
  prefixed(
    "stripe-webhook-secret",
    "a Stripe webhook signing secret",
    "whsec_",
    /^whsec_([A-Za-z0-9+/=]{32,88})(?![A-Za-z0-9+/=_-])/,
    3.5,
  ),
  {
    id: "sendgrid-key",
    kind: "a SendGrid API key",
    keywords: ["SG."],
    pattern: /^SG\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    redact: shownPrefix(3),
    check: randomAt(3.5, (m) => `${m[1]}${m[2]}`),
  },
  prefixed(
    "brevo-key",
    "a Brevo (Sendinblue) API key",
    "xkeysib-",
    /^xkeysib-([a-f0-9]{64}-[A-Za-z0-9]{16})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  {
    id: "mailchimp-key",
    kind: "a Mailchimp API key",
    keywords: ["-us"],
    back: 32,
    pattern: /^([a-f0-9]{32})-us\d{1,2}(?![A-Za-z0-9_-])/,
    redact: () => "…",
    check: (m) =>
      /[a-f]/.test(m[1] as string) ? randomAt(3.0, (x) => x[1] as string)(m) : undefined,
  },

  {
    id: "telegram-bot-token",
    kind: "a Telegram bot token",
    keywords: [":AA"],
    back: { chars: /\d/, max: 12 },
    pattern: /^(\d{8,12}):(AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/,
    redact: () => "…",
    check: randomAt(3.5, (m) => m[2] as string),
  },
  {
    id: "discord-webhook",
    kind: "a Discord webhook URL",
    keywords: ["discord.com/api/webhooks/", "discordapp.com/api/webhooks/"],
    pattern:
      /^discord(?:app)?\.com\/api\/webhooks\/(\d{17,20})\/([A-Za-z0-9_-]{60,68})(?![A-Za-z0-9_-])/,
    redact: () => "https://discord.com/api/webhooks/…",
    check: randomAt(3.5, (m) => m[2] as string),
  },
  {
    id: "teams-webhook",
    kind: "a Microsoft Teams webhook URL",
    keywords: [".webhook.office.com/"],
    back: { chars: /[A-Za-z0-9-]/, max: 40 },
    pattern:
      /^[A-Za-z0-9-]{1,40}\.webhook\.office\.com\/webhookb2\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/([0-9a-f]{32})\/[0-9a-f-]{36}/,
    redact: () => "https://….webhook.office.com/…",
    check: randomAt(3.0, (m) => m[1] as string),
  },
  // Model providers.
  {
    id: "anthropic-key",
    kind: "an Anthropic API key",
    keywords: ["sk-ant-"],
    pattern: /^sk-ant-([a-z]{3,6}\d{2})-([A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])/,
    redact: (m) => prefix(`sk-ant-${m[1]}-`),
    why: "its length is not that of a key of this kind",
    check: (m) => {
      const body = m[2] as string;
      // API and admin keys are 93 characters and `AA`; other kinds (OAuth) vary.
      if ((m[1] === "api03" || m[1] === "admin01") && !(body.length === 95 && body.endsWith("AA")))
        return looksRandom(body, 4.0) ? "possible" : undefined;
      return looksRandom(body, 4.0) ? "high" : undefined;
    },
  },
  {
    id: "openai-key",
    kind: "an OpenAI API key",
    keywords: ["sk-"],
    pattern: /^sk-(?:(proj|svcacct|admin)-)?([A-Za-z0-9_-]{20,250})(?![A-Za-z0-9_-])/,
    redact: (m) => prefix(m[1] ? `sk-${m[1]}-` : "sk-"),
    why: "it has the shape of an `sk-` key but not OpenAI's marker, so it may be another provider's or cut short",
    check: (m) => {
      const body = m[2] as string;
      if (body.startsWith("ant-")) return undefined;
      // Every OpenAI key holds `T3BlbkFJ` ("OpenAI" in base64) between two random halves.
      const marker = body.indexOf("T3BlbkFJ");
      if (marker >= 20 && body.length - marker - 8 >= 20) {
        const random = body.slice(0, marker) + body.slice(marker + 8);
        return looksRandom(random, 4.0) ? "high" : undefined;
      }
      // `sk-` keys of other providers, or a key cut short: the shape of one, not the proof.
      if (body.length < 32 || !/[A-Z]/.test(body) || !/[a-z]/.test(body) || !/\d/.test(body))
        return undefined;
      return looksRandom(body, 4.0) ? "possible" : undefined;
    },
  },
  {
    id: "google-api-key",
    kind: "a Google API key",
    keywords: ["AIza"],
    pattern: /^AIza([A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/,
    redact: shownPrefix(4),
    check: randomAt(3.5, (m) => m[1] as string),
  },
  prefixed(
    "huggingface-token",
    "a Hugging Face token",
    "hf_",
    /^hf_([A-Za-z]{34})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  prefixed(
    "perplexity-key",
    "a Perplexity API key",
    "pplx-",
    /^pplx-([A-Za-z0-9]{48})(?![A-Za-z0-9_-])/,
    3.8,
  ),
  prefixed("groq-key", "a Groq API key", "gsk_", /^gsk_([A-Za-z0-9]{52})(?![A-Za-z0-9_-])/, 3.8),
  prefixed("xai-key", "an xAI API key", "xai-", /^xai-([A-Za-z0-9]{80})(?![A-Za-z0-9_-])/, 4.0),
  prefixed(
    "replicate-token",
    "a Replicate API token",
    "r8_",
    /^r8_([A-Za-z0-9]{37})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  // Infrastructure, secret stores and CI.
  {
    id: "vault-token",
    kind: "a HashiCorp Vault token",
    keywords: ["hvs.", "hvb."],
    pattern: /^(hv[sb])\.([A-Za-z0-9_-]{24,400})(?![A-Za-z0-9_-])/,
    redact: (m) => prefix(`${m[1]}.`),
    check: (m) => {
      const body = m[2] as string;
      if (m[1] === "hvb" && body.length < 100) return undefined;
      return looksRandom(body, 3.5) ? "high" : undefined;
    },
  },
  {
    id: "terraform-cloud-token",
    kind: "a Terraform Cloud token",
    keywords: [".atlasv1."],
    back: 14,
    pattern: /^([A-Za-z0-9]{14})\.atlasv1\.([A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_-])/,
    redact: () => "….atlasv1.…",
    check: randomAt(3.8, (m) => `${m[1]}${m[2]}`),
  },
  prefixed(
    "doppler-token",
    "a Doppler token",
    "dp.",
    /^dp\.((?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,30}\.)?[A-Za-z0-9]{40,44})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  prefixed(
    "pulumi-token",
    "a Pulumi access token",
    "pul-",
    /^pul-([a-f0-9]{40})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "digitalocean-pat",
    "a DigitalOcean token",
    "dop_v1_",
    /^dop_v1_([a-f0-9]{64})(?![A-Za-z0-9_-])/,
    3.2,
  ),
  prefixed(
    "digitalocean-oauth",
    "a DigitalOcean OAuth token",
    "doo_v1_",
    /^doo_v1_([a-f0-9]{64})(?![A-Za-z0-9_-])/,
    3.2,
  ),
  prefixed(
    "digitalocean-refresh",
    "a DigitalOcean refresh token",
    "dor_v1_",
    /^dor_v1_([a-f0-9]{64})(?![A-Za-z0-9_-])/,
    3.2,
  ),
  prefixed(
    "tailscale-key",
    "a Tailscale key",
    "tskey-",
    /^tskey-((?:auth|api|client|webhook|scim)-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{20,40})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  prefixed(
    "flyio-token",
    "a Fly.io token",
    "fo1_",
    /^fo1_([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  prefixed(
    "flyio-macaroon",
    "a Fly.io token",
    "fm2_",
    /^fm2_([A-Za-z0-9+/]{100,2000}={0,3})(?![A-Za-z0-9+/=_-])/,
    4.0,
    2100,
  ),
  prefixed(
    "heroku-key",
    "a Heroku API key",
    "HRKU-AA",
    /^HRKU-AA([A-Za-z0-9_-]{58})(?![A-Za-z0-9_-])/,
    3.8,
  ),
  prefixed(
    "supabase-token",
    "a Supabase access token",
    "sbp_",
    /^sbp_([a-f0-9]{40})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "databricks-token",
    "a Databricks token",
    "dapi",
    /^dapi([a-f0-9]{32}(?:-\d)?)(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "docker-hub-token",
    "a Docker Hub access token",
    "dckr_pat_",
    /^dckr_pat_([A-Za-z0-9_-]{27})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  prefixed(
    "docker-hub-oat",
    "a Docker Hub organization token",
    "dckr_oat_",
    /^dckr_oat_([A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  prefixed(
    "pypi-token",
    "a PyPI upload token",
    "pypi-AgEIcHlwaS5vcmc",
    /^pypi-AgEIcHlwaS5vcmc([A-Za-z0-9_-]{50,1000})(?![A-Za-z0-9_-])/,
    4.0,
    1100,
  ),
  prefixed(
    "rubygems-token",
    "a RubyGems API key",
    "rubygems_",
    /^rubygems_([a-f0-9]{48})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "buildkite-token",
    "a Buildkite API token",
    "bkua_",
    /^bkua_([a-f0-9]{40})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "linear-key",
    "a Linear API key",
    "lin_api_",
    /^lin_api_([A-Za-z0-9]{40})(?![A-Za-z0-9_-])/,
    3.8,
  ),
  prefixed(
    "notion-token",
    "a Notion integration token",
    "ntn_",
    /^ntn_(\d{11}[A-Za-z0-9]{35})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  prefixed(
    "postman-key",
    "a Postman API key",
    "PMAK-",
    /^PMAK-([a-f0-9]{24}-[a-f0-9]{34})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "newrelic-user-key",
    "a New Relic user API key",
    "NRAK-",
    /^NRAK-([A-Z0-9]{27})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  prefixed(
    "dynatrace-token",
    "a Dynatrace API token",
    "dt0c01.",
    /^dt0c01\.([A-Z0-9]{24}\.[A-Z0-9]{64})(?![A-Za-z0-9_-])/,
    3.8,
  ),
  prefixed(
    "sentry-user-token",
    "a Sentry user token",
    "sntryu_",
    /^sntryu_([a-f0-9]{64})(?![A-Za-z0-9_-])/,
    3.2,
  ),
  prefixed(
    "sentry-org-token",
    "a Sentry organization token",
    "sntrys_",
    /^sntrys_(eyJ[A-Za-z0-9+/=_]{80,400})(?![A-Za-z0-9+/=_-])/,
    4.0,
  ),
  prefixed(
    "grafana-service-account",
    "a Grafana service account token",
    "glsa_",
    /^glsa_([A-Za-z0-9]{32}_[a-fA-F0-9]{8})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  prefixed(
    "grafana-cloud-token",
    "a Grafana Cloud token",
    "glc_",
    /^glc_([A-Za-z0-9+/]{32,400}={0,3})(?![A-Za-z0-9+/=_-])/,
    4.0,
  ),
  prefixed(
    "onepassword-service-token",
    "a 1Password service account token",
    "ops_eyJ",
    /^ops_eyJ([A-Za-z0-9+/]{250,2000}={0,3})(?![A-Za-z0-9+/=_-])/,
    4.5,
    2100,
  ),
  prefixed(
    "atlassian-token",
    "an Atlassian API token",
    "ATATT3",
    /^ATATT3([A-Za-z0-9_=-]{150,250})(?![A-Za-z0-9_-])/,
    4.5,
  ),
  prefixed(
    "shopify-token",
    "a Shopify access token",
    "shpat_",
    /^shpat_([a-fA-F0-9]{32})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "shopify-custom-token",
    "a Shopify access token",
    "shpca_",
    /^shpca_([a-fA-F0-9]{32})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "shopify-private-token",
    "a Shopify access token",
    "shppa_",
    /^shppa_([a-fA-F0-9]{32})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "shopify-secret",
    "a Shopify shared secret",
    "shpss_",
    /^shpss_([a-fA-F0-9]{32})(?![A-Za-z0-9_-])/,
    3.0,
  ),
  prefixed(
    "square-token",
    "a Square access token",
    "sq0atp-",
    /^sq0atp-([A-Za-z0-9_-]{22,60})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  prefixed(
    "square-secret",
    "a Square OAuth secret",
    "sq0csp-",
    /^sq0csp-([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    3.5,
  ),
  prefixed(
    "artifactory-key",
    "an Artifactory API key",
    "AKCp",
    /^AKCp([A-Za-z0-9]{69})(?![A-Za-z0-9_-])/,
    4.0,
  ),
  {
    id: "age-secret-key",
    kind: "an age secret key",
    keywords: ["AGE-SECRET-KEY-1"],
    pattern: /^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Za-z0-9_-])/,
    redact: () => "AGE-SECRET-KEY-1…",
    check: (m) => (isValidBech32(m[0]) ? "high" : undefined),
  },
  // Azure: storage account keys in connection strings and Entra ID client secrets.
  {
    id: "azure-storage-key",
    kind: "an Azure storage account key",
    keywords: ["AccountKey="],
    pattern: /^AccountKey=([A-Za-z0-9+/]{86}==)/,
    group: 1,
    redact: () => "AccountKey=…",
    check: randomAt(4.5, (m) => m[1] as string),
  },
  {
    id: "azure-client-secret",
    kind: "an Azure client secret",
    keywords: ["Q~"],
    back: 4,
    pattern: /^[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/,
    redact: () => "…",
    check: (m, text, start) => {
      const before = start > 0 ? (text[start - 1] as string) : "";
      if (/[A-Za-z0-9_~.-]/.test(before)) return undefined;
      return looksRandom(m[0], 3.5) ? "high" : undefined;
    },
  },
  // Private keys: the header and key material after it.
  {
    id: "private-key",
    span: 12_200,
    kind: "a private key",
    keywords: ["-----BEGIN "],
    anywhere: true,
    pattern:
      /^-----BEGIN ((?:[A-Z0-9]{1,12} ){0,2})PRIVATE KEY( BLOCK)?-----(([\s\S]{0,12000}?)-----END [A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----)/,
    // The header stays readable; the key material and the END line are the secret.
    group: 3,
    redact: (m) => `-----BEGIN ${m[1]}PRIVATE KEY${m[2] ?? ""}-----`,
    check: (m) => {
      // JSON and YAML write the line breaks as `\n`; headers such as `Proc-Type:` are not key.
      const body = (m[4] as string)
        .replace(/\\[nr]/g, "\n")
        .replace(/^[A-Za-z-]{1,30}:.*$/gm, "")
        .replace(/[\s"',+]/g, "");
      if (body.length < 100 || /[^A-Za-z0-9+/=]/.test(body)) return undefined;
      if (hasTokenPlaceholder(body) || isRepetitive(body)) return undefined;
      return shannonEntropy(body) >= 4.8 ? "high" : undefined;
    },
  },
  // Tokens in an HTTP header: a bearer token, or a user and password in basic auth.
  {
    id: "jwt",
    span: 11_100,
    kind: "a JSON Web Token",
    keywords: ["eyJ"],
    pattern:
      /^eyJ([A-Za-z0-9_-]{8,2000})\.(eyJ[A-Za-z0-9_-]{8,8000})\.([A-Za-z0-9_-]{16,1000})(?![A-Za-z0-9_-])/,
    redact: () => "eyJ…",
    why: "a signed token works until it expires",
    // A signed token is a credential until it expires: worth a look, not proof of a leak.
    check: (m) => {
      const header = decodeJson(`eyJ${m[1]}`);
      const payload = decodeJson(m[2] as string);
      if (!header || typeof header.alg !== "string" || header.alg === "none" || !payload)
        return undefined;
      if (hasPlaceholderWord(JSON.stringify(payload)) || isPlaceholderClaims(payload))
        return undefined;
      return looksRandom(m[3] as string, 3.5) ? "possible" : undefined;
    },
  },
  {
    id: "bearer-token",
    span: 2100,
    kind: "a bearer token",
    keywords: ["Bearer ", "bearer "],
    pattern: /^[Bb]earer ([A-Za-z0-9._~+/-]{20,2000}={0,2})(?![A-Za-z0-9._~+/=-])/,
    group: 1,
    redact: () => "Bearer …",
    why: "a literal bearer token in a request",
    check: (m) => {
      const value = m[1] as string;
      if (value.startsWith("eyJ") || !/[A-Za-z]/.test(value) || !/\d/.test(value)) return undefined;
      return looksRandom(value, 3.5) ? "possible" : undefined;
    },
  },
  {
    id: "basic-auth",
    kind: "a password in a basic-auth header",
    keywords: ["Basic "],
    pattern: /^Basic ([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])/,
    group: 1,
    redact: () => "Basic …",
    check: (m) => {
      const decoded = Buffer.from(m[1] as string, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 1 || /[^\x20-\x7e]/.test(decoded)) return undefined;
      return looksLikeRealPassword(decoded.slice(colon + 1), decoded.slice(0, colon))
        ? "high"
        : undefined;
    },
  },
  // Credentials in a URL: `postgres://user:password@host`, `https://user:token@host`.
  {
    id: "url-password",
    kind: "a password in a URL",
    keywords: ["://"],
    back: { chars: /[A-Za-z0-9+.-]/, max: 20 },
    pattern:
      /^([A-Za-z][A-Za-z0-9+.-]{1,19}):\/\/([^\s:@/'"`<>{}$]{0,64}):([^\s@/'"`<>]{1,128})@([A-Za-z0-9._-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])/,
    group: 3,
    tail: (m) => 1 + (m[4] as string).length,
    // Most URLs hold no `@` before their end: nothing to read.
    quick: (codeAt, at) => {
      for (let i = at + 3; i < at + 200; i++) {
        const c = codeAt(i);
        if (c === 64) return true;
        if (c <= 32 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62) return false;
      }
      return false;
    },
    redact: (m) => `${m[1]}://${m[2]}:…@`,
    why: (m) => `it is for ${m[4]}, a local or example host`,
    // A password for a host only a developer's machine or a compose network reaches
    // (`localhost`, `db`, `*.local`, `example.com`) is a dev credential, not a leak.
    check: (m) => {
      if (!looksLikeRealPassword(m[3] as string, m[2])) return undefined;
      return isLocalHost(m[4] as string) ? "possible" : "high";
    },
  },
];

/**
 * The formats, each with every property in one order, so the scan's code sees one shape of
 * object (the JIT compiles property reads on one shape once).
 */
export const SECRET_FORMATS: readonly SecretFormat[] = FORMATS.map((format) => ({
  id: format.id,
  kind: format.kind,
  keywords: format.keywords,
  pattern: format.pattern,
  back: format.back,
  span: format.span ?? 600,
  group: format.group,
  tail: format.tail,
  anywhere: format.anywhere ?? false,
  quick: format.quick,
  redact: format.redact,
  why: format.why,
  check: format.check,
}));

function isLocalHost(host: string): boolean {
  const name = host.toLowerCase();
  if (!name.includes(".") || name.startsWith("[")) return true;
  if (/^(?:127\.|0\.0\.0\.0$)/.test(name)) return true;
  return /(?:^|\.)(?:localhost|local|test|example|invalid)$|(?:^|\.)example\.(?:com|org|net)$/.test(
    name,
  );
}

function decodeJson(base64url: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(base64url, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The claims of the token every JWT tutorial shows (`"sub": "1234567890"`, `"name": "John Doe"`). */
function isPlaceholderClaims(payload: Record<string, unknown>): boolean {
  return (
    payload.sub === "1234567890" ||
    payload.name === "John Doe" ||
    Object.values(payload).some(
      (v) => typeof v === "string" && /^(?:user|admin)?\d{0,3}$|^john|^jane/i.test(v),
    )
  );
}
