/**
 * The `environment` check: what the run's environment must hold for Codex and the skill's tools.
 *
 * - The API key, by name (measured on the pinned Codex against a local server): with the default
 *   `openai` provider `codex exec` sends `CODEX_API_KEY`, or the key a `codex login
 *   --with-api-key` saved in `$CODEX_HOME/auth.json`; it does **not** read `OPENAI_API_KEY`
 *   (no key is sent and the API answers 401, exit 1). A provider with `env_key = "K"` needs K:
 *   unset or empty, Codex stops at start-up with `Missing environment variable: `K`.` (exit 1).
 *   A `secrets.X` reference is fine; an empty value (`KEY: ""`, a guide's bare `$`) breaks; a
 *   key written into the schedule is a leak (found by `@ops-skill/core/secrets`, never printed).
 * - Under cron (no login environment, `PATH=/usr/bin:/bin` unless the crontab sets PATH):
 *   Codex, and `node` for the npm launcher, must be on the run's PATH (looked up on this
 *   machine); the credentials variables the skill names (`KUBECONFIG`, `AWS_PROFILE`...) must
 *   be set, or the tool's default file must exist in the crontab user's home.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseConfigFile } from "@ops-skill/codex/config-parse";
import { readRegularText } from "@ops-skill/core";
import { findSecrets } from "@ops-skill/core/secrets";
import type { DoctorContext, EnvEntry, Invocation, SyncCheck, Verdict } from "../model.js";
import { envEntry, listed, skillsOfRun, verdict } from "./_run.js";

/** cron's environment: `PATH` when the crontab sets none (Debian, Ubuntu, RHEL, cronie). */
export const CRON_DEFAULT_PATH = "/usr/bin:/bin";

/** The provider Codex uses when no config names one. */
const DEFAULT_PROVIDER = "openai";

type Layer = { name: string; value: Record<string, unknown> };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function get(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

function tomlLayer(path: string, name: string): Layer | undefined {
  const read = readRegularText(path);
  if (!read.ok) return undefined;
  const parsed = parseConfigFile({ path, kind: "config-toml", text: read.text });
  if (parsed.syntaxError !== undefined || !isRecord(parsed.value)) return undefined;
  return { name, value: parsed.value };
}

/** A `-c key=value` as Codex takes it: the value as TOML, else as a string. */
function overrideLayer(key: string, raw: string): Layer {
  const parsed = parseConfigFile({ path: "<-c>", kind: "config-toml", text: `v = ${raw}\n` });
  const value =
    parsed.syntaxError === undefined && isRecord(parsed.value) ? parsed.value.v : raw.trim();
  const nested: Record<string, unknown> = {};
  let at = nested;
  const keys = key.split(".");
  keys.forEach((part, k) => {
    if (k === keys.length - 1) at[part] = value;
    else {
      const next: Record<string, unknown> = {};
      at[part] = next;
      at = next;
    }
  });
  return { name: `-c ${key}`, value: nested };
}

/** The run's Codex home when the doctor can read it (the schedule's, or this machine's for cron and scripts). */
export function codexHomeOf(invocation: Invocation, context: DoctorContext): string | undefined {
  if (invocation.codexHome !== undefined) return invocation.codexHome;
  if (invocation.source.kind === "workflow") return undefined;
  // cron passes no CODEX_HOME: Codex uses ~/.codex of the crontab's user (HOME from passwd).
  const fromEnv = invocation.source.kind === "crontab" ? undefined : context.env.CODEX_HOME;
  if (fromEnv) return fromEnv;
  const homeEntry = envEntry(invocation, "HOME");
  const home =
    homeEntry?.source === "literal" && homeEntry.value ? homeEntry.value : context.env.HOME;
  return home ? join(home, ".codex") : undefined;
}

/** Config layers, highest precedence first: `-c`, the profile file, project files, the user's. */
function layersOf(invocation: Invocation, context: DoctorContext): Layer[] {
  const layers: Layer[] = [];
  for (const override of [...invocation.options.config].reverse()) {
    layers.push(overrideLayer(override.key, override.raw));
  }
  const home = codexHomeOf(invocation, context);
  const profile = invocation.options.profile;
  if (home !== undefined && profile !== undefined) {
    const layer = tomlLayer(join(home, `${profile}.config.toml`), `${profile}.config.toml`);
    if (layer) layers.push(layer);
  }
  const project = tomlLayer(join(context.root, ".codex", "config.toml"), ".codex/config.toml");
  if (project) layers.push(project);
  if (home !== undefined && !invocation.options.ignoreUserConfig) {
    const user = tomlLayer(join(home, "config.toml"), join(home, "config.toml"));
    if (user) layers.push(user);
  }
  return layers;
}

function setting(layers: readonly Layer[], keys: readonly string[]) {
  for (const layer of layers) {
    const value = get(layer.value, keys);
    if (value !== undefined) return { value, from: layer.name };
  }
  return undefined;
}

/** The model provider of the run and the variable it reads its key from. */
export function providerOf(
  invocation: Invocation,
  context: DoctorContext,
): { id: string; envKey: string | undefined; from: string | undefined } {
  const layers = layersOf(invocation, context);
  const chosen = setting(layers, ["model_provider"]);
  const id = typeof chosen?.value === "string" ? chosen.value : DEFAULT_PROVIDER;
  const key = setting(layers, ["model_providers", id, "env_key"]);
  return {
    id,
    envKey: typeof key?.value === "string" ? key.value : undefined,
    from: chosen?.from,
  };
}

type KeyState =
  | { set: true; how: string }
  | { set: false; empty: boolean; entry: EnvEntry | undefined };

function keyState(invocation: Invocation, context: DoctorContext, name: string): KeyState {
  const entry = envEntry(invocation, name);
  if (entry !== undefined) {
    if (entry.source === "empty" || (entry.source === "literal" && !entry.value)) {
      return { set: false, empty: true, entry };
    }
    const how =
      entry.source === "secret"
        ? `from the secret ${entry.secret}`
        : entry.source === "literal"
          ? "in the schedule"
          : entry.source === "inherited"
            ? "by the runner"
            : "from an expression";
    return { set: true, how };
  }
  // A script run by hand or a command line gets the login's environment: this one's.
  if (invocation.inheritsLoginEnv && invocation.source.kind !== "workflow" && context.env[name]) {
    return { set: true, how: "in the environment the schedule runs in" };
  }
  return { set: false, empty: false, entry: undefined };
}

function keyVerdict(invocation: Invocation, context: DoctorContext): Verdict {
  const provider = providerOf(invocation, context);
  const at = invocation.location;
  const custom = provider.id !== DEFAULT_PROVIDER;
  const title = custom
    ? `the API key of the provider ${provider.id} (${provider.envKey ?? "no env_key"}) is set`
    : "the API key codex exec sends (CODEX_API_KEY, or a codex login) is set";
  if (custom && provider.envKey === undefined) {
    return verdict(
      "environment",
      "works",
      title,
      `The provider ${provider.id} (${provider.from}) has no env_key: Codex sends no key to it.`,
      at,
    );
  }
  const name = provider.envKey ?? "CODEX_API_KEY";
  const state = keyState(invocation, context, name);
  if (state.set) {
    return verdict("environment", "works", title, `${name} is set ${state.how}.`, at);
  }
  const where = state.entry?.location ?? at;
  if (state.empty) {
    return verdict(
      "environment",
      "breaks",
      title,
      custom
        ? `${name} is set to the empty string: Codex stops at start-up with \`Missing environment variable: \`${name}\`.\` (exit 1).`
        : `${name} is set to the empty string: Codex sends no key and the API answers 401 Unauthorized (exit 1).`,
      where,
      `Set ${name} from a secret by name: \`${name}: \${{ secrets.${custom ? name : "OPENAI_API_KEY"} }}\`.`,
    );
  }
  if (!custom) {
    const home = codexHomeOf(invocation, context);
    if (home !== undefined && statOf(join(home, "auth.json"))?.isFile()) {
      return verdict(
        "environment",
        "works",
        title,
        `No CODEX_API_KEY, but ${join(home, "auth.json")} holds a codex login, which codex exec sends.`,
        at,
      );
    }
  }
  if (invocation.inheritsLoginEnv && invocation.source.kind !== "workflow") {
    return verdict(
      "environment",
      "cannot-tell",
      title,
      `The schedule does not set ${name}; it runs with the environment of whoever starts it, which the doctor does not see.`,
      at,
      `Set ${name} in the script (from your secret store), so the run does not depend on the shell that starts it.`,
    );
  }
  const openaiKey = custom ? undefined : envEntry(invocation, "OPENAI_API_KEY");
  if (openaiKey !== undefined) {
    return verdict(
      "environment",
      "breaks",
      title,
      "The run sets OPENAI_API_KEY, which codex exec does not read: with the default openai provider it sends CODEX_API_KEY or the key of a `codex login` in CODEX_HOME, so the request goes out with no key and the API answers 401 Unauthorized (exit 1).",
      openaiKey.location,
      `Pass the same secret as CODEX_API_KEY: \`CODEX_API_KEY: \${{ secrets.OPENAI_API_KEY }}\`.`,
    );
  }
  return verdict(
    "environment",
    "breaks",
    title,
    custom
      ? `${name} is not set: Codex stops at start-up with \`Missing environment variable: \`${name}\`.\` (exit 1).`
      : `Nothing gives codex exec a key: no CODEX_API_KEY and no codex login in the run's CODEX_HOME, so the API answers 401 Unauthorized (exit 1).`,
    at,
    custom
      ? `Set ${name} from a secret: \`${name}: \${{ secrets.${name} }}\`.`
      : `Set \`CODEX_API_KEY: \${{ secrets.OPENAI_API_KEY }}\` on the step (or the variable in the crontab's environment).`,
  );
}

/** Literal credentials written into the schedule: a leak, whatever else happens. */
function leakVerdicts(invocation: Invocation): Verdict[] {
  const out: Verdict[] = [];
  for (const entry of invocation.env) {
    if (entry.source !== "literal" || !entry.value) continue;
    const found = findSecrets(`${entry.name}=${entry.value}`).filter(
      (secret) => secret.confidence === "high",
    );
    if (found.length === 0) continue;
    out.push(
      verdict(
        "environment",
        "breaks",
        `${entry.name} is not a secret written into the schedule`,
        `${entry.name} holds ${(found[0] as (typeof found)[number]).kind} written in the schedule itself: anyone who reads the file has it (the value is not shown here).`,
        entry.location,
        `Revoke it, and pass it from a secret store by name (\`${entry.name}: \${{ secrets.${entry.name} }}\`, or a file only the cron user reads).`,
      ),
    );
  }
  return out;
}

/** `stat`, or undefined when there is nothing the doctor may look at (EACCES, ELOOP too). */
function statOf(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function isExecutable(path: string): boolean {
  const stat = statOf(path);
  return stat?.isFile() === true && (stat.mode & 0o111) !== 0;
}

/** Where `program` is on `path` (a name), or whether it is executable (a path). */
export function which(program: string, path: string): string | undefined {
  if (program.includes("/")) return isExecutable(program) ? program : undefined;
  for (const dir of path.split(":")) {
    if (dir === "") continue;
    const candidate = join(dir, program);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** `#!/usr/bin/env node`: the program the launcher needs on PATH too. */
function envInterpreter(file: string): string | undefined {
  // The first line only: the program found may be a large binary.
  const bytes = Buffer.alloc(200);
  let head = "";
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    head = bytes.toString("latin1", 0, readSync(fd, bytes, 0, bytes.length, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const match = /^#!\s*\/usr\/bin\/env\s+(?:-S\s+)?([\w.-]+)/.exec(head);
  return match?.[1];
}

function cronPathVerdict(invocation: Invocation, context: DoctorContext): Verdict {
  const entry = envEntry(invocation, "PATH");
  const path = entry?.source === "literal" && entry.value ? entry.value : CRON_DEFAULT_PATH;
  const from =
    entry?.source === "literal"
      ? `PATH=${path} (set in the crontab)`
      : `cron's default PATH=${path}`;
  const program = (invocation.program ?? "codex").split(/\s+/)[0] || "codex";
  const title = `${program} is found on the cron run's PATH`;
  const at = entry?.location ?? invocation.location;
  if (entry !== undefined && entry.source !== "literal") {
    return verdict(
      "environment",
      "cannot-tell",
      title,
      `The crontab sets PATH from something the doctor cannot read (${entry.source}).`,
      at,
      "Write PATH out in full at the top of the crontab.",
    );
  }
  const found = which(program, path);
  const elsewhere = which(program, context.env.PATH ?? "");
  // Not installed on this machine either: the job runs somewhere the doctor does not see.
  if (found === undefined && elsewhere === undefined)
    return verdict(
      "environment",
      "cannot-tell",
      title,
      `cron starts the run with ${from}, where there is no \`${program}\`, and \`${program}\` is not installed on this machine either (not on PATH=${context.env.PATH ?? ""}), so the doctor cannot tell where the cron job will find it.`,
      at,
      `Run the doctor where the job runs; there, put \`PATH=<folder of ${program}>:/usr/bin:/bin\` at the top of the crontab, or call Codex by its absolute path.`,
    );
  if (found === undefined) {
    return verdict(
      "environment",
      "breaks",
      title,
      `cron starts the run with ${from}, where there is no \`${program}\`${elsewhere === undefined ? "" : ` (on this machine it is ${elsewhere}, the npm global bin)`}: the shell prints \`${program}: command not found\` and the run never starts.`,
      at,
      `Add \`PATH=${elsewhere === undefined ? "<folder of codex>" : elsewhere.slice(0, elsewhere.lastIndexOf("/"))}:/usr/bin:/bin\` at the top of the crontab, or call Codex by its absolute path.`,
    );
  }
  const interpreter = envInterpreter(found);
  if (interpreter !== undefined && which(interpreter, path) === undefined) {
    return verdict(
      "environment",
      "breaks",
      title,
      `${found} starts with \`#!/usr/bin/env ${interpreter}\`, and ${from} has no \`${interpreter}\`: the launcher fails with \`/usr/bin/env: '${interpreter}': No such file or directory\`.`,
      at,
      `Add the folder of ${interpreter} (${which(interpreter, context.env.PATH ?? "") ?? "see `command -v node`"}) to the crontab's PATH.`,
    );
  }
  return verdict(
    "environment",
    "works",
    title,
    `With ${from}, \`${program}\` is ${found} on this machine${interpreter === undefined ? "" : ` and its interpreter ${interpreter} is on the PATH too`}; cron sets HOME from the user's passwd entry.`,
    at,
  );
}

/** Credentials variables a tool reads, and the file it falls back to under `$HOME`. */
export const CREDENTIAL_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  KUBECONFIG: [".kube/config"],
  AWS_PROFILE: [".aws/credentials", ".aws/config"],
  GOOGLE_APPLICATION_CREDENTIALS: [".config/gcloud/application_default_credentials.json"],
  AZURE_CONFIG_DIR: [".azure"],
};

/** A kubectl or helm command word, and the flags that name a cluster without KUBECONFIG. */
const TOOL_WORD = /\b(?:kubectl|helm)\s/;
const KUBECONFIG_GIVEN = /--kubeconfig\b|--server\b|--kube-apiserver\b/;

function skillText(dir: string): string {
  const texts: string[] = [];
  const main = readRegularText(join(dir, "SKILL.md"));
  if (main.ok) texts.push(main.text);
  let refs: string[] = [];
  try {
    refs = readdirSync(join(dir, "references"))
      .filter((name) => name.endsWith(".md"))
      .sort();
  } catch {
    refs = [];
  }
  for (const name of refs) {
    const read = readRegularText(join(dir, "references", name));
    if (read.ok) texts.push(read.text);
  }
  return texts.join("\n");
}

function cronCredentialVerdicts(invocation: Invocation, context: DoctorContext): Verdict[] {
  const out: Verdict[] = [];
  const home = envEntry(invocation, "HOME")?.value ?? context.env.HOME;
  for (const skill of skillsOfRun(invocation, context.root)) {
    const text = skillText(skill.dir);
    for (const [name, defaults] of Object.entries(CREDENTIAL_VARIABLES)) {
      const named = new RegExp(`\\b${name}\\b`).test(text);
      // kubectl and helm read KUBECONFIG even when the skill never names it (measured: with
      // neither it nor ~/.kube/config, kubectl asks localhost:8080), unless each says where.
      const readByTool =
        name === "KUBECONFIG" && TOOL_WORD.test(text) && !KUBECONFIG_GIVEN.test(text);
      if (!named && !readByTool) continue;
      const title = named
        ? `${name}, which ${skill.name} names, is available to the cron run`
        : `${name}, which kubectl and helm read, is available to the cron run`;
      const entry = envEntry(invocation, name);
      if (
        entry !== undefined &&
        entry.source !== "empty" &&
        (entry.source !== "literal" || entry.value)
      ) {
        out.push(
          verdict("environment", "works", title, `The crontab sets ${name}.`, entry.location),
        );
        continue;
      }
      if (entry !== undefined) {
        out.push(
          verdict(
            "environment",
            "breaks",
            title,
            `The crontab sets ${name} to the empty string: the tool reads no credentials.`,
            entry.location,
            `Set ${name} to the file the tool needs, or remove the empty assignment.`,
          ),
        );
        continue;
      }
      const fallback = home
        ? defaults.map((file) => join(home, file)).find((file) => statOf(file) !== undefined)
        : undefined;
      if (fallback !== undefined) {
        out.push(
          verdict(
            "environment",
            "works",
            title,
            `cron's environment has no ${name}; the tool falls back to ${fallback}, which exists.`,
            invocation.location,
          ),
        );
        continue;
      }
      out.push(
        verdict(
          "environment",
          "breaks",
          title,
          `cron's environment has no ${name} (cron passes only HOME, LOGNAME, SHELL and PATH), and ${listed(defaults.map((f) => `~/${f}`))} ${defaults.length === 1 ? "does" : "do"} not exist for the tool to fall back to: ${skill.name}'s commands run without credentials.`,
          invocation.location,
          `Set ${name}=<path> at the top of the crontab.`,
        ),
      );
    }
  }
  return out;
}

export const environmentCheck: SyncCheck = (invocation, context) => {
  const verdicts = [keyVerdict(invocation, context), ...leakVerdicts(invocation)];
  if (invocation.source.kind === "crontab") {
    verdicts.push(
      cronPathVerdict(invocation, context),
      ...cronCredentialVerdicts(invocation, context),
    );
  }
  return verdicts;
};
