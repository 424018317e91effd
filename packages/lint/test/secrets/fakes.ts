/**
 * Fake credentials for the secret rules' tests, built at run time from a seeded generator so
 * the repository holds no secret-shaped literal. Check digits are real (GitHub and npm CRC-32
 * in base62, age bech32), so the rules take them for the real thing.
 */
import { base62, bech32Checksum, crc32 } from "@ops-skill/core/secrets";

const DIGITS = "0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const ALNUM = DIGITS + UPPER + LOWER;
const URLSAFE = `${ALNUM}_-`;
const BASE64 = `${UPPER}${LOWER}${DIGITS}+/`;
const HEX = "0123456789abcdef";
const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

export function fakes(seed = 42) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (alphabet: string, n: number) => {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * alphabet.length)];
    return out;
  };
  const checked = (prefix: string) => {
    const body = pick(ALNUM, 30);
    return `${prefix}${body}${base62(crc32(body), 6)}`;
  };
  return {
    pick,
    githubToken: (kind = "p") => checked(`gh${kind}_`),
    /** The shape of a GitHub token with check digits that do not match. */
    githubTokenBadChecksum: () => {
      const token = checked("ghp_");
      const last = token.endsWith("A") ? "B" : "A";
      return `${token.slice(0, -1)}${last}`;
    },
    npmToken: () => checked("npm_"),
    awsKeyId: () => `AKIA${pick(`${UPPER}234567`, 16)}`,
    awsSecret: () => pick(BASE64, 40),
    anthropicKey: () => `sk-ant-api03-${pick(URLSAFE, 93)}AA`,
    openaiKey: () => `sk-proj-${pick(URLSAFE, 74)}T3BlbkFJ${pick(URLSAFE, 74)}`,
    googleKey: () => `AIza${pick(URLSAFE, 35)}`,
    slackBotToken: () => `xoxb-1${pick(DIGITS, 10)}-1${pick(DIGITS, 12)}-${pick(ALNUM, 24)}`,
    slackWebhook: () =>
      `https://hooks.slack.com/services/T${pick(UPPER + DIGITS, 8)}/B${pick(UPPER + DIGITS, 10)}/${pick(ALNUM, 24)}`,
    stripeLive: () => `sk_live_${pick(ALNUM, 99)}`,
    stripeTest: () => `sk_test_${pick(ALNUM, 24)}`,
    gitlabToken: () => `glpat-${pick(URLSAFE, 20)}`,
    sendgridKey: () => `SG.${pick(URLSAFE, 22)}.${pick(URLSAFE, 43)}`,
    vaultToken: () => `hvs.${pick(URLSAFE, 24)}`,
    password: () => `${pick(UPPER, 2)}${pick(LOWER, 4)}${pick(DIGITS, 3)}!${pick(ALNUM, 6)}`,
    pem: () => {
      const body = `MIIE${pick(BASE64, 1580)}`.match(/.{1,64}/g)?.join("\n");
      return `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    },
    ageKey: () => {
      const data = Array.from({ length: 52 }, () => Math.floor(random() * 32));
      const body = data.map((d) => BECH32[d]).join("");
      return `AGE-SECRET-KEY-1${body}${bech32Checksum("age-secret-key-", data)}`.toUpperCase();
    },
    hex: (n: number) => pick(HEX, n),
  };
}
