/**
 * The schema domain: what Codex does with `--output-schema`. A case is a project (its schema
 * files; a FIFO or a copy of a catalogue schema made by `generate`) and the `codex exec`
 * arguments that name the schema; the scripted model answers with the case's `turns`, then the
 * case's `finalMessage` or `finalReport` (a JSON file of the repository, compact). Recorded: the exit code,
 * every request's `text.format` as Codex sent it (key order kept), the final messages, and
 * Codex's stderr. A run that never ends (a FIFO) is killed after the case's `timeoutMs`.
 *
 * Groups: `catalogue` (each schema of `schemas/`), `file-problem` (paths Codex cannot read as a
 * schema), `argument` (how the argument is taken: any name, `=`, relative to where Codex starts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  assistantMessage,
  runCodexExec,
  type ScriptedTurn,
  startResponsesServer,
} from "@ops-skill/codex";
import {
  type CaseManifest,
  type CorpusCase,
  casesDirOf,
  materializeCase,
  repositoryRoot,
} from "../lib/corpus.js";
import type { Domain } from "../lib/recorder.js";

export type SchemaCaseGroup = "catalogue" | "file-problem" | "argument";

export interface SchemaCaseManifest extends CaseManifest {
  group: SchemaCaseGroup;
  /** `codex exec` arguments, the `--output-schema` among them. */
  args: string[];
  /** Scripted model turns before the final message. */
  turns?: ScriptedTurn[];
  /** The final message (default "ok")... */
  finalMessage?: string;
  /** ...or a JSON file of the repository whose compact text is the final message. */
  finalReport?: string;
  /** The run is killed after this long (a FIFO never ends it). */
  timeoutMs?: number;
}

export interface SchemaVerdict {
  group: SchemaCaseGroup;
  description: string;
  args: string[];
  exitCode: number | null;
  requestCount: number;
  /** Every request's `text.format`, as sent. */
  textFormats: unknown[];
  /** The `agent_message` items of the run. */
  finalMessages: string[];
  /** Codex's stderr without the stdin notice every non-TTY run prints first. */
  stderr: string;
  killedAfterMs?: number;
}

const GROUPS: readonly SchemaCaseGroup[] = ["catalogue", "file-problem", "argument"];

/** Codex's stderr without the stdin notice every non-TTY run prints first. */
function cleanStderr(stderr: string): string {
  return stderr
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("Reading additional input from stdin"))
    .join("\n");
}

/** The final message of a case: its `finalMessage`, its report (compact), or "ok". */
export function finalMessageOf(manifest: SchemaCaseManifest): string {
  if (manifest.finalReport === undefined) return manifest.finalMessage ?? "ok";
  const text = readFileSync(join(repositoryRoot(), manifest.finalReport), "utf8");
  return JSON.stringify(JSON.parse(text));
}

function validate(corpusCase: CorpusCase<SchemaCaseManifest>): void {
  const { group, args } = corpusCase.manifest;
  if (!GROUPS.includes(group))
    throw new Error(`schema case ${corpusCase.id}: group must be one of ${GROUPS.join(", ")}`);
  if (!Array.isArray(args) || !args.some((arg) => arg.startsWith("--output-schema")))
    throw new Error(`schema case ${corpusCase.id}: args must name an --output-schema`);
}

export const schemaDomain: Domain<SchemaCaseManifest, SchemaVerdict> = {
  name: "schema",
  validate,
  describe: (verdict) => `exit ${verdict.exitCode}, ${verdict.requestCount} requests`,
  async record(corpusCase, { bin, runDir }) {
    const manifest = corpusCase.manifest;
    const { projectDir: project } = materializeCase(
      corpusCase.id,
      join(runDir, "project"),
      casesDirOf("schema"),
      { git: false },
    );
    const final: ScriptedTurn = {
      items: [assistantMessage(finalMessageOf(manifest), "msg_report")],
    };
    const server = await startResponsesServer({ turns: [...(manifest.turns ?? []), final] });
    let result: Awaited<ReturnType<typeof runCodexExec>>;
    try {
      result = await runCodexExec({
        bin,
        cwd: project,
        prompt: "Write the report.",
        serverUrl: server.url,
        extraArgs: manifest.args,
        codexHome: join(runDir, "codex-home"),
        home: join(runDir, "home"),
        ...(manifest.timeoutMs === undefined ? {} : { timeoutMs: manifest.timeoutMs }),
      });
    } finally {
      await server.close();
    }
    const requests = [...server.requests];
    writeFileSync(join(runDir, "requests.json"), `${JSON.stringify(requests, null, 2)}\n`);
    writeFileSync(join(runDir, "exec-stdout.jsonl"), result.stdout);
    writeFileSync(join(runDir, "exec-stderr.txt"), result.stderr);
    const finalMessages = result.events
      .filter(
        (event) =>
          event.type === "item.completed" &&
          (event.item as { type?: unknown } | undefined)?.type === "agent_message",
      )
      .map((event) => String((event.item as { text?: unknown }).text));
    return {
      group: manifest.group,
      description: manifest.description,
      args: manifest.args,
      exitCode: result.exitCode,
      requestCount: requests.length,
      textFormats: requests.map(
        (request) => (request as { text?: { format?: unknown } })?.text?.format,
      ),
      finalMessages,
      stderr: cleanStderr(result.stderr),
      ...(result.timedOut && manifest.timeoutMs !== undefined
        ? { killedAfterMs: manifest.timeoutMs }
        : {}),
    };
  },
};
