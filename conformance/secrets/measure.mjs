#!/usr/bin/env node
/**
 * Recall and precision of the secret rules on the generated corpus (`corpus.mjs`): every case
 * is written as a skill of one project, the project is linted once, and the findings are
 * matched to the planted secrets by file and line.
 *
 *   node conformance/secrets/measure.mjs [--seed N] [--json] [--secretlint DIR]
 *
 * Prints recall at error severity (`ops/hardcoded-secret` on the planted line, and whether the
 * message names the right kind), errors and warnings on the look-alikes, and every miss.
 * `--secretlint DIR` also runs secretlint's recommended preset (installed under DIR) on the same
 * files, for comparison. Build first (`npm run build`); the test `secrets-corpus.test.ts` runs
 * the same measurement on the sources and asserts the targets.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DEFAULT_SEED, generateCorpus } from "./corpus.mjs";

const ERROR_RULE = "ops/hardcoded-secret";
const WARNING_RULE = "ops/possible-secret";

/** Writes the corpus as skills under `root/skills/<case id>/`. */
export function writeCorpus(root, corpus) {
  for (const testCase of [...corpus.secrets, ...corpus.lookalikes]) {
    const dir = join(root, "skills", testCase.id);
    for (const [rel, text] of Object.entries(testCase.files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
  }
}

/**
 * Lints the corpus with `lint` (the engine's function) and the two secret rules.
 * `kindOf(formatId)` gives the kind a message must start with.
 */
export async function measureCorpus({ lint, rules, kindOf, seed = DEFAULT_SEED }) {
  const corpus = generateCorpus(seed);
  const root = mkdtempSync(join(tmpdir(), "ops-skill-secrets-corpus-"));
  try {
    writeCorpus(root, corpus);
    const result = await lint({
      paths: ["skills"],
      cwd: root,
      rules,
      config: { config: { rules: {}, ignores: [] }, filepath: undefined, baseDir: root },
    });
    const byFile = new Map();
    for (const file of result.results)
      for (const d of file.diagnostics) {
        const list = byFile.get(d.file) ?? [];
        list.push(d);
        byFile.set(d.file, list);
      }
    const at = (testCase, rel) => byFile.get(join(root, "skills", testCase.id, rel)) ?? [];
    const secrets = corpus.secrets.map((testCase) => {
      const found = at(testCase, testCase.file).filter(
        (d) => d.line === testCase.line && [ERROR_RULE, WARNING_RULE].includes(d.ruleId),
      );
      const error = found.find((d) => d.ruleId === ERROR_RULE);
      const kind = capitalize(kindOf(testCase.format) ?? "");
      return {
        id: testCase.id,
        format: testCase.format,
        file: testCase.file,
        error: error !== undefined,
        named: error?.message.startsWith(kind),
        warning: found.some((d) => d.ruleId === WARNING_RULE),
        message: (error ?? found[0])?.message,
      };
    });
    const lookalikes = corpus.lookalikes.map((testCase) => {
      const findings = Object.keys(testCase.files).flatMap((rel) => at(testCase, rel));
      return {
        id: testCase.id,
        note: testCase.note,
        errors: findings.filter((d) => d.ruleId === ERROR_RULE).map((d) => d.message),
        warnings: findings.filter((d) => d.ruleId === WARNING_RULE).map((d) => d.message),
      };
    });
    return {
      seed,
      secrets,
      lookalikes,
      formats: new Set(corpus.secrets.map((s) => s.format)).size,
      recallAtError: secrets.filter((s) => s.error).length / secrets.length,
      namedCorrectly: secrets.filter((s) => s.named).length,
      errorsOnLookalikes: lookalikes.reduce((n, l) => n + l.errors.length, 0),
      warningsOnLookalikes: lookalikes.reduce((n, l) => n + l.warnings.length, 0),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** secretlint's recommended preset on the same files: found = a message covering the secret. */
export async function measureSecretlint(dir, seed = DEFAULT_SEED) {
  const require = createRequire(join(resolve(dir), "package.json"));
  const { lintSource } = await import(pathToFileURL(require.resolve("@secretlint/core")).href);
  const preset = await import(
    pathToFileURL(require.resolve("@secretlint/secretlint-rule-preset-recommend")).href
  );
  const config = {
    rules: [
      { id: "@secretlint/secretlint-rule-preset-recommend", rule: preset.creator, options: {} },
    ],
  };
  const run = async (rel, text) =>
    (
      await lintSource({
        source: { filePath: `/skill/${rel}`, content: text, contentType: "text" },
        options: { config },
      })
    ).messages;
  const corpus = generateCorpus(seed);
  let found = 0;
  const missed = [];
  for (const testCase of corpus.secrets) {
    const text = testCase.files[testCase.file];
    const start = text.indexOf(testCase.value.slice(0, 16));
    const messages = await run(testCase.file, text);
    if (messages.some((m) => m.range[0] <= start + 8 && m.range[1] > start)) found++;
    else missed.push(testCase.format);
  }
  let flagged = 0;
  for (const testCase of corpus.lookalikes)
    for (const [rel, text] of Object.entries(testCase.files))
      flagged += (await run(rel, text)).length;
  return { found, total: corpus.secrets.length, missed, flaggedLookalikes: flagged };
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name) => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args[at + 1];
  };
  const seed = Number(option("--seed") ?? DEFAULT_SEED);
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  const lintPackage = await import(pathToFileURL(join(root, "packages/lint/dist/index.js")).href);
  const { SECRET_FORMATS } = await import(
    pathToFileURL(join(root, "packages/lint/dist/rules/ops/_secrets-formats.js")).href
  );
  const rules = lintPackage.allRules.filter((r) => [ERROR_RULE, WARNING_RULE].includes(r.meta.id));
  const kinds = new Map(SECRET_FORMATS.map((f) => [f.id, f.kind]));
  const report = await measureCorpus({
    lint: lintPackage.lint,
    rules,
    kindOf: (id) => kinds.get(id),
    seed,
  });
  const secretlintDir = option("--secretlint");
  const secretlint = secretlintDir ? await measureSecretlint(secretlintDir, seed) : undefined;
  if (args.includes("--json")) {
    console.log(JSON.stringify({ ...report, secretlint }, null, 2));
    return;
  }
  const n = report.secrets.length;
  const errors = report.secrets.filter((s) => s.error).length;
  console.log(
    `corpus seed ${seed}: ${n} planted secrets of ${report.formats} formats, ${report.lookalikes.length} look-alikes`,
  );
  console.log(
    `recall at error:      ${errors}/${n} (${(report.recallAtError * 100).toFixed(1)}%), named correctly ${report.namedCorrectly}/${errors}`,
  );
  console.log(
    `errors on look-alikes: ${report.errorsOnLookalikes}; warnings on look-alikes: ${report.warningsOnLookalikes}`,
  );
  for (const s of report.secrets.filter((x) => !x.error || !x.named))
    console.log(
      `  ${s.error ? "misnamed" : s.warning ? "warning only" : "missed"}: ${s.id} in ${s.file}${s.message ? ` (${s.message.slice(0, 90)})` : ""}`,
    );
  for (const l of report.lookalikes.filter((x) => x.errors.length + x.warnings.length > 0))
    console.log(
      `  look-alike ${l.id} (${l.note}): ${l.errors.length} error(s), ${l.warnings.length} warning(s) ${[...l.errors, ...l.warnings].map((m) => m.slice(0, 70)).join(" | ")}`,
    );
  if (secretlint)
    console.log(
      `secretlint recommended preset: found ${secretlint.found}/${secretlint.total}; messages on look-alikes: ${secretlint.flaggedLookalikes}; missed formats: ${[...new Set(secretlint.missed)].join(", ")}`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
