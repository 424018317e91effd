/**
 * The content hashes a repository's schedule keeps, computed once for every writer
 * (`scripts/catalogue-hashes.mjs` for the catalogue, `create-ops-skill` for a new skill):
 *
 * - `schedule/trust.json`: for each PreToolUse handler of the hooks file, its trust key and the
 *   `trusted_hash` Codex computes for it (`hookStateKey`, `hookTrustHash`);
 * - a cassette's header (line 1 of `cassette.jsonl`): `invocation.inputs.skills` (the skill's
 *   `SKILL.md`), `inputs.schema` (the `--output-schema` file) and `inputs.hooks` (the hooks file),
 *   each `sha256:<hex>` of the file's bytes. The other lines stay byte for byte.
 *
 * Pure: the caller reads the files (and parses the hooks file with
 * `@ops-skill/codex/config-parse`), so this module loads no parser.
 */
import { createHash } from "node:crypto";
import { type HookGroup, hookStateKey, hookTrustHash } from "./hooks.js";

/** Where a repository keeps its hooks file. */
export const SCHEDULE_HOOKS_FILE = ".codex/hooks.json";

/** `sha256:<hex>` of the bytes (a string is hashed as UTF-8). */
export function contentHash(data: string | Uint8Array): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

export interface TrustedHook {
  key: string;
  trusted_hash: string;
}

/** The trust entry of each PreToolUse handler of the hooks file's groups, in file order. */
export function trustedHooks(
  groups: readonly HookGroup[],
  hooksFile: string = SCHEDULE_HOOKS_FILE,
): TrustedHook[] {
  const hooks: TrustedHook[] = [];
  for (const group of groups) {
    if (group.event !== "PreToolUse") continue;
    for (const handler of group.handlers) {
      hooks.push({
        key: hookStateKey(hooksFile, group, handler),
        trusted_hash: hookTrustHash(group, handler),
      });
    }
  }
  return hooks;
}

/** `schedule/trust.json` as it is written: the project trusted, and each PreToolUse hook. */
export function scheduleTrustText(
  groups: readonly HookGroup[],
  hooksFile: string = SCHEDULE_HOOKS_FILE,
): string {
  const trust = { version: 1, project: true, hooks: trustedHooks(groups, hooksFile) };
  return `${JSON.stringify(trust, null, 2)}\n`;
}

/** The `--output-schema` path of recorded `codex exec` flags, when there is one. */
export function outputSchemaOf(args: readonly string[]): string | undefined {
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === "--output-schema") return args[k + 1];
    if (arg.startsWith("--output-schema=")) return arg.slice("--output-schema=".length);
  }
  return undefined;
}

export interface CassetteInputs {
  /** The skill's `SKILL.md`, by its path from the repository root. */
  skill: { path: string; bytes: string | Uint8Array };
  /** The bytes of a schema, by its path from the repository root (the header's `--output-schema`). */
  schemaBytes: (path: string) => string | Uint8Array;
  /** The hooks file. */
  hooks: { path: string; bytes: string | Uint8Array };
}

/**
 * The cassette's text with the input hashes of its header recomputed; every other line is kept
 * byte for byte. Throws when line 1 is not JSON (the caller names the file).
 */
export function rehashCassette(text: string, inputs: CassetteInputs): string {
  const newline = text.indexOf("\n");
  const header = JSON.parse(newline === -1 ? text : text.slice(0, newline)) as {
    invocation?: { args?: string[]; inputs?: Record<string, unknown> };
  };
  const invocation = header.invocation ?? {};
  const hashes: Record<string, unknown> = { ...(invocation.inputs ?? {}) };
  hashes.skills = { [inputs.skill.path]: contentHash(inputs.skill.bytes) };
  const schema = outputSchemaOf(invocation.args ?? []);
  if (schema !== undefined) hashes.schema = contentHash(inputs.schemaBytes(schema));
  else delete hashes.schema;
  hashes.hooks = { [inputs.hooks.path]: contentHash(inputs.hooks.bytes) };
  const rewritten = JSON.stringify({ ...header, invocation: { ...invocation, inputs: hashes } });
  return newline === -1 ? `${rewritten}\n` : `${rewritten}${text.slice(newline)}`;
}
