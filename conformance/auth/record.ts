/**
 * The auth domain: which API key `codex exec` sends, and when it refuses to start for want of
 * one. A case names the provider (`openai`, the default, its base URL pointed at the stub; or
 * `custom`, a provider `corp` with or without an `env_key`), the variables of the run (marker
 * values, no real key) and optionally a key saved first by `codex login --with-api-key`.
 * Recorded: the exit code, which of those the `Authorization: Bearer` header of each request
 * carried (by variable name, `login`, or none), and Codex's errors. The doctor's environment
 * check is tested against these verdicts.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  assistantMessage,
  codexEnvironment,
  runCodexExec,
  startResponsesServer,
} from "@ops-skill/codex";
import type { CaseManifest, CorpusCase } from "../lib/corpus.js";
import type { Domain } from "../lib/recorder.js";

export interface AuthCaseManifest extends CaseManifest {
  provider: "openai" | "custom";
  /** The custom provider's `env_key` (none when absent). */
  envKey?: string;
  /** The run's variables (marker values). */
  env: Record<string, string>;
  /** A key saved with `codex login --with-api-key` before the run. */
  login?: string;
}

export interface AuthVerdict {
  description: string;
  provider: AuthCaseManifest["provider"];
  envKey: string | null;
  env: Record<string, string>;
  login: boolean;
  exitCode: number | null;
  requestCount: number;
  /** Per request: the variable whose value was sent as `Bearer`, `login`, `other` or null (no header). */
  sent: (string | null)[];
  /** Codex's `ERROR:` lines (human mode), each once. */
  errors: string[];
}

const PROVIDERS: readonly AuthCaseManifest["provider"][] = ["openai", "custom"];

function validate(corpusCase: CorpusCase<AuthCaseManifest>): void {
  const { provider, env } = corpusCase.manifest;
  if (!PROVIDERS.includes(provider))
    throw new Error(`auth case ${corpusCase.id}: provider must be one of ${PROVIDERS.join(", ")}`);
  if (typeof env !== "object" || env === null)
    throw new Error(`auth case ${corpusCase.id}: env must be an object`);
}

function providerArgs(manifest: AuthCaseManifest, url: string): string[] {
  if (manifest.provider === "openai") {
    return ["-c", 'model_provider="openai"', "-c", `openai_base_url=${JSON.stringify(url)}`];
  }
  const envKey = manifest.envKey === undefined ? "" : `,env_key=${JSON.stringify(manifest.envKey)}`;
  return [
    "-c",
    'model_provider="corp"',
    "-c",
    `model_providers.corp={name="corp",base_url=${JSON.stringify(url)},wire_api="responses",request_max_retries=0,stream_max_retries=0${envKey}}`,
  ];
}

export const authDomain: Domain<AuthCaseManifest, AuthVerdict> = {
  name: "auth",
  validate,
  describe: (verdict) =>
    `exit ${verdict.exitCode}, sent ${[...new Set(verdict.sent)].join(", ") || "nothing"}`,
  async record(corpusCase, { bin, runDir }) {
    const manifest = corpusCase.manifest;
    const project = join(runDir, "project");
    const codexHome = join(runDir, "codex-home");
    const home = join(runDir, "home");
    for (const dir of [project, codexHome, home]) mkdirSync(dir, { recursive: true });
    if (manifest.login !== undefined) {
      const login = spawnSync(bin, ["login", "--with-api-key"], {
        input: manifest.login,
        env: codexEnvironment(codexHome, home),
        encoding: "utf8",
        timeout: 60_000,
      });
      if (login.status !== 0)
        throw new Error(`auth case ${corpusCase.id}: codex login failed: ${login.stderr}`);
    }
    const server = await startResponsesServer({
      turns: [{ items: [assistantMessage("ok", "msg_ok")] }],
    });
    let result: Awaited<ReturnType<typeof runCodexExec>>;
    try {
      result = await runCodexExec({
        bin,
        cwd: project,
        prompt: "Say ok.",
        serverUrl: server.url,
        extraArgs: providerArgs(manifest, server.url),
        codexHome,
        home,
        json: false,
        env: manifest.env,
      });
    } finally {
      await server.close();
    }
    writeFileSync(join(runDir, "exec-stdout.txt"), result.stdout);
    writeFileSync(join(runDir, "exec-stderr.txt"), result.stderr);
    const byValue = new Map<string, string>();
    for (const [name, value] of Object.entries(manifest.env)) if (value) byValue.set(value, name);
    if (manifest.login !== undefined) byValue.set(manifest.login, "login");
    const sent = server.authorizations.map((header) => {
      if (header === null) return null;
      const value = header.replace(/^Bearer /, "");
      return byValue.get(value) ?? "other";
    });
    const errors = [
      ...new Set(
        result.stderr
          .split("\n")
          .filter((line) => line.startsWith("ERROR: "))
          .map((line) => line.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT")),
      ),
    ];
    return {
      description: manifest.description,
      provider: manifest.provider,
      envKey: manifest.envKey ?? null,
      env: manifest.env,
      login: manifest.login !== undefined,
      exitCode: result.exitCode,
      requestCount: server.requests.length,
      sent,
      errors,
    };
  },
};
